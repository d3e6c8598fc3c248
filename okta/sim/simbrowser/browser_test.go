package simbrowser_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/idme"
	"github.com/idme-okta/idme-okta/okta/sim/simbrowser"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
)

// portal sets up a simulated org exactly as the guide says (through the real steps) and
// returns its sign-in page URL, and the setup (what the steps created).
func portal(t *testing.T) (string, *steps.Setup) {
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
	return org.URL() + "/", s
}

func TestPortalSignInReachesTheDashboard(t *testing.T) {
	start, _ := portal(t)
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
	if !slices.ContainsFunc(b.Submitted, func(f simbrowser.Submission) bool {
		return f.Method == http.MethodPost && strings.HasSuffix(f.URL, "/oauth/authorize") &&
			f.Fields.Get("identity") == "partial" && f.Fields.Get("action") == "continue"
	}) {
		t.Errorf("the consent answer (partial, continue) is not among the submitted forms: %s", submitted(b))
	}
}

func TestDenyStopsOnOktasErrorPage(t *testing.T) {
	start, _ := portal(t)
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
	start, _ := portal(t)
	b := simbrowser.New()
	b.Identity = "nobody"
	if _, err := b.Open(context.Background(), start); err == nil || !strings.Contains(err.Error(), "nobody") {
		t.Fatalf("err = %v", err)
	}
}

// An app's redirect URI where nothing listens: the walk ends there, with what ID.me sent.
func TestStopAtEndsTheWalkAtTheRedirectURI(t *testing.T) {
	const callback = "http://127.0.0.1:9/callback" // the discard port: nothing answers
	srv, err := idme.Start(idme.Options{Clients: []idme.Client{{
		ID: "client-1", Secret: "secret-1", RedirectURIs: []string{callback}, Policies: []string{idme.IAL2Handle},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	q := url.Values{"client_id": {"client-1"}, "redirect_uri": {callback}, "response_type": {"code"},
		"scope": {"openid " + idme.IAL2Handle}, "state": {"st-1"}}

	for _, deny := range []bool{false, true} {
		b := simbrowser.New()
		b.StopAt, b.Deny = callback, deny
		page, err := b.Open(context.Background(), srv.BaseURL()+"oauth/authorize?"+q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		got := page.URL.Query()
		if page.Status != 0 || page.Body != "" || !strings.HasPrefix(page.URL.String(), callback+"?") || got.Get("state") != "st-1" {
			t.Fatalf("deny=%v: stopped at %d %s with state %q", deny, page.Status, redactedURL(page.URL), got.Get("state"))
		}
		if deny != (got.Get("code") == "") || deny != (got.Get("error") == "access_denied") {
			t.Errorf("deny=%v: the redirect URI got error %q, a code: %v", deny, got.Get("error"), got.Get("code") != "")
		}
		for _, u := range b.Visited {
			if strings.HasPrefix(u, callback) {
				t.Errorf("deny=%v: the browser requested the redirect URI: %v", deny, b.Visited)
			}
		}
		if len(b.Submitted) != 1 || b.Submitted[0].Fields.Get("identity") == "" {
			t.Errorf("deny=%v: submitted %s, want the consent answer only", deny, submitted(b))
		}
	}
}

// Okta's form_post to an app's redirect URI under StopAt: not sent, but recorded.
func TestStopAtKeepsTheFormPostUnsent(t *testing.T) {
	start, setup := portal(t)
	app := steps.CallbackURI(setup.Answers.CallbackPort)
	q := url.Values{"client_id": {setup.Known().TestAppClientID}, "redirect_uri": {app}, "response_type": {"id_token"},
		"response_mode": {"form_post"}, "scope": {"openid"}, "state": {"st-2"}, "nonce": {"n-2"}, "idp": {setup.Known().IdPID}}
	b := simbrowser.New()
	b.StopAt = app
	page, err := b.Open(context.Background(), start+"oauth2/v1/authorize?"+q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if page.Status != 0 || page.URL.String() != app {
		t.Fatalf("stopped at %d %s, want the app's redirect URI unrequested", page.Status, page.URL)
	}
	if len(b.Submitted) == 0 {
		t.Fatal("no form submitted")
	}
	last := b.Submitted[len(b.Submitted)-1]
	if last.Method != http.MethodPost || last.URL != app || last.Fields.Get("id_token") == "" || last.Fields.Get("state") != "st-2" {
		t.Errorf("last submission = %s %s with state %q, id_token set %v; want Okta's form_post to the app",
			last.Method, last.URL, last.Fields.Get("state"), last.Fields.Get("id_token") != "")
	}
}

// submitted lists where the forms went, for failure messages: their fields carry codes and
// tokens, which a test does not print.
func submitted(b *simbrowser.Browser) string {
	var out []string
	for _, f := range b.Submitted {
		out = append(out, f.Method+" "+f.URL)
	}
	return "[" + strings.Join(out, ", ") + "]"
}

func redactedURL(u *url.URL) string {
	c := *u
	c.RawQuery, c.Fragment = "", ""
	return c.String()
}
