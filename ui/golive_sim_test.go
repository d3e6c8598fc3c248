package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// The go-live order as an admin meets it, Enter only: the routing rule's plan says who will
// see "Sign in with ID.me" and holds it back by default, so the rule is INACTIVE when the test
// sign-in starts (which needs no rule, and Option 1, which does, is not offered); the test
// passes; only then is the rule shown again, activated, and the summary no longer says it is
// held back.
func TestGoLiveOrder(t *testing.T) {
	w := startSimWorld(t)
	opts := w.demoOptions(t)
	d := drive(t, New(opts), 120, 40, w.org.AdminToken(), canaryClientSecret)
	enterOnly(d)
	d.waitFor("Test the integration", "comes after going live", "› Let idme-okta click through the simulated pages")
	if got := simtest.OwnRuleStatus(t, w.org); got != "INACTIVE" {
		t.Fatalf("routing rule %v before the test sign-in, want INACTIVE (held back)", got)
	}
	if strings.Contains(d.text(), "Sign in on the Okta page yourself (o)") {
		t.Error("Option 1 is offered while the routing rule is held back")
	}
	for _, said := range []string{"every user sees", "Hold it back (inactive) until the test passes", "Go live now: ID.me is ready (a)"} {
		if !strings.Contains(strings.Join(strings.Fields(d.text()), " "), said) {
			t.Errorf("the routing rule's page did not say %q", said)
		}
	}
	d.enter()
	d.waitFor("✓ PASS")
	if got := simtest.OwnRuleStatus(t, w.org); got != "INACTIVE" {
		t.Fatalf("routing rule %v after the test, before going live", got)
	}
	d.enter()
	goLive(d)
	if got := simtest.OwnRuleStatus(t, w.org); got != "ACTIVE" {
		t.Fatalf("routing rule %v after going live, want ACTIVE", got)
	}
	d.waitFor("Summary", "Clean up when you are done testing: idme-okta remove")
	if strings.Contains(d.text()[strings.LastIndex(d.text(), "Summary"):], "held back") {
		t.Error("the summary still says the rule is held back after going live")
	}
	d.enter()
	d.final()
}

// The same order in the accessible mode, Enter only: the routing rule held back (the
// numbered default), the demo's test passes, then going live is asked (its default).
func TestAccessibleGoLiveOrder(t *testing.T) {
	w := startSimWorld(t)
	opts := w.demoOptions(t)
	opts.Accessible = true
	var out strings.Builder
	opts.In, opts.Out = lines(make([]string, 40)...), &out
	if err := Run(context.Background(), opts); err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	text := out.String()
	hold := strings.Index(text, "1. Hold it back (inactive) until the test passes (default)")
	pass := strings.Index(text, "PASS")
	live := strings.Index(text, "The test sign-in passed. Go live?")
	if hold < 0 || pass < hold || live < pass {
		t.Fatalf("want hold back, then PASS, then go live, in that order (at %d, %d, %d):\n%s", hold, pass, live, text)
	}
	if !strings.Contains(text[live:], "1. Go live now (default)") {
		t.Errorf("going live is not the default after a pass:\n%s", text[live:])
	}
	if got := simtest.OwnRuleStatus(t, w.org); got != "ACTIVE" {
		t.Errorf("routing rule %v at the end, want ACTIVE", got)
	}
}
