package reliability_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/acctest"
	"github.com/cloud-telemetry/terraform-provider-telemetry/internal/provider"
)

const actionType = "telemetry_cms_custom_event"

// object builds a value of typ with vals and every other attribute null.
func object(t *testing.T, typ tftypes.Type, vals map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	obj, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("type %s is not an object", typ)
	}
	out := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		out[name] = tftypes.NewValue(at, nil)
		if v, ok := vals[name]; ok {
			out[name] = v
		}
	}
	return tftypes.NewValue(typ, out)
}

func str(s string) tftypes.Value {
	if s == "" {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, s)
}

type actionEvent struct{ name, content, group, time string }

// TestReliability_badActionInput validates invalid action configurations at
// the protocol level (the local Terraform CLI predates actions): each gives
// an error on the attribute naming what is allowed, and neither validation
// nor planning calls the API.
func TestReliability_badActionInput(t *testing.T) {
	ctx := context.Background()
	e := acctest.NewEmulator(t)
	srv := providerserver.NewProtocol6(provider.New("test")())()
	//lint:ignore SA1019 the action RPCs are only on this interface in terraform-plugin-go v0.31
	asrv, ok := srv.(tfprotov6.ProviderServerWithActions)
	if !ok {
		t.Fatalf("%T does not serve actions", srv)
	}
	sch, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	at, ok := sch.ActionSchemas[actionType].Schema.ValueType().(tftypes.Object)
	if !ok {
		t.Fatalf("no action schema %s", actionType)
	}
	pt := sch.Provider.ValueType()
	pcfg := object(t, pt, map[string]tftypes.Value{"alicloud": object(t, pt.(tftypes.Object).AttributeTypes["alicloud"], map[string]tftypes.Value{
		"access_key": str(acctest.AlicloudAccessKey), "secret_key": str(acctest.AlicloudSecretKey),
		"region": str(acctest.AlicloudRegion), "endpoint": str(e.URL),
	})})
	pdv, err := tfprotov6.NewDynamicValue(pt, pcfg)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.14.0", Config: &pdv}); err != nil || len(r.Diagnostics) != 0 {
		t.Fatalf("ConfigureProvider: %v %v", err, r.Diagnostics)
	}
	listType := at.AttributeTypes["events"].(tftypes.List)
	config := func(region string, evs ...actionEvent) *tfprotov6.DynamicValue {
		var elems []tftypes.Value
		for _, ev := range evs {
			elems = append(elems, object(t, listType.ElementType, map[string]tftypes.Value{
				"name": tftypes.NewValue(tftypes.String, ev.name), "content": tftypes.NewValue(tftypes.String, ev.content), "group_id": str(ev.group), "time": str(ev.time),
			}))
		}
		dv, err := tfprotov6.NewDynamicValue(at, object(t, at, map[string]tftypes.Value{"events": tftypes.NewValue(listType, elems), "region": str(region)}))
		if err != nil {
			t.Fatal(err)
		}
		return &dv
	}
	ok1 := actionEvent{name: "deploy", content: "v1"}
	many := make([]actionEvent, 51)
	for i := range many {
		many[i] = ok1
	}
	cases := []struct {
		name   string
		cfg    *tfprotov6.DynamicValue
		attr   string // last step of the diagnostic's attribute path
		phrase string
	}{
		{"zero events", config(""), "events", "at least 1"},
		{"51 events", config("", many...), "events", "at most 50"},
		{"empty name", config("", actionEvent{content: "v1", name: ""}), "name", "at least 1"},
		{"empty content", config("", actionEvent{name: "deploy", content: ""}), "content", "at least 1"},
		{"group_id letters", config("", actionEvent{name: "deploy", content: "v1", group: "web"}), "group_id", "made of digits"},
		{"time words", config("", actionEvent{name: "deploy", content: "v1", time: "yesterday"}), "time", "RFC 3339"},
		{"time epoch seconds", config("", actionEvent{name: "deploy", content: "v1", time: "1714536000"}), "time", "epoch milliseconds"},
		{"region format", config("Hangzhou", ok1), "region", "region id such as cn-hangzhou"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := asrv.ValidateActionConfig(ctx, &tfprotov6.ValidateActionConfigRequest{ActionType: actionType, Config: tc.cfg})
			if err != nil {
				t.Fatalf("ValidateActionConfig: %v", err)
			}
			diags := r.Diagnostics
			text := acctest.ProtoDiagText(diags)
			if !acctest.ProtoHasError(diags) {
				t.Fatalf("no error for %s: %s", tc.name, text)
			}
			if !strings.Contains(text, tc.attr) || !strings.Contains(text, tc.phrase) {
				t.Errorf("the diagnostic should name %q and say %q:\n%s", tc.attr, tc.phrase, text)
			}
		})
	}
	noAPICalls(t, e)
}
