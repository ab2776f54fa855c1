# The configuration `make demo` applies against the telemetry emulator.
# run.sh passes the emulator's address and a scratch directory; the
# credentials below are the emulator's fixed defaults, not real keys.

terraform {
  required_providers {
    telemetry = {
      source = "cloud-telemetry/telemetry"
    }
  }
}

variable "emulator_endpoint" {
  description = "Base URL of a running telemetry-emulator."
  type        = string
}

provider "telemetry" {
  alicloud {
    access_key = "emulator-access-key"
    secret_key = "emulator-secret-key"
    region     = "cn-hangzhou"
    endpoint   = var.emulator_endpoint
  }
  tencentcloud {
    secret_id  = "emulator-secret-id"
    secret_key = "emulator-secret-key"
    region     = "ap-guangzhou"
    endpoint   = var.emulator_endpoint
  }
  huaweicloud {
    access_key = "emulator-ak"
    secret_key = "emulator-sk"
    project_id = "emulator-project"
    region     = "cn-east-3"
    endpoint   = var.emulator_endpoint
  }
}
