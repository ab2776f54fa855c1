package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// call is one Do or DoStream across its attempts: the request, the limiter
// that paces it, and the two retry budgets it spends (see retry.go).
type call struct {
	t       *Transport
	req     Request
	stream  bool
	limiter *adaptiveLimiter
	// lastErr is the failure the next attempt retries.
	lastErr error
	// retries counts retries after failures, throttled those after
	// throttling answers: each has its own budget (see ThrottledRetriesPerRetry).
	retries, throttled int
}

// result is what an attempt ends the call with, unless it is retried.
type result struct {
	resp *http.Response
	body readBody
	err  error
}

// failed is a result with only an error.
func failed(err error) result { return result{err: err} }

// answer is a response read in full, with what the logs tell of it.
type answer struct {
	resp      *http.Response
	body      []byte
	requestID string
	attempt   int
	start     time.Time
}

func (t *Transport) do(ctx context.Context, req Request, stream bool) (*http.Response, readBody, error) {
	ctx = t.logContext(ctx, req)
	c := &call{t: t, req: req, stream: stream, limiter: t.limiter(req.Action)}
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			if err := c.backoff(ctx, attempt); err != nil {
				return nil, readBody{}, err
			}
		}
		if r, retry := c.attempt(ctx, attempt); !retry {
			return r.resp, r.body, r.err
		}
	}
}

// backoff waits before attempt (1-based count of retries so far).
func (c *call) backoff(ctx context.Context, attempt int) error {
	d := Backoff(attempt, c.t.cfg.BaseDelay, c.t.cfg.MaxDelay)
	tflog.SubsystemWarn(ctx, c.t.cfg.Cloud, "retrying cloud API call", map[string]any{
		"action": c.req.Action, "attempt": attempt + 1, "delay_ms": d.Milliseconds(), "error": c.lastErr.Error(),
	})
	if err := c.t.cfg.Sleep(ctx, d); err != nil {
		return fmt.Errorf("%s: %w (last error: %v)", c.req.Action, err, c.lastErr)
	}
	return nil
}

// waitTurn waits for the client-side rate limit, if any.
func (c *call) waitTurn(ctx context.Context) error {
	if c.limiter == nil {
		return nil
	}
	if err := c.limiter.wait(ctx); err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return fmt.Errorf("%s: waiting for the client-side rate limit: %w", c.req.Action, err)
	}
	return nil
}

// attempt sends the request once. retry reports that the failure is retried
// (its cause kept as the last error); otherwise the result ends the call.
func (c *call) attempt(ctx context.Context, attempt int) (r result, retry bool) {
	if err := c.waitTurn(ctx); err != nil {
		return failed(err), false
	}
	httpReq, err := c.req.Build(ctx)
	if err != nil {
		return failed(fmt.Errorf("building %s request: %w", c.req.Action, err)), false
	}
	start := time.Now()
	resp, err := c.t.cfg.HTTPClient.Do(httpReq)
	if err != nil {
		return c.sendFailed(ctx, attempt, start, err)
	}
	if c.stream && resp.StatusCode >= 200 && resp.StatusCode < 300 {
		c.logStreamed(ctx, attempt, start, resp)
		return result{resp: resp}, false
	}
	body, readErr := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	resp.Body.Close()
	if readErr != nil {
		return c.readFailed(ctx, readErr)
	}
	return c.answered(ctx, answer{resp: resp, body: body, attempt: attempt, start: start})
}

// sendFailed decides after a request that got no answer: retried when it
// provably never left or is idempotent, ambiguous for a create that may
// have taken effect.
func (c *call) sendFailed(ctx context.Context, attempt int, start time.Time, err error) (result, bool) {
	req := c.req
	if ctx.Err() != nil {
		if !req.Idempotent && !NotSent(err) {
			// Cancelled or timed out after the request may have left:
			// the caller must reconcile, exactly as for a dropped answer.
			return failed(&AmbiguousError{Action: req.Action, Err: ctx.Err()}), false
		}
		return failed(fmt.Errorf("%s: %w", req.Action, ctx.Err())), false
	}
	c.logSendFailed(ctx, attempt, start, err)
	notSent := NotSent(err)
	if (notSent || req.Idempotent) && c.retryAfterFailure(err) {
		return result{}, true
	}
	switch {
	case !notSent && !req.Idempotent:
		return failed(&AmbiguousError{Action: req.Action, Err: c.t.at(err)}), false
	case notSent:
		return failed(fmt.Errorf("calling %s: %w; the request never reached the server", req.Action, c.t.at(err))), false
	}
	return failed(fmt.Errorf("calling %s: %w", req.Action, c.t.at(err))), false
}

// readFailed decides after an answer cut short: the request was received,
// so only an idempotent one is retried; a create is ambiguous.
func (c *call) readFailed(ctx context.Context, err error) (result, bool) {
	req := c.req
	if ctx.Err() != nil {
		return failed(fmt.Errorf("%s: %w", req.Action, ctx.Err())), false
	}
	if req.Idempotent && c.retryAfterFailure(err) {
		return result{}, true
	}
	if !req.Idempotent {
		return failed(&AmbiguousError{Action: req.Action, Err: err}), false
	}
	return failed(fmt.Errorf("reading %s response: %w", req.Action, err)), false
}

// answered decodes a complete answer, tells the limiter whether it was a
// throttling refusal, and decides: success, a retry (throttled; transient
// and idempotent), ambiguous (transient create) or the vendor error.
func (c *call) answered(ctx context.Context, a answer) (result, bool) {
	req := c.req
	requestID, apiErr := req.Decode(a.resp.StatusCode, a.resp.Header, a.body)
	a.requestID = requestID
	c.logAnswer(ctx, a, apiErr)
	var cl Classified
	refused := apiErr != nil && errors.As(apiErr, &cl) && cl.Throttled()
	c.pace(ctx, refused, a.start)
	if apiErr == nil {
		return result{resp: a.resp, body: readBody{bytes: a.body, requestID: requestID}}, false
	}
	if cl != nil {
		switch {
		case refused:
			if c.retryAfterThrottling(apiErr) {
				return result{}, true
			}
		case cl.Transient():
			if req.Idempotent && c.retryAfterFailure(apiErr) {
				return result{}, true
			}
			if !req.Idempotent {
				return failed(&AmbiguousError{Action: req.Action, Err: apiErr}), false
			}
		}
	}
	return failed(apiErr), false
}

// pace tells the limiter how the call sent at start was answered: a
// throttling refusal may lower the rate, any other answer raises it.
func (c *call) pace(ctx context.Context, refused bool, start time.Time) {
	if c.limiter == nil {
		return
	}
	if !refused {
		c.limiter.accepted()
		return
	}
	if rate, cut := c.limiter.throttled(start, time.Now()); cut {
		tflog.SubsystemDebug(ctx, c.t.cfg.Cloud, "throttled: lowering the client-side rate", map[string]any{
			"action": c.req.Action, "rate_per_s": rate,
		})
	}
}
