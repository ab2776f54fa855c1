package core

import (
	"flag"
	"fmt"
	"strings"
	"time"
)

// Modes are the behaviours the vendors leave undocumented, each of which a
// real API may show. All are off by default; the provider must be correct
// under every one of them (issue 14).
type Modes struct {
	// PageCap, when above zero, makes every list operation return at most
	// that many items per page, whatever page size was asked (no error;
	// totals stay true), as a server with a smaller maximum would.
	PageCap int `json:"page_cap"`
	// VisibilityLagMS delays what list and describe answers show: an object
	// created, changed or deleted is seen so only that long after the write.
	VisibilityLagMS int64 `json:"visibility_lag_ms"`
	// Normalize makes answers carry equivalent values in another form:
	// endpoints without a trailing slash and with the host in another case,
	// hex ids in the other case, times in another UTC offset, enum values
	// in another case.
	Normalize bool `json:"normalize"`
	// VendorExamples answers in the shapes of the vendors' own published examples where they differ from the SDK models: unprefixed CLS export ids from CreateExport, the exporter output list echoing the SLS AccessKey secret (as), custom event Time as a number and Success as a boolean.
	VendorExamples bool `json:"vendor_example_shapes"`
}

// RegisterFlags adds the mode flags to fs.
func (m *Modes) RegisterFlags(fs *flag.FlagSet) {
	fs.IntVar(&m.PageCap, "page-cap", m.PageCap, "serve at most N items per page of every list operation, whatever page size was asked (0 = off)")
	fs.Int64Var(&m.VisibilityLagMS, "visibility-lag-ms", m.VisibilityLagMS, "show a created, changed or deleted object in list/describe answers only N ms after the write (0 = off)")
	fs.BoolVar(&m.Normalize, "normalize", m.Normalize, "answer with equivalent values in another form (endpoint case and trailing slash, hex id case, time offset, enum case)")
	fs.BoolVar(&m.VendorExamples, "vendor-example-shapes", m.VendorExamples, "answer in the shapes of the vendors' own published examples where they differ from the SDK models")
}

// Validate checks modes read from flags or the admin API.
func (m Modes) Validate() error {
	if m.PageCap < 0 || m.VisibilityLagMS < 0 {
		return fmt.Errorf("page_cap and visibility_lag_ms must be 0 or more")
	}
	return nil
}

// String lists the modes that are on, for logs.
func (m Modes) String() string {
	var on []string
	if m.PageCap > 0 {
		on = append(on, fmt.Sprintf("page-cap=%d", m.PageCap))
	}
	if m.VisibilityLagMS > 0 {
		on = append(on, fmt.Sprintf("visibility-lag-ms=%d", m.VisibilityLagMS))
	}
	if m.Normalize {
		on = append(on, "normalize")
	}
	if m.VendorExamples {
		on = append(on, "vendor-example-shapes")
	}
	if len(on) == 0 {
		return "none"
	}
	return strings.Join(on, " ")
}

// Modes returns the modes in force.
func (e *Env) Modes() Modes {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.modes
}

// SetModes changes the modes (the admin API and the soak do this between
// rounds).
func (e *Env) SetModes(m Modes) error {
	if err := m.Validate(); err != nil {
		return err
	}
	e.mu.Lock()
	e.modes = m
	e.mu.Unlock()
	return nil
}

// PageSize is the page size a list answer serves for the asked size.
func (e *Env) PageSize(asked int) int {
	if c := e.Modes().PageCap; c > 0 && asked > c {
		return c
	}
	return asked
}

// Lag is the visibility lag in force.
func (e *Env) Lag() time.Duration {
	return time.Duration(e.Modes().VisibilityLagMS) * time.Millisecond
}

// AsOf is the moment whose writes answers show: now minus the lag.
func (e *Env) AsOf() time.Time { return e.Now().Add(-e.Lag()) }

// Normalizing reports whether answers use equivalent other forms.
func (e *Env) Normalizing() bool { return e.Modes().Normalize }

// Version is one write of an object, for answers that lag behind writes:
// At is when it was written, Deleted marks a deletion, Prev is the version
// it replaced (nil when the object did not exist before).
type Version[T any] struct {
	At      time.Time
	Deleted bool
	Value   T
	Prev    *Version[T]
}

// Write records a new version over prev (which may be nil) and drops the
// history no reader can see any more.
func Write[T any](prev *Version[T], at time.Time, value T, deleted bool, asOf time.Time) *Version[T] {
	v := &Version[T]{At: at, Value: value, Deleted: deleted, Prev: prev}
	v.prune(asOf)
	return v
}

// prune cuts the chain below the newest version visible at asOf.
func (v *Version[T]) prune(asOf time.Time) {
	for cur := v; cur != nil; cur = cur.Prev {
		if !cur.At.After(asOf) {
			cur.Prev = nil
			return
		}
	}
}

// Visible returns the value an answer at asOf shows, and whether the object
// exists then.
func (v *Version[T]) Visible(asOf time.Time) (T, bool) {
	for cur := v; cur != nil; cur = cur.Prev {
		if !cur.At.After(asOf) {
			if cur.Deleted {
				break
			}
			return cur.Value, true
		}
	}
	var zero T
	return zero, false
}

// Current returns the latest value, and whether the object exists now.
func (v *Version[T]) Current() (T, bool) {
	if v == nil || v.Deleted {
		var zero T
		return zero, false
	}
	return v.Value, true
}
