# Notification channels (docs/channels.md): each secret set below becomes an SSM SecureString
# under the project's key, the functions get `ssm:<name>` in their environment (they read the
# value at cold start, never logging it), and only those parameters may be read.
locals {
  channel_secrets = { for name, value in {
    slack_webhook_url     = var.slack_webhook_url
    teams_webhook_url     = var.teams_webhook_url
    pagerduty_routing_key = var.pagerduty_routing_key
    webhook_url           = var.webhook_url
    webhook_secret        = var.webhook_secret
    slack_signing_secret  = var.slack_signing_secret
  } : name => value if value != "" }

  channel_variables = {
    slack_webhook_url     = "AIOPS_SLACK_WEBHOOK_URL"
    teams_webhook_url     = "AIOPS_TEAMS_WEBHOOK_URL"
    pagerduty_routing_key = "AIOPS_PAGERDUTY_ROUTING_KEY"
    webhook_url           = "AIOPS_WEBHOOK_URL"
    webhook_secret        = "AIOPS_WEBHOOK_SECRET"
    slack_signing_secret  = "AIOPS_SLACK_SIGNING_SECRET"
  }

  # Only names go to the environment: `ssm:/aiops/channels/slack_webhook_url`, not the URL.
  channel_environment = merge(
    { for name, _ in local.channel_secrets : local.channel_variables[name] => "ssm:${aws_ssm_parameter.channel[name].name}" },
    var.pagerduty_events_url != "" ? { AIOPS_PAGERDUTY_EVENTS_URL = var.pagerduty_events_url } : {},
  )

  # The functions that tell the channels: remediation (alerts, escalations, verified
  # resolutions), detector (quiet incidents resolved) and api (acknowledge, resolve).
  channel_functions = ["remediation", "detector", "api"]
}

resource "aws_ssm_parameter" "channel" {
  for_each    = nonsensitive(toset(keys(local.channel_secrets)))
  name        = "/${var.project_name}/channels/${each.key}"
  description = "${var.project_name}: ${local.channel_variables[each.key]} (docs/channels.md)"
  type        = "SecureString"
  key_id      = aws_kms_key.aiops.arn
  value       = local.channel_secrets[each.key]
}

data "aws_iam_policy_document" "channels" {
  count = length(local.channel_secrets) > 0 ? 1 : 0
  statement {
    sid       = "ReadChannelSecrets"
    actions   = ["ssm:GetParameter"]
    resources = [for parameter in aws_ssm_parameter.channel : parameter.arn]
  }
}

resource "aws_iam_role_policy" "channels" {
  for_each = length(local.channel_secrets) > 0 ? toset(local.channel_functions) : toset([])
  name     = "channel-secrets"
  role     = aws_iam_role.fn[each.key].id
  policy   = data.aws_iam_policy_document.channels[0].json
}
