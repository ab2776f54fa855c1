# Import by name (in the provider's region) or by region and name.
terraform import telemetry_cms_exporter_rule.cpu ecs-cpu
terraform import telemetry_cms_exporter_rule.cpu cn-hangzhou:ecs-cpu
