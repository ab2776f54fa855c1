# Read an export rule made outside this configuration, for example to send
# another metric to the same exporter outputs.
data "telemetry_cms_exporter_rule" "cpu" {
  rule_name = "ecs-cpu"
}

resource "telemetry_cms_exporter_rule" "memory" {
  rule_name      = "ecs-memory"
  namespace      = "acs_ecs_dashboard"
  metric_name    = "memory_usedutilization"
  target_windows = data.telemetry_cms_exporter_rule.cpu.target_windows
  dst_names      = data.telemetry_cms_exporter_rule.cpu.dst_names
}
