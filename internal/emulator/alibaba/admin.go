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

// adminKind is how the admin API reaches one kind of stored object.
type adminKind[T any] struct {
	path     string // "exporter_outputs"
	nameAttr string // "dest_name", in the path's usage message
	noun     string // "exporter output"
	state    func() any
	seed     func(w http.ResponseWriter, r *http.Request)
	current  func(region, name string) (T, bool)    // e.mu held
	write    func(region string, v T, deleted bool) // e.mu held
	patch    func(r *http.Request, v *T) error      // decodes the body and applies it
}

// adminObjects answers /_emulator/alibaba/<k.path>[/<region>/<name>]: the
// kind's objects (GET), a seed (POST), or one object to read, change out
// of band (PATCH, POST) or delete out of band (DELETE).
func adminObjects[T any](e *Emulator, k adminKind[T], w http.ResponseWriter, r *http.Request, rest string) {
	if rest == "" {
		switch r.Method {
		case http.MethodGet:
			core.WriteJSON(w, http.StatusOK, k.state())
		case http.MethodPost:
			k.seed(w, r)
		default:
			core.WriteJSON(w, http.StatusMethodNotAllowed, map[string]any{"error": "use GET or POST"})
		}
		return
	}
	region, name, ok := strings.Cut(rest, "/")
	if !ok || region == "" || name == "" {
		core.WriteJSON(w, http.StatusNotFound, map[string]any{"error": fmt.Sprintf("use /_emulator/alibaba/%s/<region>/<%s>", k.path, k.nameAttr)})
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	v, exists := k.current(region, name)
	if !exists {
		core.WriteJSON(w, http.StatusNotFound, map[string]any{"error": fmt.Sprintf("no %s %q in %s", k.noun, name, region)})
		return
	}
	switch r.Method {
	case http.MethodGet:
		core.WriteJSON(w, http.StatusOK, v)
	case http.MethodDelete:
		k.write(region, v, true)
		core.WriteJSON(w, http.StatusOK, map[string]any{"deleted": name})
	case http.MethodPatch, http.MethodPost:
		if err := k.patch(r, &v); err != nil {
			core.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": "decoding patch: " + err.Error()})
			return
		}
		k.write(region, v, false)
		core.WriteJSON(w, http.StatusOK, v)
	default:
		core.WriteJSON(w, http.StatusMethodNotAllowed, map[string]any{"error": "use GET, PATCH or DELETE"})
	}
}

// decodePatch reads an admin patch body into P and applies it to v.
func decodePatch[T any, P interface{ apply(*T) }](r *http.Request, v *T) error {
	var p P
	if err := decodeAdmin(r, &p); err != nil {
		return err
	}
	p.apply(v)
	return nil
}

func (e *Emulator) adminExporterOutputs(w http.ResponseWriter, r *http.Request, rest string) {
	adminObjects(e, adminKind[exporterOutput]{
		path: "exporter_outputs", nameAttr: "dest_name", noun: "exporter output",
		state: func() any { return e.exporterOutputsState() }, seed: e.adminSeed,
		current: func(region, name string) (exporterOutput, bool) { return e.outputs.current(region, name) },
		write:   e.writeOutput, patch: decodePatch[exporterOutput, exporterOutputPatch],
	}, w, r, rest)
}

// adminSeed stores one exporter output or a JSON array of them, as given
// (region defaults to the default region, dest_type to sls, create time to now).
func (e *Emulator) adminSeed(w http.ResponseWriter, r *http.Request) {
	list, ok := decodeSeeds[exporterOutput](w, r)
	if !ok {
		return
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
	adminObjects(e, adminKind[exporterRule]{
		path: "exporter_rules", nameAttr: "rule_name", noun: "exporter rule",
		state: func() any { return e.exporterRulesState() }, seed: e.adminSeedRules,
		current: func(region, name string) (exporterRule, bool) { return e.rules.current(region, name) },
		write:   e.writeRule, patch: decodePatch[exporterRule, exporterRulePatch],
	}, w, r, rest)
}

// ruleSeed is a seeded rule: enabled defaults to true, region to the
// default region, create time to now.
type ruleSeed struct {
	exporterRule
	Enabled *bool `json:"enabled"`
}

// adminSeedRules stores one exporter rule or a JSON array of them.
func (e *Emulator) adminSeedRules(w http.ResponseWriter, r *http.Request) {
	list, ok := decodeSeeds[ruleSeed](w, r)
	if !ok {
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

// decodeSeeds reads a seed body: one object or a JSON array of them. A
// body it cannot read is answered 400 (then ok is false).
func decodeSeeds[S any](w http.ResponseWriter, r *http.Request) ([]S, bool) {
	var raw json.RawMessage
	if err := decodeAdmin(r, &raw); err != nil {
		core.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": "decoding body: " + err.Error()})
		return nil, false
	}
	if !strings.HasPrefix(strings.TrimSpace(string(raw)), "[") {
		raw = json.RawMessage("[" + string(raw) + "]")
	}
	var list []S
	if err := json.Unmarshal(raw, &list); err != nil {
		core.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": err.Error()})
		return nil, false
	}
	return list, true
}
