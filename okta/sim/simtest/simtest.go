// Package simtest starts simulated Okta orgs for tests and turns every request that Okta's
// OpenAPI spec rejects into a test failure.
package simtest

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

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
		if err := org.SpecCheckOn(); err != nil {
			t.Errorf("simtest: %v", err) // "no violations" would mean nothing
		}
	})
	return org
}

// Classic makes the org a Classic Engine org: GET /.well-known/okta-organization answers
// "pipeline":"v1", a routing rule may name one provider only, and a matching rule that
// routes to one IdP sends the hosted page's sign-in straight there.
// Use: simtest.Start(t, simtest.Classic).
func Classic(o *sim.Options) { o.Engine = sim.ClassicEngine }

// WriteLog lists the management API calls that changed (or tried to change) state, in order,
// as "METHOD path".
func WriteLog(org *sim.Org) []string {
	var out []string
	for _, r := range org.Requests() {
		if r.Write {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

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

// RateLimited answers like Okta when a rate limit is spent: 429 E0000047 with the headers
// of a window that resets in resetIn (whole seconds, as Okta counts them), for tests that
// put it in front of an org to see a client wait.
func RateLimited(w http.ResponseWriter, resetIn time.Duration) {
	now := time.Now().UTC()
	h := w.Header()
	h.Set("Date", now.Format(http.TimeFormat))
	h.Set("X-Rate-Limit-Limit", "10")
	h.Set("X-Rate-Limit-Remaining", "0")
	h.Set("X-Rate-Limit-Reset", strconv.FormatInt(now.Add(resetIn).Unix(), 10))
	h.Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = w.Write([]byte(`{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests.","errorLink":"E0000047","errorId":"oae429","errorCauses":[]}`))
}
