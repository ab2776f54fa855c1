package cms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/alicloud"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/cloud/transport"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/tfresource"
)

// Reconciliation of exporter output writes: a PutExporterOutput whose
// answer was lost (reconcileLostCreate), and reads right after a write that
// must tell a write not visible yet (nothing, or the version it replaced)
// from drift (readBackAsWritten, the previous version in private state).

// putMayHaveWritten reports whether a failed PutExporterOutput may still
// have written the output: every answer was lost, a 5xx, an interrupt. Only
// an answer refusing the call (throttling included) or a request that never
// left proves it had no effect.
func putMayHaveWritten(err error) bool {
	var e *alicloud.Error
	if errors.As(err, &e) {
		return e.Transient()
	}
	return !transport.NotSent(err)
}

// reconcileLostCreate ends a create (p) whose PutExporterOutput may or may
// not have written the output (putErr). Forgetting it would make the next
// apply find the output and call it someone else's, so it looks the output
// up (within the read-after-write bound): listed as planned, it is adopted;
// not listed, nothing was written; otherwise, or when the lookup cannot be
// made, the output is saved with an error, which taints it, and the next
// apply replaces it (or creates it if it is not there).
func reconcileLostCreate(ctx context.Context, p putRequest, putErr error) {
	plan, w, region := p.plan, p.out, p.client.Region()
	name := plan.DestName.ValueString()
	tflog.Warn(ctx, "cms exporter output put may or may not have taken effect; looking it up", map[string]any{"dest_name": name, "region": region, "error": putErr.Error()})
	why := "the lookup was not made, as the operation was interrupted"
	if ctx.Err() == nil {
		o, err := readBackAsWritten(ctx, p.client, *plan, nil, p.bound)
		switch {
		case err == nil && matchesRemote(*plan, o):
			if w.save(ctx, plan, nil) {
				applyCreateTime(plan, o)
				w.diags.Append(w.state.Set(ctx, plan)...)
				w.diags.AddWarning(p.summary, fmt.Sprintf("PutExporterOutput may not have succeeded: %s\n\n"+
					"The exporter output is listed in %s as configured, so it was written and is saved in the state. Nothing needs to be done.", putErr, region))
			}
			return
		case tfresource.NotFound(err):
			w.diags.AddError(p.summary, fmt.Sprintf("%s\n\nThe exporter output is not listed in %s %s later, so it was not written. "+
				"Run apply again to create it.", apiErrorDetail(putErr, ""), region, p.bound))
			return
		case err == nil:
			why = "it is listed with other values than configured"
		default:
			why = "looking it up failed: " + err.Error()
		}
	}
	if w.save(ctx, plan, nil) {
		w.diags.AddError(p.summary, fmt.Sprintf("PutExporterOutput may or may not have written the exporter output %q in %s: %s\n"+
			"Whether it did is not known: %s.\n\n"+
			"The output is saved in the state as tainted, as this configuration may have made it: the next apply replaces it "+
			"(or creates it, if it is not there). No import is needed.", name, region, putErr, why))
	}
}

// readBackAsWritten reads the output while the write is not visible yet:
// "not found", or the previous version (when there was one) instead of m.
// It stops at bound and then returns what the API shows, or not found.
func readBackAsWritten(ctx context.Context, client *alicloud.Client, m exporterOutputModel, previous *exporterOutputModel, bound time.Duration) (alicloud.ExporterOutput, error) {
	var last alicloud.ExporterOutput
	var seen bool
	o, err := tfresource.RetryWhileNotFound(ctx, bound, nil, func(ctx context.Context) (alicloud.ExporterOutput, error) {
		o, err := findExporterOutput(ctx, client, m.DestName.ValueString(), true)
		if err == nil && isPreviousVersion(m, previous, o) {
			last, seen = o, true
			return o, &tfresource.NotFoundError{What: fmt.Sprintf("CMS exporter output %q as written", m.DestName.ValueString())}
		}
		return o, err
	})
	if tfresource.NotFound(err) && seen {
		return last, nil // still the previous version once the bound has passed: that is what it is
	}
	return o, err
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
	b, diags := p.GetKey(ctx, privatePrevious)
	var v outputVersion
	if diags.HasError() || len(b) == 0 || json.Unmarshal(b, &v) != nil {
		return nil
	}
	return &exporterOutputModel{
		DestType: types.StringValue(v.DestType), SLSEndpoint: types.StringValue(v.Endpoint), SLSProject: types.StringValue(v.Project),
		SLSLogstore: types.StringValue(v.Logstore), AccessKeyID: types.StringValue(v.AccessKeyID),
	}
}

// isPreviousVersion reports whether o is the version a write replaced
// rather than the one it wrote (m).
func isPreviousVersion(m exporterOutputModel, previous *exporterOutputModel, o alicloud.ExporterOutput) bool {
	return previous != nil && matchesRemote(*previous, o) && !matchesRemote(m, o)
}

// Export rules: the same reconciliation as exporter outputs, over the
// rule's arguments (all of which the API returns).

// reconcileLostRuleCreate ends a create (p) whose PutExporterRule may or
// may not have written the rule (putErr), as reconcileLostCreate does for
// outputs: listed as planned, it is adopted; not listed within the bound,
// nothing was written; otherwise it is saved with an error (tainted).
func reconcileLostRuleCreate(ctx context.Context, p rulePut, putErr error) {
	plan, w, region := p.plan, p.out, p.client.Region()
	name := plan.RuleName.ValueString()
	tflog.Warn(ctx, "cms export rule put may or may not have taken effect; looking it up", map[string]any{"rule_name": name, "region": region, "error": putErr.Error()})
	why := "the lookup was not made, as the operation was interrupted"
	if ctx.Err() == nil {
		r, err := readRuleAsWritten(ctx, p.client, *plan, nil, p.bound)
		switch {
		case err == nil && ruleMatchesRemote(*plan, r):
			if w.saveRule(ctx, plan, nil) {
				applyRuleComputed(plan, r)
				w.diags.Append(w.state.Set(ctx, plan)...)
				w.diags.AddWarning(p.summary, fmt.Sprintf("PutExporterRule may not have succeeded: %s\n\n"+
					"The export rule is listed in %s as configured, so it was written and is saved in the state. Nothing needs to be done.", putErr, region))
			}
			return
		case tfresource.NotFound(err):
			w.diags.AddError(p.summary, fmt.Sprintf("%s\n\nThe export rule is not listed in %s %s later, so it was not written. "+
				"Run apply again to create it.", apiErrorDetail(putErr, ""), region, p.bound))
			return
		case err == nil:
			why = "it is listed with other values than configured"
		default:
			why = "looking it up failed: " + err.Error()
		}
	}
	if w.saveRule(ctx, plan, nil) {
		w.diags.AddError(p.summary, fmt.Sprintf("PutExporterRule may or may not have written the export rule %q in %s: %s\n"+
			"Whether it did is not known: %s.\n\n"+
			"The rule is saved in the state as tainted, as this configuration may have made it: the next apply replaces it "+
			"(or creates it, if it is not there). No import is needed.", name, region, putErr, why))
	}
}

// readRuleAsWritten reads the rule while the write is not visible yet:
// "not found", or the previous version (when there was one) instead of m.
// It stops at bound and then returns what the API shows, or not found.
func readRuleAsWritten(ctx context.Context, client *alicloud.Client, m exporterRuleModel, previous *exporterRuleModel, bound time.Duration) (alicloud.ExporterRule, error) {
	var last alicloud.ExporterRule
	var seen bool
	r, err := tfresource.RetryWhileNotFound(ctx, bound, nil, func(ctx context.Context) (alicloud.ExporterRule, error) {
		r, err := findExporterRule(ctx, client, m.RuleName.ValueString(), true)
		if err == nil && isPreviousRule(m, previous, r) {
			last, seen = r, true
			return r, &tfresource.NotFoundError{What: fmt.Sprintf("CMS export rule %q as written", m.RuleName.ValueString())}
		}
		return r, err
	})
	if tfresource.NotFound(err) && seen {
		return last, nil
	}
	return r, err
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
	b, diags := p.GetKey(ctx, privatePreviousRule)
	var v ruleVersion
	if diags.HasError() || len(b) == 0 || json.Unmarshal(b, &v) != nil {
		return nil
	}
	m := &exporterRuleModel{}
	applyRuleRemote(m, alicloud.ExporterRule{Namespace: v.Namespace, MetricName: v.MetricName, Describe: v.Describe, TargetWindows: v.TargetWindows, DstNames: v.DstNames})
	return m
}

// isPreviousRule reports whether r is the version a write replaced rather
// than the one it wrote (m).
func isPreviousRule(m exporterRuleModel, previous *exporterRuleModel, r alicloud.ExporterRule) bool {
	return previous != nil && ruleMatchesRemote(*previous, r) && !ruleMatchesRemote(m, r)
}
