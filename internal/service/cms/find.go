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
	if err != nil {
		return o, err
	}
	if !found {
		return o, &tfresource.NotFoundError{What: fmt.Sprintf("CMS exporter output %q in %s", name, client.Region())}
	}
	return o, nil
}
