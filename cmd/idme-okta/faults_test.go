package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// front is the simulated org behind a proxy that can answer in its place: the faults real
// networks and proxies produce, which the simulator's own fault hooks (Okta's error bodies)
// cannot: HTML pages without Okta's request id, redirects elsewhere, connections cut in the
// middle of an answer, and hostile text in Okta's own error body.
type front struct {
	*httptest.Server
	proxy *httputil.ReverseProxy
	// evil is another origin; what reaches it is recorded.
	evil      *httptest.Server
	evilAuthz atomic.Value // the last Authorization header evil saw
	evilHits  atomic.Int32

	mu     sync.Mutex
	fault  faultKind
	at     int // the write (1-based: POST, PUT, DELETE) the fault answers; 0: every request
	writes int // writes seen since arm
	read   map[string]bool
}

type faultKind string

const (
	noFault       faultKind = ""
	proxyPage403  faultKind = "a proxy's 403 page"
	proxyPage404  faultKind = "a proxy's 404 page"
	portalPage200 faultKind = "a Wi-Fi sign-in page (200)"
	gateway502    faultKind = "a gateway's 502 page after Okta got the request"
	cutMidBody    faultKind = "the connection cut in the middle of Okta's answer"
	truncated200  faultKind = "Okta's answer truncated"
	redirectAway  faultKind = "a redirect to another origin"
	hostile401    faultKind = "Okta's 401 with a hostile summary"
	firstRead503  faultKind = "Okta's 503 to the first read of each URL"
)

func newFront(t *testing.T, w *world) *front {
	t.Helper()
	target, err := url.Parse(w.org.URL())
	if err != nil {
		t.Fatal(err)
	}
	f := &front{proxy: httputil.NewSingleHostReverseProxy(target)}
	f.evil = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		f.evilHits.Add(1)
		f.evilAuthz.Store(r.Header.Get("Authorization"))
		rw.Header().Set("Content-Type", "application/json")
		_, _ = rw.Write([]byte(`{"id":"0oaEVIL","name":"evil` + jsonEscaped(hostile) + `"}`))
	}))
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(func() { f.Server.Close(); f.evil.Close() })
	return f
}

// jsonEscaped is s as the inside of a JSON string.
func jsonEscaped(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

// arm makes the at-th write from now (0: every request) answer with kind.
func (f *front) arm(kind faultKind, at int) {
	f.mu.Lock()
	f.fault, f.at, f.writes, f.read = kind, at, 0, map[string]bool{}
	f.mu.Unlock()
}

func (f *front) serve(rw http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	write := r.Method != http.MethodGet && r.Method != http.MethodHead
	if write {
		f.writes++
	}
	kind := f.fault
	if f.at != 0 && (!write || f.writes != f.at) {
		kind = noFault
	}
	if kind == firstRead503 {
		if write || f.read[r.URL.String()] {
			kind = noFault
		}
		f.read[r.URL.String()] = true
	}
	f.mu.Unlock()
	page := func(status int) {
		rw.Header().Set("Content-Type", "text/html")
		rw.WriteHeader(status)
		_, _ = rw.Write([]byte("<html><body>Blocked by policy " + hostile + "</body></html>"))
	}
	switch kind {
	case noFault:
		f.proxy.ServeHTTP(rw, r)
	case proxyPage403:
		page(http.StatusForbidden)
	case proxyPage404:
		page(http.StatusNotFound)
	case portalPage200:
		page(http.StatusOK)
	case gateway502:
		f.proxy.ServeHTTP(httptest.NewRecorder(), r) // Okta makes the change; the answer is lost
		page(http.StatusBadGateway)
	case cutMidBody, truncated200:
		rec := httptest.NewRecorder()
		f.proxy.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if kind == truncated200 {
			for k, vs := range rec.Header() {
				rw.Header()[k] = vs
			}
			rw.Header().Del("Content-Length")
			rw.WriteHeader(rec.Code)
			_, _ = rw.Write(body[:len(body)/2])
			return
		}
		conn, buf, err := rw.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nX-Okta-Request-Id: cut\r\nContent-Length: %d\r\n\r\n", rec.Code, http.StatusText(rec.Code), len(body)+10)
		_, _ = buf.Write(body[:len(body)/2])
		_ = buf.Flush()
		_ = conn.Close()
	case redirectAway:
		http.Redirect(rw, r, f.evil.URL+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	case firstRead503:
		rw.Header().Set("Content-Type", "application/json")
		rw.Header().Set("X-Okta-Request-Id", "req503")
		rw.WriteHeader(http.StatusServiceUnavailable)
		_, _ = rw.Write([]byte(`{"errorCode":"E0000010","errorSummary":"Service is temporarily unavailable","errorLink":"E0000010","errorId":"oae503","errorCauses":[]}`))
	case hostile401:
		rw.Header().Set("Content-Type", "application/json")
		rw.Header().Set("X-Okta-Request-Id", "req401")
		rw.WriteHeader(http.StatusUnauthorized)
		_, _ = rw.Write([]byte(`{"errorCode":"E0000011","errorSummary":"Invalid token provided` + jsonEscaped(hostile) + `","errorLink":"E0000011","errorId":"oae1","errorCauses":[{"errorSummary":"` + jsonEscaped(hostile) + `"}]}`))
	}
}

// appliedBehind starts a world behind a front and applies the setup through it (the
// progress file is then the front's), returning the front and the environment naming it.
func appliedBehind(t *testing.T) (*world, *front, map[string]string) {
	t.Helper()
	w := newWorld(t)
	f := newFront(t, w)
	env := w.env()
	env[envOrgURL] = f.URL
	if out, errOut, code := runCLI(t, env, "apply", "--idme-base-url", w.idme.BaseURL(), "--yes"); code != exitOK {
		t.Fatalf("apply through the front: exit %d\n%s%s", code, out, errOut)
	}
	return w, f, env
}

// noRawControls fails when out holds a character a terminal would act on.
func noRawControls(t *testing.T, what, out string) {
	t.Helper()
	for _, raw := range []string{"\x1b", "\x07", "\r", "\u009b"} {
		if strings.Contains(out, raw) {
			t.Errorf("%s: a raw %q reached the terminal:\n%s", what, raw, out)
		}
	}
}

// Every command, when what answers is not Okta (or Okta's answer is cut or hostile), fails
// with a clean message: exit 1, nothing a terminal would act on, no token, and the token
// never sent to another origin.
func TestEveryCommandFailsCleanlyWhenTheNetworkLies(t *testing.T) {
	state := isolate(t)
	w, f, env := appliedBehind(t)
	prodEnv := w.env()
	prodEnv[envOrgURL] = f.URL
	prodEnv[envIDmeSecret] = w.productionClientSecret
	commands := []struct {
		env  map[string]string
		args []string
	}{
		{env, []string{"status"}},
		{env, []string{"status", "--json"}},
		{env, []string{"apply", "--plan"}},
		{env, []string{"apply", "--yes"}},
		{env, []string{"doctor"}},
		{env, []string{"doctor", "--json"}},
		{env, []string{"handoff"}},
		{env, []string{"remove", "--plan"}},
		{env, []string{"remove", "--plan", "--json"}},
		{env, []string{"export", "terraform", "--dir", t.TempDir()}},
		{env, []string{"test-signin", "--no-browser", "--timeout", "2s"}},
		{env, []string{"test-signin", "--no-browser", "--timeout", "2s", "--json"}},
		{prodEnv, []string{"promote", "--to", "production", "--idme-client-id", w.productionClientID, "--idme-base-url", w.production.BaseURL(), "--plan"}},
	}
	// A gateway's 502 and a cut answer are asked again after a real second, so they run in
	// TestAFaultAtAnyRequestOfApplyDuplicatesNothing, on writes.
	for _, kind := range []faultKind{proxyPage403, proxyPage404, portalPage200, truncated200, redirectAway, hostile401} {
		for _, cmd := range commands {
			what := fmt.Sprintf("%s, %s", strings.Join(cmd.args, " "), kind)
			f.arm(kind, 0)
			out, errOut, code := runCLI(t, cmd.env, cmd.args...)
			f.arm(noFault, 0)
			if code != exitFailure {
				t.Errorf("%s: exit %d, want %d", what, code, exitFailure)
			}
			noRawControls(t, what, out+errOut)
			if kind == hostile401 && !strings.Contains(out+errOut, `\x1b]52;c;cHduZWQ=`) {
				t.Errorf("%s: Okta's summary is not shown (escaped)", what)
			}
			assertNoSecrets(t, state, out+errOut, w.org.AdminToken(), w.clientSecret, w.productionClientSecret)
		}
	}
	if n := f.evilHits.Load(); n != 0 {
		t.Errorf("another origin was sent %d requests (Authorization %q)", n, f.evilAuthz.Load())
	}
}

// orgObjects counts what idme-okta makes: OIDC identity providers, routing rules that are
// not the system's, apps.
func orgObjects(w *world) (idps, rules, apps int) {
	snap := w.org.Snapshot()
	for _, r := range snap.Rules {
		if sys, _ := r["system"].(bool); !sys {
			rules++
		}
	}
	return len(snap.IdPs), rules, len(snap.Apps)
}

// A fresh apply whose k-th write meets a fault, for every k, then an apply on a clean
// network: exactly one of each object, and a third apply writes nothing. A write whose
// answer was lost (a gateway's 502 page after Okta made the change, a connection cut in the
// middle of Okta's answer) must heal, not duplicate, wherever it happens.
func TestAFaultAtAnyRequestOfApplyDuplicatesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("many runs")
	}
	// The number of writes a fresh apply makes, and the objects it leaves. (Reads whose
	// answer is lost are asked again by the client: okta's TestALostReadIsSentOnceMore.)
	isolate(t)
	ref, refFront, _ := appliedBehind(t)
	refFront.mu.Lock()
	writes := refFront.writes
	refFront.mu.Unlock()
	wantIdPs, wantRules, wantApps := orgObjects(ref)

	for _, kind := range []faultKind{gateway502, cutMidBody} {
		for k := 1; k <= writes; k++ {
			t.Run(fmt.Sprintf("%s at write %d", kind, k), func(t *testing.T) {
				isolate(t)
				w := newWorld(t)
				f := newFront(t, w)
				env := w.env()
				env[envOrgURL] = f.URL
				f.arm(kind, k)
				out, errOut, _ := runCLI(t, env, "apply", "--idme-base-url", w.idme.BaseURL(), "--yes")
				noRawControls(t, "faulty apply", out+errOut)
				f.arm(noFault, 0)
				if out, errOut, code := runCLI(t, env, "apply", "--idme-base-url", w.idme.BaseURL(), "--yes"); code != exitOK {
					t.Fatalf("apply after the fault: exit %d\n%s%s", code, out, errOut)
				}
				if idps, rules, apps := orgObjects(w); idps != wantIdPs || rules != wantRules || apps != wantApps {
					t.Errorf("%d IdPs, %d rules, %d apps; want %d, %d, %d\nfaulty apply:\n%s%s", idps, rules, apps, wantIdPs, wantRules, wantApps, out, errOut)
				}
				w.org.ResetRequests()
				if out, errOut, code := runCLI(t, env, "apply", "--idme-base-url", w.idme.BaseURL(), "--yes"); code != exitOK || simtest.Writes(w.org) != 0 {
					t.Errorf("third apply: exit %d, %d writes\n%s%s", code, simtest.Writes(w.org), out, errOut)
				}
			})
		}
	}
}

// When the first answer to every read is lost (Okta's 503), status still checks every step:
// each read is asked again after an announced second, and the announcements of reads made
// at once are written one at a time (the race detector watches stderr here).
func TestStatusAsksEachLostReadAgain(t *testing.T) {
	isolate(t)
	_, f, env := appliedBehind(t)
	f.arm(firstRead503, 0)
	out, errOut, code := runCLI(t, env, "status")
	if code != exitOK || strings.Contains(out, "error") {
		t.Fatalf("status: exit %d\n%s%s", code, out, errOut)
	}
	f.mu.Lock()
	lost := len(f.read)
	f.mu.Unlock()
	if said := strings.Count(errOut, "was lost on the way; asking again in 1 s\n"); lost == 0 || said != lost {
		t.Errorf("%d reads lost their first answer, %d announced:\n%s", lost, said, errOut)
	}
}
