# An Alibaba CloudMonitor export rule sending the ECS CPU metric, over one
# and five minutes, to the exporter output of cms_exporter_output.tf.
resource "telemetry_cms_exporter_rule" "demo" {
  rule_name      = "demo-ecs-cpu"
  description    = "Created by make demo"
  namespace      = "acs_ecs_dashboard"
  metric_name    = "CPUUtilization"
  target_windows = [60, 300]
  dst_names      = [telemetry_cms_exporter_output.demo.dest_name]
}

output "cms_exporter_rule" {
  value = {
    name        = telemetry_cms_exporter_rule.demo.rule_name
    enabled     = telemetry_cms_exporter_rule.demo.enabled
    create_time = telemetry_cms_exporter_rule.demo.create_time
    dst_names   = telemetry_cms_exporter_rule.demo.dst_names
  }
}
