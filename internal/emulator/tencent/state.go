package tencent

import (
	"encoding/json"
	"fmt"

	"golang.org/x/time/rate"
)

// Reset forgets every export and returns to the seeded topics.
func (e *Emulator) Reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.topics = withRegion(e.opts.Topics, e.opts.DefaultRegion)
	e.exports = nil
	e.limiters = map[string]*rate.Limiter{}
}

// snapshot is the JSON shape of State and Restore.
type snapshot struct {
	Topics  []Topic   `json:"topics"`
	Exports []*export `json:"exports"`
}

// State returns {"topics": [...], "exports": [...]}, each export with its
// current status: the truth as of now, whatever the visibility lag makes
// DescribeExports show.
func (e *Emulator) State() any {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.env.Now()
	s := snapshot{Topics: append([]Topic{}, e.topics...), Exports: []*export{}}
	for _, x := range e.exports {
		if x.DeletedAt != nil {
			continue // the truth; answers may still show it for the lag
		}
		c := *x
		c.Status = x.status(now)
		s.Exports = append(s.Exports, &c)
	}
	return s
}

// Restore replaces the topics and exports with what State produced.
func (e *Emulator) Restore(raw json.RawMessage) error {
	var s snapshot
	if err := json.Unmarshal(raw, &s); err != nil {
		return fmt.Errorf("decoding the tencent state: %w", err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if s.Topics != nil {
		e.topics = withRegion(s.Topics, e.opts.DefaultRegion)
	}
	e.exports = e.exports[:0]
	for _, x := range s.Exports {
		if x == nil || x.ExportID == "" {
			continue
		}
		x.Status = ""
		e.exports = append(e.exports, x)
		e.seq = max(e.seq, x.Seq)
	}
	return nil
}
