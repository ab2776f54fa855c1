# Terraform 1.12 and later: import by resource identity.
import {
  to = telemetry_cls_export.errors
  identity = {
    topic_id  = "5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b"
    export_id = "export-7a0f3c1e-5b2d-4f7e-9c61-0d8e2b4a6f13"
    region    = "ap-guangzhou"
  }
}
