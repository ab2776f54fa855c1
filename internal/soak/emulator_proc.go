package soak

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// emulatorState is what the soak reads of GET /_emulator/state: the truth.
type emulatorState struct {
	outputs, exports, baremetal map[string]bool
	events                      int
}

// emulatorProc is an in-process emulator with a state file, on a fixed
// loopback address, that can be restarted (a new emulator loaded from the
// state file) in the middle of a request stream.
type emulatorProc struct {
	url       string
	stateFile string
	ln        net.Listener
	srvHTTP   *http.Server

	// serving is held shared by every request and exclusively by a restart.
	serving sync.RWMutex

	mu       sync.Mutex
	srv      *emulator.Server
	requests int
	restartN int
	lost     int // faults armed on an emulator that was restarted away
}

// soakSTSTTL is the lifetime of the temporary credentials the soak's
// emulator issues: rounds with assumed roles refresh them within an apply.
const soakSTSTTL = 2 * time.Second

// soakOptions are the emulator's options for the soak: short exports and
// small archives, short-lived temporary credentials, objects and issued
// credentials kept in stateFile (a restart reloads them).
func soakOptions(stateFile string, modes core.Modes) emulator.Options {
	opts := emulator.DefaultOptions()
	opts.StateFile, opts.Modes, opts.STSTTL = stateFile, modes, soakSTSTTL
	opts.Tencent.QueueMS, opts.Tencent.ProcessMS = 200, 800
	opts.Huawei.ExportMS, opts.Huawei.ArchiveBytes = 800, 64<<10
	return opts
}

func startEmulator(stateFile string) (*emulatorProc, error) {
	srv, err := emulator.NewFromOptions(soakOptions(stateFile, core.Modes{}))
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &emulatorProc{url: "http://" + ln.Addr().String(), stateFile: stateFile, ln: ln, srv: srv}
	p.srvHTTP = &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = p.srvHTTP.Serve(ln) }()
	return p, nil
}

func (p *emulatorProc) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.serve(w, r)
	if strings.HasPrefix(r.URL.Path, "/_emulator/") {
		return
	}
	p.mu.Lock()
	p.requests++
	restart := p.restartN > 0 && p.requests == p.restartN
	p.mu.Unlock()
	if restart {
		p.restart()
	}
}

// serve answers r on the current emulator, holding off restarts meanwhile.
// The unlock is deferred: a drop fault ends the handler with a panic
// (http.ErrAbortHandler) that net/http recovers.
func (p *emulatorProc) serve(w http.ResponseWriter, r *http.Request) {
	p.serving.RLock()
	defer p.serving.RUnlock()
	p.mu.Lock()
	srv := p.srv
	p.mu.Unlock()
	srv.ServeHTTP(w, r)
}

// restart loads a new emulator from the state file, as the command does
// with -state-file. It first waits for every request in flight: each has
// saved its effect by the time it answers, so the new emulator starts from
// everything the old one acknowledged. (Swapping while requests were still
// running on the old emulator lost their writes — a delete acknowledged to
// the provider came back after the restart — and made the verdict of a seed
// depend on timing.) Modes are flags: they survive; armed faults and
// counters do not.
func (p *emulatorProc) restart() {
	p.serving.Lock()
	defer p.serving.Unlock()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lost += len(p.srv.Faults())
	if next, err := emulator.NewFromOptions(soakOptions(p.stateFile, p.srv.Modes())); err == nil {
		p.srv = next
	}
}

func (p *emulatorProc) restartAfter(n int) {
	p.mu.Lock()
	p.requests, p.restartN = 0, n
	p.mu.Unlock()
}

func (p *emulatorProc) takeLostFaults() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := p.lost
	p.lost = 0
	return n
}

func (p *emulatorProc) armedFaults() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.srv.Faults())
}

func (p *emulatorProc) clearFaults() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.srv.ClearFaults()
	return nil
}

func (p *emulatorProc) post(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	resp, err := http.Post(p.url+path, "application/json", bytes.NewReader(b))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("POST %s: HTTP %d %s", path, resp.StatusCode, body)
	}
	return nil
}

func (p *emulatorProc) state() (emulatorState, error) {
	st := emulatorState{outputs: map[string]bool{}, exports: map[string]bool{}, baremetal: map[string]bool{}}
	resp, err := http.Get(p.url + "/_emulator/state")
	if err != nil {
		return st, err
	}
	defer resp.Body.Close()
	var doc struct {
		Alibaba struct {
			ExporterOutputs map[string][]struct {
				DestName string `json:"dest_name"`
			} `json:"exporter_outputs"`
			CustomEvents []json.RawMessage `json:"custom_events"`
		} `json:"alibaba"`
		Tencent struct {
			Exports []struct {
				ExportID string `json:"export_id"`
			} `json:"exports"`
		} `json:"tencent"`
		Huawei struct {
			Exports []struct {
				ExportID string `json:"export_id"`
			} `json:"exports"`
		} `json:"huawei"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		return st, errors.New("decoding /_emulator/state: " + err.Error())
	}
	for _, o := range doc.Alibaba.ExporterOutputs["cn-hangzhou"] {
		st.outputs[o.DestName] = true
	}
	for _, x := range doc.Tencent.Exports {
		st.exports[strings.ToLower(x.ExportID)] = true
	}
	for _, x := range doc.Huawei.Exports {
		st.baremetal[strings.ToLower(x.ExportID)] = true
	}
	st.events = len(doc.Alibaba.CustomEvents)
	return st, nil
}

func (p *emulatorProc) close() {
	_ = p.srvHTTP.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	_ = p.srv.Close()
}
