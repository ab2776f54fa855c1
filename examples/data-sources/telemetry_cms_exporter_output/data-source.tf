# Read an exporter output made outside this configuration, for example to
# send a second output to the same Log Service project.
data "telemetry_cms_exporter_output" "prod" {
  dest_name = "prod-sls"
}

output "prod_logstore" {
  value = "${data.telemetry_cms_exporter_output.prod.sls_project}/${data.telemetry_cms_exporter_output.prod.sls_logstore}"
}
