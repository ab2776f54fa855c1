# Terraform 1.12 and later: import by resource identity.
import {
  to = telemetry_cms_exporter_rule.cpu
  identity = {
    rule_name = "ecs-cpu"
    region    = "cn-hangzhou"
  }
}
