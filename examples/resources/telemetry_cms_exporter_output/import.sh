# Import by name (in the provider's region) or by region and name.
terraform import telemetry_cms_exporter_output.metrics prod-sls
terraform import telemetry_cms_exporter_output.metrics cn-hangzhou:prod-sls
