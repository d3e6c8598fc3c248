package simtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim"
)

// Lived-in orgs: objects made by hand, the way an admin makes them in the Admin Console,
// before idme-okta ever runs. Each Seed… call goes through the management API as the Super
// Admin (so the objects have exactly the shapes Okta returns, every request is spec-checked,
// and the System Log shows the admin's writes), then clears the org's request log: Writes
// and Reads count only what the code under test does afterwards.

// IdP is a generic OpenID Connect identity provider as typed into the console.
type IdP struct {
	Name         string
	BaseURL      string // with a trailing slash; endpoints follow ID.me's layout under it (see IDmeEndpoints)
	ClientID     string
	ClientSecret string
	Scopes       []string // nil = "openid profile email", the console's default
	UserInfo     bool     // the userinfo endpoint filled in (the console's discovery fills it)
	Inactive     bool
}

// IDmeEndpoints are an ID.me environment's endpoints under its base URL (idme.md §1).
func IDmeEndpoints(base string) (authorize, token, jwks, userinfo, issuer string) {
	return base + "oauth/authorize", base + "oauth/token", base + "oidc/.well-known/jwks",
		base + "api/public/v3/userinfo", base + "oidc"
}

// SeedIdP creates the IdP and returns its id. The policy is what the console makes with the
// guide's choices (IdP username idpuser.email, match username or email, JIT, update attributes).
func SeedIdP(t testing.TB, org *sim.Org, p IdP) string {
	t.Helper()
	scopes := p.Scopes
	if scopes == nil {
		scopes = []string{"openid", "profile", "email"}
	}
	authorize, token, jwks, userinfo, issuer := IDmeEndpoints(p.BaseURL)
	endpoints := map[string]any{
		"authorization": map[string]any{"url": authorize, "binding": "HTTP-REDIRECT"},
		"token":         map[string]any{"url": token, "binding": "HTTP-POST"},
		"jwks":          map[string]any{"url": jwks, "binding": "HTTP-REDIRECT"},
	}
	if p.UserInfo {
		endpoints["userInfo"] = map[string]any{"url": userinfo, "binding": "HTTP-REDIRECT"}
	}
	status := "ACTIVE"
	if p.Inactive {
		status = "INACTIVE"
	}
	out := seed(t, org, http.MethodPost, "/api/v1/idps", map[string]any{
		"type": "OIDC", "name": p.Name, "issuerMode": "ORG_URL", "status": status,
		"protocol": map[string]any{
			"type": "OIDC", "scopes": scopes, "endpoints": endpoints,
			"issuer":      map[string]any{"url": issuer},
			"credentials": map[string]any{"client": map[string]any{"client_id": p.ClientID, "client_secret": p.ClientSecret}},
		},
		"policy": map[string]any{
			"accountLink": map[string]any{"action": "AUTO"},
			"provisioning": map[string]any{"action": "AUTO", "profileMaster": true, "groups": map[string]any{"action": "NONE"},
				"conditions": map[string]any{"deprovisioned": map[string]any{"action": "NONE"}, "suspended": map[string]any{"action": "NONE"}}},
			"subject":      map[string]any{"userNameTemplate": map[string]any{"template": "idpuser.email"}, "matchType": "USERNAME_OR_EMAIL"},
			"maxClockSkew": 0,
		},
	})
	return Str(out, "id")
}

// SeedIdPs creates n other OIDC integrations named "<prefix> 1" … "<prefix> n" (issuer
// https://sso<i>.partner.example/oidc), enough to spread the IdP list over pages (Okta's
// default page is 20).
func SeedIdPs(t testing.TB, org *sim.Org, n int, prefix string) []string {
	t.Helper()
	ids := make([]string, 0, n)
	for i := 1; i <= n; i++ {
		ids = append(ids, SeedIdP(t, org, IdP{Name: fmt.Sprintf("%s %d", prefix, i),
			BaseURL: fmt.Sprintf("https://sso%d.partner.example/", i), ClientID: fmt.Sprintf("partner-client-%d", i),
			ClientSecret: "partner-secret"}))
	}
	return ids
}

// Rule is an IDP_DISCOVERY routing rule as made on Security > Identity Providers > Routing Rules.
type Rule struct {
	Name       string
	IdPIDs     []string // OIDC identity providers it routes to
	Okta       bool     // Okta is offered too (Identity Engine only when IdPIDs is not empty)
	Inactive   bool     // saved without activating
	Priority   int      // 1 = first; 0 = last before the Default Rule
	AppIDs     []string // "User is accessing" these apps (none: any app)
	UserSuffix string   // "User matches" a username ending in this (none: anyone)
	AnyDevice  bool     // a platform condition of any device and any OS, which matches every sign-in
}

// SeedRule creates the rule in the org's IdP discovery policy and returns its id.
func SeedRule(t testing.TB, org *sim.Org, r Rule) string {
	t.Helper()
	var providers []any
	if r.Okta {
		providers = append(providers, map[string]any{"type": "OKTA"})
	}
	for _, id := range r.IdPIDs {
		providers = append(providers, map[string]any{"type": "OIDC", "id": id})
	}
	include := []any{}
	for _, id := range r.AppIDs {
		include = append(include, map[string]any{"type": "APP", "id": id})
	}
	conditions := map[string]any{
		"network": map[string]any{"connection": "ANYWHERE"},
		"app":     map[string]any{"include": include, "exclude": []any{}},
	}
	if r.AnyDevice {
		conditions["platform"] = map[string]any{"include": []any{map[string]any{"type": "ANY", "os": map[string]any{"type": "ANY"}}}, "exclude": []any{}}
	}
	if r.UserSuffix != "" {
		conditions["userIdentifier"] = map[string]any{"type": "IDENTIFIER",
			"patterns": []any{map[string]any{"matchType": "SUFFIX", "value": r.UserSuffix}}}
	}
	body := map[string]any{"type": "IDP_DISCOVERY", "name": r.Name, "conditions": conditions,
		"actions": map[string]any{"idp": map[string]any{"idpSelectionType": "SPECIFIC", "providers": providers}}}
	if r.Priority > 0 {
		body["priority"] = r.Priority
	}
	activate := "true"
	if r.Inactive {
		activate = "false"
	}
	out := seed(t, org, http.MethodPost, "/api/v1/policies/"+discoveryPolicyID(t, org)+"/rules?activate="+activate, body)
	return Str(out, "id")
}

// discoveryPolicyID is the id of the org's one IDP_DISCOVERY policy.
func discoveryPolicyID(t testing.TB, org *sim.Org) string {
	t.Helper()
	var policies []map[string]any
	AdminCall(t, org, http.MethodGet, "/api/v1/policies?type=IDP_DISCOVERY", nil, &policies)
	if len(policies) != 1 {
		t.Fatalf("simtest: %d IDP_DISCOVERY policies", len(policies))
	}
	return Str(policies[0], "id")
}

// SeedApp creates an active OIDC browser app (implicit and code, PKCE) with these redirect
// URIs, assigned to nobody, its tile shown, and returns its id (also its client_id).
func SeedApp(t testing.TB, org *sim.Org, label string, redirectURIs ...string) string {
	t.Helper()
	return seedApp(t, org, label, false, redirectURIs)
}

// SeedHiddenApp is SeedApp with the tile hidden from every dashboard: an app exactly as
// idme-okta makes its test app, given its label and loopback callback.
func SeedHiddenApp(t testing.TB, org *sim.Org, label string, redirectURIs ...string) string {
	t.Helper()
	return seedApp(t, org, label, true, redirectURIs)
}

func seedApp(t testing.TB, org *sim.Org, label string, hidden bool, redirectURIs []string) string {
	t.Helper()
	uris := make([]any, 0, len(redirectURIs))
	for _, u := range redirectURIs {
		uris = append(uris, u)
	}
	out := seed(t, org, http.MethodPost, "/api/v1/apps?activate=true", map[string]any{
		"name": "oidc_client", "label": label, "signOnMode": "OPENID_CONNECT",
		"visibility":  map[string]any{"hide": map[string]any{"iOS": hidden, "web": hidden}},
		"credentials": map[string]any{"oauthClient": map[string]any{"token_endpoint_auth_method": "none", "pkce_required": true}},
		"settings": map[string]any{"oauthClient": map[string]any{"application_type": "browser", "consent_method": "TRUSTED",
			"grant_types": []any{"authorization_code", "implicit"}, "response_types": []any{"code", "id_token"},
			"redirect_uris": uris, "issuer_mode": "ORG_URL"}},
	})
	return Str(out, "id")
}

// SeedUserAttribute adds a custom attribute of the given type ("string", "integer",
// "number", "boolean") to the default Okta user profile.
func SeedUserAttribute(t testing.TB, org *sim.Org, name, typ string) {
	t.Helper()
	seed(t, org, http.MethodPost, "/api/v1/meta/schemas/user/default", map[string]any{
		"definitions": map[string]any{"custom": map[string]any{"id": "#custom", "type": "object", "required": []any{},
			"properties": map[string]any{name: map[string]any{"title": name, "type": typ}}}}})
}

// seed makes one admin write and clears the request log.
func seed(t testing.TB, org *sim.Org, method, path string, body any) map[string]any {
	t.Helper()
	var out map[string]any
	AdminCall(t, org, method, path, body, &out)
	org.ResetRequests()
	return out
}

// AdminCall sends one management API request as the Super Admin (body as JSON unless nil)
// and decodes the answer into out (unless nil); anything but 2xx fails the test. It returns
// the response's headers (Link, for paging). Unlike the Seed… helpers it leaves the request
// log alone.
func AdminCall(t testing.TB, org *sim.Org, method, path string, body, out any) http.Header {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatalf("simtest: %v", err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, org.URL()+path, rd)
	if err != nil {
		t.Fatalf("simtest: %v", err)
	}
	req.Header.Set("Authorization", "SSWS "+org.AdminToken())
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("simtest: %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		t.Fatalf("simtest: %s %s = %d: %s", method, path, resp.StatusCode, Redact(raw))
	}
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("simtest: %s %s: %v", method, path, err)
		}
	}
	return resp.Header
}
