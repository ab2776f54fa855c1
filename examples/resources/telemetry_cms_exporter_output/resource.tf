# Export CloudMonitor data to a Log Service logstore. The AccessKey secret is
# write-only (Terraform 1.11 and later): it is sent to CloudMonitor but never
# stored in the state. Bump access_key_secret_wo_version to rotate it.
variable "sls_access_key_secret" {
  type      = string
  sensitive = true
}

resource "telemetry_cms_exporter_output" "metrics" {
  dest_name    = "prod-sls"
  description  = "CPU and memory metrics for the SRE dashboards"
  sls_endpoint = "https://cn-hangzhou.log.aliyuncs.com"
  sls_project  = "monitoring"
  sls_logstore = "cms-metrics"

  access_key_id                = "LTAI5tExampleKeyId"
  access_key_secret_wo         = var.sls_access_key_secret
  access_key_secret_wo_version = 1
}
