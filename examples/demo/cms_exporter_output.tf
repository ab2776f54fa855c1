# An Alibaba CloudMonitor exporter output, its secret kept out of the state.
resource "telemetry_cms_exporter_output" "demo" {
  dest_name    = "demo-sls"
  description  = "Created by make demo"
  sls_endpoint = "https://cn-hangzhou.log.aliyuncs.com"
  sls_project  = "demo-project"
  sls_logstore = "demo-metrics"

  access_key_id                = "LTAIdemoKeyId"
  access_key_secret_wo         = "demo-secret-not-stored"
  access_key_secret_wo_version = 1
}

data "telemetry_cms_exporter_outputs" "demo" {
  name_regex = "^demo-"
  depends_on = [telemetry_cms_exporter_output.demo]
}

output "cms_exporter_output" {
  value = {
    name        = telemetry_cms_exporter_output.demo.dest_name
    region      = telemetry_cms_exporter_output.demo.region
    create_time = telemetry_cms_exporter_output.demo.create_time
    listed      = data.telemetry_cms_exporter_outputs.demo.names
  }
}
