package cms

import (
	"context"
	"fmt"
	"time"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// findExporterOutput returns the exporter output name, or a
// *tfresource.NotFoundError. The client shares the paged list between the
// lookups of a provider run and confirms a miss with fresh pages; fresh
// answers only from a list that began after the call did (before a create,
// where a stale answer could mean overwriting someone's output, and for the
// read-back after a write), shared with the fresh lookups alongside.
func findExporterOutput(ctx context.Context, client *alicloud.Client, name string, fresh bool) (alicloud.ExporterOutput, error) {
	o, found, err := client.FindExporterOutput(ctx, name, alicloud.FindOptions{Fresh: fresh})
	if err != nil {
		return o, err
	}
	if !found {
		return o, &tfresource.NotFoundError{What: fmt.Sprintf("CMS exporter output %q in %s", name, client.Region())}
	}
	return o, nil
}

// waitExporterOutputGone waits, within bound, until a fresh list no longer
// shows the exporter output name: a delete the API has accepted can stay
// listed for a while, and a create of the same name right after it (a
// replacement, or destroy then apply) would take it for someone else's.
func waitExporterOutputGone(ctx context.Context, client *alicloud.Client, name string, bound time.Duration) error {
	listed, err := tfresource.RetryWhileFound(ctx, bound, nil, func(ctx context.Context) (bool, error) {
		_, err := findExporterOutput(ctx, client, name, true)
		if tfresource.NotFound(err) {
			return false, nil
		}
		return err == nil, err
	})
	if err == nil && listed {
		return fmt.Errorf("the list still shows it %s after the delete (read_after_write_timeout)", bound)
	}
	return err
}

// findExporterRule returns the export rule name, or a
// *tfresource.NotFoundError, through the client's shared pages as
// findExporterOutput does (fresh: only from a list begun after the call).
func findExporterRule(ctx context.Context, client *alicloud.Client, name string, fresh bool) (alicloud.ExporterRule, error) {
	r, found, err := client.FindExporterRule(ctx, name, alicloud.FindOptions{Fresh: fresh})
	if err != nil {
		return r, err
	}
	if !found {
		return r, &tfresource.NotFoundError{What: fmt.Sprintf("CMS export rule %q in %s", name, client.Region())}
	}
	return r, nil
}

// waitExporterRuleGone waits, within bound, until a fresh list no longer
// shows the export rule name (as waitExporterOutputGone does for outputs).
func waitExporterRuleGone(ctx context.Context, client *alicloud.Client, name string, bound time.Duration) error {
	listed, err := tfresource.RetryWhileFound(ctx, bound, nil, func(ctx context.Context) (bool, error) {
		_, err := findExporterRule(ctx, client, name, true)
		if tfresource.NotFound(err) {
			return false, nil
		}
		return err == nil, err
	})
	if err == nil && listed {
		return fmt.Errorf("the list still shows it %s after the delete (read_after_write_timeout)", bound)
	}
	return err
}
