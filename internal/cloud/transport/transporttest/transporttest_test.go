package transporttest

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestFuzzStatus(t *testing.T) {
	cases := []struct {
		n      uint16
		common []int
		want   int
	}{
		{404, nil, 404},
		{0, []int{200}, 200},      // 0 % 3 == 0
		{1, []int{200}, 201},      // 200 + 1 % 400
		{600, []int{200}, 200},    // 600 % 3 == 0
		{601, []int{200}, 401},    // 200 + 601 % 400
		{1, []int{200, 202}, 202}, // 1 % 4 == 1
		{2, []int{200, 202}, 202}, // 2 % 4 == 2 -> 200 + 2
	}
	for _, tc := range cases {
		if got := FuzzStatus(tc.n, tc.common...); got != tc.want {
			t.Errorf("FuzzStatus(%d, %v) = %d, want %d", tc.n, tc.common, got, tc.want)
		}
	}
}

func TestCanned(t *testing.T) {
	c := &http.Client{Transport: Canned{Status: 503, Body: []byte("busy")}}
	resp, err := c.Post("http://canned.invalid/", "text/plain", strings.NewReader("request"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 503 || string(body) != "busy" || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("got %d %q %v", resp.StatusCode, body, resp.Header)
	}
}

func TestCheckError_passes(t *testing.T) {
	CheckError(t, nil, "secret")
	CheckError(t, errors.New("calling X: InternalError"), "secret", "")
}
