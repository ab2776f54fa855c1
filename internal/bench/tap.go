package bench

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// tap sits in front of the emulator and sees what the admin API does not
// tell: throttling answers (CLS answers them with HTTP 200 and an error code
// in the body), when file downloads (Huawei archives, CLS export files)
// start and end, and when the last other API call ended.
type tap struct {
	next http.Handler

	mu        sync.Mutex
	throttled map[string]int
	// downloads are the file downloads (Huawei archives, CLS export
	// files).
	downloads []span
	// lastCall is when the latest cloud API request other than a download
	// was answered (the emulator's admin API does not count).
	lastCall time.Time
	// firstCall is when the first cloud API request other than a download
	// arrived; firstCLS and lastCLS when the first CLS API request arrived
	// and the latest was answered.
	firstCall, firstCLS, lastCLS time.Time
	// listStarts counts the accepted DescribeExports calls that asked for
	// a list's first page (Offset 0): each begins one list of a topic, so
	// during a wait each is one poll round.
	listStarts int
}

// span is one served file download.
type span struct {
	Start, End time.Time
	Bytes      int64
}

func (t *tap) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Header.Get("X-TC-Action") != "":
		start := time.Now()
		first := r.Header.Get("X-TC-Action") == "DescribeExports" && firstPageRequest(r)
		sw := &sniffWriter{ResponseWriter: w}
		t.next.ServeHTTP(sw, r)
		t.mu.Lock()
		if bytes.Contains(sw.head, []byte(`"RequestLimitExceeded"`)) {
			t.throttled[r.Header.Get("X-TC-Action")]++
		} else if first {
			t.listStarts++
		}
		t.called(start, time.Now())
		if t.firstCLS.IsZero() {
			t.firstCLS = start
		}
		t.lastCLS = t.lastCall
		t.mu.Unlock()
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/_emulator/tencent/download/"):
		sp := t.serveCounted(w, r)
		t.mu.Lock()
		t.downloads = append(t.downloads, sp)
		t.mu.Unlock()
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v1/"):
		sp := t.serveCounted(w, r)
		t.mu.Lock()
		if strings.HasSuffix(r.URL.Path, "/content") {
			t.downloads = append(t.downloads, sp)
		} else {
			t.called(sp.Start, sp.End)
		}
		t.mu.Unlock()
	default:
		start := time.Now()
		t.next.ServeHTTP(w, r)
		if !strings.HasPrefix(r.URL.Path, "/_emulator/") {
			t.mu.Lock()
			t.called(start, time.Now())
			t.mu.Unlock()
		}
	}
}

// called records one cloud API call other than a download; t.mu is held.
func (t *tap) called(start, end time.Time) {
	if t.firstCall.IsZero() {
		t.firstCall = start
	}
	t.lastCall = end
}

// callSpan is when the first cloud API call (other than a download)
// arrived, when the first CLS call arrived and when the latest CLS call was
// answered; zero when none.
func (t *tap) callSpan() (first, firstCLS, lastCLS time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.firstCall, t.firstCLS, t.lastCLS
}

// firstPageRequest reports whether a DescribeExports request asks for a
// list's first page (no Offset or Offset 0); it leaves r's body readable.
func firstPageRequest(r *http.Request) bool {
	body, err := io.ReadAll(r.Body)
	r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return false
	}
	var p struct{ Offset *int }
	if json.Unmarshal(body, &p) != nil {
		return false
	}
	return p.Offset == nil || *p.Offset == 0
}

// listStartCount is how many accepted DescribeExports calls asked for a
// first page.
func (t *tap) listStartCount() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.listStarts
}

// serveCounted serves r and returns its span and body size.
func (t *tap) serveCounted(w http.ResponseWriter, r *http.Request) span {
	cw := &countWriter{ResponseWriter: w}
	start := time.Now()
	t.next.ServeHTTP(cw, r)
	return span{Start: start, End: time.Now(), Bytes: cw.n}
}

// lastCallEnd is when the latest API call other than a download ended.
func (t *tap) lastCallEnd() (time.Time, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.lastCall, !t.lastCall.IsZero()
}

// throttledCounts returns a copy of the throttling answers per action.
func (t *tap) throttledCounts() map[string]int {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := map[string]int{}
	for k, v := range t.throttled {
		out[k] = v
	}
	return out
}

func (t *tap) downloadSpans() []span {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]span(nil), t.downloads...)
}

// sniffWriter keeps the first bytes of a (small) JSON answer.
type sniffWriter struct {
	http.ResponseWriter
	head []byte
}

func (s *sniffWriter) Write(p []byte) (int, error) {
	if room := 4096 - len(s.head); room > 0 {
		s.head = append(s.head, p[:min(room, len(p))]...)
	}
	return s.ResponseWriter.Write(p)
}

// countWriter counts the bytes of a streamed answer.
type countWriter struct {
	http.ResponseWriter
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.ResponseWriter.Write(p)
	c.n += int64(n)
	return n, err
}

// ReadFrom keeps io.Copy's fast path into the connection.
func (c *countWriter) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.ResponseWriter.(io.ReaderFrom); ok {
		n, err := rf.ReadFrom(r)
		c.n += n
		return n, err
	}
	return io.Copy(struct{ io.Writer }{c}, r)
}

func (c *countWriter) Flush() {
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
