package metadata

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

var testRole = Role{Path: "/latest/meta-data/ram/security-credentials/", Kind: "RAM role", Bind: "attach one to the instance"}

// A service that names role "ops" and serves its document.
func service(t *testing.T, listing string) *httptest.Server {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case testRole.Path:
			_, _ = w.Write([]byte(listing))
		case testRole.Path + "ops":
			_, _ = w.Write([]byte(`{"Code":"Success"}`))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(ts.Close)
	return ts
}

func TestRoleDocument(t *testing.T) {
	ts := service(t, "ops\n")
	name, doc, err := testRole.Document(context.Background(), nil, ts.URL+"/", "")
	if err != nil || name != "ops" || string(doc) != `{"Code":"Success"}` {
		t.Fatalf("looked up role: %q %q %v; want ops and its document", name, doc, err)
	}
	if _, _, err := testRole.Document(context.Background(), nil, ts.URL, "other"); err == nil ||
		!strings.Contains(err.Error(), `RAM role "other"`) || !strings.Contains(err.Error(), "HTTP 404") || !strings.Contains(err.Error(), "attach one") {
		t.Fatalf("a role the instance does not have: %v; want the role, the 404 and what to do", err)
	}
	empty := service(t, "  \n")
	if _, _, err := testRole.Document(context.Background(), nil, empty.URL, ""); err == nil || !strings.Contains(err.Error(), "names no RAM role") {
		t.Fatalf("an instance without a role: %v", err)
	}
}

// Do sends the method and headers asked for and reads at most 64 KiB.
func TestDo(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPut || r.Header.Get("X-Test") != "1" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		_, _ = w.Write([]byte(strings.Repeat("a", maxBody+100)))
	}))
	defer ts.Close()
	status, body, err := Do(context.Background(), nil, http.MethodPut, ts.URL, map[string]string{"X-Test": "1"})
	if err != nil || status != http.StatusOK || len(body) != maxBody {
		t.Fatalf("Do: status %d, %d bytes, %v; want 200 and %d bytes", status, len(body), err, maxBody)
	}
}
