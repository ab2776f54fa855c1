terraform {
  required_version = ">= 1.11"

  required_providers {
    telemetry = {
      source = "cloud-telemetry/telemetry"
    }
  }
}
