# Requires Terraform 1.14 or later.
locals {
  release = "v1.4.0"
}

action "telemetry_cms_custom_event" "deployed" {
  config {
    events = [
      {
        name    = "deploy"
        content = "web ${local.release} rolled out to production"
      },
    ]
  }
}

# Report the deployment each time the release changes.
resource "terraform_data" "release" {
  input = local.release

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.telemetry_cms_custom_event.deployed]
    }
  }
}

# The same action can be run on demand:
#   terraform apply -invoke action.telemetry_cms_custom_event.deployed
