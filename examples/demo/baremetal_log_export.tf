# Export the logs of a seeded bare-metal server from the emulated Huawei
# CloudDC API, wait for the export and download the tar.gz archive into the
# scratch directory run.sh passes in.

variable "demo_output_dir" {
  description = "Directory the demo writes downloaded archives to."
  type        = string
}

resource "telemetry_baremetal_log_export" "node1" {
  physical_server_id = "3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c"
  output_path        = "${var.demo_output_dir}/node1-dump.tar.gz"

  triggers = {
    reason = "demo"
  }
}

output "baremetal_log_export" {
  description = "The export and the archive it downloaded."
  value = {
    id          = telemetry_baremetal_log_export.node1.id
    status      = telemetry_baremetal_log_export.node1.status
    file_name   = telemetry_baremetal_log_export.node1.file_name
    file_size   = telemetry_baremetal_log_export.node1.file_size
    file_sha256 = telemetry_baremetal_log_export.node1.file_sha256
  }
}
