# Read an export made outside this configuration, for its status and the
# presigned download URL (sensitive, valid for a limited time).
data "telemetry_cls_export" "audit" {
  topic_id  = "5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b"
  export_id = "export-134f16c9-8a81-425b-b006-f4d4d7b9f2ba"
}

output "audit_export_status" {
  value = data.telemetry_cls_export.audit.status
}
