package simtest_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// get reads the management API as the admin.
func get(t *testing.T, org *sim.Org, path string) (any, http.Header) {
	t.Helper()
	var v any
	h := simtest.AdminCall(t, org, http.MethodGet, path, nil, &v)
	return v, h
}

func rules(t *testing.T, org *sim.Org) []any {
	t.Helper()
	pols, _ := get(t, org, "/api/v1/policies?type=IDP_DISCOVERY")
	rs, _ := get(t, org, "/api/v1/policies/"+simtest.Str(pols.([]any)[0], "id")+"/rules")
	return rs.([]any)
}

func providers(rule any) []string {
	var out []string
	list, _ := simtest.At(rule, "actions", "idp", "providers").([]any)
	for _, p := range list {
		out = append(out, simtest.Str(p, "type")+":"+simtest.Str(p, "id"))
	}
	return out
}

// The lived-in org of issue 8, seeded as an admin makes it, read back through the API.
func TestSeedsMakeALivedInOrg(t *testing.T) {
	w := simtest.StartWorld(t)
	org := w.Org
	idpID, ruleID := w.SeedHalfFollowedGuide(t)
	partner := simtest.SeedIdP(t, org, simtest.IdP{Name: "Partner SSO", BaseURL: "https://sso.partner.example/", ClientID: "partner", ClientSecret: "s"})
	namesake := simtest.SeedRule(t, org, simtest.Rule{Name: "ID.me IdP - Okta App Portal", IdPIDs: []string{partner}, Okta: true})
	shadow := simtest.SeedRule(t, org, simtest.Rule{Name: "Everyone to the partner", IdPIDs: []string{partner}, Priority: 1})
	app := simtest.SeedApp(t, org, "ID.me sign-in test (idme-okta)", "https://app.example.com/callback")
	simtest.SeedUserAttribute(t, org, "idme_uuid", "integer")
	copyID := simtest.SeedIdP(t, org, w.Sandbox.IdP("ID.me (copy)"))
	simtest.SeedIdPs(t, org, 25, "Other IdP")
	if n, r := simtest.Writes(org), simtest.Reads(org); n != 0 || r != 0 {
		t.Errorf("seeding left %d writes and %d reads in the request log", n, r)
	}

	idp, _ := get(t, org, "/api/v1/idps/"+idpID)
	if simtest.Str(idp, "name") != "ID.me" || simtest.Str(idp, "protocol", "credentials", "client", "client_id") != w.Sandbox.ClientID ||
		simtest.Str(idp, "protocol", "endpoints", "userInfo", "url") != w.Sandbox.BaseURL()+"api/public/v3/userinfo" ||
		simtest.Str(idp, "protocol", "issuer", "url") != w.Sandbox.Issuer() {
		t.Errorf("hand-made IdP = %v", idp)
	}
	if scopes := simtest.At(idp, "protocol", "scopes"); len(scopes.([]any)) != 3 {
		t.Errorf("scopes = %v, want openid profile email", scopes)
	}
	if c, _ := get(t, org, "/api/v1/idps/"+copyID); simtest.Str(c, "protocol", "credentials", "client", "client_id") != w.Sandbox.ClientID {
		t.Errorf("the second IdP is for another client: %v", c)
	}

	byID := map[string]any{}
	rs := rules(t, org)
	for _, r := range rs {
		byID[simtest.Str(r, "id")] = r
	}
	if r := byID[ruleID]; simtest.Str(r, "status") != "INACTIVE" || strings.Join(providers(r), ",") != "OKTA:,OIDC:"+idpID {
		t.Errorf("hand-made rule = %v", r)
	}
	if r := byID[namesake]; simtest.Str(r, "name") != "ID.me IdP - Okta App Portal" || strings.Join(providers(r), ",") != "OKTA:,OIDC:"+partner {
		t.Errorf("namesake rule = %v", r)
	}
	if simtest.Str(rs[0], "id") != shadow || simtest.Str(rs[0], "status") != "ACTIVE" || len(simtest.At(rs[0], "conditions", "app", "include").([]any)) != 0 {
		t.Errorf("the shadowing rule must come first, active, for everyone: %v", rs[0])
	}

	a, _ := get(t, org, "/api/v1/apps/"+app)
	if uris := simtest.At(a, "settings", "oauthClient", "redirect_uris").([]any); len(uris) != 1 || uris[0] != "https://app.example.com/callback" {
		t.Errorf("namesake app = %v", a)
	}
	schema, _ := get(t, org, "/api/v1/meta/schemas/user/default")
	if typ := simtest.Str(schema, "definitions", "custom", "properties", "idme_uuid", "type"); typ != "integer" {
		t.Errorf("idme_uuid type = %q", typ)
	}

	// 28 IdPs: Okta's default page of 20, then the rest through the next link.
	page, h := get(t, org, "/api/v1/idps")
	next := nextLink(t, h)
	if len(page.([]any)) != 20 || next == "" {
		t.Fatalf("first page %d IdPs, next %q", len(page.([]any)), next)
	}
	rest, h := get(t, org, next)
	if len(rest.([]any)) != 8 || nextLink(t, h) != "" {
		t.Errorf("second page %d IdPs, next %q", len(rest.([]any)), nextLink(t, h))
	}
}

func nextLink(t *testing.T, h http.Header) string {
	t.Helper()
	for _, l := range h.Values("Link") {
		if strings.HasSuffix(l, `rel="next"`) {
			u, err := url.Parse(strings.Trim(strings.Split(l, ";")[0], "<>"))
			if err != nil {
				t.Fatal(err)
			}
			return u.RequestURI()
		}
	}
	return ""
}

// On Classic the half-followed guide's rule names the IdP alone (Classic allows one provider).
func TestSeedHalfFollowedGuideOnClassic(t *testing.T) {
	w := simtest.StartWorld(t, simtest.WithOrg(simtest.Classic))
	idpID, ruleID := w.SeedHalfFollowedGuide(t)
	for _, r := range rules(t, w.Org) {
		if simtest.Str(r, "id") == ruleID && strings.Join(providers(r), ",") != "OIDC:"+idpID {
			t.Errorf("Classic rule = %v", r)
		}
	}
}

// The guide followed by hand signs people in; the history helper leaves the System Log with
// the successes and failures it reports, and a window that leaves the oldest out.
func TestSignInHistory(t *testing.T) {
	clock := simtest.NewClock(time.Now().Add(-30 * time.Hour))
	w := simtest.StartWorld(t, simtest.WithClock(clock))
	idpID, _ := w.SeedGuideSetup(t, "ID.me")
	h := w.SignInHistory(t, clock, idpID)
	if h.Total != 5 || h.Succeeded != 2 || h.Failed != 3 {
		t.Errorf("history = %+v", h)
	}
	if h.Reasons["User Not Found"] != 1 || h.Reasons["Unable to transform email to username"] != 1 || len(h.Reasons) != 3 {
		t.Errorf("reasons = %v", h.Reasons)
	}
	// Read back as a reader would: the IdP sign-ins since the window's start, one
	// transaction each.
	q := url.Values{"since": {h.Since.Format(time.RFC3339)}, "until": {clock.Now().Format(time.RFC3339)},
		"filter": {`eventType eq "user.authentication.auth_via_IDP" or eventType eq "user.authentication.auth_via_social"`}}
	evs, _ := get(t, w.Org, "/api/v1/logs?"+q.Encode())
	txns := map[string]string{}
	for _, e := range evs.([]any) {
		txns[simtest.Str(e, "transaction", "id")] = simtest.Str(e, "outcome", "result")
	}
	ok := 0
	for _, result := range txns {
		if result == "SUCCESS" {
			ok++
		}
	}
	if len(txns) != h.Total || ok != h.Succeeded {
		t.Errorf("the log has %d sign-ins (%d succeeded) since %s, the history says %+v", len(txns), ok, h.Since, h)
	}
}

// The production stand-in signs people in once the IdP is moved to it (what promote will
// do), and not with the sandbox's client.
func TestProductionStandIn(t *testing.T) {
	w := simtest.StartWorld(t, simtest.WithProduction())
	idpID, _ := w.SeedGuideSetup(t, "ID.me")
	if p := w.PortalSignIn(t, idpID, "verified", false); p.Title != "Okta End-User Dashboard" {
		t.Fatalf("sandbox sign-in: %q %s", p.Title, p.Text())
	}
	move := func(clientID, secret string) {
		idp, _ := get(t, w.Org, "/api/v1/idps/"+idpID)
		m := idp.(map[string]any)
		for _, k := range []string{"id", "status", "created", "lastUpdated", "_links"} {
			delete(m, k)
		}
		authorize, token, jwks, _, issuer := simtest.IDmeEndpoints(w.Production.BaseURL())
		proto := m["protocol"].(map[string]any)
		eps := proto["endpoints"].(map[string]any)
		eps["authorization"].(map[string]any)["url"] = authorize
		eps["token"].(map[string]any)["url"] = token
		eps["jwks"].(map[string]any)["url"] = jwks
		proto["issuer"].(map[string]any)["url"] = issuer
		client := proto["credentials"].(map[string]any)["client"].(map[string]any)
		client["client_id"], client["client_secret"] = clientID, secret
		simtest.AdminCall(t, w.Org, http.MethodPut, "/api/v1/idps/"+idpID, m, nil)
	}
	move(w.Sandbox.ClientID, w.Sandbox.ClientSecret)
	if p := w.PortalSignIn(t, idpID, "verified", false); p.Status != http.StatusBadRequest || !strings.Contains(p.Text(), "invalid_client") {
		t.Errorf("sandbox credentials on production: %d %q %s", p.Status, p.Title, p.Text())
	}
	move(w.Production.ClientID, w.Production.ClientSecret)
	if p := w.PortalSignIn(t, idpID, "verified", false); p.Title != "Okta End-User Dashboard" {
		t.Errorf("production sign-in: %q %s", p.Title, p.Text())
	}
}
