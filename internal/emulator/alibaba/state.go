package alibaba

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// State returns the objects: {"exporter_outputs": {...}, "exporter_rules":
// {...}, "custom_events": [...]}.
func (e *Emulator) State() any {
	return map[string]any{
		"exporter_outputs": e.exporterOutputsState(),
		"exporter_rules":   e.exporterRulesState(),
		eventsKey:          e.events.snapshot(),
	}
}

// Restore replaces the objects with what State produced. Unknown keys are an error.
func (e *Emulator) Restore(raw json.RawMessage) error {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return fmt.Errorf("alibaba state: %w", err)
	}
	for key, v := range top {
		switch key {
		case "exporter_outputs":
			if err := e.restoreExporterOutputs(v); err != nil {
				return fmt.Errorf("alibaba state, exporter_outputs: %w", err)
			}
		case "exporter_rules":
			if err := e.restoreExporterRules(v); err != nil {
				return fmt.Errorf("alibaba state, exporter_rules: %w", err)
			}
		case eventsKey:
			if err := e.events.restore(v); err != nil {
				return fmt.Errorf("alibaba state, %s: %w", key, err)
			}
		default:
			return fmt.Errorf("alibaba state: unknown key %q", key)
		}
	}
	return nil
}

// Reset forgets every object and every seen nonce.
func (e *Emulator) Reset() {
	e.mu.Lock()
	e.nonces = map[string]time.Time{}
	e.outputs = map[string]map[string]*core.Version[exporterOutput]{}
	e.rules = map[string]map[string]*core.Version[exporterRule]{}
	e.mu.Unlock()
	e.events.reset()
}

// exporterOutputsState is region → outputs (sorted), secrets included: the
// emulator's own truth, which Restore reads back.
func (e *Emulator) exporterOutputsState() map[string][]exporterOutput {
	e.mu.Lock()
	regions := sortedKeys(e.outputs)
	e.mu.Unlock()
	out := map[string][]exporterOutput{}
	for _, region := range regions {
		if list := e.sortedOutputs(region, true); len(list) > 0 {
			out[region] = list
		}
	}
	return out
}

func (e *Emulator) restoreExporterOutputs(raw json.RawMessage) error {
	var in map[string][]exporterOutput
	if err := json.Unmarshal(raw, &in); err != nil {
		return err
	}
	outputs := map[string]map[string]*core.Version[exporterOutput]{}
	for region, list := range in {
		outputs[region] = map[string]*core.Version[exporterOutput]{}
		for i := range list {
			o := list[i]
			if o.DestName == "" {
				return fmt.Errorf("region %s: an exporter output has no dest_name", region)
			}
			o.Region = ""
			outputs[region][o.DestName] = &core.Version[exporterOutput]{Value: o} // visible at once
		}
	}
	e.mu.Lock()
	e.outputs = outputs
	e.mu.Unlock()
	return nil
}

// exporterRulesState is region → rules (sorted): the emulator's truth.
func (e *Emulator) exporterRulesState() map[string][]exporterRule {
	e.mu.Lock()
	regions := sortedKeys(e.rules)
	e.mu.Unlock()
	out := map[string][]exporterRule{}
	for _, region := range regions {
		if list := e.sortedRules(region, true); len(list) > 0 {
			out[region] = list
		}
	}
	return out
}

func (e *Emulator) restoreExporterRules(raw json.RawMessage) error {
	var in map[string][]exporterRule
	if err := json.Unmarshal(raw, &in); err != nil {
		return err
	}
	rules := map[string]map[string]*core.Version[exporterRule]{}
	for region, list := range in {
		rules[region] = map[string]*core.Version[exporterRule]{}
		for i := range list {
			rule := list[i]
			if rule.RuleName == "" {
				return fmt.Errorf("region %s: an exporter rule has no rule_name", region)
			}
			rule.Region = ""
			rules[region][rule.RuleName] = &core.Version[exporterRule]{Value: rule} // visible at once
		}
	}
	e.mu.Lock()
	e.rules = rules
	e.mu.Unlock()
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
