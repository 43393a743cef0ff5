# Visualize: the dashboard and its API behind an HTTP API. The pages carry no data and load
# without a token; every /api route passes the Lambda authorizer first (bearer token), and the
# API function checks the token again.
resource "aws_apigatewayv2_api" "dashboard" {
  name          = "${var.project_name}-dashboard"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "api" {
  api_id                 = aws_apigatewayv2_api.dashboard.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.fn["api"].invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_authorizer" "token" {
  api_id                            = aws_apigatewayv2_api.dashboard.id
  name                              = "${var.project_name}-token"
  authorizer_type                   = "REQUEST"
  authorizer_uri                    = aws_lambda_function.fn["authorizer"].invoke_arn
  authorizer_payload_format_version = "2.0"
  enable_simple_responses           = true
  identity_sources                  = ["$request.header.Authorization"]
  authorizer_result_ttl_in_seconds  = 300
}

resource "aws_apigatewayv2_route" "api" {
  api_id             = aws_apigatewayv2_api.dashboard.id
  route_key          = "ANY /api/{proxy+}"
  target             = "integrations/${aws_apigatewayv2_integration.api.id}"
  authorization_type = "CUSTOM"
  authorizer_id      = aws_apigatewayv2_authorizer.token.id
}

# Slack's Approve / Reject buttons (docs/approval.md): Slack cannot send the bearer token, so this
# one route skips the authorizer; the api function checks Slack's request signature instead.
resource "aws_apigatewayv2_route" "slack_interactions" {
  count = nonsensitive(var.slack_signing_secret != "") ? 1 : 0
  # checkov:skip=CKV_AWS_309:Authenticated by Slack's HMAC request signature and timestamp, checked by the api function.
  api_id    = aws_apigatewayv2_api.dashboard.id
  route_key = "POST /api/v1/slack/interactions"
  target    = "integrations/${aws_apigatewayv2_integration.api.id}"
}

resource "aws_apigatewayv2_route" "pages" {
  for_each = toset(["GET /", "GET /{proxy+}"])
  # checkov:skip=CKV_AWS_309:The static pages hold no data; they ask for the token and send it on every /api call, which the authorizer checks.
  api_id    = aws_apigatewayv2_api.dashboard.id
  route_key = each.key
  target    = "integrations/${aws_apigatewayv2_integration.api.id}"
}

resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/aws/apigateway/${var.project_name}-dashboard"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.aiops.arn
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.dashboard.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit = 50
    throttling_rate_limit  = 20
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
      requestId = "$context.requestId"
      ip        = "$context.identity.sourceIp"
      method    = "$context.httpMethod"
      path      = "$context.path"
      status    = "$context.status"
      latencyMs = "$context.responseLatency"
      authError = "$context.authorizer.error"
    })
  }
}

resource "aws_lambda_permission" "apigw_invokes_api" {
  statement_id  = "AllowHttpApi"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn["api"].function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.dashboard.execution_arn}/*/*"
}

resource "aws_lambda_permission" "apigw_invokes_authorizer" {
  statement_id  = "AllowHttpApiAuthorizer"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn["authorizer"].function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.dashboard.execution_arn}/authorizers/${aws_apigatewayv2_authorizer.token.id}"
}
