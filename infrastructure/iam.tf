# One role per function, each allowed exactly what its stage needs.
data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "fn" {
  for_each           = local.functions
  name               = "${var.project_name}-${each.key}"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

locals {
  table_arns     = [aws_dynamodb_table.events.arn, "${aws_dynamodb_table.events.arn}/index/*"]
  log_group_arns = [for name in var.log_group_names : "arn:${data.aws_partition.current.partition}:logs:${var.aws_region}:${data.aws_caller_identity.current.account_id}:log-group:${name}:*"]
}

# What every function needs: its own log group, X-Ray, the key.
data "aws_iam_policy_document" "base" {
  for_each = local.functions

  statement {
    sid       = "OwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.fn[each.key].arn}:*"]
  }
  statement {
    sid       = "Tracing"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"] # X-Ray has no resource-level permissions.
  }
  statement {
    sid       = "Key"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.aiops.arn]
  }
}

data "aws_iam_policy_document" "detector" {
  source_policy_documents = [data.aws_iam_policy_document.base["detector"].json]
  statement {
    sid       = "ReadFleet"
    actions   = ["ec2:DescribeInstances", "cloudwatch:GetMetricData", "cloudwatch:PutMetricData"]
    resources = ["*"] # These actions have no resource-level permissions.
  }
  statement {
    sid       = "PublishAnomalies"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.anomalies.arn]
  }
  statement {
    sid       = "Checkpoints"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:BatchWriteItem"]
    resources = local.table_arns
  }
  statement {
    sid       = "DeadLetters"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dead_letters["detector"].arn]
  }
  statement {
    sid       = "SendShards"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.detector_shards.arn]
  }
}

data "aws_iam_policy_document" "detector_worker" {
  source_policy_documents = [data.aws_iam_policy_document.base["detector-worker"].json]
  statement {
    sid       = "ReadFleetMetrics"
    actions   = ["cloudwatch:GetMetricData", "cloudwatch:PutMetricData"]
    resources = ["*"] # These actions have no resource-level permissions.
  }
  statement {
    sid       = "PublishAnomalies"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.anomalies.arn]
  }
  statement {
    sid       = "Snapshots"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:BatchWriteItem"]
    resources = local.table_arns
  }
  statement {
    sid       = "ReceiveShards"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
    resources = [aws_sqs_queue.detector_shards.arn]
  }
}

data "aws_iam_policy_document" "rca" {
  source_policy_documents = [data.aws_iam_policy_document.base["rca"].json]
  statement {
    sid       = "ReadLogs"
    actions   = ["logs:FilterLogEvents", "logs:DescribeLogStreams"]
    resources = local.log_group_arns
  }
  statement {
    sid       = "DescribeInstances"
    actions   = ["ec2:DescribeInstances"]
    resources = ["*"] # No resource-level permissions.
  }
  statement {
    sid       = "ChangeEvidence"
    actions   = ["cloudtrail:LookupEvents", "autoscaling:DescribeScalingActivities"]
    resources = ["*"] # Neither action has resource-level permissions.
  }
  statement {
    sid       = "WriteIncidents"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"]
    resources = local.table_arns
  }
  statement {
    sid       = "PublishCritical"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.critical_alerts.arn]
  }
  statement {
    sid       = "DeadLetters"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dead_letters["rca"].arn]
  }
}

data "aws_iam_policy_document" "remediation" {
  source_policy_documents = [data.aws_iam_policy_document.base["remediation"].json]
  statement {
    sid       = "HealOnlyOptedInInstances"
    actions   = ["ec2:RebootInstances", "ec2:StopInstances", "ec2:StartInstances"]
    resources = ["arn:${data.aws_partition.current.partition}:ec2:${var.aws_region}:${data.aws_caller_identity.current.account_id}:instance/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/aiops:remediate"
      values   = ["true"]
    }
  }
  # Runbooks: Run Command only on opted-in instances, and only the shell document (each runbook's
  # script is fixed in the agent); Automation only for the documents listed in var.automation_documents.
  statement {
    sid       = "RunbookCommandsOnlyOnOptedInInstances"
    actions   = ["ssm:SendCommand"]
    resources = ["arn:${data.aws_partition.current.partition}:ec2:${var.aws_region}:${data.aws_caller_identity.current.account_id}:instance/*"]
    condition {
      test     = "StringEquals"
      variable = "ssm:resourceTag/aiops:remediate"
      values   = ["true"]
    }
  }
  statement {
    sid       = "RunbookShellDocument"
    actions   = ["ssm:SendCommand"]
    resources = ["arn:${data.aws_partition.current.partition}:ssm:${var.aws_region}::document/AWS-RunShellScript"]
  }
  statement {
    sid       = "RunbookResults"
    actions   = ["ssm:GetCommandInvocation"]
    resources = ["*"] # No resource-level permissions.
  }
  statement {
    sid     = "RunbookAutomations"
    actions = ["ssm:StartAutomationExecution"]
    resources = [for document in var.automation_documents :
    "arn:${data.aws_partition.current.partition}:ssm:${var.aws_region}:${data.aws_caller_identity.current.account_id}:automation-definition/${document}:*"]
  }
  statement {
    sid       = "RunbookAutomationResults"
    actions   = ["ssm:GetAutomationExecution"]
    resources = ["arn:${data.aws_partition.current.partition}:ssm:${var.aws_region}:${data.aws_caller_identity.current.account_id}:automation-execution/*"]
  }
  statement {
    sid       = "Verify"
    actions   = ["ec2:DescribeInstances", "cloudwatch:GetMetricData"]
    resources = ["*"] # No resource-level permissions.
  }
  statement {
    sid       = "VerifyLogs"
    actions   = ["logs:FilterLogEvents", "logs:DescribeLogStreams"]
    resources = local.log_group_arns
  }
  statement {
    sid       = "AuditTrail"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"]
    resources = local.table_arns
  }
  statement {
    sid       = "EscalateToPeople"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.critical_alerts.arn]
  }
  statement {
    sid       = "DeadLetters"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dead_letters["remediation"].arn]
  }
}

data "aws_iam_policy_document" "api" {
  source_policy_documents = [data.aws_iam_policy_document.base["api"].json]
  statement {
    sid       = "ReadAndTriageIncidents"
    actions   = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:PutItem"]
    resources = local.table_arns
  }
  statement {
    sid       = "Charts"
    actions   = ["cloudwatch:GetMetricData", "ec2:DescribeInstances"]
    resources = ["*"] # No resource-level permissions.
  }
  # An approved action runs in the api function (docs/approval.md): the remediation function's
  # scope, opted-in instances only, and the critical topic for its escalations.
  statement {
    sid       = "RunApprovedActionsOnOptedInInstances"
    actions   = ["ec2:RebootInstances", "ec2:StopInstances", "ec2:StartInstances"]
    resources = ["arn:${data.aws_partition.current.partition}:ec2:${var.aws_region}:${data.aws_caller_identity.current.account_id}:instance/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/aiops:remediate"
      values   = ["true"]
    }
  }
  statement {
    sid       = "EscalateApprovedActions"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.critical_alerts.arn]
  }
}

data "aws_iam_policy_document" "authorizer" {
  source_policy_documents = [data.aws_iam_policy_document.base["authorizer"].json]
}

locals {
  function_policies = {
    detector    = data.aws_iam_policy_document.detector.json
    rca         = data.aws_iam_policy_document.rca.json
    remediation = data.aws_iam_policy_document.remediation.json
    api         = data.aws_iam_policy_document.api.json
    authorizer  = data.aws_iam_policy_document.authorizer.json
    # Fan-out's workers.
    detector-worker = data.aws_iam_policy_document.detector_worker.json
  }
}

resource "aws_iam_role_policy" "fn" {
  for_each = local.functions
  name     = "${var.project_name}-${each.key}"
  role     = aws_iam_role.fn[each.key].id
  policy   = local.function_policies[each.key]
}
