package core

import (
	"net/http/httptest"
	"reflect"
	"testing"
)

func TestSignedHeaderValues(t *testing.T) {
	r := httptest.NewRequest("POST", "http://example.test:8080/x", nil)
	r.Header.Add("X-Acs-Date", "2026-01-01T00:00:00Z")
	r.Header.Add("X-Multi", "a")
	r.Header.Add("X-Multi", "b")
	got := SignedHeaderValues(r, map[string]bool{"host": true, "x-acs-date": true, "x-multi": true, "x-absent": true})
	want := map[string][]string{
		"host":       {"example.test:8080"},
		"x-acs-date": {"2026-01-01T00:00:00Z"},
		"x-multi":    {"a", "b"},
		"x-absent":   nil,
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("SignedHeaderValues = %#v, want %#v", got, want)
	}
}
