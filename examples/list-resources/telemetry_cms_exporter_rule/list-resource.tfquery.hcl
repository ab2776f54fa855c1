# terraform query (Terraform 1.14 and later): the export rules of a region
# whose name starts with "ecs-". Every argument is read back, so
# -generate-config-out produces configuration that applies as it is.
list "telemetry_cms_exporter_rule" "ecs" {
  provider         = telemetry
  include_resource = true

  config {
    region      = "cn-hangzhou"
    name_prefix = "ecs-"
  }
}
