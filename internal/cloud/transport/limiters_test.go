package transport

import (
	"context"
	"errors"
	"testing"
	"time"
)

// Transports built with one Limiters and one RateKey share a limiter per
// action; another key, another action or another registry (another provider
// configuration) gets its own, and a transport without a registry gets one
// of its own.
func TestLimiters_sharedWithinOneRegistryOnly(t *testing.T) {
	one, other := NewLimiters(), NewLimiters()
	build := func(reg *Limiters, key string) *Transport {
		return New(Config{Cloud: "testcloud", RateLimit: 20, RateKey: key, Limiters: reg})
	}
	a, b := build(one, "acct"), build(one, "acct")
	if a.limiter("Act") == nil || a.limiter("Act") != b.limiter("Act") {
		t.Error("two transports of one registry and key do not share the action's limiter")
	}
	if a.limiter("Act") == a.limiter("Other") {
		t.Error("two actions share a limiter")
	}
	if a.limiter("Act") == build(one, "another-acct").limiter("Act") {
		t.Error("two keys of one registry share a limiter")
	}
	if a.limiter("Act") == build(other, "acct").limiter("Act") {
		t.Error("two registries share a limiter")
	}
	if x, y := build(nil, "acct"), build(nil, "acct"); x.limiter("Act") == y.limiter("Act") {
		t.Error("two transports without a registry share a limiter")
	}
	if New(Config{Cloud: "testcloud", RateKey: "acct", Limiters: one}).limiter("Act") != nil {
		t.Error("a transport without a rate limit has a limiter")
	}
}

// The pace is shared by the calls, not only the limiter value: a call of one
// transport spends the slot a second transport of the same registry would
// use, while a transport of another registry goes at once.
func TestLimiters_paceSharedWithinOneRegistryOnly(t *testing.T) {
	srv, _ := sequence(t)
	one := NewLimiters()
	build := func(reg *Limiters) *Transport {
		return New(Config{Cloud: "testcloud", RateLimit: 0.001, RateKey: "acct", Limiters: reg, Sleep: (&noSleep{}).sleep})
	}
	if _, err := build(one).Do(context.Background(), request(srv.URL, true)); err != nil {
		t.Fatal(err) // the first token is free
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := build(NewLimiters()).Do(ctx, request(srv.URL, true)); err != nil {
		t.Errorf("a transport of another registry waited for the first one's pace: %v", err)
	}
	if _, err := build(one).Do(ctx, request(srv.URL, true)); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a transport of the same registry: error = %v, want the wait past the deadline (context.DeadlineExceeded)", err)
	}
}
