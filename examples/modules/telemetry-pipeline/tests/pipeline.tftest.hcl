# Runs offline against telemetry-emulator: the provider reads the emulator's
# address and credentials from TELEMETRY_*_ENDPOINT and the usual credential
# environment variables (make test sets them). `terraform test` needs no
# -var: the archive is downloaded under .terraform/test-archives in the
# module's directory (ignored by git).

provider "telemetry" {}

variables {
  name        = "checkout"
  archive_dir = ".terraform/test-archives"
  sls = {
    endpoint      = "https://cn-hangzhou.log.aliyuncs.com"
    project       = "checkout-monitoring"
    logstore      = "cms-metrics"
    access_key_id = "LTAIcheckoutKeyId"
  }
  sls_access_key_secret = "module-test-secret"
  cls_topic_id          = "5b3f0c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b"
  physical_server_id    = "3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c"
  release               = "v1.0.0"
}

run "plan_names_the_exporter_output" {
  command = plan

  assert {
    condition     = telemetry_cms_exporter_output.metrics.dest_name == "checkout-metrics"
    error_message = "the exporter output should be named after the pipeline"
  }

  assert {
    condition     = telemetry_cls_export.errors.log_count == 10000
    error_message = "the error export should use the default log limit"
  }
}

run "apply_creates_the_pipeline" {
  command = apply

  assert {
    condition     = output.error_export.status == "Completed"
    error_message = "the CLS error export should have completed"
  }

  assert {
    condition     = output.node_archive.size > 0 && length(output.node_archive.sha256) == 64
    error_message = "the node archive should have been downloaded and hashed"
  }

  assert {
    condition     = output.exporter_output_name == "checkout-metrics"
    error_message = "unexpected exporter output name"
  }

  assert {
    condition     = output.deploy_event_sent_at != ""
    error_message = "the deploy event should have been sent"
  }
}

run "rejects_a_bad_name" {
  command = plan

  variables {
    name = "Bad_Name"
  }

  expect_failures = [var.name]
}
