output "target_ec2_instance_id" {
  description = "The instance to spike with `aiops trigger --instance-id`."
  value       = var.create_target_instance ? aws_instance.target[0].id : null
}

output "api_endpoint" {
  description = "The dashboard: open it in a browser and enter the API token."
  value       = aws_apigatewayv2_stage.default.invoke_url
}

output "anomaly_topic_arn" {
  value = aws_sns_topic.anomalies.arn
}

output "critical_topic_arn" {
  value = aws_sns_topic.critical_alerts.arn
}

output "table_name" {
  value = aws_dynamodb_table.events.name
}

output "api_token" {
  description = "The dashboard's bearer token (`terraform output -raw api_token`)."
  value       = local.api_token
  sensitive   = true
}
