# The agent watches itself: any function error, throttle or dead letter pages the operators.
resource "aws_cloudwatch_metric_alarm" "function_errors" {
  for_each            = local.functions
  alarm_name          = "${var.project_name}-${each.key}-errors"
  alarm_description   = "The ${each.key} function failed"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.fn[each.key].function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.agent_alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "function_throttles" {
  for_each            = local.functions
  alarm_name          = "${var.project_name}-${each.key}-throttles"
  alarm_description   = "The ${each.key} function was throttled"
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = aws_lambda_function.fn[each.key].function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.agent_alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "dead_letters" {
  for_each            = toset(local.async_functions)
  alarm_name          = "${var.project_name}-${each.key}-dead-letters"
  alarm_description   = "Events the ${each.key} function could not handle are waiting in its dead-letter queue"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dead_letters[each.key].name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.agent_alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "detector_shard_dead_letters" {
  alarm_name          = "${var.project_name}-detector-shards-dead-letters"
  alarm_description   = "Shards the detector workers failed on three times are waiting in their dead-letter queue"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.detector_shards_dead_letters.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.agent_alarms.arn]
}

# No detector run for 15 minutes means the whole chain is down.
resource "aws_cloudwatch_metric_alarm" "detector_silent" {
  alarm_name          = "${var.project_name}-detector-silent"
  alarm_description   = "The detector has not completed a cycle for 15 minutes"
  namespace           = "AWS/Lambda"
  metric_name         = "Invocations"
  dimensions          = { FunctionName = aws_lambda_function.fn["detector"].function_name }
  statistic           = "Sum"
  period              = 900
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = [aws_sns_topic.agent_alarms.arn]
}
