package cms

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The event time accepts RFC 3339 or epoch milliseconds, which
// timetypes.RFC3339 cannot express; eventTimeType is the same idea for both
// forms: two spellings of one instant (Z or +08:00, RFC 3339 or epoch ms)
// are semantically equal, so changing only the spelling plans no change and
// never reports the events again. The state keeps the configured spelling.
var (
	_ basetypes.StringTypable                    = eventTimeType{}
	_ basetypes.StringValuableWithSemanticEquals = eventTimeValue{}
	_ validator.String                           = eventTimeValidator{}
)

type eventTimeType struct {
	basetypes.StringType
}

func (t eventTimeType) String() string { return "cms.eventTimeType" }

func (t eventTimeType) ValueType(context.Context) attr.Value { return eventTimeValue{} }

func (t eventTimeType) Equal(o attr.Type) bool {
	_, ok := o.(eventTimeType)
	return ok
}

func (t eventTimeType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return eventTimeValue{StringValue: in}, nil
}

func (t eventTimeType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return eventTimeValue{StringValue: s}, nil
}

// eventTimeValue is an event time as configured.
type eventTimeValue struct {
	basetypes.StringValue
}

func (v eventTimeValue) Type(context.Context) attr.Type { return eventTimeType{} }

func (v eventTimeValue) Equal(o attr.Value) bool {
	other, ok := o.(eventTimeValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals reports whether both values name the same instant to
// the millisecond (the precision the API keeps). A value that does not parse
// is only equal to itself; the validator reports it.
func (v eventTimeValue) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	other, ok := newValuable.(eventTimeValue)
	if !ok {
		return false, nil
	}
	a, errA := parseEventTime(v.ValueString())
	b, errB := parseEventTime(other.ValueString())
	if errA != nil || errB != nil {
		return v.ValueString() == other.ValueString(), nil
	}
	return a.UnixMilli() == b.UnixMilli(), nil
}

func eventTimeString(s string) eventTimeValue {
	return eventTimeValue{StringValue: basetypes.NewStringValue(s)}
}

// keepEqualEventTimes is a plan modifier of the events list: where an
// event's planned time is the same instant as its time in the state, the
// plan takes the state's spelling. It runs before RequiresReplace, so a
// change of spelling alone (Z to +08:00, RFC 3339 to epoch ms) is no change
// and never reports the events again.
type keepEqualEventTimes struct{}

func (keepEqualEventTimes) Description(context.Context) string {
	return "an event time that names the same instant as the state's keeps the state's spelling"
}

func (m keepEqualEventTimes) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (keepEqualEventTimes) PlanModifyList(ctx context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	if req.StateValue.IsNull() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	planned, stated := req.PlanValue.Elements(), req.StateValue.Elements()
	if len(planned) != len(stated) {
		return
	}
	out := make([]attr.Value, len(planned))
	changed := false
	for i := range planned {
		out[i] = planned[i]
		p, ok1 := planned[i].(basetypes.ObjectValue)
		s, ok2 := stated[i].(basetypes.ObjectValue)
		if !ok1 || !ok2 || p.IsUnknown() || p.IsNull() || s.IsNull() {
			continue
		}
		pt, ok1 := p.Attributes()["time"].(eventTimeValue)
		st, ok2 := s.Attributes()["time"].(eventTimeValue)
		if !ok1 || !ok2 || pt.IsUnknown() || pt.IsNull() || st.IsNull() || pt.Equal(st) {
			continue
		}
		if eq, _ := pt.StringSemanticEquals(ctx, st); !eq {
			continue
		}
		attrs := maps.Clone(p.Attributes())
		attrs["time"] = st
		obj, diags := types.ObjectValue(p.AttributeTypes(ctx), attrs)
		resp.Diagnostics.Append(diags...)
		if diags.HasError() {
			return
		}
		out[i], changed = obj, true
	}
	if !changed {
		return
	}
	list, diags := types.ListValue(req.PlanValue.ElementType(ctx), out)
	resp.Diagnostics.Append(diags...)
	if !diags.HasError() {
		resp.PlanValue = list
	}
}

// eventTimeValidator accepts an RFC 3339 timestamp or epoch milliseconds.
type eventTimeValidator struct{}

func (eventTimeValidator) Description(context.Context) string {
	return "must be an RFC 3339 timestamp or epoch milliseconds"
}

func (v eventTimeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (eventTimeValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseEventTime(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "invalid event time",
			fmt.Sprintf("%s %q %v.", req.Path, req.ConfigValue.ValueString(), err))
	}
}

// minEpochMillis rejects numbers that are surely epoch seconds: anything
// before 2001-09-09 in milliseconds.
const minEpochMillis = 1_000_000_000_000

// parseEventTime reads the time attribute: RFC 3339 or epoch milliseconds.
func parseEventTime(s string) (time.Time, error) {
	if s != "" && groupIDPattern.MatchString(s) {
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil || ms > 253402300799999 {
			return time.Time{}, errors.New("is out of range for epoch milliseconds")
		}
		if ms < minEpochMillis {
			return time.Time{}, errors.New("looks like epoch seconds or is before 2001; give epoch milliseconds (13 digits, e.g. 1714536000000) or an RFC 3339 timestamp")
		}
		return time.UnixMilli(ms).UTC(), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, errors.New("must be an RFC 3339 timestamp (2024-05-01T12:00:00Z, 2024-05-01T20:00:00+08:00) or epoch milliseconds (1714536000000)")
	}
	return t, nil
}
