package cms_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/emulator/core"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/provider"
)

const customEventAction = "telemetry_cms_custom_event"

// actionHarness serves the provider at the protocol level (no Terraform
// CLI: the local one predates actions) against an emulator.
type actionHarness struct {
	t *testing.T
	e *acctest.Emulator
	//lint:ignore SA1019 the action RPCs are only on this interface in terraform-plugin-go v0.31
	srv    tfprotov6.ProviderServerWithActions
	action tftypes.Object
}

// newActionHarness configures the provider for the emulator; withKeys false
// leaves the Alibaba access key out.
func newActionHarness(t *testing.T, withKeys bool) *actionHarness {
	t.Helper()
	ctx := context.Background()
	e := acctest.NewEmulator(t)
	srv := providerserver.NewProtocol6(provider.New("test")())()
	//lint:ignore SA1019 the action RPCs are only on this interface in terraform-plugin-go v0.31
	asrv, ok := srv.(tfprotov6.ProviderServerWithActions)
	if !ok {
		t.Fatalf("provider server %T does not serve actions", srv)
	}
	sch, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || acctest.ProtoHasError(sch.Diagnostics) {
		t.Fatalf("GetProviderSchema: %v %v", err, sch.Diagnostics)
	}
	as, ok := sch.ActionSchemas[customEventAction]
	if !ok {
		t.Fatalf("no action schema %s; have %v", customEventAction, sch.ActionSchemas)
	}
	actionType, ok := as.Schema.ValueType().(tftypes.Object)
	if !ok {
		t.Fatalf("action schema type %T", as.Schema.ValueType())
	}

	providerType, ok := sch.Provider.ValueType().(tftypes.Object)
	if !ok {
		t.Fatalf("provider schema type %T", sch.Provider.ValueType())
	}
	ali := map[string]tftypes.Value{
		"secret_key": tftypes.NewValue(tftypes.String, acctest.AlicloudSecretKey),
		"region":     tftypes.NewValue(tftypes.String, acctest.AlicloudRegion),
		"endpoint":   tftypes.NewValue(tftypes.String, e.URL),
	}
	if withKeys {
		ali["access_key"] = tftypes.NewValue(tftypes.String, acctest.AlicloudAccessKey)
	} else {
		t.Setenv("ALICLOUD_ACCESS_KEY", "")
		t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "")
	}
	cfg := protoObject(t, providerType, map[string]tftypes.Value{
		"max_retries":              tftypes.NewValue(tftypes.Number, 1),
		"read_after_write_timeout": tftypes.NewValue(tftypes.String, "2s"),
		"alicloud":                 protoObject(t, providerType.AttributeTypes["alicloud"], ali),
	})
	dv, err := tfprotov6.NewDynamicValue(providerType, cfg)
	if err != nil {
		t.Fatalf("provider config: %v", err)
	}
	cr, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.14.0", Config: &dv})
	if err != nil || acctest.ProtoHasError(cr.Diagnostics) {
		t.Fatalf("ConfigureProvider: %v %v", err, acctest.ProtoDiagText(cr.Diagnostics))
	}
	return &actionHarness{t: t, e: e, srv: asrv, action: actionType}
}

// objectValue builds an object of typ with vals, every other attribute null.
func protoObject(t *testing.T, typ tftypes.Type, vals map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	obj, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("type %s is not an object", typ)
	}
	out := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		if v, ok := vals[name]; ok {
			out[name] = v
			continue
		}
		out[name] = tftypes.NewValue(at, nil)
	}
	for name := range vals {
		if _, ok := obj.AttributeTypes[name]; !ok {
			t.Fatalf("attribute %q not in %s", name, typ)
		}
	}
	return tftypes.NewValue(typ, out)
}

// event is one element of the action's events (empty strings are null).
type customEventInput struct{ name, content, group, time string }

func (h *actionHarness) config(region string, events ...customEventInput) *tfprotov6.DynamicValue {
	h.t.Helper()
	listType, ok := h.action.AttributeTypes["events"].(tftypes.List)
	if !ok {
		h.t.Fatalf("events type %s", h.action.AttributeTypes["events"])
	}
	str := func(s string) tftypes.Value {
		if s == "" {
			return tftypes.NewValue(tftypes.String, nil)
		}
		return tftypes.NewValue(tftypes.String, s)
	}
	var elems []tftypes.Value
	for _, ev := range events {
		elems = append(elems, protoObject(h.t, listType.ElementType, map[string]tftypes.Value{
			"name": str(ev.name), "content": str(ev.content), "group_id": str(ev.group), "time": str(ev.time),
		}))
	}
	v := protoObject(h.t, h.action, map[string]tftypes.Value{
		"events": tftypes.NewValue(listType, elems),
		"region": str(region),
	})
	dv, err := tfprotov6.NewDynamicValue(h.action, v)
	if err != nil {
		h.t.Fatalf("action config: %v", err)
	}
	return &dv
}

func (h *actionHarness) validate(cfg *tfprotov6.DynamicValue) []*tfprotov6.Diagnostic {
	h.t.Helper()
	r, err := h.srv.ValidateActionConfig(context.Background(), &tfprotov6.ValidateActionConfigRequest{ActionType: customEventAction, Config: cfg})
	if err != nil {
		h.t.Fatalf("ValidateActionConfig: %v", err)
	}
	return r.Diagnostics
}

func (h *actionHarness) plan(cfg *tfprotov6.DynamicValue) []*tfprotov6.Diagnostic {
	h.t.Helper()
	r, err := h.srv.PlanAction(context.Background(), &tfprotov6.PlanActionRequest{ActionType: customEventAction, Config: cfg})
	if err != nil {
		h.t.Fatalf("PlanAction: %v", err)
	}
	return r.Diagnostics
}

// invoke runs the action to completion and returns the progress messages
// and the final diagnostics.
func (h *actionHarness) invoke(cfg *tfprotov6.DynamicValue) ([]string, []*tfprotov6.Diagnostic) {
	h.t.Helper()
	stream, err := h.srv.InvokeAction(context.Background(), &tfprotov6.InvokeActionRequest{ActionType: customEventAction, Config: cfg})
	if err != nil {
		h.t.Fatalf("InvokeAction: %v", err)
	}
	var progress []string
	var diags []*tfprotov6.Diagnostic
	completed := 0
	for ev := range stream.Events {
		switch e := ev.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			progress = append(progress, e.Message)
		case tfprotov6.CompletedInvokeActionEventType:
			completed++
			diags = e.Diagnostics
		}
	}
	if completed != 1 {
		h.t.Fatalf("InvokeAction sent %d completed events, want 1", completed)
	}
	return progress, diags
}

func TestCustomEventAction_success(t *testing.T) {
	h := newActionHarness(t, true)
	cfg := h.config("", customEventInput{name: "deploy", content: "web v2 rolled out"}, customEventInput{name: "deploy", content: "api v2", group: "12", time: "2024-05-01T12:00:00+08:00"})

	if d := h.validate(cfg); len(d) != 0 {
		t.Fatalf("ValidateActionConfig: %s", acctest.ProtoDiagText(d))
	}
	if d := h.plan(cfg); len(d) != 0 {
		t.Fatalf("PlanAction: %s", acctest.ProtoDiagText(d))
	}
	if n := h.e.Stats(t)["PutCustomEvent"]; n != 0 {
		t.Fatalf("PutCustomEvent calls after plan = %d, want 0", n)
	}
	progress, diags := h.invoke(cfg)
	if len(diags) != 0 {
		t.Fatalf("InvokeAction diagnostics: %s", acctest.ProtoDiagText(diags))
	}
	if len(progress) != 2 ||
		progress[0] != "Reporting 2 custom events to CloudMonitor in cn-hangzhou" ||
		!strings.HasPrefix(progress[1], "Reported 2 custom events in cn-hangzhou (request id ") {
		t.Errorf("progress = %q", progress)
	}
	if n := h.e.Stats(t)["PutCustomEvent"]; n != 1 {
		t.Errorf("PutCustomEvent calls = %d, want 1", n)
	}
	got := emulatedEvents(t, h.e)
	if len(got) != 2 {
		t.Fatalf("emulator events = %+v, want 2", got)
	}
	// The emulator's state lists events in arrival order, as sent.
	if got[0].Name != "deploy" || got[0].Content != "web v2 rolled out" || got[0].GroupID != "0" || got[0].Region != "cn-hangzhou" {
		t.Errorf("event with defaults = %+v", got[0])
	}
	if got[1].Content != "api v2" || got[1].GroupID != "12" || got[1].TimeMS != 1714536000000 {
		t.Errorf("event with explicit time = %+v", got[1])
	}

	// Each invocation reports again: an action keeps no state.
	if _, diags := h.invoke(cfg); len(diags) != 0 {
		t.Fatalf("second InvokeAction: %s", acctest.ProtoDiagText(diags))
	}
	if n := len(emulatedEvents(t, h.e)); n != 4 {
		t.Errorf("emulator events after a second invocation = %d, want 4", n)
	}
}

func TestCustomEventAction_validationError(t *testing.T) {
	h := newActionHarness(t, true)
	many := make([]customEventInput, 51)
	for i := range many {
		many[i] = customEventInput{name: fmt.Sprintf("e%d", i), content: "c"}
	}
	cases := []struct {
		name string
		cfg  *tfprotov6.DynamicValue
		want string
	}{
		{"51 events", h.config("", many...), "at most 50 elements, got: 51"},
		{"no events", h.config(""), "at least 1 elements"},
		{"bad time", h.config("", customEventInput{name: "n", content: "c", time: "yesterday"}), `"yesterday" must be an RFC 3339 timestamp`},
		{"epoch seconds", h.config("", customEventInput{name: "n", content: "c", time: "1714536000"}), "looks like epoch seconds"},
		{"bad group", h.config("", customEventInput{name: "n", content: "c", group: "web"}), "application group id"},
		{"empty name", h.config("", customEventInput{name: "", content: "c"}), "name"},
		{"bad region", h.config("Hangzhou", customEventInput{name: "n", content: "c"}), "region id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := h.validate(tc.cfg)
			if !acctest.ProtoHasError(d) || !strings.Contains(acctest.ProtoDiagText(d), tc.want) {
				t.Errorf("diagnostics = %s, want an error mentioning %q", acctest.ProtoDiagText(d), tc.want)
			}
		})
	}
	// Plan and invoke do not run the schema validators, so Invoke checks the
	// time itself and sends nothing.
	_, diags := h.invoke(h.config("", customEventInput{name: "n", content: "c", time: "yesterday"}))
	if !acctest.ProtoHasError(diags) || !strings.Contains(acctest.ProtoDiagText(diags), "invalid event time") {
		t.Errorf("invoke with a bad time: %s", acctest.ProtoDiagText(diags))
	}
	if n := h.e.Stats(t)["PutCustomEvent"]; n != 0 {
		t.Errorf("PutCustomEvent calls = %d, want 0", n)
	}
}

func TestCustomEventAction_vendorError(t *testing.T) {
	h := newActionHarness(t, true)
	h.e.AddFault(t, core.Fault{Operation: "PutCustomEvent", Kind: core.FaultError, Code: "AccessForbidden", HTTPStatus: 403})
	progress, diags := h.invoke(h.config("", customEventInput{name: "deploy", content: "x"}))
	if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityError {
		t.Fatalf("diagnostics = %s, want one error", acctest.ProtoDiagText(diags))
	}
	d := diags[0]
	if d.Summary != "reporting 1 custom event to CMS in cn-hangzhou" {
		t.Errorf("summary = %q", d.Summary)
	}
	for _, want := range []string{"AccessForbidden", "User not authorized", "HTTP 403", "request id "} {
		if !strings.Contains(d.Detail, want) {
			t.Errorf("detail %q does not mention %q", d.Detail, want)
		}
	}
	if strings.Contains(d.Detail, acctest.AlicloudSecretKey) {
		t.Error("detail holds the secret key")
	}
	if len(progress) != 1 || !strings.HasPrefix(progress[0], "Reporting 1 custom event") {
		t.Errorf("progress = %q", progress)
	}
	if n := h.e.Stats(t)["PutCustomEvent"]; n != 1 {
		t.Errorf("PutCustomEvent calls = %d, want 1 (a refusal is not retried)", n)
	}
	if n := len(emulatedEvents(t, h.e)); n != 0 {
		t.Errorf("emulator events = %d, want 0", n)
	}
}

func TestCustomEventAction_droppedAnswerNotResent(t *testing.T) {
	h := newActionHarness(t, true)
	h.e.AddFault(t, core.Fault{Operation: "PutCustomEvent", Kind: core.FaultDrop})
	progress, diags := h.invoke(h.config("", customEventInput{name: "deploy", content: "x"}))
	if len(diags) != 0 {
		t.Fatalf("diagnostics = %s", acctest.ProtoDiagText(diags))
	}
	joined := strings.Join(progress, "\n")
	for _, want := range []string{"answer to PutCustomEvent was lost", "All 1 custom event arrived", "confirmed by lookup"} {
		if !strings.Contains(joined, want) {
			t.Errorf("progress %q does not mention %q", progress, want)
		}
	}
	if n := h.e.Stats(t)["PutCustomEvent"]; n != 1 {
		t.Errorf("PutCustomEvent calls = %d, want 1", n)
	}
	if n := len(emulatedEvents(t, h.e)); n != 1 {
		t.Errorf("emulator events = %d, want 1", n)
	}
}

func TestCustomEventAction_missingCredentialAtPlan(t *testing.T) {
	h := newActionHarness(t, false)
	d := h.plan(h.config("", customEventInput{name: "deploy", content: "x"}))
	if !acctest.ProtoHasError(d) || !strings.Contains(acctest.ProtoDiagText(d), "alicloud.access_key is not set") {
		t.Errorf("PlanAction diagnostics = %s, want the missing access key", acctest.ProtoDiagText(d))
	}
}

// The local Terraform (1.11) does not report action schemas, so tfplugindocs
// cannot render an action template: the action's page is a static file,
// templates/actions/cms_custom_event.md, that tfplugindocs copies to docs/.
// This test keeps it in step with the example and the schema.
func TestCustomEventAction_docsPage(t *testing.T) {
	read := func(rel string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join("..", "..", "..", rel))
		if err != nil {
			t.Fatalf("reading %s: %v", rel, err)
		}
		return string(b)
	}
	doc := read("templates/actions/cms_custom_event.md")
	example := strings.TrimSpace(read("examples/actions/telemetry_cms_custom_event/action.tf"))
	if !strings.Contains(doc, "```terraform\n"+example+"\n```") {
		t.Errorf("templates/actions/cms_custom_event.md does not hold examples/actions/telemetry_cms_custom_event/action.tf verbatim; paste it in a ```terraform block")
	}
	for _, want := range []string{"action_trigger", "after_update", "action.telemetry_cms_custom_event.deployed", "page_title: \"telemetry_cms_custom_event Action - telemetry\""} {
		if !strings.Contains(doc, want) {
			t.Errorf("the action page does not mention %q", want)
		}
	}

	sch, err := providerserver.NewProtocol6(provider.New("test")())().GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	want := actionSchemaMarkdown(sch.ActionSchemas[customEventAction].Schema)
	if !strings.Contains(doc, want) {
		t.Errorf("the action page's schema section is out of date; replace it with:\n%s", want)
	}
}

// actionSchemaMarkdown renders a schema the way tfplugindocs does for the
// attributes this action uses (strings and one list of nested attributes).
func actionSchemaMarkdown(s *tfprotov6.Schema) string {
	var b strings.Builder
	b.WriteString("<!-- schema generated by tfplugindocs -->\n## Schema\n")
	section := func(title string, attrs []*tfprotov6.SchemaAttribute, required bool, heading string) {
		var lines []string
		for _, a := range attrs {
			if a.Required != required {
				continue
			}
			typ := "String"
			desc := a.Description
			if a.NestedType != nil {
				typ = "Attributes List"
				desc += fmt.Sprintf(" (see [below for nested schema](#nestedatt--%s))", a.Name)
			}
			lines = append(lines, fmt.Sprintf("- `%s` (%s) %s", a.Name, typ, desc))
		}
		if len(lines) == 0 {
			return
		}
		sort.Strings(lines)
		fmt.Fprintf(&b, "\n%s%s\n\n%s\n", heading, title, strings.Join(lines, "\n"))
	}
	section("Required", s.Block.Attributes, true, "### ")
	section("Optional", s.Block.Attributes, false, "### ")
	for _, a := range s.Block.Attributes {
		if a.NestedType == nil {
			continue
		}
		fmt.Fprintf(&b, "\n<a id=\"nestedatt--%[1]s\"></a>\n### Nested Schema for `%[1]s`\n", a.Name)
		section("Required:", a.NestedType.Attributes, true, "")
		section("Optional:", a.NestedType.Attributes, false, "")
	}
	return b.String()
}

// When the answer is lost and the lookup fails too, nothing is sent again
// and the diagnostic says to check before retrying.
func TestCustomEventAction_lookupFailsNothingResent(t *testing.T) {
	h := newActionHarness(t, true)
	h.e.AddFault(t, core.Fault{Operation: "PutCustomEvent", Kind: core.FaultDrop})
	h.e.AddFault(t, core.Fault{Operation: "DescribeCustomEventAttribute", Kind: core.FaultError, Code: "AccessForbidden", HTTPStatus: 403})
	_, diags := h.invoke(h.config("", customEventInput{name: "deploy", content: "x"}))
	if !acctest.ProtoHasError(diags) {
		t.Fatalf("diagnostics = %s, want an error", acctest.ProtoDiagText(diags))
	}
	text := acctest.ProtoDiagText(diags)
	for _, want := range []string{"may or may not have been reported", "AccessForbidden", "Nothing was sent again"} {
		if !strings.Contains(text, want) {
			t.Errorf("diagnostic %q does not mention %q", text, want)
		}
	}
	if n := h.e.Stats(t)["PutCustomEvent"]; n != 1 {
		t.Errorf("PutCustomEvent calls = %d, want 1", n)
	}
}

// Matching counts copies against a baseline: one identical event already
// stored (here from an earlier invocation) is not one of this report's, so
// after a 500 both events of the batch are sent again (before the fix the
// old event was counted as arrived and one of the two was lost).
func TestCustomEventAction_identicalEventsCounted(t *testing.T) {
	h := newActionHarness(t, true)
	same := customEventInput{name: "tick", content: "same", time: "1714536000000"}
	if _, diags := h.invoke(h.config("", same)); len(diags) != 0 {
		t.Fatalf("first invocation: %s", acctest.ProtoDiagText(diags))
	}
	h.e.AddFault(t, core.Fault{Operation: "PutCustomEvent", Kind: core.FaultError, Code: "InternalError", HTTPStatus: 500})
	progress, diags := h.invoke(h.config("", same, same))
	if len(diags) != 0 {
		t.Fatalf("second invocation: %s", acctest.ProtoDiagText(diags))
	}
	if !strings.Contains(strings.Join(progress, "\n"), "2 of 2 custom events had not arrived; sending those again") {
		t.Errorf("progress = %q", progress)
	}
	if n := len(emulatedEvents(t, h.e)); n != 3 {
		t.Errorf("emulator events = %d, want 3 (one from the first invocation, two from the second)", n)
	}
	if n := h.e.Stats(t)["PutCustomEvent"]; n != 3 {
		t.Errorf("PutCustomEvent calls = %d, want 3", n)
	}
}

// The action on a real CLI (Terraform 1.14+): an action_trigger in a
// resource's lifecycle invokes it after the resource is created, and the
// event reaches CloudMonitor once.
func TestAccCustomEventAction_trigger(t *testing.T) {
	e := acctest.NewEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.Feature("actions (action_trigger)", tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Config: e.ProviderConfig() + `
action "telemetry_cms_custom_event" "notify" {
  config {
    events = [{ name = "release", content = "v1 is out" }]
  }
}
resource "terraform_data" "release" {
  input = "v1"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.telemetry_cms_custom_event.notify]
    }
  }
}
`,
			Check: func(*terraform.State) error {
				evs := emulatedEvents(t, e)
				if len(evs) != 1 || evs[0].Name != "release" || evs[0].Content != "v1 is out" {
					return fmt.Errorf("emulator holds %+v, want the one event the action reported", evs)
				}
				return nil
			},
		}},
	})
}
