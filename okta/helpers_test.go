package okta

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

const testToken = "00testTOKEN-do-not-print-1234567890"

// hit is one request a test server received.
type hit struct {
	Method, Path, Query string
	Header              http.Header
	Body                []byte
}

// fakeOkta is an httptest server whose handler a test sets, recording every request.
type fakeOkta struct {
	*httptest.Server
	mu      sync.Mutex
	hits    []hit
	handler http.HandlerFunc
}

func newFakeOkta(t *testing.T, h http.HandlerFunc) *fakeOkta {
	t.Helper()
	f := &fakeOkta{handler: h}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := readAll(r)
		f.mu.Lock()
		f.hits = append(f.hits, hit{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), body})
		f.mu.Unlock()
		w.Header().Set("X-Okta-Request-Id", "req-"+r.Method)
		f.handler(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeOkta) Hits() []hit {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]hit(nil), f.hits...)
}

func readAll(r *http.Request) []byte {
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return b
}

// sleeps records the waits the client asked for instead of waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// newTestClient builds a token client for f with recorded (not real) sleeps.
func newTestClient(t *testing.T, f *fakeOkta, mutate ...func(*Config)) (*Client, *sleeps) {
	t.Helper()
	cfg := Config{OrgURL: f.URL, Token: testToken}
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	s := &sleeps{}
	c.sleep = s.sleep
	return c, s
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}
