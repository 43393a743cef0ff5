variable "aws_region" {
  description = "Region to deploy aiops into."
  type        = string
  default     = "us-east-1"
}

variable "project_name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "aiops"
}

variable "alert_email" {
  description = "Address that receives critical alerts (SNS email subscription: confirm the mail AWS sends)."
  type        = string
}

variable "lambda_zip_path" {
  description = "The package built by scripts/package-lambda.sh."
  type        = string
  default     = "../dist/aiops-lambda.zip"
}

variable "schedule_expression" {
  description = "How often the detector runs (EventBridge schedule expression)."
  type        = string
  default     = "rate(5 minutes)"
}

variable "metrics" {
  description = "Comma-separated CloudWatch metrics the detector watches (AIOPS_METRICS)."
  type        = string
  default     = "CPUUtilization"
}

variable "log_group_names" {
  description = "CloudWatch Logs groups searched for root causes (AIOPS_LOG_GROUPS). The target instance ships to the first."
  type        = list(string)
  default     = ["/aiops/target/system", "/aiops/target/application"]
}

variable "dry_run" {
  description = "When true, remediation records what it would do and does nothing (AIOPS_DRY_RUN)."
  type        = bool
  default     = false
}

variable "correlation" {
  description = "When true, anomalies of instances sharing a group, a dependency edge or a new error template make one incident and one page (AIOPS_CORRELATION; docs/pipeline.md)."
  type        = bool
  default     = false
}

variable "runbooks" {
  description = "The runbooks as JSON (AIOPS_RUNBOOKS; docs/runbooks.md). Empty: the default set (free disk, restart service in shadow, reboot)."
  type        = string
  default     = ""
}

variable "runbook_mode" {
  description = "Runs every runbook in this mode: shadow, approve or auto (AIOPS_RUNBOOK_MODE). Empty: each runbook's own."
  type        = string
  default     = ""
  validation {
    condition     = contains(["", "shadow", "approve", "auto"], var.runbook_mode)
    error_message = "runbook_mode must be empty, shadow, approve or auto."
  }
}

variable "automation_documents" {
  description = "The SSM Automation documents runbooks may start (run-automation); the remediation function may start no other."
  type        = list(string)
  default     = ["AWS-RestartEC2Instance"]
}

variable "api_token" {
  description = "Bearer token the dashboard API requires (checked by the authorizer and the API function). Empty: one is generated; read it with `terraform output -raw api_token`."
  type        = string
  default     = ""
  sensitive   = true
}

variable "log_retention_days" {
  description = "Retention of the functions' and the target's log groups."
  type        = number
  default     = 365
}

variable "event_ttl_days" {
  description = "Days after which stored incidents expire from the table (DynamoDB TTL)."
  type        = number
  default     = 90
}

variable "create_target_instance" {
  description = "Create the EC2 instance the trigger test spikes (tagged for monitoring and remediation)."
  type        = bool
  default     = true
}

variable "target_instance_type" {
  description = "Instance type of the target instance (arm64)."
  type        = string
  default     = "t4g.micro"
}

variable "lambda_memory_mb" {
  description = "Memory of each function (also sets its CPU share)."
  type        = number
  default     = 512
}

variable "lambda_architecture" {
  description = "Architecture the bootstrap in the zip was built for: arm64 (CI's package job) or x86_64."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.lambda_architecture)
    error_message = "lambda_architecture must be arm64 or x86_64."
  }
}

variable "detector_shard_size" {
  description = "Instances per detector worker's shard (AIOPS_SHARD_SIZE). A fleet of more is split into shards scored by the detector-worker function; up to one shard, the detector scores in process. docs/deploy.md says how 150 was chosen."
  type        = number
  default     = 150

  validation {
    condition     = var.detector_shard_size >= 1 && floor(var.detector_shard_size) == var.detector_shard_size
    error_message = "detector_shard_size must be a whole number of instances, at least 1."
  }
}

variable "detector_worker_concurrency" {
  description = "At most this many detector workers run at once (reserved concurrency and the queue's maximum concurrency, at least 2)."
  type        = number
  default     = 10

  validation {
    condition     = var.detector_worker_concurrency >= 2
    error_message = "detector_worker_concurrency must be at least 2 (SQS event source mappings need it)."
  }
}

# Notification channels (docs/channels.md). Each one set is stored as an SSM SecureString; empty: off.
variable "slack_webhook_url" {
  description = "Slack incoming webhook URL (AIOPS_SLACK_WEBHOOK_URL). Empty: no Slack."
  type        = string
  default     = ""
  sensitive   = true
}

variable "slack_signing_secret" {
  description = "The Slack app's signing secret (AIOPS_SLACK_SIGNING_SECRET): turns on POST /api/v1/slack/interactions, Slack's Approve / Reject buttons (docs/approval.md). Empty: off."
  type        = string
  default     = ""
  sensitive   = true
}

variable "require_approval" {
  description = "When true, a person approves every action before it runs (AIOPS_REQUIRE_APPROVAL, docs/approval.md)."
  type        = bool
  default     = false
}

variable "approval_timeout" {
  description = "How long an approval waits before it expires into an escalation, such as 30m or 2h (AIOPS_APPROVAL_TIMEOUT)."
  type        = string
  default     = "30m"
}

variable "slack_approvers" {
  description = "Slack user ids (U… or W…) whose Approve / Reject presses count (AIOPS_SLACK_APPROVERS, docs/approval.md). Empty: anyone whose press Slack signs."
  type        = list(string)
  default     = []
}

variable "teams_webhook_url" {
  description = "Microsoft Teams Workflows webhook URL (AIOPS_TEAMS_WEBHOOK_URL). Empty: no Teams."
  type        = string
  default     = ""
  sensitive   = true
}

variable "pagerduty_routing_key" {
  description = "PagerDuty Events API v2 integration key (AIOPS_PAGERDUTY_ROUTING_KEY). Empty: no PagerDuty."
  type        = string
  default     = ""
  sensitive   = true
}

variable "pagerduty_events_url" {
  description = "PagerDuty's events address (AIOPS_PAGERDUTY_EVENTS_URL); empty: https://events.pagerduty.com/v2/enqueue. EU accounts: https://events.eu.pagerduty.com/v2/enqueue."
  type        = string
  default     = ""
}

variable "webhook_url" {
  description = "Generic webhook URL (AIOPS_WEBHOOK_URL). Empty: no webhook."
  type        = string
  default     = ""
  sensitive   = true
}

variable "webhook_secret" {
  description = "HMAC-SHA256 key of the generic webhook's X-AIOps-Signature (AIOPS_WEBHOOK_SECRET)."
  type        = string
  default     = ""
  sensitive   = true
}

variable "getmetricdata_monthly_budget" {
  description = "Dollars a month of CloudWatch GetMetricData the agent may spend before an alarm says so (docs/cost.md, docs/observability.md)."
  type        = number
  default     = 10
}

variable "otlp_endpoint" {
  description = "OpenTelemetry traces: the OTLP/HTTP endpoint the functions export their spans to (OTEL_EXPORTER_OTLP_ENDPOINT, e.g. https://collector.example.com:4318, or http://localhost:4318 for a collector layer). Empty: no traces (docs/observability.md)."
  type        = string
  default     = ""
}

variable "otlp_protocol" {
  description = "OTEL_EXPORTER_OTLP_PROTOCOL for the traces: http/protobuf or http/json."
  type        = string
  default     = "http/protobuf"

  validation {
    condition     = contains(["http/protobuf", "http/json"], var.otlp_protocol)
    error_message = "otlp_protocol is http/protobuf or http/json (the functions export over HTTP only)."
  }
}

variable "otlp_headers" {
  description = "OTEL_EXPORTER_OTLP_HEADERS for the OTLP endpoint (key=value,... : a vendor's API key). Stored as an SSM SecureString under the project's KMS key; the functions get its name and read it at cold start. Empty: none."
  type        = string
  default     = ""
  sensitive   = true
}
