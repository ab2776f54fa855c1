# Report a deploy event to Alibaba Cloud CloudMonitor. The event is sent
# once on apply; bumping triggers.release reports it again.
resource "telemetry_cms_custom_event" "deploy" {
  events = [
    {
      name    = "deploy"
      content = "telemetry demo v1.0.0 deployed"
    },
  ]

  triggers = {
    release = "v1.0.0"
  }
}

output "cms_custom_event_sent_at" {
  description = "When the deploy event was reported."
  value       = telemetry_cms_custom_event.deploy.sent_at
}
