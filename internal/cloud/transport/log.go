package transport

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// presignedURL matches an address with a query string, the shape of every
// presigned download link, also inside a JSON body whose encoder escapes
// slashes ("https:\/\/host\/path?sign=...").
var presignedURL = regexp.MustCompile(`https?:\\?/\\?/[^\s"'?]+\?[^\s"']*`)

// maskedKeys are log field keys whose values are always replaced by ***.
var maskedKeys = []string{
	"secret_key", "security_token", "auth_token", "authorization", "x-auth-token",
	"signature", "download_url", "access_key_secret", "token",
}

// logContext builds the vendor's tflog subsystem and all its masks once per call.
func (t *Transport) logContext(ctx context.Context, req Request) context.Context {
	ctx = tflog.NewSubsystem(ctx, t.cfg.Cloud, tflog.WithLevelFromEnv("TF_LOG_PROVIDER_TELEMETRY", strings.ToUpper(t.cfg.Cloud)))
	ctx = tflog.SubsystemMaskFieldValuesWithFieldKeys(ctx, t.cfg.Cloud, maskedKeys...)
	// Presigned download addresses grant access; they arrive inside response
	// bodies, so they are masked by shape: any URL that carries a query string.
	ctx = tflog.SubsystemMaskAllFieldValuesRegexes(ctx, t.cfg.Cloud, presignedURL)
	secrets := nonEmpty(append(append([]string{}, t.cfg.Secrets...), req.Secrets...))
	if len(secrets) > 0 {
		ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, t.cfg.Cloud, secrets...)
		ctx = tflog.SubsystemMaskMessageStrings(ctx, t.cfg.Cloud, secrets...)
	}
	return ctx
}

func nonEmpty(in []string) []string {
	out := in[:0]
	for _, s := range in {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// logSendFailed logs an attempt that got no answer.
func (c *call) logSendFailed(ctx context.Context, attempt int, start time.Time, err error) {
	tflog.SubsystemDebug(ctx, c.t.cfg.Cloud, "cloud API call failed", map[string]any{
		"action": c.req.Action, "region": c.req.Region, "attempt": attempt + 1,
		"duration_ms": time.Since(start).Milliseconds(), "error": err.Error(),
	})
}

// logStreamed logs a successful download whose body the caller reads.
func (c *call) logStreamed(ctx context.Context, attempt int, start time.Time, resp *http.Response) {
	tflog.SubsystemDebug(ctx, c.t.cfg.Cloud, "cloud API call", map[string]any{
		"action": c.req.Action, "region": c.req.Region, "http_status": resp.StatusCode, "attempt": attempt + 1,
		"duration_ms": time.Since(start).Milliseconds(),
	})
}

// logAnswer logs a read answer: one DEBUG line with its status, request id
// and vendor error, and its masked body at TRACE.
func (c *call) logAnswer(ctx context.Context, a answer, apiErr error) {
	fields := map[string]any{
		"action": c.req.Action, "region": c.req.Region, "http_status": a.resp.StatusCode, "request_id": a.requestID,
		"attempt": a.attempt + 1, "duration_ms": time.Since(a.start).Milliseconds(),
	}
	if apiErr != nil {
		fields["error"] = apiErr.Error()
	}
	tflog.SubsystemDebug(ctx, c.t.cfg.Cloud, "cloud API call", fields)
	tflog.SubsystemTrace(ctx, c.t.cfg.Cloud, "cloud API response body", map[string]any{"action": c.req.Action, "body": MaskBody(a.body)})
}
