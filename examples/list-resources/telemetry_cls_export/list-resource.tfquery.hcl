# terraform query (Terraform 1.14 and later): the completed exports of a topic.
list "telemetry_cls_export" "completed" {
  provider = telemetry
  limit    = 50

  config {
    topic_id = "5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b"
    region   = "ap-guangzhou"
    status   = "Completed"
  }
}
