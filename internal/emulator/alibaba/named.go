package alibaba

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
)

// Exporter outputs and export rules are stored alike: by region and name,
// each the latest write (core.Version, which answers show once the
// visibility lag has passed), written by an upsert, listed by pages and
// deleted by name. What the two share is written once here.

// versions is one kind's store: region → name → latest write.
type versions[T any] map[string]map[string]*core.Version[T]

// write records a write of v named name in region (a deletion when
// deleted); e.mu is held.
func (vs versions[T]) write(e *Emulator, region, name string, v T, deleted bool) {
	byName := vs[region]
	if byName == nil {
		byName = map[string]*core.Version[T]{}
		vs[region] = byName
	}
	next := core.Write(byName[name], e.env.Now(), v, deleted, e.env.AsOf())
	if deleted && next.Prev == nil {
		delete(byName, name) // nothing left for any reader
		return
	}
	byName[name] = next
}

// current is the object as last written (the truth, which writes and the
// admin API see); e.mu is held.
func (vs versions[T]) current(region, name string) (T, bool) {
	return vs[region][name].Current()
}

// remove records the deletion of the object name in region and reports
// whether there was one; e.mu is held.
func (vs versions[T]) remove(e *Emulator, region, name string) bool {
	old, exists := vs.current(region, name)
	if exists {
		vs.write(e, region, name, old, true)
	}
	return exists
}

// listed returns the region's objects of store by order (create time, then
// name): as answers show them (the visibility lag applied), or as they are
// now (current). It takes e.mu.
func listed[T any](e *Emulator, store *versions[T], region string, current bool, order func(T) (int64, string)) []T {
	e.mu.Lock()
	defer e.mu.Unlock()
	asOf := e.env.AsOf()
	out := make([]T, 0, len((*store)[region]))
	for _, v := range (*store)[region] {
		var item T
		var ok bool
		if current {
			item, ok = v.Current()
		} else {
			item, ok = v.Visible(asOf)
		}
		if ok {
			out = append(out, item)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		ti, ni := order(out[i])
		tj, nj := order(out[j])
		if ti != tj {
			return ti < tj
		}
		return ni < nj
	})
	return out
}

// stateOf is region → objects as they are now (sorted, regions without
// any left out): the emulator's own truth, which Restore reads back.
func stateOf[T any](e *Emulator, store *versions[T], sorted func(region string, current bool) []T) map[string][]T {
	e.mu.Lock()
	regions := sortedKeys(*store)
	e.mu.Unlock()
	out := map[string][]T{}
	for _, region := range regions {
		if list := sorted(region, true); len(list) > 0 {
			out[region] = list
		}
	}
	return out
}

// restoreVersions reads what stateOf produced, every object visible at
// once. stored clears what is not stored with an object (its region) and
// returns its name; an empty name is the error noName.
func restoreVersions[T any](raw json.RawMessage, noName string, stored func(*T) string) (versions[T], error) {
	var in map[string][]T
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, err
	}
	out := versions[T]{}
	for region, list := range in {
		out[region] = map[string]*core.Version[T]{}
		for i := range list {
			item := list[i]
			name := stored(&item)
			if name == "" {
				return nil, fmt.Errorf("region %s: %s", region, noName)
			}
			out[region][name] = &core.Version[T]{Value: item}
		}
	}
	return out, nil
}

// deleteByName answers a Delete call naming its object in param: del
// deletes it (e.mu held) and reports whether it existed. A missing object
// is answered as -alibaba-delete-missing says.
func (e *Emulator) deleteByName(w http.ResponseWriter, r *http.Request, c *Call, param string, del func(region, name string) bool) {
	name := c.Params.Get(param)
	if name == "" {
		missing(w, r, param)
		return
	}
	e.mu.Lock()
	exists := del(c.Region, name)
	e.mu.Unlock()
	if !exists {
		switch e.opts.DeleteMissing {
		case DeleteMissingOK:
		case DeleteMissing200:
			e.writeErrorOK(w, r, c.Action, "ResourceNotFound", knownMessages["ResourceNotFound"])
			return
		default:
			WriteError(w, r, http.StatusNotFound, "ResourceNotFound", knownMessages["ResourceNotFound"])
			return
		}
	}
	WriteSuccess(w, c, map[string]any{"Code": "200", "Success": true, "Message": "success"})
}

// paging is how a Describe...List call pages: PageSize's default, and
// whether a default over the server's maximum is refused too (otherwise
// only a PageSize given).
type paging struct {
	defaultSize   int
	strictDefault bool
}

// page is one page asked for: its number (from 1) and size.
type page struct{ number, size int }

// page reads PageNumber and PageSize, answering InvalidParameter for a
// value out of range (then ok is false). A server with a smaller maximum
// clamps the page size (paging with it).
func (e *Emulator) page(w http.ResponseWriter, r *http.Request, c *Call, p paging) (page, bool) {
	number, ok1 := positiveInt(c.Params.Get("PageNumber"), 1)
	size, ok2 := positiveInt(c.Params.Get("PageSize"), p.defaultSize)
	checked := p.strictDefault || c.Params.Get("PageSize") != ""
	if !ok1 || !ok2 || (checked && size > e.opts.MaxPageSize) {
		name, limit := "PageNumber", 1<<30
		if !ok2 || (checked && size > e.opts.MaxPageSize) {
			name, limit = "PageSize", e.opts.MaxPageSize
		}
		WriteError(w, r, http.StatusBadRequest, "InvalidParameter", fmt.Sprintf("The specified parameter %q is not valid: it must be an integer from 1 to %d.", name, limit))
		return page{}, false
	}
	return page{number, e.env.PageSize(size)}, true
}

// writePage answers a Describe...List call with page p of all, each item
// as point makes it.
func writePage[T any](w http.ResponseWriter, c *Call, p page, all []T, point func(T) map[string]any) {
	points := []map[string]any{}
	for i := (p.number - 1) * p.size; i < len(all) && i < p.number*p.size; i++ {
		points = append(points, point(all[i]))
	}
	WriteSuccess(w, c, map[string]any{
		"Code": "200", "Success": true, "Message": "success",
		"PageNumber": p.number, "Total": len(all),
		"Datapoints": map[string]any{"Datapoint": points},
	})
}
