package sim_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

func withClock(c *simtest.Clock) func(*sim.Options) { return func(o *sim.Options) { o.Now = c.Now } }

func TestRateLimitPerRouteAndRecovery(t *testing.T) {
	clock := simtest.NewClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	org := simtest.Start(t, withClock(clock))
	org.SetRateLimit(http.MethodGet, "/api/v1/idps", 3)

	for i, wantRemaining := range []string{"2", "1", "0"} {
		r := call(t, org, http.MethodGet, "/api/v1/idps", admin(org), nil)
		if r.status != http.StatusOK || r.header.Get("X-Rate-Limit-Remaining") != wantRemaining || r.header.Get("X-Rate-Limit-Limit") != "3" {
			t.Fatalf("request %d: status %d, limit %s, remaining %s", i+1, r.status, r.header.Get("X-Rate-Limit-Limit"), r.header.Get("X-Rate-Limit-Remaining"))
		}
	}
	over := call(t, org, http.MethodGet, "/api/v1/idps", admin(org), nil)
	e := oktaError(t, over, http.StatusTooManyRequests, "E0000047")
	if e["errorSummary"] != "API call exceeded rate limit due to too many requests." {
		t.Errorf("errorSummary = %q", e["errorSummary"])
	}
	if over.header.Get("X-Rate-Limit-Remaining") != "0" {
		t.Errorf("429 remaining = %q", over.header.Get("X-Rate-Limit-Remaining"))
	}
	reset, _ := strconv.ParseInt(over.header.Get("X-Rate-Limit-Reset"), 10, 64)
	date, err := http.ParseTime(over.header.Get("Date"))
	if err != nil {
		t.Fatal(err)
	}
	// The SDK waits Reset - Date + 1 seconds: the headers must say "about a minute".
	if wait := reset - date.Unix(); wait <= 0 || wait > 60 {
		t.Errorf("Reset - Date = %d s, want within the 60 s window", wait)
	}

	// Other routes have their own budget.
	if r := call(t, org, http.MethodGet, "/api/v1/groups", admin(org), nil); r.status != http.StatusOK {
		t.Errorf("GET /api/v1/groups while /idps is limited: %d", r.status)
	}

	clock.Advance(61 * time.Second)
	after := call(t, org, http.MethodGet, "/api/v1/idps", admin(org), nil)
	if after.status != http.StatusOK || after.header.Get("X-Rate-Limit-Remaining") != "2" {
		t.Errorf("after the window: status %d, remaining %s", after.status, after.header.Get("X-Rate-Limit-Remaining"))
	}
}
