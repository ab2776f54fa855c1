package reliability_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"testing"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/tencent"
)

// Fixed inputs shared by the configurations of this package.
var (
	topicID  = tencent.DefaultTopics[0].TopicID
	serverID = "3f2a9c1e-5b7d-4e8a-9c0b-1d2e3f4a5b6c" // first of huawei.DefaultServers
)

// fast shortens every asynchronous timeline of the emulator to tens of
// milliseconds so that waits end quickly.
func fast(o *emulator.Options) {
	o.Tencent.QueueMS, o.Tencent.ProcessMS = 10, 30
	o.Huawei.ExportMS = 30
	o.Huawei.PercentStep = 10
	o.Huawei.ArchiveBytes = 16 << 10
}

// inventory is every object the emulator holds, by kind, as "id" strings.
type inventory struct {
	ExporterOutputs []string // region/dest_name
	CustomEvents    []string // region/name
	CLSExports      []string // topic_id:export_id
	BaremetalExport []string // project/server/export_id
}

func (i inventory) String() string {
	return fmt.Sprintf("exporter outputs %v, custom events %v, CLS exports %v, bare-metal exports %v",
		i.ExporterOutputs, i.CustomEvents, i.CLSExports, i.BaremetalExport)
}

// total counts every object.
func (i inventory) total() int {
	return len(i.ExporterOutputs) + len(i.CustomEvents) + len(i.CLSExports) + len(i.BaremetalExport)
}

// takeInventory reads /_emulator/state.
func takeInventory(t testing.TB, e *acctest.Emulator) inventory {
	t.Helper()
	var st struct {
		Alibaba struct {
			ExporterOutputs map[string][]struct {
				DestName string `json:"dest_name"`
			} `json:"exporter_outputs"`
			CustomEvents []struct {
				Region string `json:"region"`
				Name   string `json:"name"`
			} `json:"custom_events"`
		} `json:"alibaba"`
		Tencent struct {
			Exports []struct {
				ExportID string `json:"export_id"`
				TopicID  string `json:"topic_id"`
			} `json:"exports"`
		} `json:"tencent"`
		Huawei struct {
			Exports []struct {
				ExportID  string `json:"export_id"`
				ProjectID string `json:"project_id"`
				ServerID  string `json:"server_id"`
			} `json:"exports"`
		} `json:"huawei"`
	}
	e.State(t, &st)
	var inv inventory
	for region, outs := range st.Alibaba.ExporterOutputs {
		for _, o := range outs {
			inv.ExporterOutputs = append(inv.ExporterOutputs, region+"/"+o.DestName)
		}
	}
	sort.Strings(inv.ExporterOutputs)
	for _, ev := range st.Alibaba.CustomEvents {
		inv.CustomEvents = append(inv.CustomEvents, ev.Region+"/"+ev.Name)
	}
	for _, x := range st.Tencent.Exports {
		inv.CLSExports = append(inv.CLSExports, x.TopicID+":"+x.ExportID)
	}
	for _, x := range st.Huawei.Exports {
		inv.BaremetalExport = append(inv.BaremetalExport, x.ProjectID+"/"+x.ServerID+"/"+x.ExportID)
	}
	return inv
}

// noAPICalls fails t when any vendor operation reached the emulator.
func noAPICalls(t testing.TB, e *acctest.Emulator) {
	t.Helper()
	if stats := e.Stats(t); len(stats) != 0 {
		t.Errorf("expected no API call, the emulator counted %v", stats)
	}
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
