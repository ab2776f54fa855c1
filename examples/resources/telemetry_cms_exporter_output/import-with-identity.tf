# Terraform 1.12 and later: import by resource identity.
import {
  to = telemetry_cms_exporter_output.metrics
  identity = {
    dest_name = "prod-sls"
    region    = "cn-hangzhou"
  }
}
