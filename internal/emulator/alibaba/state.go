package alibaba

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"
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
	e.outputs = versions[exporterOutput]{}
	e.rules = versions[exporterRule]{}
	e.mu.Unlock()
	e.events.reset()
}

// exporterOutputsState is region → outputs (sorted), secrets included: the
// emulator's own truth, which Restore reads back.
func (e *Emulator) exporterOutputsState() map[string][]exporterOutput {
	return stateOf(e, &e.outputs, e.sortedOutputs)
}

func (e *Emulator) restoreExporterOutputs(raw json.RawMessage) error {
	outputs, err := restoreVersions(raw, "an exporter output has no dest_name", func(o *exporterOutput) string {
		o.Region = ""
		return o.DestName
	})
	if err != nil {
		return err
	}
	e.mu.Lock()
	e.outputs = outputs
	e.mu.Unlock()
	return nil
}

// exporterRulesState is region → rules (sorted): the emulator's truth.
func (e *Emulator) exporterRulesState() map[string][]exporterRule {
	return stateOf(e, &e.rules, e.sortedRules)
}

func (e *Emulator) restoreExporterRules(raw json.RawMessage) error {
	rules, err := restoreVersions(raw, "an exporter rule has no rule_name", func(r *exporterRule) string {
		r.Region = ""
		return r.RuleName
	})
	if err != nil {
		return err
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
