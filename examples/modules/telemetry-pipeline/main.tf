# A telemetry pipeline for one service: CloudMonitor metrics exported to a
# logstore, yesterday's errors exported from CLS, the bare-metal node's logs
# downloaded, and a deploy event reported for the release.

resource "telemetry_cms_exporter_output" "metrics" {
  dest_name    = "${var.name}-metrics"
  description  = "Metrics of ${var.name}, managed by the telemetry-pipeline module"
  sls_endpoint = var.sls.endpoint
  sls_project  = var.sls.project
  sls_logstore = var.sls.logstore

  access_key_id                = var.sls.access_key_id
  access_key_secret_wo         = var.sls_access_key_secret
  access_key_secret_wo_version = var.sls_access_key_secret_version
}

# The export window is pinned when the release changes, so an unchanged
# configuration plans no change (timestamp() alone would move every plan).
resource "terraform_data" "window" {
  input = {
    release = var.release
    end     = plantimestamp()
  }

  triggers_replace = [var.release]

  lifecycle {
    ignore_changes = [input]
  }
}

resource "telemetry_cls_export" "errors" {
  topic_id  = var.cls_topic_id
  query     = var.error_query
  from      = timeadd(terraform_data.window.output.end, "-24h")
  to        = terraform_data.window.output.end
  log_count = var.error_log_limit
  format    = "json"
}

resource "telemetry_baremetal_log_export" "node" {
  physical_server_id = var.physical_server_id
  output_path        = "${var.archive_dir}/${var.physical_server_id}.tar.gz"

  triggers = {
    release = var.release
  }
}

resource "telemetry_cms_custom_event" "deploy" {
  events = [{
    name    = "deploy"
    content = "${var.name} ${var.release} deployed"
  }]

  triggers = {
    release = var.release
  }
}
