package transport

import "sync"

// Limiters is the registry of the client-side rate limiters of one provider
// configuration (conns.Clients owns one and hands it to every client it
// builds): transports built with the same Limiters and the same RateKey share
// one adaptive limiter per action, so clients of one account slow down
// together; transports with different Limiters share nothing, so two provider
// instances (or two tests) never draw on each other's pace. The zero value is
// ready to use.
type Limiters struct {
	mu    sync.Mutex
	byKey map[string]*adaptiveLimiter
}

// NewLimiters returns an empty registry.
func NewLimiters() *Limiters { return &Limiters{} }

// get returns the limiter of key, created at rate on first use.
func (l *Limiters) get(key string, rate float64) *adaptiveLimiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.byKey == nil {
		l.byKey = map[string]*adaptiveLimiter{}
	}
	al, ok := l.byKey[key]
	if !ok {
		al = newAdaptiveLimiter(rate, aimdBurst)
		l.byKey[key] = al
	}
	return al
}

// limiter returns this transport's limiter for action, shared through its
// Limiters with every transport of the same RateKey (see adaptiveLimiter);
// nil when the transport has no rate limit.
func (t *Transport) limiter(action string) *adaptiveLimiter {
	if t.cfg.RateLimit <= 0 {
		return nil
	}
	return t.cfg.Limiters.get(t.cfg.RateKey+"|"+action, t.cfg.RateLimit)
}

// Len is how many limiters the registry holds: one per rate key and action
// used so far.
func (l *Limiters) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.byKey)
}
