package cms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// Reconciliation of exporter output and export rule writes: a put whose
// answer was lost (reconcileLostCreate), and reads right after a write that
// must tell a write not visible yet (nothing, or the version it replaced)
// from drift (readAsWritten, the previous version in private state).

// putMayHaveWritten reports whether a failed put may still have written
// the object: every answer was lost, a 5xx, an interrupt. Only
// an answer refusing the call (throttling included) or a request that never
// left proves it had no effect.
func putMayHaveWritten(err error) bool {
	var e *alicloud.Error
	if errors.As(err, &e) {
		return e.Transient()
	}
	return !transport.NotSent(err)
}

// putRequest is one write of a create or an update: what to send, and
// where its outcome goes.
type putRequest[M any] struct {
	client *alicloud.Client
	plan   *M
	// previous is the state the write replaces (nil on create): while a
	// write propagates the API may still show it, and only it counts as
	// "not visible yet"; it is kept in private state for the refresh that
	// follows.
	previous *M
	send     func(ctx context.Context) error // the Put call that writes plan
	summary  string                          // the summary of the diagnostics
	bound    time.Duration                   // the read-after-write bound (read_after_write_timeout)
	out      written
}

// written is where a create or update records what it wrote.
type written struct {
	state    *tfsdk.State
	identity *tfsdk.ResourceIdentity // nil when the request carries none
	private  tfresource.PrivateSetter
	diags    *diag.Diagnostics
}

// putAndReadBack sends the plan (p.send), saves it to the state at once
// (the object exists from then on, whatever happens next), then reads it
// back into the state (Create and Update end the same way). The read-back
// only fills what the API computes: the configured values were just
// written, and an answer that lags behind or spells them another way must
// not replace them. A failed read-back is a warning, not an error: an
// error would taint, and so replace, an object that is exactly what was
// configured; the next refresh reads it.
func (k *kind[M, T]) putAndReadBack(ctx context.Context, p putRequest[M]) {
	plan, w := p.plan, p.out
	if err := p.send(ctx); err != nil {
		if p.previous == nil && putMayHaveWritten(err) {
			k.reconcileLostCreate(ctx, p, err)
			return
		}
		w.diags.AddError(p.summary, apiErrorDetail(err, k.hint(err)))
		return
	}
	if !k.save(ctx, w, plan, p.previous) {
		return
	}
	o, err := k.readAsWritten(ctx, writeTarget[M]{p.client, *plan, p.previous, p.bound})
	if err != nil {
		tflog.Warn(ctx, "cms "+k.noun+" read-back failed after a successful put", map[string]any{k.nameAttr: k.name(*plan), "region": p.client.Region(), "error": err.Error()})
		w.diags.AddWarning(p.summary, k.putCall+" succeeded, so the "+k.noun+" is saved in the state as configured, "+
			"but reading it back failed: "+apiErrorDetail(err, "")+"\n\nNothing needs to be done: the next plan or refresh reads it and fills "+k.computedAttrs+".")
		return
	}
	k.computed(plan, o)
	w.diags.Append(w.state.Set(ctx, plan)...)
}

// save puts plan in the state as written just now over previous (nil on
// create), and reports whether that worked.
func (k *kind[M, T]) save(ctx context.Context, w written, plan, previous *M) bool {
	k.settle(plan)
	w.diags.Append(w.state.Set(ctx, plan)...)
	if w.identity != nil {
		w.diags.Append(w.identity.Set(ctx, k.identityOfModel(*plan))...)
	}
	w.diags.Append(tfresource.MarkWritten(ctx, w.private, time.Now())...)
	w.diags.Append(w.private.SetKey(ctx, k.privateKey, k.version(previous))...)
	return !w.diags.HasError()
}

// reconcileLostCreate ends a create (p) whose put may or may not have
// written the object (putErr). Forgetting it would make the next apply
// find the object and call it someone else's, so it looks the object up
// (within the read-after-write bound): listed as planned, it is adopted;
// not listed, nothing was written; otherwise, or when the lookup cannot be
// made, the object is saved with an error, which taints it, and the next
// apply replaces it (or creates it if it is not there).
func (k *kind[M, T]) reconcileLostCreate(ctx context.Context, p putRequest[M], putErr error) {
	plan, w, region := p.plan, p.out, p.client.Region()
	name := k.name(*plan)
	tflog.Warn(ctx, "cms "+k.noun+" put may or may not have taken effect; looking it up", map[string]any{k.nameAttr: name, "region": region, "error": putErr.Error()})
	why := "the lookup was not made, as the operation was interrupted"
	if ctx.Err() == nil {
		o, err := k.readAsWritten(ctx, writeTarget[M]{p.client, *plan, nil, p.bound})
		switch {
		case err == nil && k.matches(*plan, o):
			if k.save(ctx, w, plan, nil) {
				k.computed(plan, o)
				w.diags.Append(w.state.Set(ctx, plan)...)
				w.diags.AddWarning(p.summary, fmt.Sprintf("%s may not have succeeded: %s\n\n"+
					"The %s is listed in %s as configured, so it was written and is saved in the state. Nothing needs to be done.", k.putCall, putErr, k.noun, region))
			}
			return
		case tfresource.NotFound(err):
			w.diags.AddError(p.summary, fmt.Sprintf("%s\n\nThe %s is not listed in %s %s later, so it was not written. "+
				"Run apply again to create it.", apiErrorDetail(putErr, ""), k.noun, region, p.bound))
			return
		case err == nil:
			why = "it is listed with other values than configured"
		default:
			why = "looking it up failed: " + err.Error()
		}
	}
	if k.save(ctx, w, plan, nil) {
		w.diags.AddError(p.summary, fmt.Sprintf("%s may or may not have written the %s %q in %s: %s\n"+
			"Whether it did is not known: %s.\n\n"+
			"The %s is saved in the state as tainted, as this configuration may have made it: the next apply replaces it "+
			"(or creates it, if it is not there). No import is needed.", k.putCall, k.noun, name, region, putErr, why, k.short))
	}
}

// writeTarget is what a read after a write looks for: m as written over
// previous (nil when nothing is known to have been replaced), within bound.
type writeTarget[M any] struct {
	client   *alicloud.Client
	m        M
	previous *M
	bound    time.Duration
}

// readAsWritten reads the object while the write is not visible yet: "not
// found", or the previous version (when there was one) instead of t.m. It
// stops at the bound and then returns what the API shows, or not found.
func (k *kind[M, T]) readAsWritten(ctx context.Context, t writeTarget[M]) (T, error) {
	var last T
	var seen bool
	name := k.name(t.m)
	o, err := tfresource.RetryWhileNotFound(ctx, t.bound, nil, func(ctx context.Context) (T, error) {
		o, err := k.find(ctx, t.client, name, true)
		if err == nil && k.isPrevious(t.m, t.previous, o) {
			last, seen = o, true
			return o, &tfresource.NotFoundError{What: fmt.Sprintf("CMS %s %q as written", k.noun, name)}
		}
		return o, err
	})
	if tfresource.NotFound(err) && seen {
		return last, nil // still the previous version once the bound has passed: that is what it is
	}
	return o, err
}

// privateVersion reads the version a write replaced from private state
// (key); false when none was kept.
func privateVersion[V any](ctx context.Context, p tfresource.PrivateGetter, key string) (V, bool) {
	var v V
	b, diags := p.GetKey(ctx, key)
	if diags.HasError() || len(b) == 0 || json.Unmarshal(b, &v) != nil {
		return v, false
	}
	return v, true
}

// privatePrevious is the private state key holding the drift-detected
// fields of the version the last write replaced.
const privatePrevious = "previous_version"

type outputVersion struct {
	DestType, Endpoint, Project, Logstore, AccessKeyID string
}

func versionJSON(m *exporterOutputModel) []byte {
	if m == nil {
		return nil
	}
	b, _ := json.Marshal(outputVersion{m.DestType.ValueString(), m.SLSEndpoint.ValueString(), m.SLSProject.ValueString(), m.SLSLogstore.ValueString(), m.AccessKeyID.ValueString()})
	return b
}

// previousVersion reads what versionJSON stored; nil when nothing was.
func previousVersion(ctx context.Context, p tfresource.PrivateGetter) *exporterOutputModel {
	v, ok := privateVersion[outputVersion](ctx, p, privatePrevious)
	if !ok {
		return nil
	}
	return &exporterOutputModel{
		DestType: types.StringValue(v.DestType), SLSEndpoint: types.StringValue(v.Endpoint), SLSProject: types.StringValue(v.Project),
		SLSLogstore: types.StringValue(v.Logstore), AccessKeyID: types.StringValue(v.AccessKeyID),
	}
}

// privatePreviousRule is the private state key holding the arguments of
// the rule version the last write replaced.
const privatePreviousRule = "previous_rule_version"

type ruleVersion struct {
	Namespace, MetricName, Describe string
	TargetWindows                   []int64
	DstNames                        []string
}

func ruleVersionJSON(m *exporterRuleModel) []byte {
	if m == nil {
		return nil
	}
	b, _ := json.Marshal(ruleVersion{m.Namespace.ValueString(), m.MetricName.ValueString(), m.Description.ValueString(), ruleWindows(*m), ruleDstNames(*m)})
	return b
}

// previousRule reads what ruleVersionJSON stored; nil when nothing was.
func previousRule(ctx context.Context, p tfresource.PrivateGetter) *exporterRuleModel {
	v, ok := privateVersion[ruleVersion](ctx, p, privatePreviousRule)
	if !ok {
		return nil
	}
	m := &exporterRuleModel{}
	applyRuleRemote(m, alicloud.ExporterRule{Namespace: v.Namespace, MetricName: v.MetricName, Describe: v.Describe, TargetWindows: v.TargetWindows, DstNames: v.DstNames})
	return m
}
