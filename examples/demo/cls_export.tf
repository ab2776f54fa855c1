# A Tencent CLS log export. The topic id is the first topic the emulator seeds
# by default ("demo-app-logs"); with the emulator's default timings the export
# is Queuing for 0.5 s and Processing for 2 s, and apply waits for Completed,
# then downloads the file into the scratch directory run.sh passes in.
resource "telemetry_cls_export" "demo" {
  topic_id    = "5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b"
  query       = "status:>=500"
  from        = "2024-06-01T00:00:00Z"
  to          = "2024-06-01T01:00:00Z"
  log_count   = 1000
  output_path = "${var.demo_output_dir}/cls-errors.tar.gz"
}

data "telemetry_cls_exports" "demo" {
  topic_id   = telemetry_cls_export.demo.topic_id
  status     = "Completed"
  depends_on = [telemetry_cls_export.demo]
}

output "cls_export" {
  value = {
    id        = telemetry_cls_export.demo.id
    status    = telemetry_cls_export.demo.status
    file_name = telemetry_cls_export.demo.file_name
    file_size = telemetry_cls_export.demo.file_size
    sha256    = telemetry_cls_export.demo.file_sha256
    listed    = data.telemetry_cls_exports.demo.ids
  }
}
