package sim_test

import (
	"net/http"
	"strings"
	"testing"
)

const idmeButton = "Sign in with ID.me IdP - OIDC"

// The guide's trap: a routing rule that was saved but not activated shows no button. After
// activation the button appears and carries the app's sign-in through ID.me to the app.
func TestHostedPageShowsTheIdPButtonOnlyForAnActiveRule(t *testing.T) {
	env := setupFederation(t, fedOptions{ruleInactive: true})
	b := newBrowser(t, env.redirectURI)
	authorize := env.authorizeURL(map[string]string{"idp": "", "response_type": "id_token", "response_mode": "form_post"})

	p := b.get(authorize)
	if p == nil || p.url.Path != "/login/login.htm" || p.status != http.StatusOK {
		t.Fatalf("without idp= the app's sign-in should land on the hosted page, got %+v", p)
	}
	if _, ok := p.links()[idmeButton]; ok {
		t.Fatalf("an INACTIVE routing rule must not offer ID.me:\n%s", p.body)
	}
	p.form(t) // exactly one form, even with buttons

	env.api(t, http.MethodPost, "/api/v1/policies/"+env.policyID+"/rules/"+env.ruleID+"/lifecycle/activate", nil)
	p = b.get(authorize)
	href, ok := p.links()[idmeButton]
	if !ok || !strings.HasPrefix(href, "/sso/idps/"+env.idpID+"?okta_key=") {
		t.Fatalf("after activation the page should offer %q with the transaction, links %v", idmeButton, p.links())
	}
	p.form(t)
	b.finish(b.consent(b.follow(p, href), "partial"))
	if b.landed.method != http.MethodPost || b.landed.params.Get("id_token") == "" {
		t.Fatalf("the button did not continue the app's transaction: %v", b.landed.params)
	}
	_, claims, err := env.verifyIDToken(t, b.landed.params.Get("id_token"))
	if err != nil || claims["email"] != "sam.teacher@example.org" || claims["idp"] != env.idpID {
		t.Errorf("ID token %v, %v", claims, err)
	}
}

// A rule whose app condition excludes the app offers nothing for that app.
func TestHostedPageHonoursTheRuleAppCondition(t *testing.T) {
	env := setupFederation(t, fedOptions{})
	rule := env.api(t, http.MethodGet, "/api/v1/policies/"+env.policyID+"/rules/"+env.ruleID, nil)
	for _, k := range []string{"id", "status", "created", "lastUpdated", "_links", "system"} {
		delete(rule, k)
	}
	rule["conditions"].(map[string]any)["app"] = map[string]any{"include": []any{}, "exclude": []any{map[string]any{"type": "APP", "id": env.appID}}}
	env.api(t, http.MethodPut, "/api/v1/policies/"+env.policyID+"/rules/"+env.ruleID, rule)

	b := newBrowser(t, env.redirectURI)
	p := b.get(env.authorizeURL(map[string]string{"idp": "", "response_type": "id_token"}))
	if _, ok := p.links()[idmeButton]; ok {
		t.Errorf("the app is excluded, yet the page offers ID.me")
	}
	if p = b.get(env.org.URL() + "/"); p.links()[idmeButton] == "" {
		t.Errorf("the org's own page (no app) should still offer ID.me: %v", p.links())
	}
}

// Option 1 of the guide: the portal page, the button, ID.me, the End-User Dashboard.
func TestPortalSignInLandsOnTheDashboard(t *testing.T) {
	env := setupFederation(t, fedOptions{})
	b := newBrowser(t, env.redirectURI)
	p := b.get(env.org.URL() + "/")
	href, ok := p.links()[idmeButton]
	if !ok || href != "/sso/idps/"+env.idpID {
		t.Fatalf("portal page links = %v", p.links())
	}
	dash := b.consent(b.follow(p, href), "verified")
	if dash == nil || dash.url.Path != "/app/UserHome" || !strings.Contains(dash.body, "Okta End-User Dashboard") ||
		!strings.Contains(dash.body, "Signed in as JANE VETERAN ("+janeEmail+")") {
		t.Fatalf("dashboard = %+v", dash)
	}
	users := env.list(t, "/api/v1/users?q=JANE")
	if len(users) != 1 || users[0]["profile"].(map[string]any)["idme_uuid"] != janeUUID {
		t.Errorf("JIT user = %v", users)
	}
	// The session sticks: the portal goes straight to the dashboard, and an app gets its
	// answer without another trip to ID.me.
	if again := b.get(env.org.URL() + "/"); again.url.Path != "/app/UserHome" {
		t.Errorf("signed-in portal = %s", again.url)
	}
	before := len(env.idme.Requests())
	b.get(env.authorizeURL(map[string]string{"response_type": "id_token", "response_mode": "fragment"}))
	if b.landed == nil || b.landed.params.Get("id_token") == "" {
		t.Fatalf("session sign-in: %v", b.landed)
	}
	if len(env.idme.Requests()) != before {
		t.Errorf("with a session the org still went to ID.me")
	}
	// prompt=login forces the IdP again.
	if p := b.get(env.authorizeURL(map[string]string{"response_type": "id_token", "prompt": "login"})); p == nil || !strings.HasPrefix(p.url.String(), env.idme.BaseURL()) {
		t.Errorf("prompt=login did not go to ID.me: %+v", p)
	}
}

func TestHostedPageUsernamePasswordIsAnHonestStub(t *testing.T) {
	env := setupFederation(t, fedOptions{})
	b := newBrowser(t, env.redirectURI)
	p := b.get(env.org.URL() + "/login/login.htm")
	p = b.submit(p, map[string]string{"username": "admin@sim.example", "password": "hunter2"})
	if p.status != http.StatusUnauthorized || !strings.Contains(p.body, "only signs in through identity providers") {
		t.Errorf("stub answer = %d:\n%s", p.status, p.body)
	}
	if strings.Contains(p.body, "hunter2") {
		t.Error("the page echoes the password")
	}
	if dash := b.get(env.org.URL() + "/app/UserHome"); dash.url.Path != "/login/login.htm" {
		t.Errorf("the dashboard without a session = %s", dash.url)
	}
}
