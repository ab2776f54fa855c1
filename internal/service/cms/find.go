package cms

import (
	"context"
	"fmt"

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
	return o, notFoundUnless(found, err, fmt.Sprintf("CMS exporter output %q in %s", name, client.Region()))
}

// findExporterRule returns the export rule name, or a
// *tfresource.NotFoundError, through the client's shared pages as
// findExporterOutput does (fresh: only from a list begun after the call).
func findExporterRule(ctx context.Context, client *alicloud.Client, name string, fresh bool) (alicloud.ExporterRule, error) {
	r, found, err := client.FindExporterRule(ctx, name, alicloud.FindOptions{Fresh: fresh})
	return r, notFoundUnless(found, err, fmt.Sprintf("CMS export rule %q in %s", name, client.Region()))
}

// notFoundUnless is a lookup's error: err, or when the lookup did not
// fail but found nothing, a *tfresource.NotFoundError for what.
func notFoundUnless(found bool, err error, what string) error {
	if err == nil && !found {
		return &tfresource.NotFoundError{What: what}
	}
	return err
}
