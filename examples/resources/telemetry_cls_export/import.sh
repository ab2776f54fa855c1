# Import with "<topic_id>:<export_id>"; the "<topic_id>#<export_id>" form of
# the tencentcloud provider is accepted too. The provider's region is used.
terraform import telemetry_cls_export.errors 5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b:export-7a0f3c1e-5b2d-4f7e-9c61-0d8e2b4a6f13

# Or name the region: "<region>/<topic_id>:<export_id>".
terraform import telemetry_cls_export.errors ap-shanghai/5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b:export-7a0f3c1e-5b2d-4f7e-9c61-0d8e2b4a6f13
