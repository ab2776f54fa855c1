# Export one hour of HTTP 5xx access logs from a CLS topic and wait until the
# file is ready (status "Completed").
resource "telemetry_cls_export" "errors" {
  topic_id  = "5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b"
  query     = "status:>=500"
  from      = "2024-06-01T00:00:00Z"
  to        = "2024-06-01T01:00:00Z"
  log_count = 100000
  format    = "csv"

  timeouts {
    create = "45m"
  }
}

output "errors_file" {
  value = {
    name = telemetry_cls_export.errors.file_name
    size = telemetry_cls_export.errors.file_size
  }
}

# Register an export without waiting for it; later refreshes show its status.
resource "telemetry_cls_export" "audit" {
  topic_id            = "9c8d7e6f-5a4b-4c3d-8e2f-1a0b9c8d7e6f"
  query               = "action:delete AND resource:bucket"
  syntax_rule         = "lucene"
  order               = "asc"
  from                = "2024-06-01T00:00:00+08:00"
  to                  = "2024-06-02T00:00:00+08:00"
  log_count           = 5000
  region              = "ap-shanghai"
  wait_for_completion = false
}
