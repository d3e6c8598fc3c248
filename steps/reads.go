package steps

import (
	"context"
	"sync"
)

// readCache remembers Okta reads for the length of a run, so that the concurrent preflight in
// connect serves the checks that follow it, and a re-check after a write reads only what that
// write changed. Concurrent readers of one key share one request (single flight). Failed reads
// are not remembered. Whoever writes to Okta forgets the keys the write makes stale.
//
// Cached values are shared: callers must treat them as read-only.
type readCache struct {
	mu      sync.Mutex
	entries map[string]*readEntry
}

type readEntry struct {
	done chan struct{}
	val  any
	err  error
}

// Each step keeps its cache keys and its reads in its own file. Keys that depend on an object
// carry its id, so a new IdP never sees the schema of a deleted one.

// prefetcher is a step that can make ahead of its Check the reads its Check will make, so
// that connect issues the reads of every step at once without knowing what they are. An
// error fails connect (the credentials cannot read what the setup needs); a read that is only
// a guess (an object from the last run) keeps its failure for the Check to meet and explain.
type prefetcher interface {
	prefetch(ctx context.Context, s *Setup) error
}

// cachedRead returns the remembered value for key, or runs fetch once for all callers.
func cachedRead[T any](ctx context.Context, s *Setup, key string, fetch func(context.Context) (T, error)) (T, error) {
	c := &s.reads
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[string]*readEntry{}
	}
	e, ok := c.entries[key]
	if !ok {
		e = &readEntry{done: make(chan struct{})}
		c.entries[key] = e
	}
	c.mu.Unlock()

	if ok {
		select {
		case <-e.done:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
	} else {
		e.val, e.err = fetch(ctx)
		if e.err != nil {
			c.mu.Lock()
			if c.entries[key] == e {
				delete(c.entries, key)
			}
			c.mu.Unlock()
		}
		close(e.done)
	}
	if e.err != nil {
		var zero T
		return zero, e.err
	}
	return e.val.(T), nil
}

// forget drops remembered reads; the next read of those keys asks Okta again.
func (s *Setup) forget(keys ...string) {
	s.reads.mu.Lock()
	defer s.reads.mu.Unlock()
	for _, k := range keys {
		delete(s.reads.entries, k)
	}
}

// Refresh forgets every remembered read, so the next Check sees Okta as it is now (for
// example after the admin changed something in the Okta console). CheckAll starts with it,
// and so does the connect step's Check, which the wizard runs on its own.
func (s *Setup) Refresh() {
	s.reads.mu.Lock()
	defer s.reads.mu.Unlock()
	s.reads.entries = nil
}

// remember stores what a write returned (e.g. the whole schema after a schema POST), so the
// check after the write needs no read.
func (s *Setup) remember(key string, val any) {
	e := &readEntry{done: make(chan struct{}), val: val}
	close(e.done)
	s.reads.mu.Lock()
	defer s.reads.mu.Unlock()
	if s.reads.entries == nil {
		s.reads.entries = map[string]*readEntry{}
	}
	s.reads.entries[key] = e
}
