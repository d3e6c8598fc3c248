package sim_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/idme"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// fedEnv is a simulated org set up through the management API the way the guide says, with
// the ID.me stand-in as its upstream identity provider.
type fedEnv struct {
	org         *sim.Org
	idme        *idme.Server
	idpID       string
	appID       string // also the app's client_id
	redirectURI string // the app's one registered redirect URI (a loopback port nobody listens on)
	policyID    string
	ruleID      string
	everyoneID  string
	idmeClient  idme.Client
}

// fedOptions vary the guide's setup for one test.
type fedOptions struct {
	scopes       []string // the IdP's scopes; nil = openid + the IAL2 policy handle
	ruleInactive bool     // create the routing rule with ?activate=false
	noRule       bool     // no routing rule (a Classic org refuses the guide's two-provider rule)
	engine       sim.Engine
	claims       idme.ClaimStyle // the claim names ID.me releases; "" = the guide's
}

const (
	idmeClientID     = "okta-idp-client"
	idmeClientSecret = "idme-client-secret-canary"
	appRedirectURI   = "http://127.0.0.1:53682/callback"
)

func setupFederation(t testing.TB, opts fedOptions) *fedEnv {
	t.Helper()
	org := simtest.Start(t, func(o *sim.Options) { o.Engine = opts.engine })
	env := &fedEnv{org: org, redirectURI: appRedirectURI}
	env.idmeClient = idme.Client{ID: idmeClientID, Secret: idmeClientSecret,
		RedirectURIs: []string{org.URL() + "/oauth2/v1/authorize/callback"}, Policies: []string{idme.IAL2Handle}}
	srv, err := idme.Start(idme.Options{Clients: []idme.Client{env.idmeClient}, ClaimStyle: opts.claims})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	env.idme = srv

	scopes := opts.scopes
	if scopes == nil {
		scopes = []string{"openid", idme.IAL2Handle}
	}
	// 1. The OIDC identity provider (okta-api.md §1), userInfo left blank.
	idp := env.api(t, http.MethodPost, "/api/v1/idps", map[string]any{
		"type": "OIDC", "name": "ID.me IdP - OIDC", "issuerMode": "ORG_URL",
		"protocol": map[string]any{
			"type":   "OIDC",
			"scopes": scopes,
			"endpoints": map[string]any{
				"authorization": map[string]any{"url": srv.BaseURL() + "oauth/authorize", "binding": "HTTP-REDIRECT"},
				"token":         map[string]any{"url": srv.BaseURL() + "oauth/token", "binding": "HTTP-POST"},
				"jwks":          map[string]any{"url": srv.BaseURL() + "oidc/.well-known/jwks", "binding": "HTTP-REDIRECT"},
			},
			"issuer":      map[string]any{"url": srv.Issuer()},
			"credentials": map[string]any{"client": map[string]any{"client_id": idmeClientID, "client_secret": idmeClientSecret}},
		},
		"policy": map[string]any{
			"accountLink": map[string]any{"action": "AUTO"},
			"provisioning": map[string]any{"action": "AUTO", "profileMaster": true, "groups": map[string]any{"action": "NONE"},
				"conditions": map[string]any{"deprovisioned": map[string]any{"action": "NONE"}, "suspended": map[string]any{"action": "NONE"}}},
			"subject":      map[string]any{"userNameTemplate": map[string]any{"template": "idpuser.email"}, "matchType": "USERNAME_OR_EMAIL"},
			"maxClockSkew": 0,
		},
	})
	env.idpID = idp["id"].(string)
	if got := idp["_links"].(map[string]any)["clientRedirectUri"].(map[string]any)["href"]; got != org.URL()+"/oauth2/v1/authorize/callback" {
		t.Fatalf("clientRedirectUri = %v", got)
	}

	// 2. Custom attributes on the Okta user profile.
	env.api(t, http.MethodPost, "/api/v1/meta/schemas/user/default", customProperties(map[string]string{
		"idme_uuid": "ID.me UUID", "birth_date": "Birth date", "transaction_ial": "Transaction IAL"}, false))

	// 3. The IdP profile: ID.me's claims, each with externalName = the claim name.
	env.api(t, http.MethodPost, "/api/v1/meta/schemas/apps/"+env.idpID+"/default", customProperties(map[string]string{
		"uuid": "ID.me uuid", "fname": "First name (ID.me)", "lname": "Last name (ID.me)", "mname": "Middle name (ID.me)",
		"phone": "Phone (ID.me)", "street": "Street (ID.me)", "city": "City (ID.me)", "state": "State (ID.me)",
		"zip": "Zip (ID.me)", "birth_date": "Birth date (ID.me)", "transaction_ial": "Transaction IAL (ID.me)"}, true))

	// 4. The mapping to the default user type: the guide's rows, all PUSH.
	env.mapRows(t, map[string]string{
		"email": "appuser.email", "login": "appuser.email", "firstName": "appuser.fname", "lastName": "appuser.lname",
		"middleName": "appuser.mname", "mobilePhone": "appuser.phone", "streetAddress": "appuser.street",
		"city": "appuser.city", "state": "appuser.state", "zipCode": "appuser.zip", "idme_uuid": "appuser.uuid",
		"birth_date": "appuser.birth_date", "transaction_ial": "appuser.transaction_ial",
	}, "PUSH")

	// 5. The routing rule (Okta plus ID.me), activated unless the test wants the trap.
	policies := env.list(t, "/api/v1/policies?type=IDP_DISCOVERY")
	env.policyID = policies[0]["id"].(string)
	if !opts.noRule {
		activate := "true"
		if opts.ruleInactive {
			activate = "false"
		}
		rule := env.api(t, http.MethodPost, "/api/v1/policies/"+env.policyID+"/rules?activate="+activate, map[string]any{
			"type": "IDP_DISCOVERY", "name": "ID.me IdP - Okta App Portal", "priority": 1,
			"conditions": map[string]any{"network": map[string]any{"connection": "ANYWHERE"}},
			"actions": map[string]any{"idp": map[string]any{"idpSelectionType": "SPECIFIC",
				"providers": []any{map[string]any{"type": "OKTA"}, map[string]any{"type": "OIDC", "id": env.idpID}}}},
		})
		env.ruleID = rule["id"].(string)
	}

	// 6. The test app: a browser app with a loopback redirect URI, assigned to Everyone.
	app := env.api(t, http.MethodPost, "/api/v1/apps?activate=true", map[string]any{
		"name": "oidc_client", "label": "ID.me wizard test", "signOnMode": "OPENID_CONNECT",
		"credentials": map[string]any{"oauthClient": map[string]any{"token_endpoint_auth_method": "none", "pkce_required": true}},
		"settings": map[string]any{"oauthClient": map[string]any{"application_type": "browser", "consent_method": "TRUSTED",
			"grant_types": []any{"authorization_code", "implicit"}, "response_types": []any{"code", "id_token"},
			"redirect_uris": []any{appRedirectURI}, "issuer_mode": "ORG_URL"}},
	})
	env.appID = app["id"].(string)
	groups := env.list(t, "/api/v1/groups?filter="+url.QueryEscape(`type eq "BUILT_IN"`))
	env.everyoneID = groups[0]["id"].(string)
	env.api(t, http.MethodPut, "/api/v1/apps/"+env.appID+"/groups/"+env.everyoneID, map[string]any{})
	return env
}

func customProperties(titles map[string]string, withExternalName bool) map[string]any {
	props := map[string]any{}
	for name, title := range titles {
		p := map[string]any{"title": title, "type": "string"}
		if withExternalName {
			p["externalName"] = name
			p["scope"] = "NONE"
		}
		props[name] = p
	}
	return map[string]any{"definitions": map[string]any{"custom": map[string]any{"id": "#custom", "type": "object", "properties": props, "required": []any{}}}}
}

// mapRows adds or replaces rows of the IdP → default user type mapping.
func (e *fedEnv) mapRows(t testing.TB, rows map[string]string, push string) {
	t.Helper()
	var defaultType string
	for _, typ := range e.list(t, "/api/v1/meta/types/user") {
		if typ["default"] == true {
			defaultType = typ["id"].(string)
		}
	}
	mappings := e.list(t, "/api/v1/mappings?sourceId="+e.idpID+"&targetId="+defaultType)
	props := map[string]any{}
	for target, expr := range rows {
		props[target] = map[string]any{"expression": expr, "pushStatus": push}
	}
	e.api(t, http.MethodPost, "/api/v1/mappings/"+mappings[0]["id"].(string), map[string]any{"properties": props})
}

// api makes a management API call that must succeed and answers the JSON object.
func (e *fedEnv) api(t testing.TB, method, path string, body any) map[string]any {
	t.Helper()
	r := call(t, e.org, method, path, admin(e.org), body)
	if r.status/100 != 2 {
		t.Fatalf("%s %s = %d: %s", method, path, r.status, r.printable())
	}
	if len(r.body) == 0 {
		return nil
	}
	return r.json(t)
}

func (e *fedEnv) list(t testing.TB, path string) []map[string]any {
	t.Helper()
	r := call(t, e.org, http.MethodGet, path, admin(e.org), nil)
	if r.status != http.StatusOK {
		t.Fatalf("GET %s = %d: %s", path, r.status, r.printable())
	}
	return r.list(t)
}

// updateIdP reads the IdP, lets change edit it, and replaces it (PUT is a full replace).
func (e *fedEnv) updateIdP(t testing.TB, change func(idp map[string]any)) {
	t.Helper()
	idp := e.api(t, http.MethodGet, "/api/v1/idps/"+e.idpID, nil)
	for _, k := range []string{"id", "status", "created", "lastUpdated", "_links"} {
		delete(idp, k)
	}
	change(idp)
	e.api(t, http.MethodPut, "/api/v1/idps/"+e.idpID, idp)
}

// events lists the System Log events of one type, through the API as a diagnosing admin would.
func (e *fedEnv) events(t testing.TB, eventType string) []map[string]any {
	t.Helper()
	q := url.Values{
		"since":     {"2000-01-01T00:00:00.000Z"},
		"until":     {"2100-01-01T00:00:00.000Z"},
		"sortOrder": {"ASCENDING"},
		"filter":    {fmt.Sprintf("eventType eq %q", eventType)},
	}
	return e.list(t, "/api/v1/logs?"+q.Encode())
}

// authorizeURL is the guide's option-2 URL (or the code flow's), with idp= unless noIdP.
func (e *fedEnv) authorizeURL(params map[string]string) string {
	q := url.Values{"client_id": {e.appID}, "redirect_uri": {e.redirectURI}, "scope": {"openid profile email"},
		"state": {"state-" + randomHex(8)}, "nonce": {"nonce-" + randomHex(8)}, "idp": {e.idpID}}
	for k, v := range params {
		if v == "" {
			delete(q, k)
			continue
		}
		q.Set(k, v)
	}
	return e.org.URL() + "/oauth2/v1/authorize?" + q.Encode()
}
