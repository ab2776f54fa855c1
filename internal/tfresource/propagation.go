package tfresource

import (
	"context"
	"encoding/json"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// privateWrittenKey is the private state key holding when this provider last
// wrote the object (RFC 3339, UTC).
const privateWrittenKey = "written_at"

// PrivateSetter is the part of a response's private state MarkWritten uses.
type PrivateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// PrivateGetter is the part of a request's private state SinceWrite uses.
type PrivateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// MarkWritten records in the private state that the object was just
// written, so that reads in the next moments (the refresh right after an
// apply) take "not found" or an older version for propagation.
func MarkWritten(ctx context.Context, p PrivateSetter, now time.Time) diag.Diagnostics {
	b, _ := json.Marshal(now.UTC().Format(time.RFC3339Nano))
	return p.SetKey(ctx, privateWrittenKey, b)
}

// PropagationLeft is how much of the window after the last write recorded by
// MarkWritten remains: zero when there is none or it has passed.
func PropagationLeft(ctx context.Context, p PrivateGetter, window time.Duration, now time.Time) time.Duration {
	if p == nil || window <= 0 {
		return 0
	}
	b, diags := p.GetKey(ctx, privateWrittenKey)
	if diags.HasError() || len(b) == 0 {
		return 0
	}
	var s string
	if json.Unmarshal(b, &s) != nil {
		return 0
	}
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return 0
	}
	return max(0, window-now.Sub(at))
}

// ForgetWritten drops the record of MarkWritten: the object has been seen,
// so from now on "not found" means gone.
func ForgetWritten(ctx context.Context, p PrivateSetter) diag.Diagnostics {
	return p.SetKey(ctx, privateWrittenKey, nil)
}
