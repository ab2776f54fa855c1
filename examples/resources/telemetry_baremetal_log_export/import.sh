# Import an existing export by <project_id>/<physical_server_id>/<export_id>
# (in the provider's region).
terraform import telemetry_baremetal_log_export.node1 0a1b2c3d4e5f60718293a4b5c6d7e8f9/3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c/1

# Or name the region: <region>/<project_id>/<physical_server_id>/<export_id>.
terraform import telemetry_baremetal_log_export.node1 cn-north-4/0a1b2c3d4e5f60718293a4b5c6d7e8f9/3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c/1
