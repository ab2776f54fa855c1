# terraform query (Terraform 1.14 and later): the exporter outputs of a region
# whose name starts with "prod-". With -generate-config-out, the generated
# configuration lacks the AccessKey secret (the API never returns it): add
# access_key_secret or access_key_secret_wo before applying.
list "telemetry_cms_exporter_output" "prod" {
  provider         = telemetry
  include_resource = true

  config {
    region      = "cn-hangzhou"
    name_prefix = "prod-"
  }
}
