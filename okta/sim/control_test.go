package sim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

func TestRequestLogEndpoint(t *testing.T) {
	org := simtest.Start(t)
	call(t, org, http.MethodGet, "/api/v1/idps", admin(org), nil)
	call(t, org, http.MethodPost, "/api/v1/idps", admin(org), idpBody("ID.me"))
	call(t, org, http.MethodGet, "/api/v1/idps/0oaDoesNotExist000001", admin(org), nil)

	r := call(t, org, http.MethodGet, "/__sim/requests", "", nil)
	var entries []map[string]any
	if err := json.Unmarshal(r.body, &entries); err != nil {
		t.Fatalf("/__sim/requests: %v: %s", err, r.body)
	}
	want := []map[string]any{
		{"method": "GET", "path": "/api/v1/idps", "status": 200.0},
		{"method": "POST", "path": "/api/v1/idps", "status": 200.0},
		{"method": "GET", "path": "/api/v1/idps/0oaDoesNotExist000001", "status": 404.0},
	}
	if len(entries) != len(want) {
		t.Fatalf("entries = %v, want %v", entries, want)
	}
	for i := range want {
		if len(entries[i]) != 3 || entries[i]["method"] != want[i]["method"] || entries[i]["path"] != want[i]["path"] || entries[i]["status"] != want[i]["status"] {
			t.Errorf("entry %d = %v, want exactly %v", i, entries[i], want[i])
		}
	}
	if simtest.Writes(org) != 1 || simtest.Reads(org) != 2 {
		t.Errorf("writes %d reads %d, want 1 and 2", simtest.Writes(org), simtest.Reads(org))
	}
	org.ResetRequests()
	if len(org.Requests()) != 0 {
		t.Errorf("ResetRequests left %d", len(org.Requests()))
	}
}

// A request real Okta would reject is answered 400 and recorded, with the violation also
// served at /__sim/violations. A plain org is used: simtest would (rightly) fail this test.
func TestMalformedRequestsAreRejectedAndRecorded(t *testing.T) {
	org, err := sim.Start(sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = org.Close() })

	bad := idpBody("ID.me")
	bad["protocol"].(map[string]any)["scopes"] = "openid" // an array in the spec
	e := oktaError(t, call(t, org, http.MethodPost, "/api/v1/idps", admin(org), bad), http.StatusBadRequest, "E0000001")
	if len(causes(e)) == 0 {
		t.Errorf("the spec violation is not named in errorCauses: %v", e)
	}
	oktaError(t, call(t, org, http.MethodPost, "/api/v1/idps", admin(org), `{"name": `), http.StatusBadRequest, "E0000003")

	vs := org.Violations()
	if len(vs) != 2 || vs[0].Path != "/api/v1/idps" || vs[0].Method != http.MethodPost {
		t.Fatalf("violations = %v, want both bad requests", vs)
	}
	if n := len(org.Snapshot().IdPs); n != 0 {
		t.Errorf("a rejected request created %d IdPs", n)
	}
	var served []map[string]any
	if err := json.Unmarshal(call(t, org, http.MethodGet, "/__sim/violations", "", nil).body, &served); err != nil || len(served) != 2 {
		t.Errorf("/__sim/violations = %v (%v)", served, err)
	}
}

func TestOnlyLoopbackAddresses(t *testing.T) {
	if org, err := sim.Start(sim.Options{Addr: "0.0.0.0:0"}); err == nil {
		_ = org.Close()
		t.Fatal("the org listened on every interface")
	}
}

// The request log is in arrival order: a slow request that is still in flight stays ahead of
// a later one that has already been answered.
func TestRequestLogKeepsArrivalOrder(t *testing.T) {
	org := simtest.Start(t)
	org.InjectFault(sim.Fault{Method: http.MethodGet, PathTemplate: "/api/v1/idps", Latency: time.Minute})
	slowCtx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		req, _ := http.NewRequestWithContext(slowCtx, http.MethodGet, org.URL()+"/api/v1/idps", nil)
		req.Header.Set("Authorization", admin(org))
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	for len(org.Requests()) == 0 {
		runtime.Gosched()
	}
	call(t, org, http.MethodGet, "/api/v1/groups", admin(org), nil)
	reqs := org.Requests()
	cancel()
	<-done
	if len(reqs) != 2 || reqs[0].Path != "/api/v1/idps" || reqs[0].Status != 0 || reqs[1].Path != "/api/v1/groups" || reqs[1].Status != 200 {
		t.Errorf("request log = %+v, want the in-flight slow request first", reqs)
	}
}
