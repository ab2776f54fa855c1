package cms

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/conns"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// The exporter output and the export rule are the same kind of resource: an
// object named uniquely per region, written whole by an upsert (Put...),
// listed by pages, deleted by name. What they do alike (the create's name
// check, the read that waits out a write's propagation, the delete that
// waits until lists stop showing the object, the import, and in
// reconcile.go the write, its read-back and its reconciliation) is written
// once here, over a kind that says how the two differ.

// kind describes one kind of named, Put-written CMS object to the shared
// code: M is its model, T what the API answers for it.
type kind[M, T any] struct {
	noun          string     // "exporter output", as the diagnostics name it
	short         string     // "output", in longer messages
	aNoun, aShort string     // "an exporter output", "an output"
	putCall       string     // the API's upsert, "PutExporterOutput"
	nameAttr      string     // the name's attribute, "dest_name" (also in identities and logs)
	idRule        nameIDRule // what an import ID must be
	computedAttrs string     // what a read-back fills, "create_time"

	nameOf   func(*M) *types.String              // the model's name attribute
	region   func(*M) *types.String              // the model's region attribute
	identity func(name, region types.String) any // the identity model
	newID    func(region, name string) fmt.Stringer
	// find looks the object up by name (fresh: only from a list begun
	// after the call), or returns a *tfresource.NotFoundError.
	find    func(ctx context.Context, client *alicloud.Client, name string, fresh bool) (T, error)
	del     func(client *alicloud.Client, ctx context.Context, name string) (string, error) // (*alicloud.Client).DeleteX
	hint    func(err error) string                                                          // the advice on a refused put
	matches func(M, T) bool                                                                 // whether T is, argument by argument, M
	apply   func(*M, T)                                                                     // everything Read fills from the API
	// computed fills only what the API computes (the read-back of a write).
	computed func(*M, T)
	// settle readies a written plan for the state (unknowns to null).
	settle func(*M)
	// version and previous keep in private state the drift-detected
	// arguments of the version a write replaced (privateKey).
	privateKey string
	version    func(*M) []byte
	previous   func(ctx context.Context, p tfresource.PrivateGetter) *M
}

// clientFunc is a resource's client() method.
type clientFunc func(region types.String, diags *diag.Diagnostics) *alicloud.Client

// isPrevious reports whether o is the version a write replaced (previous)
// rather than the one it wrote (m).
func (k *kind[M, T]) isPrevious(m M, previous *M, o T) bool {
	return previous != nil && k.matches(*previous, o) && !k.matches(m, o)
}

// nameFree fails the create (summary) unless the name is free: the upsert
// would silently overwrite an object of the same name.
func (k *kind[M, T]) nameFree(ctx context.Context, client *alicloud.Client, name, summary string, diags *diag.Diagnostics) bool {
	_, err := k.find(ctx, client, name, true)
	switch {
	case err == nil:
		id := k.newID(client.Region(), name)
		diags.AddError(summary, fmt.Sprintf(
			"%s with this name already exists in %s; %s would overwrite it. To manage it with Terraform, import it:\n"+
				"  terraform import <resource address> %s\n"+
				"or add an import block with id = %q.", upperFirst(k.aNoun), client.Region(), k.putCall, id, id.String()))
		return false
	case !tfresource.NotFound(err):
		diags.AddError(summary, "Checking whether the name is free failed: "+apiErrorDetail(err, ""))
		return false
	}
	return true
}

// name is m's name.
func (k *kind[M, T]) name(m M) string { return k.nameOf(&m).ValueString() }

// identityOfModel is m's identity.
func (k *kind[M, T]) identityOfModel(m M) any { return k.identity(*k.nameOf(&m), *k.region(&m)) }

func upperFirst(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// read is the resources' Read. Right after this provider wrote the object
// (the refresh that follows an apply), "not found" or the version it
// replaced is the write not visible yet: read again until it is, within
// the read-after-write bound. A value nobody wrote is drift, believed at once.
func (k *kind[M, T]) read(ctx context.Context, client clientFunc, bound time.Duration, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := k.name(state)
	c := client(*k.region(&state), &resp.Diagnostics)
	if c == nil {
		return
	}
	*k.region(&state) = types.StringValue(c.Region())
	o, err := k.find(ctx, c, name, false)
	if left := tfresource.PropagationLeft(ctx, req.Private, bound, time.Now()); left > 0 {
		previous := k.previous(ctx, req.Private)
		if tfresource.NotFound(err) || (err == nil && k.isPrevious(state, previous, o)) {
			tflog.Debug(ctx, "cms "+k.noun+" written moments ago is not visible as written yet; reading again", map[string]any{k.nameAttr: name, "time_left_s": int(left.Seconds())})
			o, err = k.readAsWritten(ctx, writeTarget[M]{client: c, m: state, previous: previous, bound: left})
		}
	}
	if tfresource.NotFound(err) {
		tflog.Warn(ctx, "cms "+k.noun+" not found, removing from state", map[string]any{k.nameAttr: name, "region": c.Region()})
		resp.Diagnostics.Append(resp.Identity.Set(ctx, k.identityOfModel(state))...)
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("reading CMS %s %q", k.noun, name), apiErrorDetail(err, ""))
		return
	}
	k.apply(&state, o)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, k.identityOfModel(state))...)
}

// delete is the resources' Delete. Lists can show a deleted object for a
// while; a create of the same name right after this (a replacement, or
// destroy then apply) would take it for someone else's, so it waits until
// they do not, within the bound. Zero (read_after_write_timeout = "0s")
// believes the delete at once.
func (k *kind[M, T]) delete(ctx context.Context, client clientFunc, bound time.Duration, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := client(*k.region(&state), &resp.Diagnostics)
	if c == nil {
		return
	}
	name := k.name(state)
	summary := fmt.Sprintf("deleting CMS %s %q", k.noun, name)
	if _, err := k.del(c, ctx, name); err != nil && !alicloud.IsNotFound(err) {
		resp.Diagnostics.AddError(summary, apiErrorDetail(err, ""))
		return
	}
	if bound <= 0 {
		return
	}
	if err := k.waitGone(ctx, c, name, bound); err != nil {
		resp.Diagnostics.AddError(summary, fmt.Sprintf("The %s was deleted in %s, but waiting until lists stop showing it failed: %s\n\n"+
			"Run the command again: the delete is retried and counts %s already gone as deleted. "+
			"If the API is known to be slower than this, raise the provider's read_after_write_timeout.",
			k.short, c.Region(), apiErrorDetail(err, ""), k.aShort))
	}
}

// waitGone waits, within bound, until a fresh list no longer shows the
// object name: a delete the API has accepted can stay listed for a while.
func (k *kind[M, T]) waitGone(ctx context.Context, client *alicloud.Client, name string, bound time.Duration) error {
	listed, err := tfresource.RetryWhileFound(ctx, bound, nil, func(ctx context.Context) (bool, error) {
		_, err := k.find(ctx, client, name, true)
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

// importState accepts "name", "region:name" or an identity. An import
// names an object its user says exists: the read that follows takes "not
// found" for propagation within the read-after-write bound, as after our
// own write (an object made moments ago elsewhere).
func (k *kind[M, T]) importState(ctx context.Context, clients *conns.Clients, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	summary := "importing CMS " + k.noun
	var region, name string
	if req.ID != "" {
		var err error
		if region, name, err = parseNameID(req.ID, k.idRule); err != nil {
			resp.Diagnostics.AddError(summary, err.Error())
			return
		}
	} else {
		var identName, identRegion types.String
		resp.Diagnostics.Append(req.Identity.GetAttribute(ctx, path.Root(k.nameAttr), &identName)...)
		resp.Diagnostics.Append(req.Identity.GetAttribute(ctx, path.Root("region"), &identRegion)...)
		if resp.Diagnostics.HasError() {
			return
		}
		name, region = identName.ValueString(), identRegion.ValueString()
		if !k.idRule.pattern.MatchString(name) {
			resp.Diagnostics.AddAttributeError(path.Root(k.nameAttr), summary, fmt.Sprintf("identity %s %q %s", k.nameAttr, name, k.idRule.rule))
			return
		}
	}
	if region == "" && clients != nil {
		region = clients.AlicloudRegion()
	}
	regionValue := types.StringNull()
	if region != "" {
		regionValue = types.StringValue(region)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(k.nameAttr), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region"), regionValue)...)
	if resp.Identity != nil {
		resp.Diagnostics.Append(resp.Identity.Set(ctx, k.identity(types.StringValue(name), regionValue))...)
	}
	resp.Diagnostics.Append(tfresource.MarkWritten(ctx, resp.Private, time.Now())...)
}

// timeString is an API time in the state: RFC 3339 in UTC, or null when
// the API does not say.
func timeString(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}
