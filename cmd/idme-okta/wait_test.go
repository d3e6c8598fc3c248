package main

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// A rate-limit wait is said on stderr with its seconds, as it starts: a wait of up to a
// minute used to print nothing, and the run looked hung. (Okta here is the simulated org
// behind a proxy that answers the first request 429, with a window that resets in 1 s.)
func TestHeadlessRunsSayWhenTheyWaitForTheRateLimit(t *testing.T) {
	isolate(t)
	w := newWorld(t)
	target, err := url.Parse(w.org.URL())
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	var n atomic.Int32
	front := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			simtest.RateLimited(rw, time.Second)
			return
		}
		proxy.ServeHTTP(rw, r)
	}))
	defer front.Close()
	env := w.env()
	env[envOrgURL] = front.URL
	_, errOut, _ := runCLI(t, env, "status")
	if !strings.Contains(errOut, "Okta asks to wait (rate limit): 2 s left before") {
		t.Errorf("stderr does not announce the wait:\n%s", errOut)
	}
	if n.Load() < 2 {
		t.Error("the call was not tried again after the wait")
	}
}

// When a write's answer is lost and reading back cannot settle it, apply says the write may
// have been made, not "0 writes … check your network".
func TestApplySaysALostWriteMayHaveLanded(t *testing.T) {
	isolate(t)
	w := newWorld(t)
	w.org.InjectFault(sim.Fault{Method: http.MethodPost, PathTemplate: "/api/v1/policies/{policyId}/rules", Status: 502})
	out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--yes")
	if code != exitFailure {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"outcome of the create is unknown", "read back: not there", "outcome of the last write is unknown", "Okta may have made it"} {
		if !strings.Contains(out, want) {
			t.Errorf("apply does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "check your network") {
		t.Errorf("apply blames the network:\n%s", out)
	}
}
