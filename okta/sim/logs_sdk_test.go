package sim_test

import (
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

func TestSystemLogThroughSDK(t *testing.T) {
	org := simtest.Start(t)
	c := sdkClient(t, org)
	start := time.Now().Add(-time.Minute)
	idp, _, err := c.IdentityProviderAPI.CreateIdentityProvider(ctx(t)).IdentityProvider(idmeIdP("ID.me")).Execute()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.IdentityProviderAPI.DeactivateIdentityProvider(ctx(t), idp.GetId()).Execute(); err != nil {
		t.Fatal(err)
	}

	events, resp, err := c.SystemLogAPI.ListLogEvents(ctx(t)).Since(start).Until(time.Now().Add(time.Minute)).
		Filter(`eventType eq "system.idp.lifecycle.create" and target.id eq "` + idp.GetId() + `"`).SortOrder("ASCENDING").Limit(100).Execute()
	if err != nil {
		t.Fatalf("ListLogEvents: %v", err)
	}
	if len(events) != 1 {
		t.Fatalf("filtered events = %d, want the one create", len(events))
	}
	ev := events[0]
	if ev.GetEventType() != "system.idp.lifecycle.create" || ev.Outcome.GetResult() != "SUCCESS" {
		t.Errorf("event = %s / %s", ev.GetEventType(), ev.Outcome.GetResult())
	}
	if len(ev.Target) != 1 || ev.Target[0].GetId() != idp.GetId() || ev.Actor.GetType() != "User" {
		t.Errorf("target %+v actor %+v", ev.Target, ev.Actor)
	}
	if resp.HasNextPage() {
		t.Errorf("a bounded query (since+until) with one page has no next link")
	}

	// A window that ends before the writes sees nothing.
	old, _, err := c.SystemLogAPI.ListLogEvents(ctx(t)).Since(start.Add(-time.Hour)).Until(start).Execute()
	if err != nil || len(old) != 0 {
		t.Errorf("events before the test = %d (%v)", len(old), err)
	}
}
