resource "telemetry_cls_export" "errors" {
  topic_id  = "5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b"
  query     = "level:ERROR"
  from      = "2024-06-01T09:00:00Z"
  to        = "2024-06-01T10:00:00Z"
  log_count = 100000
}

# A fresh link each time the configuration needs one; kept in no plan and
# no state. Also by parts: topic_id, export_id (and region).
ephemeral "telemetry_cls_export_download_url" "errors" {
  id     = telemetry_cls_export.errors.id
  region = telemetry_cls_export.errors.region
}

# Hand the link to a tool that ships the file elsewhere, e.g. from a
# provisioner's environment (ephemeral values are allowed there).
resource "terraform_data" "ship_errors" {
  triggers_replace = telemetry_cls_export.errors.id

  provisioner "local-exec" {
    command = "curl -fsS -o errors.tar.gz \"$LINK\" && ./ship.sh errors.tar.gz"
    environment = {
      LINK = ephemeral.telemetry_cls_export_download_url.errors.url
    }
  }
}
