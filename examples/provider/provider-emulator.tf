terraform {
  required_providers {
    telemetry = {
      source = "cloud-telemetry/telemetry"
    }
  }
}

# Point every cloud at a local telemetry-emulator (make emulator) to try
# modules offline. These are the emulator's fixed default credentials.
provider "telemetry" {
  alicloud {
    access_key = "emulator-access-key"
    secret_key = "emulator-secret-key"
    region     = "cn-hangzhou"
    endpoint   = "http://127.0.0.1:8787"
  }
  tencentcloud {
    secret_id  = "emulator-secret-id"
    secret_key = "emulator-secret-key"
    region     = "ap-guangzhou"
    endpoint   = "http://127.0.0.1:8787"
  }
  huaweicloud {
    auth_token = "emulator-token"
    project_id = "emulator-project"
    region     = "cn-east-3"
    endpoint   = "http://127.0.0.1:8787"
  }
}
