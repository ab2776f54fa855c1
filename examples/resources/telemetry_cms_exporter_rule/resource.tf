# Export the ECS CPU metric, aggregated over 1 and 5 minutes, to a Log
# Service logstore: the exporter output is the destination, the rule says
# what goes there.
variable "sls_access_key_secret" {
  type      = string
  sensitive = true
}

resource "telemetry_cms_exporter_output" "metrics" {
  dest_name    = "prod-sls"
  sls_endpoint = "https://cn-hangzhou.log.aliyuncs.com"
  sls_project  = "monitoring"
  sls_logstore = "cms-metrics"

  access_key_id                = "LTAI5tExampleKeyId"
  access_key_secret_wo         = var.sls_access_key_secret
  access_key_secret_wo_version = 1
}

resource "telemetry_cms_exporter_rule" "cpu" {
  rule_name      = "ecs-cpu"
  description    = "ECS CPU for the SRE dashboards"
  namespace      = "acs_ecs_dashboard"
  metric_name    = "CPUUtilization"
  target_windows = [60, 300]
  dst_names      = [telemetry_cms_exporter_output.metrics.dest_name]
}
