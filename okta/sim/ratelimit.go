package sim

import (
	"time"
)

// defaultPerMinute is generous so that ordinary tests never meet the limit; tests that want
// 429s lower it per route with SetRateLimit.
const defaultPerMinute = 600

// rateWindow is Okta's rate-limit window: X-Rate-Limit-Reset is usually about a minute out.
const rateWindow = time.Minute

type rateKey struct{ method, template string }

type rateBucket struct {
	used      int
	windowEnd time.Time
}

// rateLimiter counts requests per route (method + path template) in fixed 60-second
// windows, as Okta's per-endpoint limits do.
type rateLimiter struct {
	defaultLimit int
	limits       map[rateKey]int
	buckets      map[rateKey]*rateBucket
}

// rateState is what the X-Rate-Limit-* headers of one response say.
type rateState struct {
	limit, remaining int
	reset            int64 // epoch seconds
	exceeded         bool
}

func newRateLimiter(perMinute int) rateLimiter {
	return rateLimiter{defaultLimit: perMinute, limits: map[rateKey]int{}, buckets: map[rateKey]*rateBucket{}}
}

func (l *rateLimiter) limitFor(k rateKey) int {
	if n, ok := l.limits[k]; ok {
		return n
	}
	return l.defaultLimit
}

// bucket returns the current window of a route, opening a new one when the old has passed.
func (l *rateLimiter) bucket(k rateKey, now time.Time) *rateBucket {
	b := l.buckets[k]
	if b == nil || !now.Before(b.windowEnd) {
		b = &rateBucket{windowEnd: now.Add(rateWindow)}
		l.buckets[k] = b
	}
	return b
}

// take counts one request and reports the headers to send.
func (l *rateLimiter) take(method, template string, now time.Time) rateState {
	k := rateKey{method, template}
	b := l.bucket(k, now)
	b.used++
	return l.state(k, b)
}

// state is what the headers say about a route's current window.
func (l *rateLimiter) state(k rateKey, b *rateBucket) rateState {
	limit := l.limitFor(k)
	return rateState{limit: limit, remaining: max(limit-b.used, 0), reset: resetEpoch(b.windowEnd), exceeded: b.used > limit}
}

// resetEpoch rounds up, so that "Reset - Date + 1" (the SDK's backoff) never undershoots.
func resetEpoch(t time.Time) int64 {
	s := t.Unix()
	if t.Nanosecond() > 0 {
		s++
	}
	return s
}

// SetRateLimit sets the per-minute limit of one route, e.g. ("GET", "/api/v1/idps", 3).
func (o *Org) SetRateLimit(method, pathTemplate string, perMinute int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.limits.limits[rateKey{method, pathTemplate}] = perMinute
}

// peekRate is the header state of a route without counting a request: injected faults carry
// it, and an injected 429 says nothing is left in the window, as a real one does.
func (o *Org) peekRate(c *call, exhausted bool) rateState {
	o.mu.Lock()
	defer o.mu.Unlock()
	k := rateKey{c.req.Method, c.template}
	st := o.limits.state(k, o.limits.bucket(k, c.now))
	if exhausted {
		st.remaining = 0
	}
	return st
}
