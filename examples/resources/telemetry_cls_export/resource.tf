# Export the last hour's errors and download them.
# window_end is the end of the hour to export, e.g. "2024-06-01T10:00:00Z";
# pass it from the pipeline that runs this configuration. (A value such as
# plantimestamp() would change on every plan and replace the export each time.)
variable "window_end" {
  type        = string
  description = "End of the hour to export, RFC 3339."
}

resource "telemetry_cls_export" "last_hour_errors" {
  topic_id       = "5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b"
  query          = "level:ERROR"
  from           = timeadd(var.window_end, "-1h")
  to             = var.window_end
  log_count      = 100000
  format         = "json"
  derived_fields = ["__TIMESTAMP__"]

  # Downloaded once the export is Completed; file_sha256 records its hash.
  output_path = "${path.module}/exports/errors-${formatdate("YYYYMMDDhh", var.window_end)}.tar.gz"
  # In CI every run is a fresh worker without the file: do not count a
  # missing file as drift (a changed one still is).
  restore_missing_file = false

  timeouts {
    create = "45m"
    update = "45m" # an in-place re-download waits and downloads too
  }
}

output "errors_file" {
  value = {
    path   = telemetry_cls_export.last_hour_errors.output_path
    sha256 = telemetry_cls_export.last_hour_errors.file_sha256
    size   = telemetry_cls_export.last_hour_errors.file_size
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
