# Report a deployment to CloudMonitor once. Bumping the release in
# triggers replaces the resource, which reports the event again.
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

# Several events in one call (at most 50), with explicit times and an
# application group.
resource "telemetry_cms_custom_event" "maintenance" {
  region = "cn-hangzhou"

  events = [
    {
      name     = "maintenance"
      content  = "database failover started"
      group_id = "123456"
      time     = "2024-05-01T02:00:00+08:00"
    },
    {
      name     = "maintenance"
      content  = "database failover finished"
      group_id = "123456"
      time     = "1714507500000" # epoch milliseconds
    },
  ]
}
