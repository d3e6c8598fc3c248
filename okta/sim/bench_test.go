package sim_test

import (
	"fmt"
	"math"
	"net/http"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// BenchmarkCreateAndListIdP measures one spec-validated write and one read through the full
// request pipeline over loopback HTTP, in an org of constant size: each IdP is deleted again
// with the timer stopped, because listing and the unique-name check grow with the org (per-op
// time nearly doubled between 100 and 4000 iterations when the IdPs were kept).
//
// The routes get a limit no loop can reach: a benchmark sends thousands of requests a
// second where Okta allows a few hundred a minute, so the default limit would answer 429 after
// the first 600 and the benchmark would time the error path. The limiter still counts every
// request and writes its headers, so its cost stays in the measurement; only the verdict
// changes, and only for these routes of this org.
func BenchmarkCreateAndListIdP(b *testing.B) {
	org := simtest.Start(b)
	org.SetRateLimit(http.MethodPost, "/api/v1/idps", math.MaxInt)
	org.SetRateLimit(http.MethodGet, "/api/v1/idps", math.MaxInt)
	org.SetRateLimit(http.MethodDelete, "/api/v1/idps/{idpId}", math.MaxInt)
	auth := "SSWS " + org.AdminToken()
	b.ResetTimer()
	for i := range b.N {
		created := call(b, org, http.MethodPost, "/api/v1/idps", auth, idpBody(fmt.Sprintf("IdP %d", i)))
		if created.status != http.StatusOK {
			b.Fatalf("create: %d %s", created.status, created.printable())
		}
		if r := call(b, org, http.MethodGet, "/api/v1/idps?limit=1", auth, nil); r.status != http.StatusOK {
			b.Fatalf("list: %d", r.status)
		}
		b.StopTimer()
		id, _ := created.json(b)["id"].(string)
		if r := call(b, org, http.MethodDelete, "/api/v1/idps/"+id, auth, nil); r.status != http.StatusNoContent {
			b.Fatalf("delete %q: %d %s", id, r.status, r.printable())
		}
		b.StartTimer()
	}
}
