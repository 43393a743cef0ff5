resource "random_password" "api_token" {
  length  = 40
  special = false
}

locals {
  api_token = var.api_token != "" ? var.api_token : random_password.api_token.result

  # One bootstrap binary; `handler` becomes _HANDLER and picks the function. The remediation
  # function waits for a runbook's Run Command, Automation or stop (the controller gives up at 8 minutes).
  functions = {
    detector    = { description = "Every 5 minutes: fetch metrics of tagged instances, score them, publish anomalies", timeout = 120 }
    rca         = { description = "On each anomaly: analyse the logs, store the incident, escalate critical ones", timeout = 60 }
    remediation = { description = "On each critical alert: guarded, audited self-healing (runbooks)", timeout = 600 }
    api         = { description = "The dashboard and its HTTP API", timeout = 29 }
    authorizer  = { description = "Checks the dashboard API's bearer token", timeout = 5 }
    # Scores the shards the detector sends when the fleet is larger than one shard (fan-out).
    detector-worker = { description = "Scores one shard of a large fleet (from the detector's shard queue)", timeout = 120 }
  }
  async_functions = ["detector", "rca", "remediation"]

  common_environment = {
    AIOPS_MONITOR_TAG        = "aiops:monitor=true"
    AIOPS_REMEDIATE_TAG      = "aiops:remediate=true"
    AIOPS_METRICS            = var.metrics
    AIOPS_LOG_GROUPS         = join(",", var.log_group_names)
    AIOPS_TABLE              = aws_dynamodb_table.events.name
    AIOPS_ANOMALY_TOPIC_ARN  = aws_sns_topic.anomalies.arn
    AIOPS_CRITICAL_TOPIC_ARN = aws_sns_topic.critical_alerts.arn
    AIOPS_MODEL_DIR          = "/var/task/models"
    AIOPS_DRY_RUN            = tostring(var.dry_run)
    AIOPS_CORRELATION        = var.correlation ? "on" : "off"
    AIOPS_EVENT_TTL_DAYS     = tostring(var.event_ttl_days)
    AIOPS_SHARD_SIZE         = tostring(var.detector_shard_size)
    AIOPS_SHARD_QUEUE_URL    = aws_sqs_queue.detector_shards.url
    AIOPS_RUNBOOKS           = var.runbooks
    AIOPS_RUNBOOK_MODE       = var.runbook_mode
    AIOPS_METRICS_NAMESPACE  = local.metrics_namespace
    AIOPS_SLACK_APPROVERS    = join(",", var.slack_approvers)
    AIOPS_REQUIRE_APPROVAL   = tostring(var.require_approval)
    AIOPS_APPROVAL_TIMEOUT   = var.approval_timeout
  }

  # OpenTelemetry traces (docs/observability.md): only with an endpoint; without one the functions
  # get no OTEL_* variable and trace nothing. service.name is each function's name.
  otel_environment = merge(
    var.otlp_endpoint != "" ? { OTEL_EXPORTER_OTLP_ENDPOINT = var.otlp_endpoint, OTEL_EXPORTER_OTLP_PROTOCOL = var.otlp_protocol } : {},
    # The headers' name only (`ssm:/aiops/otlp/headers`, otlp.tf): the value is read at cold start.
    local.otlp_headers_set ? { OTEL_EXPORTER_OTLP_HEADERS = "ssm:${aws_ssm_parameter.otlp_headers[0].name}" } : {},
  )
}

resource "aws_cloudwatch_log_group" "fn" {
  for_each          = local.functions
  name              = "/aws/lambda/${var.project_name}-${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.aiops.arn
}

resource "aws_lambda_function" "fn" {
  for_each = local.functions

  # checkov:skip=CKV_AWS_117:The functions call only public AWS endpoints; a VPC would add NAT cost and nothing to isolate.
  # checkov:skip=CKV_AWS_272:Code signing needs a Signer profile the pipeline does not have; the zip is built and deployed by the same OIDC-scoped workflow.
  function_name    = "${var.project_name}-${each.key}"
  description      = each.value.description
  role             = aws_iam_role.fn[each.key].arn
  runtime          = "provided.al2023"
  architectures    = [var.lambda_architecture]
  handler          = each.key
  filename         = var.lambda_zip_path
  source_code_hash = filebase64sha256(var.lambda_zip_path)
  memory_size      = var.lambda_memory_mb
  timeout          = each.value.timeout
  kms_key_arn      = aws_kms_key.aiops.arn

  # A runaway loop must not take the account's whole concurrency; the detector runs alone.
  reserved_concurrent_executions = each.key == "detector" ? 1 : (each.key == "detector-worker" ? var.detector_worker_concurrency : 10)

  environment {
    variables = merge(
      local.common_environment,
      local.otel_environment,
      contains(["api", "authorizer"], each.key) ? { AIOPS_API_TOKEN = local.api_token } : {},
      contains(local.channel_functions, each.key) ? local.channel_environment : {},
    )
  }

  tracing_config {
    mode = "Active"
  }

  dynamic "dead_letter_config" {
    for_each = contains(local.async_functions, each.key) ? [1] : []
    content {
      target_arn = aws_sqs_queue.dead_letters[each.key].arn
    }
  }

  depends_on = [aws_cloudwatch_log_group.fn]
}

# Lambda retries an asynchronous event twice; give up on events older than an hour (a stale
# anomaly is not worth acting on) and keep the failures in the dead-letter queue.
resource "aws_lambda_function_event_invoke_config" "async" {
  for_each                     = toset(local.async_functions)
  function_name                = aws_lambda_function.fn[each.key].function_name
  maximum_retry_attempts       = 2
  maximum_event_age_in_seconds = 3600

  destination_config {
    on_failure {
      destination = aws_sqs_queue.dead_letters[each.key].arn
    }
  }
}

# Monitor: the schedule that runs the detector.
resource "aws_cloudwatch_event_rule" "detector_schedule" {
  name                = "${var.project_name}-detector-schedule"
  description         = "Runs the aiops detector"
  schedule_expression = var.schedule_expression
}

resource "aws_cloudwatch_event_target" "detector" {
  rule = aws_cloudwatch_event_rule.detector_schedule.name
  arn  = aws_lambda_function.fn["detector"].arn
}

resource "aws_lambda_permission" "events_invoke_detector" {
  statement_id  = "AllowSchedule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn["detector"].function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.detector_schedule.arn
}

# The same schedule runs the remediation function's verification pass: an action is judged once
# its verification window has passed, even when no new critical alert arrives to wake it.
resource "aws_cloudwatch_event_target" "remediation_verification" {
  rule = aws_cloudwatch_event_rule.detector_schedule.name
  arn  = aws_lambda_function.fn["remediation"].arn
}

resource "aws_lambda_permission" "events_invoke_remediation" {
  statement_id  = "AllowVerificationSchedule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn["remediation"].function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.detector_schedule.arn
}

# Fan-out: the detector sends one message per shard; each is one worker invocation (batch of 1,
# so a failing shard is retried alone and the others are not repeated).
resource "aws_lambda_event_source_mapping" "detector_shards" {
  event_source_arn        = aws_sqs_queue.detector_shards.arn
  function_name           = aws_lambda_function.fn["detector-worker"].arn
  batch_size              = 1
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.detector_worker_concurrency
  }
}
