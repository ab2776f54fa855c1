package huawei

import (
	"encoding/json"
	"fmt"
	"sort"
)

// Reset forgets every export and returns to the seeded servers.
func (e *Emulator) Reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	servers := e.opts.Servers
	if servers == nil {
		servers = DefaultServers(e.opts.ProjectID)
	}
	e.servers = map[string]Server{}
	for _, s := range servers {
		if s.ProjectID == "" {
			s.ProjectID = e.opts.ProjectID
		}
		e.servers[idKey(s.ID)] = s
	}
	e.exports = map[string]*export{}
	e.calls = 0
}

// stateDoc is what State returns and Restore loads.
type stateDoc struct {
	Servers []Server  `json:"servers"`
	Exports []*export `json:"exports"`
}

// State returns {"servers": [...], "exports": [...]} with each export's current status.
func (e *Emulator) State() any {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.env.Now()
	doc := stateDoc{Servers: []Server{}, Exports: []*export{}}
	for _, s := range e.servers {
		doc.Servers = append(doc.Servers, s)
	}
	sort.Slice(doc.Servers, func(i, j int) bool { return doc.Servers[i].ID < doc.Servers[j].ID })
	for _, x := range e.exports {
		if x.DeletedAt != nil {
			continue // forgotten; only lagging status answers still show it
		}
		c := *x
		c.Status, c.Percentage, _ = e.progress(x, now)
		doc.Exports = append(doc.Exports, &c)
	}
	sort.Slice(doc.Exports, func(i, j int) bool { return doc.Exports[i].Seq < doc.Exports[j].Seq })
	return doc
}

// Restore loads what State produced (servers and exports), replacing both.
func (e *Emulator) Restore(raw json.RawMessage) error {
	var doc stateDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("decoding huawei state: %w", err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.servers = map[string]Server{}
	for _, s := range doc.Servers {
		e.servers[idKey(s.ID)] = s
	}
	e.exports = map[string]*export{}
	for _, x := range doc.Exports {
		if x == nil || x.ExportID == "" {
			continue
		}
		x.Status, x.Percentage = "", 0
		e.exports[idKey(x.ExportID)] = x
		e.seq = max(e.seq, x.Seq)
	}
	return nil
}
