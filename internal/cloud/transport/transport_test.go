package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// testErr is a vendor error as a client package would define it.
type testErr struct {
	code   string
	status int
}

func (e *testErr) Error() string   { return e.code }
func (e *testErr) Throttled() bool { return e.code == "Throttling" }
func (e *testErr) Transient() bool { return e.status >= 500 }

func decode(status int, _ http.Header, body []byte) (string, error) {
	if status == http.StatusOK {
		return "req-1", nil
	}
	return "req-1", &testErr{code: string(body), status: status}
}

// noSleep records requested delays instead of sleeping.
type noSleep struct{ delays []time.Duration }

func (n *noSleep) sleep(_ context.Context, d time.Duration) error {
	n.delays = append(n.delays, d)
	return nil
}

func newTestTransport(maxRetries int, s *noSleep) *Transport {
	return New(Config{Cloud: "testcloud", MaxRetries: maxRetries, Sleep: s.sleep, Secrets: []string{"s3cr3t-value"}})
}

func request(url string, idempotent bool) Request {
	return Request{
		Action: "TestAction", Idempotent: idempotent, Decode: decode,
		Build: func(ctx context.Context) (*http.Request, error) {
			return http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader("{}"))
		},
	}
}

func repeat(a [2]any, n int) [][2]any {
	out := make([][2]any, n)
	for i := range out {
		out[i] = a
	}
	return out
}

// sequence answers each call with the next (status, body) pair, then 200.
func sequence(t *testing.T, answers ...[2]any) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(hits.Add(1)) - 1
		if n < len(answers) {
			w.WriteHeader(answers[n][0].(int))
			fmt.Fprint(w, answers[n][1])
			return
		}
		fmt.Fprint(w, "ok")
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestDo_retryDecisions(t *testing.T) {
	cases := []struct {
		name       string
		idempotent bool
		answers    [][2]any
		wantHits   int32
		wantErr    string
		ambiguous  bool
	}{
		{"throttled non-idempotent is retried", false, [][2]any{{429, "Throttling"}, {429, "Throttling"}}, 3, "", false},
		{"5xx idempotent is retried", true, [][2]any{{503, "ServiceUnavailable"}}, 2, "", false},
		{"5xx non-idempotent is ambiguous, not retried", false, [][2]any{{503, "ServiceUnavailable"}}, 1, "ServiceUnavailable", true},
		{"4xx is not retried", true, [][2]any{{400, "InvalidParameter"}}, 1, "InvalidParameter", false},
		{"retries are bounded", true, [][2]any{{500, "E"}, {500, "E"}, {500, "E"}, {500, "E"}}, 3, "E", false},
		// Throttling answers have a budget of their own, 4 per retry.
		{"throttling budget holds 8 refusals", false, repeat([2]any{429, "Throttling"}, 8), 9, "", false},
		{"throttling budget is bounded", false, repeat([2]any{429, "Throttling"}, 9), 9, "Throttling", false},
		{"refusals do not use up the failure budget", true, append(repeat([2]any{429, "Throttling"}, 3), [2]any{500, "E"}, [2]any{500, "E"}), 6, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, hits := sequence(t, tc.answers...)
			s := &noSleep{}
			resp, err := newTestTransport(2, s).Do(context.Background(), request(srv.URL, tc.idempotent))
			if got := hits.Load(); got != tc.wantHits {
				t.Errorf("hits = %d, want %d", got, tc.wantHits)
			}
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if string(resp.Body) != "ok" || resp.RequestID != "req-1" {
					t.Errorf("response = %q / %q", resp.Body, resp.RequestID)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error = %v, want it to mention %q", err, tc.wantErr)
			}
			if IsAmbiguous(err) != tc.ambiguous {
				t.Errorf("IsAmbiguous = %v, want %v", IsAmbiguous(err), tc.ambiguous)
			}
			var te *testErr
			if !errors.As(err, &te) {
				t.Errorf("vendor error not reachable through errors.As: %T", err)
			}
		})
	}
}

// A connection dropped after the request was sent is ambiguous for a
// non-idempotent call and retried for an idempotent one.
func TestDo_droppedConnection(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			panic(http.ErrAbortHandler)
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	srv.Config.ErrorLog = nil

	_, err := newTestTransport(2, &noSleep{}).Do(context.Background(), request(srv.URL, false))
	if !IsAmbiguous(err) {
		t.Fatalf("non-idempotent: error = %v, want ambiguous", err)
	}
	if hits.Load() != 1 {
		t.Fatalf("non-idempotent call was sent %d times", hits.Load())
	}
	hits.Store(0)
	if _, err := newTestTransport(2, &noSleep{}).Do(context.Background(), request(srv.URL, true)); err != nil {
		t.Fatalf("idempotent: %v", err)
	}
	if hits.Load() != 2 {
		t.Fatalf("idempotent call hits = %d, want 2", hits.Load())
	}
}

// A refused connection never reached the server, so even a create is retried.
func TestDo_refusedIsRetriedForCreates(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s := &noSleep{}
	_, err = newTestTransport(2, s).Do(context.Background(), request("http://"+addr, false))
	if err == nil || IsAmbiguous(err) {
		t.Fatalf("error = %v, want a plain (non-ambiguous) failure", err)
	}
	if len(s.delays) != 2 {
		t.Fatalf("retries = %d, want 2", len(s.delays))
	}
}

func TestDo_contextCancelStopsRetries(t *testing.T) {
	srv, hits := sequence(t, [2]any{429, "Throttling"}, [2]any{429, "Throttling"}, [2]any{429, "Throttling"})
	ctx, cancel := context.WithCancel(context.Background())
	tr := New(Config{Cloud: "testcloud", MaxRetries: 5, Sleep: func(ctx context.Context, d time.Duration) error {
		cancel()
		return ctx.Err()
	}})
	_, err := tr.Do(ctx, request(srv.URL, true))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	if hits.Load() != 1 {
		t.Fatalf("hits = %d, want 1", hits.Load())
	}
}

func TestBackoff(t *testing.T) {
	base, max := 200*time.Millisecond, 10*time.Second
	for attempt := 1; attempt <= 12; attempt++ {
		step := base << (attempt - 1)
		if step > max || step <= 0 {
			step = max
		}
		for i := 0; i < 50; i++ {
			d := Backoff(attempt, base, max)
			if d < step/2 || d > step {
				t.Fatalf("attempt %d: delay %s outside [%s, %s]", attempt, d, step/2, step)
			}
		}
	}
}

// Secrets configured on the transport or the request never reach the logs,
// even at TRACE where bodies are logged.
func TestDo_logsMaskSecrets(t *testing.T) {
	const bodySecret = "body-secret-value"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"echo":"s3cr3t-value","other":%q,"CosPath":"https://bucket.cos.example.com/export.gz?sign=q-signature-abc123"}`, bodySecret)
	}))
	defer srv.Close()
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &out)
	t.Setenv("TF_LOG_PROVIDER_TELEMETRY_TESTCLOUD", "TRACE")
	req := request(srv.URL, true)
	req.Secrets = []string{bodySecret}
	if _, err := newTestTransport(1, &noSleep{}).Do(ctx, req); err != nil {
		t.Fatal(err)
	}
	logs := out.String()
	if !strings.Contains(logs, "cloud API response body") {
		t.Fatalf("expected a TRACE body line, got:\n%s", logs)
	}
	for _, secret := range []string{"s3cr3t-value", bodySecret, "q-signature-abc123"} {
		if strings.Contains(logs, secret) {
			t.Errorf("secret %q leaked into logs:\n%s", secret, logs)
		}
	}
}

// presignedURL finds the query of a download address however a JSON body
// writes it: plain, with escaped slashes, with escaped ampersands.
func TestPresignedURLMask(t *testing.T) {
	for _, in := range []string{
		`"CosPath":"https://b.cos.ap-shanghai.myqcloud.com/%2Fexport%2Fx.tar.gz?sign=q-signature%3Dabc123"`,
		`"CosPath":"https:\/\/b.cos.ap-shanghai.myqcloud.com\/x.tar.gz?sign=q-signature%3Dabc123"`,
		`"url":"http://h/x?a=1\u0026q-signature=abc123"`,
	} {
		got := presignedURL.ReplaceAllString(in, "***")
		if strings.Contains(got, "abc123") || !strings.HasSuffix(got, `***"`) {
			t.Errorf("%s masked as %s", in, got)
		}
	}
	if got := presignedURL.ReplaceAllString(`"Endpoint":"https://cls.ap-guangzhou.tencentcloudapi.com/"`, "***"); strings.Contains(got, "***") {
		t.Errorf("an address without a query was masked: %s", got)
	}
}

// A rate-limit wait that would outlive the deadline is reported as the
// deadline, so pollers treat it as their timeout.
func TestDo_rateLimitWaitPastDeadlineIsDeadline(t *testing.T) {
	srv, _ := sequence(t)
	tr := New(Config{Cloud: "testcloud", RateLimit: 0.001, RateKey: t.Name(), Sleep: (&noSleep{}).sleep})
	if _, err := tr.Do(context.Background(), request(srv.URL, true)); err != nil {
		t.Fatal(err) // the first token is free
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := tr.Do(ctx, request(srv.URL, true))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want context.DeadlineExceeded", err)
	}
}

// A create whose deadline passes while the server is still answering may
// have taken effect: it is ambiguous, and still a deadline error.
func TestDo_deadlineAfterSendingIsAmbiguousForCreates(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
	}))
	defer srv.Close()
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := newTestTransport(2, &noSleep{}).Do(ctx, request(srv.URL, false))
	if !IsAmbiguous(err) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want ambiguous and DeadlineExceeded", err)
	}
}

func TestIsTransient(t *testing.T) {
	refused := &url.Error{Op: "Post", URL: "http://x", Err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}}
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"connection refused", fmt.Errorf("calling X: %w", refused), true},
		{"connection reset", syscall.ECONNRESET, true},
		{"answer cut short", io.ErrUnexpectedEOF, true},
		{"ambiguous", &AmbiguousError{Action: "X", Err: errors.New("boom")}, true},
		{"throttled", classified{throttled: true}, true},
		{"5xx", classified{transient: true}, true},
		{"4xx answer", classified{}, false},
		{"plain error", errors.New("invalid parameter"), false},
		{"caller cancelled", fmt.Errorf("X: %w", context.Canceled), false},
		{"caller deadline", &url.Error{Op: "Post", URL: "http://x", Err: context.DeadlineExceeded}, false},
		{"nil", nil, false},
	}
	for _, c := range cases {
		if got := IsTransient(c.err); got != c.want {
			t.Errorf("%s: IsTransient = %v, want %v", c.name, got, c.want)
		}
	}
}

type classified struct{ throttled, transient bool }

func (c classified) Error() string   { return "vendor error" }
func (c classified) Throttled() bool { return c.throttled }
func (c classified) Transient() bool { return c.transient }

// A request that never reached the server (connection refused, or https://
// to a plain HTTP endpoint) is not an ambiguous write, and its error names
// the endpoint and the setting that chose it.
func TestNeverReachedIsNotAmbiguous(t *testing.T) {
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer plain.Close()
	closed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	closedURL := closed.URL
	closed.Close()
	for name, url := range map[string]string{
		"https to plain http": strings.Replace(plain.URL, "http://", "https://", 1),
		"connection refused":  closedURL,
	} {
		tr := New(Config{Cloud: "testcloud", MaxRetries: 1, Sleep: (&noSleep{}).sleep, Where: url + ", from testcloud.endpoint or TELEMETRY_TESTCLOUD_ENDPOINT"})
		_, err := tr.Do(context.Background(), request(url, false))
		if err == nil || IsAmbiguous(err) {
			t.Errorf("%s: %v, want an error that is not ambiguous", name, err)
			continue
		}
		for _, want := range []string{"testcloud.endpoint", "never reached the server"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %q lacks %q", name, err, want)
			}
		}
	}
}

// A diagnostic gets a next step for what retrying later can fix, and none
// for an answer that will not change.
func TestRetryAdvice(t *testing.T) {
	if got := RetryAdvice(io.ErrUnexpectedEOF, "CLS"); !strings.Contains(got, "CLS did not answer") || !strings.Contains(got, "run the same command again") {
		t.Errorf("RetryAdvice(a cut answer) = %q, want the service and the next step", got)
	}
	if got := RetryAdvice(errors.New("InvalidParameter"), "CLS"); got != "" {
		t.Errorf("RetryAdvice(a refusal) = %q, want none", got)
	}
	if got := RetryAdvice(context.Canceled, "CLS"); got != "" {
		t.Errorf("RetryAdvice(an interrupt) = %q, want none", got)
	}
}
