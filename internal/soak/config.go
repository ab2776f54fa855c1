package soak

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/huawei"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/tencent"
)

// configFor renders the round's configuration.
func configFor(v Variant, endpoint, archives string) string {
	if v.Destroy {
		v = Variant{Outputs: 1, Project: "p-a", Exports: 1, Query: "status:500", Release: "ra", Baremetal: true, AssumeRoles: v.AssumeRoles}
	}
	var b strings.Builder
	b.WriteString(emulator.ProviderBlock{URL: endpoint, RequiredProviders: true, AssumeRoles: v.AssumeRoles,
		Settings: []string{"max_retries = 3", `read_after_write_timeout = "5s"`}}.String())
	fmt.Fprintf(&b, `
resource "telemetry_cms_exporter_output" "out" {
  count             = %[2]d
  dest_name         = "soak-${count.index}"
  sls_endpoint      = "https://cn-hangzhou.log.aliyuncs.com/"
  sls_project       = %[3]q
  sls_logstore      = "metrics"
  access_key_id     = "LTAIsoak"
  access_key_secret = "soak-secret"
}
resource "telemetry_cls_export" "exp" {
  count     = %[4]d
  topic_id  = %[5]q
  query     = "%[6]s ${count.index}"
  from      = "2025-02-01T00:00:00Z"
  to        = "2025-02-01T09:00:00+08:00"
  log_count = 100
  timeouts {
    create = "2m"
  }
}
resource "telemetry_cms_custom_event" "ev" {
  triggers = { release = %[7]q }
  events = [
    { name = "soak", content = "same", time = "2025-02-01T00:00:00Z" },
    { name = "soak", content = "same", time = "2025-02-01T00:00:00Z" },
    { name = "soak", content = "now" },
  ]
}
`, endpoint, v.Outputs, v.Project, v.Exports, tencent.DefaultTopics[0].TopicID, v.Query, v.Release)
	if v.Baremetal {
		fmt.Fprintf(&b, `
resource "telemetry_baremetal_log_export" "bm" {
  physical_server_id = %q
  output_path        = %q
  timeouts {
    create = "2m"
  }
}
`, huawei.DefaultServers("emulator-project")[0].ID, filepath.Join(archives, "node.tar.gz"))
	}
	return b.String()
}
