# The two topics of the chain (names as in the seed) and the agent's own alarm topic.
resource "aws_sns_topic" "anomalies" {
  name              = "${var.project_name}-anomalies"
  kms_master_key_id = aws_kms_key.aiops.arn
}

resource "aws_sns_topic" "critical_alerts" {
  name              = "${var.project_name}-critical-alerts"
  kms_master_key_id = aws_kms_key.aiops.arn
}

resource "aws_sns_topic" "agent_alarms" {
  name              = "${var.project_name}-agent-alarms"
  kms_master_key_id = aws_kms_key.aiops.arn
}

# Critical alerts email people, and trigger the remediation function.
resource "aws_sns_topic_subscription" "critical_email" {
  topic_arn = aws_sns_topic.critical_alerts.arn
  protocol  = "email"
  endpoint  = var.alert_email
}

resource "aws_sns_topic_subscription" "agent_alarms_email" {
  topic_arn = aws_sns_topic.agent_alarms.arn
  protocol  = "email"
  endpoint  = var.alert_email
}

resource "aws_sns_topic_subscription" "anomalies_to_rca" {
  topic_arn = aws_sns_topic.anomalies.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.fn["rca"].arn
}

resource "aws_sns_topic_subscription" "critical_to_remediation" {
  topic_arn = aws_sns_topic.critical_alerts.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.fn["remediation"].arn
}

resource "aws_lambda_permission" "sns_invokes_rca" {
  statement_id  = "AllowAnomaliesTopic"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn["rca"].function_name
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.anomalies.arn
}

resource "aws_lambda_permission" "sns_invokes_remediation" {
  statement_id  = "AllowCriticalTopic"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn["remediation"].function_name
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.critical_alerts.arn
}

# Events an asynchronous function failed on after Lambda's retries land here, so nothing is lost.
resource "aws_sqs_queue" "dead_letters" {
  for_each                  = toset(local.async_functions)
  name                      = "${var.project_name}-${each.key}-dlq"
  message_retention_seconds = 1209600
  kms_master_key_id         = aws_kms_key.aiops.arn
}

# The detector's shards for its workers (fan-out). A shard carries its window, so a late or
# repeated delivery scores the same points to the same events. Visible again after 6 times the
# worker's timeout (as AWS advises for Lambda consumers); after 3 failed receives it is parked in
# the dead-letter queue.
resource "aws_sqs_queue" "detector_shards" {
  name                       = "${var.project_name}-detector-shards"
  visibility_timeout_seconds = 6 * local.functions["detector-worker"].timeout
  message_retention_seconds  = 3600
  kms_master_key_id          = aws_kms_key.aiops.arn
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.detector_shards_dead_letters.arn
    maxReceiveCount     = 3
  })
}

resource "aws_sqs_queue" "detector_shards_dead_letters" {
  name                      = "${var.project_name}-detector-shards-dlq"
  message_retention_seconds = 1209600
  kms_master_key_id         = aws_kms_key.aiops.arn
}
