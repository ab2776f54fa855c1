# The deploy events of the provider's region on 1 May 2024 (Beijing time)
# whose content mentions both "web" and "production".
data "telemetry_cms_custom_events" "deploys" {
  name            = "deploy"
  search_keywords = "web and production"
  start_time      = "2024-05-01T00:00:00+08:00"
  end_time        = "2024-05-01T23:59:59.999+08:00"
}

output "deploys" {
  value = [for e in data.telemetry_cms_custom_events.deploys.events : "${e.time} ${e.content}"]
}

# Report the deploy, then check that CloudMonitor lists it. The data source
# reads once and does not wait: CloudMonitor may list a new event only after
# a delay, so the check can fail (a warning, not an error) in the apply that
# reports the event and pass in the next plan or apply.
resource "telemetry_cms_custom_event" "deploy" {
  events = [
    {
      name    = "deploy"
      content = "web v1.4.0 rolled out to production"
    },
  ]

  triggers = {
    release = "v1.4.0"
  }
}

check "deploy_event_arrived" {
  data "telemetry_cms_custom_events" "deploy" {
    name            = "deploy"
    search_keywords = "v1.4.0"
    # From the reported event's time up to now (end_time's default).
    start_time = telemetry_cms_custom_event.deploy.events[0].time
  }

  assert {
    condition     = length(data.telemetry_cms_custom_events.deploy.events) > 0
    error_message = "CloudMonitor does not list the v1.4.0 deploy event yet; it may still be on its way: run terraform plan again later."
  }
}
