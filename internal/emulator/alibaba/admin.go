package alibaba

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// AdminBodies are the JSON bodies of this vendor's admin create and change
// calls, by "METHOD /_emulator/alibaba/<path>": the emulator guide documents
// every field of each (a test reads their json tags). POST also takes a
// JSON array of exporter outputs.
var AdminBodies = map[string]any{
	"POST /_emulator/alibaba/exporter_outputs":              exporterOutput{},
	"PATCH /_emulator/alibaba/exporter_outputs/REGION/NAME": exporterOutputPatch{},
}

// Admin answers /_emulator/alibaba/<sub>:
//
//	GET    exporter_outputs                     every exporter output (with secrets)
//	POST   exporter_outputs                     seed one object or a JSON array of them
//	PATCH  exporter_outputs/<region>/<name>     change fields out of band (drift)
//	DELETE exporter_outputs/<region>/<name>     delete out of band (disappears)
//	GET    exporter_rules                       every exporter rule
//	POST   exporter_rules                       seed one rule or a JSON array of them
//	PATCH  exporter_rules/<region>/<name>       change fields out of band (drift, the console's enable switch)
//	DELETE exporter_rules/<region>/<name>       delete out of band (disappears)
func (e *Emulator) Admin(w http.ResponseWriter, r *http.Request, sub string) {
	head, rest, _ := strings.Cut(sub, "/")
	switch head {
	case "exporter_outputs":
		e.adminExporterOutputs(w, r, rest)
		return
	case "exporter_rules":
		e.adminExporterRules(w, r, rest)
		return
	}
	core.WriteJSON(w, http.StatusNotFound, map[string]any{"error": "unknown admin path /_emulator/alibaba/" + sub})
}

// decodeAdmin reads a JSON admin body into v, accepting one object or an
// array when v is a slice pointer handled by the caller.
func decodeAdmin(r *http.Request, v any) error {
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func (e *Emulator) adminExporterOutputs(w http.ResponseWriter, r *http.Request, rest string) {
	if rest == "" {
		switch r.Method {
		case http.MethodGet:
			core.WriteJSON(w, http.StatusOK, e.exporterOutputsState())
		case http.MethodPost:
			e.adminSeed(w, r)
		default:
			core.WriteJSON(w, http.StatusMethodNotAllowed, map[string]any{"error": "use GET or POST"})
		}
		return
	}
	region, name, ok := strings.Cut(rest, "/")
	if !ok || region == "" || name == "" {
		core.WriteJSON(w, http.StatusNotFound, map[string]any{"error": "use /_emulator/alibaba/exporter_outputs/<region>/<dest_name>"})
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	o, exists := e.currentOutput(region, name)
	if !exists {
		core.WriteJSON(w, http.StatusNotFound, map[string]any{"error": fmt.Sprintf("no exporter output %q in %s", name, region)})
		return
	}
	switch r.Method {
	case http.MethodGet:
		core.WriteJSON(w, http.StatusOK, o)
	case http.MethodDelete:
		e.writeOutput(region, o, true)
		core.WriteJSON(w, http.StatusOK, map[string]any{"deleted": name})
	case http.MethodPatch, http.MethodPost:
		var p exporterOutputPatch
		if err := decodeAdmin(r, &p); err != nil {
			core.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": "decoding patch: " + err.Error()})
			return
		}
		for _, f := range []struct {
			src *string
			dst *string
		}{{p.DestType, &o.DestType}, {p.Desc, &o.Desc}, {p.Endpoint, &o.Endpoint}, {p.Project, &o.Project}, {p.Logstore, &o.Logstore},
			{p.AccessKeyID, &o.AccessKeyID}, {p.AccessKeySecret, &o.AccessKeySecret}, {p.UserID, &o.UserID}} {
			if f.src != nil {
				*f.dst = *f.src
			}
		}
		e.writeOutput(region, o, false)
		core.WriteJSON(w, http.StatusOK, o)
	default:
		core.WriteJSON(w, http.StatusMethodNotAllowed, map[string]any{"error": "use GET, PATCH or DELETE"})
	}
}

// adminSeed stores one exporter output or a JSON array of them, as given
// (region defaults to the default region, dest_type to sls, create time to now).
func (e *Emulator) adminSeed(w http.ResponseWriter, r *http.Request) {
	var raw json.RawMessage
	if err := decodeAdmin(r, &raw); err != nil {
		core.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": "decoding body: " + err.Error()})
		return
	}
	var list []exporterOutput
	if strings.HasPrefix(strings.TrimSpace(string(raw)), "[") {
		if err := json.Unmarshal(raw, &list); err != nil {
			core.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": err.Error()})
			return
		}
	} else {
		var one exporterOutput
		if err := json.Unmarshal(raw, &one); err != nil {
			core.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": err.Error()})
			return
		}
		list = []exporterOutput{one}
	}
	now := e.env.Now().UnixMilli()
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := range list {
		o := list[i]
		if !destNamePattern.MatchString(o.DestName) {
			core.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": fmt.Sprintf("dest_name %q does not match %s", o.DestName, destNamePattern)})
			return
		}
		region := o.Region
		if region == "" {
			region = e.opts.DefaultRegion
		}
		o.Region = ""
		if o.DestType == "" {
			o.DestType = "sls"
		}
		if o.CreateTimeMS == 0 {
			o.CreateTimeMS = now
		}
		e.writeOutput(region, o, false)
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"seeded": len(list)})
}

func (e *Emulator) adminExporterRules(w http.ResponseWriter, r *http.Request, rest string) {
	if rest == "" {
		switch r.Method {
		case http.MethodGet:
			core.WriteJSON(w, http.StatusOK, e.exporterRulesState())
		case http.MethodPost:
			e.adminSeedRules(w, r)
		default:
			core.WriteJSON(w, http.StatusMethodNotAllowed, map[string]any{"error": "use GET or POST"})
		}
		return
	}
	region, name, ok := strings.Cut(rest, "/")
	if !ok || region == "" || name == "" {
		core.WriteJSON(w, http.StatusNotFound, map[string]any{"error": "use /_emulator/alibaba/exporter_rules/<region>/<rule_name>"})
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	rule, exists := e.currentRule(region, name)
	if !exists {
		core.WriteJSON(w, http.StatusNotFound, map[string]any{"error": fmt.Sprintf("no exporter rule %q in %s", name, region)})
		return
	}
	switch r.Method {
	case http.MethodGet:
		core.WriteJSON(w, http.StatusOK, rule)
	case http.MethodDelete:
		e.writeRule(region, rule, true)
		core.WriteJSON(w, http.StatusOK, map[string]any{"deleted": name})
	case http.MethodPatch, http.MethodPost:
		var p exporterRulePatch
		if err := decodeAdmin(r, &p); err != nil {
			core.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": "decoding patch: " + err.Error()})
			return
		}
		p.apply(&rule)
		e.writeRule(region, rule, false)
		core.WriteJSON(w, http.StatusOK, rule)
	default:
		core.WriteJSON(w, http.StatusMethodNotAllowed, map[string]any{"error": "use GET, PATCH or DELETE"})
	}
}

// ruleSeed is a seeded rule: enabled defaults to true, region to the
// default region, create time to now.
type ruleSeed struct {
	exporterRule
	Enabled *bool `json:"enabled"`
}

// adminSeedRules stores one exporter rule or a JSON array of them.
func (e *Emulator) adminSeedRules(w http.ResponseWriter, r *http.Request) {
	var raw json.RawMessage
	if err := decodeAdmin(r, &raw); err != nil {
		core.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": "decoding body: " + err.Error()})
		return
	}
	if !strings.HasPrefix(strings.TrimSpace(string(raw)), "[") {
		raw = json.RawMessage("[" + string(raw) + "]")
	}
	var list []ruleSeed
	if err := json.Unmarshal(raw, &list); err != nil {
		core.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": err.Error()})
		return
	}
	now := e.env.Now().UnixMilli()
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, s := range list {
		rule := s.exporterRule
		if rule.RuleName == "" || !validTargetWindows(rule.TargetWindows) {
			core.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": fmt.Sprintf("rule %q: rule_name is required and target_windows must be seconds >= 60, comma-separated", rule.RuleName)})
			return
		}
		region := rule.Region
		if region == "" {
			region = e.opts.DefaultRegion
		}
		rule.Region, rule.Enabled = "", s.Enabled == nil || *s.Enabled
		if rule.CreateTimeMS == 0 {
			rule.CreateTimeMS = now
		}
		e.writeRule(region, rule, false)
	}
	core.WriteJSON(w, http.StatusOK, map[string]any{"seeded": len(list)})
}
