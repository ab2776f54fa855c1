# The finished exports of a topic, newest first.
data "telemetry_cls_exports" "done" {
  topic_id = "5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b"
  status   = "Completed"
}

output "finished_export_files" {
  value = [for e in data.telemetry_cls_exports.done.exports : "${e.file_name} (${e.file_size} bytes)"]
}
