package bench

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The floor reader writes the whole body to the file, hashes the same
// stream and sends the headers it is given.
func TestFloorReaderMain(t *testing.T) {
	body := bytes.Repeat([]byte("0123456789abcdef"), 10000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Auth-Token") != "tok" {
			http.Error(w, "no token", http.StatusUnauthorized)
			return
		}
		w.Write(body)
	}))
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "out")
	var out bytes.Buffer
	if err := FloorReaderMain(t.Context(), []string{srv.URL, path, "X-Auth-Token: tok"}, &out); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(body)
	if want := fmt.Sprintf("%d %s\n", len(body), hex.EncodeToString(sum[:])); out.String() != want {
		t.Fatalf("printed %q, want %q", out.String(), want)
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, body) {
		t.Fatalf("file: %d bytes, %v; want the %d-byte body", len(got), err, len(body))
	}
	if err := FloorReaderMain(t.Context(), []string{srv.URL, path}, &out); err == nil {
		t.Fatal("a refused GET is not an error")
	}
	if err := FloorReaderMain(t.Context(), []string{srv.URL, path, "no-colon"}, &out); err == nil {
		t.Fatal("a malformed header is not an error")
	}
}

func TestPerGiB(t *testing.T) {
	if got := perGiB(time.Second, 512<<20); got != 2 {
		t.Fatalf("1 s over 512 MiB: %v s/GiB, want 2", got)
	}
	if got := perGiB(time.Second, 0); got != 0 {
		t.Fatalf("no bytes: %v", got)
	}
}
