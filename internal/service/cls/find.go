package cls

import (
	"context"
	"fmt"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/tencentcloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// findExport returns the export or a *tfresource.NotFoundError. DescribeExports
// caps Limit at 100, so the client pages by Offset until the ID shows up;
// fresh skips the list shared by the reads of this provider run. A missing
// topic means the export is gone too.
func findExport(ctx context.Context, client *tencentcloud.Client, id exportID, fresh bool) (*tencentcloud.Export, error) {
	return foundExport(id)(client.FindExport(ctx, id.TopicID, id.ExportID, tencentcloud.FindOptions{Fresh: fresh}))
}

// foundExport turns a client lookup's answer (FindExport, PollExport) into
// findExport's.
func foundExport(id exportID) func(tencentcloud.Export, bool, error) (*tencentcloud.Export, error) {
	return func(e tencentcloud.Export, found bool, err error) (*tencentcloud.Export, error) {
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
}

func describe(id exportID) string { return fmt.Sprintf("CLS export %q", id.String()) }

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
