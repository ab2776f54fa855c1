terraform {
  required_providers {
    telemetry = {
      source = "cloud-telemetry/telemetry"
    }
  }
}

# Credentials come from the environment (ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY,
# TENCENTCLOUD_SECRET_ID/TENCENTCLOUD_SECRET_KEY, HW_ACCESS_KEY/HW_SECRET_KEY or
# HW_AUTH_TOKEN). Each block is optional: configure only the clouds you use.
provider "telemetry" {
  alicloud {
    region = "cn-hangzhou"
  }
  tencentcloud {
    region = "ap-guangzhou"
  }
  huaweicloud {
    region     = "cn-east-3"
    project_id = "0123456789abcdef0123456789abcdef"
  }
}
