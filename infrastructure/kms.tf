# One customer-managed key encrypts the topics, the table, the queues, the log groups and the
# functions' environment, so every store of incident data is under a key the account controls.
resource "aws_kms_key" "aiops" {
  description             = "${var.project_name}: topics, table, queues, logs and function environment"
  enable_key_rotation     = true
  deletion_window_in_days = 14
  policy                  = data.aws_iam_policy_document.kms.json
}

resource "aws_kms_alias" "aiops" {
  name          = "alias/${var.project_name}"
  target_key_id = aws_kms_key.aiops.key_id
}

data "aws_iam_policy_document" "kms" {
  # checkov:skip=CKV_AWS_111:This is a key policy: its "*" resource means this key only, as KMS requires.
  # checkov:skip=CKV_AWS_356:This is a key policy: its "*" resource means this key only, as KMS requires.
  # checkov:skip=CKV_AWS_109:This is a key policy: the account root must administer its own key, or the key becomes unmanageable.
  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid       = "ServicesUseTheKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*", "kms:Encrypt", "kms:ReEncrypt*", "kms:DescribeKey"]
    resources = ["*"]
    principals {
      type = "Service"
      identifiers = [
        "sns.amazonaws.com",
        "sqs.amazonaws.com",
        "events.amazonaws.com",
        "cloudwatch.amazonaws.com",
        "logs.${data.aws_region.current.name}.amazonaws.com",
      ]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}
