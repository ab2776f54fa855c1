// Package transporttest holds what the cloud clients' tests share: a canned
// HTTP round tripper, the mapping of fuzzed numbers onto HTTP statuses, and
// the error contract every client keeps.
package transporttest

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
)

// MaxErrorText is the longest error text a client may produce.
const MaxErrorText = 4096

// Canned answers every request with the same status, headers and body.
// A nil Header means a JSON content type.
type Canned struct {
	Status int
	Header http.Header
	Body   []byte
}

// RoundTrip drains the request and returns the canned response.
func (c Canned) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	header := c.Header.Clone()
	if header == nil {
		header = http.Header{"Content-Type": {"application/json"}}
	}
	return &http.Response{
		StatusCode: c.Status, Header: header,
		Body: io.NopCloser(bytes.NewReader(c.Body)), ContentLength: -1, Request: r,
	}, nil
}

// FuzzStatus keeps a real status (200..599) and maps any other number onto
// one of the common statuses or onto 200..599, so fuzzing spends most of
// its time on answers a gateway can give.
func FuzzStatus(n uint16, common ...int) int {
	if n >= 200 && n <= 599 {
		return int(n)
	}
	if i := int(n) % (len(common) + 2); i < len(common) {
		return common[i]
	}
	return 200 + int(n)%400
}

// CheckError holds an error to the clients' contract: bounded text that
// never carries a credential.
func CheckError(t testing.TB, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		return
	}
	msg := err.Error()
	for _, s := range secrets {
		if s != "" && strings.Contains(msg, s) {
			t.Fatalf("the error holds a credential: %q", msg)
		}
	}
	if len(msg) > MaxErrorText {
		t.Fatalf("the error text is %d bytes long", len(msg))
	}
}
