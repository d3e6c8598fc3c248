package simtest

import (
	"context"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta/sim/simbrowser"
)

// PortalSignIn signs a person in at the org's portal through an identity provider, as the
// hosted page's "Sign in with …" button does (GET /sso/idps/{idpId}), in a fresh browser.
// identity is the ID.me test person ("verified", "partial" or "no-email"); deny presses Deny
// at ID.me. It returns where the browser stopped: Okta's End-User Dashboard after a
// successful sign-in, an error page otherwise. It fails the test only when the browser
// cannot get anywhere.
func (w *World) PortalSignIn(t testing.TB, idpID, identity string, deny bool) *simbrowser.Page {
	t.Helper()
	b := simbrowser.New()
	b.Identity, b.Deny = identity, deny
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := b.Open(ctx, w.Org.URL()+"/sso/idps/"+idpID)
	if err != nil {
		t.Fatalf("simtest: portal sign-in as %q: %v", identity, err)
	}
	return p
}

// History is what SignInHistory left in the System Log within its window.
type History struct {
	Since     time.Time // the window's start: 24 hours before the clock's time at the end
	Total     int       // sign-ins through the IdP since Since
	Succeeded int
	Failed    int
	// Reasons counts the failures through the IdP since Since by their auth_via_IDP
	// outcome.reason.
	Reasons map[string]int
}

// SignInHistory fills the System Log with a morning's worth of ID.me sign-ins through idpID
// (which must already work: created, pointing at w.Sandbox, mapped), for doctor-style
// reading: successes and failures with Okta's real reasons, over 30 hours of clock, of which
// the last 24 are the window the returned History describes. The clock must be the world's
// (WithClock); it ends 30 hours later than it started. In order:
//
//	-30h verified   success (just-in-time user)            outside the window
//	-20h partial    failure "User Not Found" (org JIT off)
//	-12h no-email   failure "Unable to transform email to username"
//	 -6h verified   success (returning linked user)
//	 -3h partial    success (just-in-time user)
//	 -1h verified   failure: Deny at ID.me (the IdP returned access_denied)
//
// Each sign-in is logged as auth_via_IDP (and, once ID.me has answered, auth_via_social),
// so a reader must count sign-ins by transaction, not by event.
func (w *World) SignInHistory(t testing.TB, clock *Clock, idpID string) History {
	t.Helper()
	attempts := []struct {
		at       time.Duration // after the start
		identity string
		deny     bool
		jitOff   bool
		ok       bool
	}{
		{0, "verified", false, false, true},
		{10 * time.Hour, "partial", false, true, false},
		{18 * time.Hour, "no-email", false, false, false},
		{24 * time.Hour, "verified", false, false, true},
		{27 * time.Hour, "partial", false, false, true},
		{29 * time.Hour, "verified", true, false, false},
	}
	const window = 24 * time.Hour
	start := clock.Now()
	end := start.Add(30 * time.Hour)
	h := History{Since: end.Add(-window), Reasons: map[string]int{}}
	for _, a := range attempts {
		clock.Advance(start.Add(a.at).Sub(clock.Now()))
		w.Org.SetJITEnabled(!a.jitOff)
		p := w.PortalSignIn(t, idpID, a.identity, a.deny)
		if succeeded := p.Status == 200 && p.Title == "Okta End-User Dashboard"; succeeded != a.ok {
			t.Fatalf("simtest: sign-in history at +%s as %q: ended on %q (%d): %s", a.at, a.identity, p.Title, p.Status, p.Text())
		}
		if start.Add(a.at).Before(h.Since) {
			continue
		}
		h.Total++
		if a.ok {
			h.Succeeded++
		} else {
			h.Failed++
		}
	}
	w.Org.SetJITEnabled(true)
	clock.Advance(end.Sub(clock.Now()))
	for _, e := range w.Org.Snapshot().LogEvents {
		if Str(e, "eventType") != "user.authentication.auth_via_IDP" || Str(e, "outcome", "result") != "FAILURE" || !targets(e, idpID) {
			continue
		}
		if published, err := time.Parse(time.RFC3339, Str(e, "published")); err == nil && !published.Before(h.Since) {
			h.Reasons[Str(e, "outcome", "reason")]++
		}
	}
	return h
}

// targets reports whether a System Log event names id among its targets.
func targets(e map[string]any, id string) bool {
	list, _ := e["target"].([]any)
	for _, tg := range list {
		if Str(tg, "id") == id {
			return true
		}
	}
	return false
}
