# The agent's own metrics (docs/observability.md): the functions write them as Embedded Metric
# Format lines, which CloudWatch turns into metrics of this namespace, each also under the
# `function` dimension alone (what these alarms read).
locals {
  metrics_namespace = var.project_name
  # The functions that call AWS APIs, whose throttling is watched.
  aws_calling_functions = ["detector", "detector-worker", "rca", "remediation", "api"]
}

# A detection cycle that failed: its window is retried, but two in a row mean something is wrong.
resource "aws_cloudwatch_metric_alarm" "cycles_failing" {
  alarm_name          = "${var.project_name}-cycles-failing"
  alarm_description   = "Detection cycles failed in two consecutive 5-minute periods (aiops_cycles_total{outcome=failed})"
  namespace           = local.metrics_namespace
  metric_name         = "aiops_cycles_total"
  dimensions          = { function = "detector", outcome = "failed" }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 2
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.agent_alarms.arn]
}

# No successful cycle for 15 minutes: the schedule, the function or its AWS calls are broken.
resource "aws_cloudwatch_metric_alarm" "cycles_missing" {
  alarm_name          = "${var.project_name}-cycles-missing"
  alarm_description   = "No detection cycle succeeded for 15 minutes (aiops_cycles_total{outcome=ok})"
  namespace           = local.metrics_namespace
  metric_name         = "aiops_cycles_total"
  dimensions          = { function = "detector", outcome = "ok" }
  statistic           = "Sum"
  period              = 900
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = [aws_sns_topic.agent_alarms.arn]
}

# Throttled AWS calls are retried; throttling for 15 minutes straight means the agent is too
# large for its quotas (raise them, or lower AIOPS_SHARD_SIZE's concurrency).
resource "aws_cloudwatch_metric_alarm" "aws_throttling" {
  for_each            = toset(local.aws_calling_functions)
  alarm_name          = "${var.project_name}-${each.key}-aws-throttling"
  alarm_description   = "AWS throttled the ${each.key} function's calls for 15 minutes (aiops_aws_throttles_total)"
  namespace           = local.metrics_namespace
  metric_name         = "aiops_aws_throttles_total"
  dimensions          = { function = each.key }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 3
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.agent_alarms.arn]
}

# The month's GetMetricData bill at the last day's pace: metrics requested × 30 × $0.01 / 1,000.
resource "aws_cloudwatch_metric_alarm" "getmetricdata_budget" {
  alarm_name          = "${var.project_name}-getmetricdata-budget"
  alarm_description   = "At the last day's pace, GetMetricData costs more than $${var.getmetricdata_monthly_budget} a month"
  evaluation_periods  = 1
  threshold           = var.getmetricdata_monthly_budget
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.agent_alarms.arn]

  metric_query {
    id          = "monthly"
    expression  = "(FILL(detector, 0) + FILL(workers, 0)) * 30 * 0.00001"
    label       = "GetMetricData dollars a month at this pace"
    return_data = true
  }
  metric_query {
    id = "detector"
    metric {
      namespace   = local.metrics_namespace
      metric_name = "aiops_getmetricdata_metrics_total"
      dimensions  = { function = "detector" }
      stat        = "Sum"
      period      = 86400
    }
  }
  metric_query {
    id = "workers"
    metric {
      namespace   = local.metrics_namespace
      metric_name = "aiops_getmetricdata_metrics_total"
      dimensions  = { function = "detector-worker" }
      stat        = "Sum"
      period      = 86400
    }
  }
}

# The dashboard's widgets, two to a row in this order; each is a metric widget of this region.
locals {
  dashboard_widgets = [
    {
      title = "Detection cycles", stat = "Sum", period = 300
      metrics = [
        [local.metrics_namespace, "aiops_cycles_total", "function", "detector", "outcome", "ok"],
        [local.metrics_namespace, "aiops_cycles_total", "function", "detector", "outcome", "failed"],
      ]
    },
    {
      title = "Cycle duration (seconds)", period = 300
      metrics = [
        [local.metrics_namespace, "aiops_cycle_duration_seconds", "function", "detector", { stat = "p50" }],
        [local.metrics_namespace, "aiops_cycle_duration_seconds", "function", "detector", { stat = "Maximum" }],
      ]
    },
    {
      title = "Series scored, anomalies, incidents, actions", stat = "Sum", period = 300
      metrics = [
        [local.metrics_namespace, "aiops_series_scored_total", "function", "detector"],
        [local.metrics_namespace, "aiops_anomalies_total", "function", "detector"],
        [local.metrics_namespace, "aiops_incidents_opened_total", "function", "rca"],
        [local.metrics_namespace, "aiops_actions_total", "function", "remediation"],
      ]
    },
    {
      title = "AWS throttles and retries", stat = "Sum", period = 300
      metrics = concat(
        [for fn in local.aws_calling_functions : [local.metrics_namespace, "aiops_aws_throttles_total", "function", fn]],
        [for fn in local.aws_calling_functions : [local.metrics_namespace, "aiops_aws_retries_total", "function", fn]],
      )
    },
    {
      title = "GetMetricData: metrics requested a day", stat = "Sum", period = 86400
      metrics = [
        [local.metrics_namespace, "aiops_getmetricdata_metrics_total", "function", "detector"],
        [local.metrics_namespace, "aiops_getmetricdata_metrics_total", "function", "detector-worker"],
      ]
    },
    {
      title = "Dead letters waiting", stat = "Maximum", period = 300
      metrics = concat(
        [for fn in local.async_functions : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", aws_sqs_queue.dead_letters[fn].name]],
        [["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", aws_sqs_queue.detector_shards_dead_letters.name]],
      )
    },
  ]
}

resource "aws_cloudwatch_dashboard" "agent" {
  dashboard_name = "${var.project_name}-agent"
  dashboard_body = jsonencode({
    widgets = [for index, widget in local.dashboard_widgets : {
      type       = "metric", x = (index % 2) * 12, y = floor(index / 2) * 6, width = 12, height = 6
      properties = merge({ region = var.aws_region }, widget)
    }]
  })
}
