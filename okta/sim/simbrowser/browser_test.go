package simbrowser_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/idme"
	"github.com/idme-okta/idme-okta/okta/sim/simbrowser"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
)

// portal sets up a simulated org exactly as the guide says (through the real steps) and
// returns its sign-in page URL.
func portal(t *testing.T) string {
	t.Helper()
	org := simtest.Start(t)
	t.Cleanup(http.DefaultTransport.(*http.Transport).CloseIdleConnections)
	srv, err := idme.Start(idme.Options{Clients: []idme.Client{{
		ID: "client-1", Secret: "secret-1",
		RedirectURIs: []string{org.URL() + "/oauth2/v1/authorize/callback"},
		Policies:     []string{idme.IAL2Handle},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	a := steps.DefaultAnswers()
	a.OrgURL, a.IDmeBaseURL, a.IDmeEnv = org.URL(), srv.BaseURL(), "custom"
	a.IDmeClientID, a.PolicyHandle, a.JITConfirmed = "client-1", idme.IAL2Handle, true
	client, err := steps.Dial(a, steps.Secrets{APIToken: org.AdminToken()}, "test")
	if err != nil {
		t.Fatal(err)
	}
	s := steps.NewSetup(client, a, steps.Secrets{APIToken: org.AdminToken(), IDmeClientSecret: "secret-1"}, steps.Objects{})
	if err := steps.Run(context.Background(), s, steps.All(), steps.RunOptions{AllowOverwrite: true}); err != nil {
		t.Fatal(err)
	}
	return org.URL() + "/"
}

func TestPortalSignInReachesTheDashboard(t *testing.T) {
	start := portal(t)
	b := simbrowser.New()
	b.Identity = "partial"
	page, err := b.Open(context.Background(), start)
	if err != nil {
		t.Fatal(err)
	}
	if page.Title != "Okta End-User Dashboard" || !strings.Contains(page.Text(), "sam.teacher@example.org") {
		t.Fatalf("stopped at %q (%d): %s", page.Title, page.Status, page.Text())
	}
	var sawConsent bool
	for _, u := range b.Visited {
		if strings.Contains(u, "?") {
			t.Errorf("visited URL kept its query: %s", u)
		}
		sawConsent = sawConsent || strings.HasSuffix(u, "/oauth/authorize")
	}
	if !sawConsent {
		t.Errorf("never went through ID.me: %v", b.Visited)
	}
}

func TestDenyStopsOnOktasErrorPage(t *testing.T) {
	start := portal(t)
	b := simbrowser.New()
	b.Deny = true
	page, err := b.Open(context.Background(), start)
	if err != nil {
		t.Fatal(err)
	}
	if page.Title == "Okta End-User Dashboard" || !strings.Contains(page.Text(), "access_denied") {
		t.Fatalf("a denied consent should not sign in: %q %s", page.Title, page.Text())
	}
}

func TestUnknownIdentityIsAnError(t *testing.T) {
	start := portal(t)
	b := simbrowser.New()
	b.Identity = "nobody"
	if _, err := b.Open(context.Background(), start); err == nil || !strings.Contains(err.Error(), "nobody") {
		t.Fatalf("err = %v", err)
	}
}
