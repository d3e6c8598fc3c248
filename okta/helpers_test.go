package okta

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
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

// routes dispatches on "METHOD /path"; an unexpected request fails the test.
func routes(t *testing.T, m map[string]http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h, ok := m[r.Method+" "+r.URL.Path]
		if !ok {
			t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
			writeJSON(w, 404, string(mustRead("error_404.json")))
			return
		}
		h(w, r)
	}
}

// serve answers with a fixture from testdata.
func serve(status int, fixture string) http.HandlerFunc {
	return serveBody(status, string(mustRead(fixture)))
}

// serveBody answers with body.
func serveBody(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { writeJSON(w, status, body) }
}

// mustRead returns a fixture from testdata. It takes no t, so that handlers, which run on
// the server's goroutines where t.Fatal must not be called, can read fixtures too.
func mustRead(name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		panic(err)
	}
	return b
}

// jsonBody decodes a recorded request body.
func jsonBody(t *testing.T, h hit) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(h.Body, &m); err != nil {
		t.Fatalf("%s %s body %q: %v", h.Method, h.Path, h.Body, err)
	}
	return m
}

// only returns the single hit with method and path.
func only(t *testing.T, f *fakeOkta, method, path string) hit {
	t.Helper()
	var found []hit
	for _, h := range f.Hits() {
		if h.Method == method && h.Path == path {
			found = append(found, h)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d requests %s %s, want 1", len(found), method, path)
	}
	return found[0]
}
