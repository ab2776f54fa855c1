package cls

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// findExport returns the export or a *tfresource.NotFoundError. DescribeExports
// caps Limit at 100, so the client pages by Offset until the ID shows up;
// fresh skips the list shared by the reads of this provider run. A missing
// topic means the export is gone too.
func findExport(ctx context.Context, client *tencentcloud.Client, id exportID, fresh bool) (*tencentcloud.Export, error) {
	e, found, err := client.FindExport(ctx, id.TopicID, id.ExportID, tencentcloud.FindOptions{Fresh: fresh})
	if tencentcloud.IsNotFound(err) {
		return nil, &tfresource.NotFoundError{What: describe(id), Err: err}
	}
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, &tfresource.NotFoundError{What: describe(id)}
	}
	return &e, nil
}

func describe(id exportID) string { return fmt.Sprintf("CLS export %q", id.String()) }

// allowedClockSkew is how far the service's clock may be from this
// machine's when an export's creation time is compared with the moments an
// ambiguous CreateExport was sent and answered. NTP-synchronised clocks are
// within a second; a clock off by more makes the provider miss its own
// export and create another (a duplicate left behind), never take another
// run's export.
const allowedClockSkew = time.Minute

// callWindow is when, by the service's clock, one CreateExport call can
// have created its export: from sending minus the allowed skew to the
// answer (or the failure) plus it.
type callWindow struct {
	From, To time.Time
}

func windowOf(sent, answered time.Time) callWindow {
	return callWindow{From: sent.Add(-allowedClockSkew), To: answered.Add(allowedClockSkew)}
}

func (w callWindow) contains(t time.Time) bool {
	return !t.Before(w.From) && !t.After(w.To)
}

// matchesInput reports whether e has exactly the arguments of in.
func matchesInput(e tencentcloud.Export, in tencentcloud.CreateExportInput) bool {
	syntax := tencentcloud.SyntaxLucene
	if in.SyntaxRule != nil {
		syntax = *in.SyntaxRule
	}
	return tencentcloud.SameID(e.TopicID, in.TopicID) && e.Query == in.Query && e.From == in.From && e.To == in.To && e.Count == in.Count &&
		strings.EqualFold(e.Order, in.Order) && strings.EqualFold(e.Format, in.Format) && e.SyntaxRule == syntax
}

// findCreatedExports lists the exports an ambiguous CreateExport may have
// created: same topic and arguments, created within the call's window, and
// not claimed by another resource of this provider process. Oldest first.
// The caller adopts one only when it is the only one: two or more means
// another run (another workspace, a pipeline) made the same export at the
// same moment, and nothing tells which is ours.
func findCreatedExports(ctx context.Context, client *tencentcloud.Client, in tencentcloud.CreateExportInput, w callWindow, claimed func(string) bool) ([]tencentcloud.Export, error) {
	var out []tencentcloud.Export
	err := client.EachExport(ctx, in.TopicID, func(e tencentcloud.Export) bool {
		if e.TopicID == "" {
			e.TopicID = in.TopicID
		}
		if !matchesInput(e, in) || claimed(e.ExportID) {
			return true
		}
		if created, ok := exportCreated(e); ok && w.contains(created) {
			out = append(out, e)
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, _ := exportCreated(out[i])
		b, _ := exportCreated(out[j])
		return a.Before(b)
	})
	return out, nil
}

// beijing is the zone CreateTime is assumed to be in (undocumented; the
// console shows Beijing time).
var beijing = time.FixedZone("UTC+8", 8*60*60)

// exportCreated is the creation instant: CreateTimestamp (ms) where the
// service sends it, else CreateTime: the documented zone-less
// "yyyy-MM-dd HH:mm:ss" read as Beijing time, or a time that names its
// offset (RFC 3339, or the documented layout followed by an offset), read in
// that offset.
func exportCreated(e tencentcloud.Export) (time.Time, bool) {
	if e.CreateTimestamp > 0 {
		return time.UnixMilli(int64(e.CreateTimestamp)).UTC(), true
	}
	if t, err := time.ParseInLocation("2006-01-02 15:04:05", e.CreateTime, beijing); err == nil {
		return t.UTC(), true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05 Z07:00"} {
		if t, err := time.Parse(layout, e.CreateTime); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
