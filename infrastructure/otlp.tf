# OpenTelemetry traces' OTLP headers (a collector's API key, docs/observability.md): stored as an
# SSM SecureString under the project's key, like the channels' secrets; the functions get
# `ssm:<name>` as OTEL_EXPORTER_OTLP_HEADERS, read it once per cold start (never logging it), and
# may read that parameter only.
locals {
  otlp_headers_set = var.otlp_endpoint != "" && nonsensitive(var.otlp_headers != "")
}

resource "aws_ssm_parameter" "otlp_headers" {
  count       = local.otlp_headers_set ? 1 : 0
  name        = "/${var.project_name}/otlp/headers"
  description = "${var.project_name}: OTEL_EXPORTER_OTLP_HEADERS of the functions' trace export (docs/observability.md)"
  type        = "SecureString"
  key_id      = aws_kms_key.aiops.arn
  value       = var.otlp_headers
}

data "aws_iam_policy_document" "otlp_headers" {
  count = local.otlp_headers_set ? 1 : 0
  statement {
    sid       = "ReadOTLPHeaders"
    actions   = ["ssm:GetParameter"]
    resources = [aws_ssm_parameter.otlp_headers[0].arn]
  }
}

resource "aws_iam_role_policy" "otlp_headers" {
  for_each = local.otlp_headers_set ? toset(keys(local.functions)) : toset([])
  name     = "otlp-headers"
  role     = aws_iam_role.fn[each.key].id
  policy   = data.aws_iam_policy_document.otlp_headers[0].json
}
