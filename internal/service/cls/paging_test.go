package cls

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/tencent"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// pagingFixture is an emulator with modes holding n seeded exports of one
// topic, and a client of it.
func pagingFixture(t *testing.T, modes core.Modes, n int) (*emulator.Server, *tencentcloud.Client, []string) {
	t.Helper()
	opts := emulator.DefaultOptions()
	opts.Modes = modes
	opts.Tencent.RateLimit = false
	srv := emulator.New(opts)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	body, _ := json.Marshal(map[string]any{"topic_id": tencent.DefaultTopics[0].TopicID, "count": n, "created_ago_ms": modes.VisibilityLagMS + 1})
	resp, err := http.Post(ts.URL+"/_emulator/tencent/exports", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		ExportIDs []string `json:"export_ids"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || len(out.ExportIDs) != n {
		t.Fatalf("seeding %d exports: %v %v", n, err, out)
	}
	client := tencentcloud.NewClient(tencentcloud.Config{
		SecretID: tencent.DefaultSecretID, SecretKey: tencent.DefaultSecretKey,
		Region: tencent.DefaultRegion, Endpoint: ts.URL,
	})
	return srv, client, out.ExportIDs
}

// TestRefreshUnderPageCap: with the server serving at most 7 exports per
// page (whatever Limit the client asks), refreshing 30 exports finds every
// one (short pages are not the end) and costs at most ceil(30/7)+1
// DescribeExports calls for the topic.
func TestRefreshUnderPageCap(t *testing.T) {
	const n, capSize = 30, 7
	srv, client, ids := pagingFixture(t, core.Modes{PageCap: capSize}, n)
	topic := tencent.DefaultTopics[0].TopicID
	ctx := context.Background()
	for _, x := range ids {
		if _, err := findExport(ctx, client, exportID{TopicID: topic, ExportID: x}, false); err != nil {
			t.Fatalf("refreshing %s: %v", x, err)
		}
	}
	budget := (n+capSize-1)/capSize + 1
	if got := srv.Stats()["DescribeExports"]; got > budget {
		t.Errorf("refreshing %d exports cost %d DescribeExports calls, budget ceil(%d/%d)+1 = %d", n, got, n, capSize, budget)
	}
	// EachExport, as the data source and reconciliation use it, sees every export once.
	seen := map[string]int{}
	if err := client.EachExport(ctx, topic, func(e tencentcloud.Export) bool { seen[e.ExportID]++; return true }); err != nil {
		t.Fatal(err)
	}
	for _, x := range ids {
		if seen[x] != 1 {
			t.Errorf("EachExport saw %s %d times", x, seen[x])
		}
	}
}

// TestFindUnderNormalize: ids answered in the other hex case are the same
// export; the resource keeps the state's spelling and reads the creation
// time from CreateTime in another offset.
func TestFindUnderNormalize(t *testing.T) {
	_, client, ids := pagingFixture(t, core.Modes{Normalize: true}, 3)
	topic := tencent.DefaultTopics[0].TopicID
	id := exportID{TopicID: topic, ExportID: ids[1]}
	e, err := findExport(context.Background(), client, id, true)
	if err != nil {
		t.Fatalf("finding %s: %v", ids[1], err)
	}
	if e.ExportID == ids[1] || !strings.EqualFold(e.ExportID, ids[1]) {
		t.Fatalf("the emulator answered %s for %s; want the other hex case", e.ExportID, ids[1])
	}
	m := exportResourceModel{}
	m.ExportID, m.TopicID = stringValue(ids[1]), stringValue(topic)
	m.setFromAPI(e)
	if m.ExportID.ValueString() != ids[1] || m.TopicID.ValueString() != topic || m.ID.ValueString() != id.String() {
		t.Errorf("state spelling not kept: %s %s %s", m.ExportID, m.TopicID, m.ID)
	}
	if m.CreateTime.IsNull() || !strings.HasSuffix(m.CreateTime.ValueString(), "Z") {
		t.Errorf("create_time %s, want the instant in UTC", m.CreateTime)
	}
	if m.Order.ValueString() != "desc" || m.Format.ValueString() != "json" {
		t.Errorf("order/format %s/%s, want the documented lower case", m.Order, m.Format)
	}
}

// TestReadAfterWriteWaitsForVisibility: an export created a moment ago is
// not listed under a visibility lag; outside the propagation window
// readAfterWrite reports not found at once, within it it keeps looking and
// finds the export once it becomes visible (here: the lag is lifted when
// the fifth DescribeExports arrives, so no timing is involved).
func TestReadAfterWriteWaitsForVisibility(t *testing.T) {
	opts := emulator.DefaultOptions()
	opts.Modes = core.Modes{VisibilityLagMS: 3_600_000}
	srv := emulator.New(opts)
	var describes atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-TC-Action") == "DescribeExports" && describes.Add(1) == 5 {
			_ = srv.SetModes(core.Modes{})
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	client := tencentcloud.NewClient(tencentcloud.Config{
		SecretID: tencent.DefaultSecretID, SecretKey: tencent.DefaultSecretKey,
		Region: tencent.DefaultRegion, Endpoint: ts.URL,
	})
	topic := tencent.DefaultTopics[0].TopicID
	ctx := context.Background()
	out, err := client.CreateExport(ctx, tencentcloud.CreateExportInput{TopicID: topic, Query: "q", Count: 1, From: 0, To: 1000})
	if err != nil {
		t.Fatal(err)
	}
	id := exportID{TopicID: topic, ExportID: out.ExportID}
	if _, err := readAfterWrite(ctx, client, id, 0); !tfresource.NotFound(err) {
		t.Fatalf("outside the window: %v, want not found (the export is not listed yet)", err)
	}
	e, err := readAfterWrite(ctx, client, id, tfresource.PropagationTimeout)
	if err != nil || e.ExportID != out.ExportID {
		t.Fatalf("within the window: %v %v", e, err)
	}
	if n := describes.Load(); n < 5 {
		t.Errorf("found after %d DescribeExports; the export only became visible at the fifth", n)
	}
}

func stringValue(s string) types.String { return types.StringValue(s) }
