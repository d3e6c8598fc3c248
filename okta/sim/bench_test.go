package sim_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// BenchmarkCreateAndListIdP measures one spec-validated write and one read through the full
// request pipeline over loopback HTTP.
func BenchmarkCreateAndListIdP(b *testing.B) {
	org := simtest.Start(b)
	auth := "SSWS " + org.AdminToken()
	b.ResetTimer()
	for i := range b.N {
		if r := call(b, org, http.MethodPost, "/api/v1/idps", auth, idpBody(fmt.Sprintf("IdP %d", i))); r.status != http.StatusOK {
			b.Fatalf("create: %d %s", r.status, r.printable())
		}
		if r := call(b, org, http.MethodGet, "/api/v1/idps?limit=1", auth, nil); r.status != http.StatusOK {
			b.Fatalf("list: %d", r.status)
		}
	}
}
