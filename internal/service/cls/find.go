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

// reconcileWindow is how far back an export may have been created to count
// as the one an ambiguous CreateExport produced. It allows for clock skew
// between this machine and the service.
const reconcileWindow = 2 * time.Minute

// findCreatedExport looks for the export an ambiguous CreateExport may have
// created: same topic, query, time range, count, order, format and syntax,
// created since the attempt started (minus reconcileWindow), and not already
// claimed by another resource in this provider run. The newest match wins.
func findCreatedExport(ctx context.Context, client *tencentcloud.Client, in tencentcloud.CreateExportInput, since time.Time, claimed func(string) bool) (*tencentcloud.Export, error) {
	var best *tencentcloud.Export
	syntax := tencentcloud.SyntaxLucene
	if in.SyntaxRule != nil {
		syntax = *in.SyntaxRule
	}
	err := client.EachExport(ctx, in.TopicID, func(e tencentcloud.Export) bool {
		if e.Query != in.Query || e.From != in.From || e.To != in.To || e.Count != in.Count ||
			e.Order != in.Order || e.Format != in.Format || e.SyntaxRule != syntax || claimed(e.ExportID) {
			return true
		}
		created, ok := exportCreated(e)
		if !ok || created.Before(since.Add(-reconcileWindow)) {
			return true
		}
		if best == nil {
			c := e
			best = &c
			return true
		}
		if bc, _ := exportCreated(*best); created.After(bc) {
			c := e
			best = &c
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	return best, nil
}

// beijing is the zone CreateTime is assumed to be in (undocumented; the
// console shows Beijing time).
var beijing = time.FixedZone("UTC+8", 8*60*60)

// exportCreated is the creation instant: CreateTimestamp (ms) where the
// service sends it, else CreateTime read as Beijing time.
func exportCreated(e tencentcloud.Export) (time.Time, bool) {
	if e.CreateTimestamp > 0 {
		return time.UnixMilli(int64(e.CreateTimestamp)).UTC(), true
	}
	t, err := time.ParseInLocation("2006-01-02 15:04:05", e.CreateTime, beijing)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}
