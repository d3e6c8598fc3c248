// Package simtest starts simulated Okta orgs for tests and turns every request that Okta's
// OpenAPI spec rejects into a test failure.
package simtest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim"
)

// Start starts a simulated org on a loopback port. Options may be adjusted by opts (for
// example to inject a clock). At cleanup the org is closed, and the test fails naming every
// spec violation the org recorded: a request that real Okta would reject fails the test even
// when the code under test coped with the 400.
func Start(t testing.TB, opts ...func(*sim.Options)) *sim.Org {
	t.Helper()
	var o sim.Options
	for _, f := range opts {
		f(&o)
	}
	org, err := sim.Start(o)
	if err != nil {
		t.Fatalf("simtest: start simulated Okta org: %v", err)
	}
	t.Cleanup(func() {
		if err := org.Close(); err != nil {
			t.Errorf("simtest: close simulated Okta org: %v", err)
		}
		for _, v := range org.Violations() {
			t.Errorf("simtest: request that real Okta would reject: %s", v)
		}
	})
	return org
}

// Classic makes the org a Classic Engine org: GET /.well-known/okta-organization answers
// "pipeline":"v1", a routing rule may name one provider only, and a matching rule that
// routes to one IdP sends the hosted page's sign-in straight there.
// Use: simtest.Start(t, simtest.Classic).
func Classic(o *sim.Options) { o.Engine = sim.ClassicEngine }

// Writes counts the management API calls that changed (or tried to change) state: every
// /api/ request that is not a GET.
func Writes(org *sim.Org) int {
	n := 0
	for _, r := range org.Requests() {
		if r.Write {
			n++
		}
	}
	return n
}

// Reads counts the management API GETs.
func Reads(org *sim.Org) int {
	n := 0
	for _, r := range org.Requests() {
		if r.Method == http.MethodGet && strings.HasPrefix(r.Path, "/api/") {
			n++
		}
	}
	return n
}
