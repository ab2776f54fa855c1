# Terraform 1.12 and later: import by resource identity.
import {
  to = telemetry_baremetal_log_export.node1
  identity = {
    project_id         = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
    physical_server_id = "3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c"
    export_id          = "1"
    region             = "cn-east-3"
  }
}
