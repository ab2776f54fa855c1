# Export the BMC logs of a bare-metal server and download the archive.
resource "telemetry_baremetal_log_export" "node1" {
  physical_server_id = "3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c"
  output_path        = "${path.root}/logs/node1-dump.tar.gz"

  # Change a value to take a fresh export.
  triggers = {
    incident = "INC-1042"
  }

  timeouts {
    create = "45m"
  }
}

output "node1_archive" {
  value = {
    file   = telemetry_baremetal_log_export.node1.output_path
    name   = telemetry_baremetal_log_export.node1.file_name
    sha256 = telemetry_baremetal_log_export.node1.file_sha256
  }
}
