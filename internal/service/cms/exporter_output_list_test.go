package cms_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
)

// The list resource is tested at the protocol level: `terraform query`
// needs Terraform 1.14 (see TestAccCMSExporterOutputList_query for the CLI).
const exporterOutputType = "telemetry_cms_exporter_output"

func seedListOutputs(t *testing.T, e *acctest.Emulator, region string, names ...string) {
	t.Helper()
	var seed []map[string]any
	for _, n := range names {
		seed = append(seed, map[string]any{
			"region": region, "dest_name": n, "endpoint": "https://" + region + ".log.aliyuncs.com", "project": "proj-" + n,
			"logstore": "metrics", "access_key_id": "LTAI" + n, "access_key_secret": "secret-" + n, "create_time_ms": 1700000000000,
		})
	}
	e.Post(t, "/_emulator/alibaba/exporter_outputs", seed, nil)
}

func listStr(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

func noErrors(t *testing.T, got []acctest.Listed) {
	t.Helper()
	for i, r := range got {
		if acctest.ProtoHasError(r.Diagnostics) {
			t.Fatalf("result %d: %s", i, acctest.ProtoDiagText(r.Diagnostics))
		}
	}
}

// 250 outputs are listed in ceil(250/100) pages (plus at most one), every
// one with its identity; the limit cuts the results.
func TestExporterOutputList_pagesAndLimit(t *testing.T) {
	e := acctest.NewEmulator(t)
	var names []string
	for i := range 250 {
		names = append(names, fmt.Sprintf("out-%03d", i))
	}
	seedListOutputs(t, e, acctest.AlicloudRegion, names...)
	p := e.ProtoProvider(t)

	before := e.Stats(t)["DescribeExporterOutputList"]
	got := p.List(exporterOutputType, nil, false, 1000)
	calls := e.Stats(t)["DescribeExporterOutputList"] - before
	t.Logf("DescribeExporterOutputList calls for 250 outputs: %d", calls)
	noErrors(t, got)
	if len(got) != 250 {
		t.Fatalf("listed %d outputs, want 250", len(got))
	}
	if calls > 250/100+1+1 { // ceil(250/100) pages, plus one
		t.Errorf("DescribeExporterOutputList calls = %d, want at most 4", calls)
	}
	seen := map[string]bool{}
	for _, r := range got {
		name := acctest.String(t, r.Identity["dest_name"])
		if seen[name] || !strings.HasPrefix(name, "out-") {
			t.Errorf("unexpected or repeated identity %q", name)
		}
		seen[name] = true
		if region := acctest.String(t, r.Identity["region"]); region != acctest.AlicloudRegion {
			t.Errorf("%s: identity region %q", name, region)
		}
		if r.Resource != nil {
			t.Errorf("%s: resource returned though not asked for", name)
		}
		if !strings.HasPrefix(r.DisplayName, name) {
			t.Errorf("display name %q does not start with %q", r.DisplayName, name)
		}
	}

	for _, limit := range []int64{1, 7, 100, 249} {
		if got := p.List(exporterOutputType, nil, true, limit); int64(len(got)) != limit {
			t.Errorf("limit %d: listed %d", limit, len(got))
		}
	}
}

// name_prefix and region select the outputs; the resource is what Read
// fills after an import, the secret (never returned by the API) null.
func TestExporterOutputList_filtersAndResource(t *testing.T) {
	e := acctest.NewEmulator(t)
	seedListOutputs(t, e, acctest.AlicloudRegion, "prod-a", "prod-b", "dev-a")
	seedListOutputs(t, e, "cn-shanghai", "prod-sh")
	p := e.ProtoProvider(t)

	got := p.List(exporterOutputType, map[string]tftypes.Value{"name_prefix": listStr("prod-")}, true, 100)
	noErrors(t, got)
	var names []string
	for _, r := range got {
		names = append(names, acctest.String(t, r.Identity["dest_name"]))
	}
	if strings.Join(names, ",") != "prod-a,prod-b" && strings.Join(names, ",") != "prod-b,prod-a" {
		t.Fatalf("name_prefix prod- listed %v, want prod-a and prod-b", names)
	}
	for _, r := range got {
		name := acctest.String(t, r.Identity["dest_name"])
		want := map[string]string{
			"dest_name": name, "dest_type": "sls", "region": acctest.AlicloudRegion,
			"sls_endpoint": "https://cn-hangzhou.log.aliyuncs.com", "sls_project": "proj-" + name, "sls_logstore": "metrics",
			"access_key_id": "LTAI" + name, "create_time": "2023-11-14T22:13:20Z",
			"access_key_secret": "<null>", "access_key_secret_wo": "<null>", "description": "<null>", "user_id": "<null>",
		}
		for attr, w := range want {
			if g := acctest.String(t, r.Resource[attr]); g != w {
				t.Errorf("%s: %s = %q, want %q", name, attr, g, w)
			}
		}
		if !r.Resource["access_key_secret_wo_version"].IsNull() {
			t.Errorf("%s: access_key_secret_wo_version is set", name)
		}
		if r.DisplayName != name+" (SLS proj-"+name+"/metrics)" {
			t.Errorf("display name %q", r.DisplayName)
		}
	}

	got = p.List(exporterOutputType, map[string]tftypes.Value{"region": listStr("cn-shanghai")}, true, 100)
	noErrors(t, got)
	if len(got) != 1 || acctest.String(t, got[0].Identity["dest_name"]) != "prod-sh" ||
		acctest.String(t, got[0].Identity["region"]) != "cn-shanghai" || acctest.String(t, got[0].Resource["region"]) != "cn-shanghai" {
		t.Fatalf("region cn-shanghai listed %+v", got)
	}

	if got := p.List(exporterOutputType, map[string]tftypes.Value{"name_prefix": listStr("none-")}, true, 100); len(got) != 0 {
		t.Errorf("name_prefix none- listed %d results", len(got))
	}
}

func TestExporterOutputList_validation(t *testing.T) {
	p := acctest.NewEmulator(t).ProtoProvider(t)
	for name, cfg := range map[string]map[string]tftypes.Value{
		"empty prefix": {"name_prefix": listStr("")},
		"bad region":   {"region": listStr("Hangzhou")},
	} {
		if d := p.Validate(exporterOutputType, cfg); !acctest.ProtoHasError(d) {
			t.Errorf("%s: accepted", name)
		}
	}
	if d := p.Validate(exporterOutputType, map[string]tftypes.Value{"name_prefix": listStr("prod-"), "region": listStr("cn-shanghai")}); acctest.ProtoHasError(d) {
		t.Errorf("valid config refused: %s", acctest.ProtoDiagText(d))
	}
}
