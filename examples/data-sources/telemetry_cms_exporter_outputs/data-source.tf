# Every exporter output of the provider's region whose name starts with "prod-".
data "telemetry_cms_exporter_outputs" "prod" {
  name_regex = "^prod-"
}

output "prod_exporter_projects" {
  value = { for o in data.telemetry_cms_exporter_outputs.prod.outputs : o.dest_name => o.sls_project }
}
