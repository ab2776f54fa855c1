output "exporter_output_name" {
  description = "Name of the CloudMonitor exporter output."
  value       = telemetry_cms_exporter_output.metrics.dest_name
}

output "error_export" {
  description = "The CLS export of the last day's errors. The download URL grants access and is sensitive."
  value = {
    id        = telemetry_cls_export.errors.id
    status    = telemetry_cls_export.errors.status
    file_name = telemetry_cls_export.errors.file_name
    from      = telemetry_cls_export.errors.from
    to        = telemetry_cls_export.errors.to
  }
}

output "node_archive" {
  description = "Where the bare-metal log archive was written, with its size and SHA-256."
  value = {
    path   = telemetry_baremetal_log_export.node.output_path
    size   = telemetry_baremetal_log_export.node.file_size
    sha256 = telemetry_baremetal_log_export.node.file_sha256
  }
}

output "deploy_event_sent_at" {
  description = "When the deploy event was reported."
  value       = telemetry_cms_custom_event.deploy.sent_at
}
