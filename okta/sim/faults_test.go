package sim_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

func TestStatusFaultsLookLikeOktaErrors(t *testing.T) {
	org := simtest.Start(t)
	for _, tc := range []struct {
		status int
		code   string
	}{
		{http.StatusTooManyRequests, "E0000047"},
		{http.StatusInternalServerError, "E0000009"},
		{http.StatusServiceUnavailable, "E0000010"},
		{http.StatusLocked, "E0000239"},
	} {
		remove := org.InjectFault(sim.Fault{Method: http.MethodGet, PathTemplate: "/api/v1/idps/{idpId}", Status: tc.status})
		r := call(t, org, http.MethodGet, "/api/v1/idps/0oaAnyIdAtAll00000001", admin(org), nil)
		remove()
		oktaError(t, r, tc.status, tc.code)
		if tc.status == http.StatusTooManyRequests && (r.header.Get("X-Rate-Limit-Remaining") != "0" || r.header.Get("X-Rate-Limit-Reset") == "") {
			t.Errorf("injected 429 headers: remaining %q reset %q", r.header.Get("X-Rate-Limit-Remaining"), r.header.Get("X-Rate-Limit-Reset"))
		}
	}
	// Removed faults no longer apply.
	oktaError(t, call(t, org, http.MethodGet, "/api/v1/idps/0oaAnyIdAtAll00000001", admin(org), nil), http.StatusNotFound, "E0000007")
}

func TestFaultTimesIsHonoured(t *testing.T) {
	org := simtest.Start(t)
	org.InjectFault(sim.Fault{PathTemplate: "/api/v1/idps", Status: http.StatusServiceUnavailable, Times: 2})
	var got []int
	for range 3 {
		got = append(got, call(t, org, http.MethodGet, "/api/v1/idps", admin(org), nil).status)
	}
	if got[0] != 503 || got[1] != 503 || got[2] != 200 {
		t.Errorf("statuses = %v, want [503 503 200]", got)
	}
	if r := call(t, org, http.MethodGet, "/api/v1/groups", admin(org), nil); r.status != http.StatusOK {
		t.Errorf("a fault on /api/v1/idps hit /api/v1/groups: %d", r.status)
	}
}

// The latency fault is proven without timing anything: a client that gives up long before the
// injected delay fails, and once the fault is removed a request is answered well within it.
// The second client's limit leaves room for a loaded machine; only the fault comes near it.
func TestLatencyFault(t *testing.T) {
	org := simtest.Start(t)
	remove := org.InjectFault(sim.Fault{PathTemplate: "/api/v1/idps", Latency: time.Minute})
	impatient := &http.Client{Timeout: 100 * time.Millisecond}
	req, _ := http.NewRequest(http.MethodGet, org.URL()+"/api/v1/idps", nil)
	req.Header.Set("Authorization", admin(org))
	if resp, err := impatient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("a request under a one-minute latency fault answered %d", resp.StatusCode)
	}
	remove()
	wellWithinTheFault := &http.Client{Timeout: 10 * time.Second}
	resp, err := wellWithinTheFault.Do(req)
	if err != nil {
		t.Fatalf("after removing the fault: %v", err)
	}
	resp.Body.Close()
}

func TestDropFault(t *testing.T) {
	org := simtest.Start(t)
	org.InjectFault(sim.Fault{Method: http.MethodPost, PathTemplate: "/api/v1/idps", Drop: true, Times: 1})
	raw, _ := json.Marshal(idpBody("ID.me"))
	resp, err := http.Post(org.URL()+"/api/v1/idps", "application/json", bytesReader(raw))
	if err == nil {
		resp.Body.Close()
		t.Fatalf("a dropped connection answered %d", resp.StatusCode)
	}
	reqs := org.Requests()
	if len(reqs) != 1 || reqs[0].Status != 0 {
		t.Errorf("request log = %+v, want the dropped request with status 0", reqs)
	}
	if n := len(org.Snapshot().IdPs); n != 0 {
		t.Errorf("the dropped request was handled anyway: %d IdPs", n)
	}
	if r := call(t, org, http.MethodPost, "/api/v1/idps", admin(org), idpBody("ID.me")); r.status != http.StatusOK {
		t.Errorf("Times: 1 — the next POST: %d", r.status)
	}
}
