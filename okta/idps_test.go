package okta

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

const idpID = "0oaw11zoydQl4XTxc1d7"

func guideIdP() IdP {
	return IdP{
		Name:             "ID.me IdP - OIDC",
		Scopes:           []string{"openid", "military"},
		ClientID:         "idme-client-123",
		ClientSecret:     "new-idme-secret",
		IssuerURL:        "https://api.idmelabs.com/oidc",
		AuthorizationURL: "https://api.idmelabs.com/oauth/authorize",
		TokenURL:         "https://api.idmelabs.com/oauth/token",
		JWKSURL:          "https://api.idmelabs.com/oidc/.well-known/jwks",
		ProfileMaster:    true,
		// The guide's choices, which the steps make (okta-api.md §1).
		IssuerMode:          "ORG_URL",
		UsernameTemplate:    "idpuser.email",
		MatchType:           "USERNAME_OR_EMAIL",
		AccountLinkAction:   "AUTO",
		ProvisioningAction:  "AUTO",
		GroupsAction:        "NONE",
		DeprovisionedAction: "NONE",
		SuspendedAction:     "NONE",
		MaxClockSkew:        new(int64),
	}
}

func TestCreateIdP(t *testing.T) {
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{"POST /api/v1/idps": serve(200, "idp_oidc.json")}))
	c, _ := newTestClient(t, f)
	got, err := c.CreateIdP(context.Background(), guideIdP())
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != idpID || got.RedirectURI != "https://dev-123.okta.com/oauth2/v1/authorize/callback" ||
		!strings.Contains(got.AuthorizeLink, "idp="+idpID) || got.Status != "ACTIVE" || !got.SecretMatches("stored-idme-secret") {
		t.Errorf("decoded %+v", got)
	}
	if got.UsernameTemplate != "idpuser.email" || got.MatchType != "USERNAME_OR_EMAIL" || !got.ProfileMaster || got.JWKSURL == "" {
		t.Errorf("decoded policy %+v", got)
	}

	body := jsonBody(t, only(t, f, "POST", "/api/v1/idps"))
	want := map[string]any{
		"type": "OIDC", "name": "ID.me IdP - OIDC", "issuerMode": "ORG_URL",
		"protocol": map[string]any{
			"type":   "OIDC",
			"scopes": []any{"openid", "military"},
			"endpoints": map[string]any{
				"authorization": map[string]any{"url": "https://api.idmelabs.com/oauth/authorize", "binding": "HTTP-REDIRECT"},
				"token":         map[string]any{"url": "https://api.idmelabs.com/oauth/token", "binding": "HTTP-POST"},
				"jwks":          map[string]any{"url": "https://api.idmelabs.com/oidc/.well-known/jwks", "binding": "HTTP-REDIRECT"},
			},
			"issuer":      map[string]any{"url": "https://api.idmelabs.com/oidc"},
			"credentials": map[string]any{"client": map[string]any{"client_id": "idme-client-123", "client_secret": "new-idme-secret"}},
		},
		"policy": map[string]any{
			"accountLink": map[string]any{"action": "AUTO"},
			"provisioning": map[string]any{"action": "AUTO", "profileMaster": true, "groups": map[string]any{"action": "NONE"},
				"conditions": map[string]any{"deprovisioned": map[string]any{"action": "NONE"}, "suspended": map[string]any{"action": "NONE"}}},
			"subject":      map[string]any{"userNameTemplate": map[string]any{"template": "idpuser.email"}, "matchType": "USERNAME_OR_EMAIL"},
			"maxClockSkew": float64(0),
		},
	}
	simtest.CheckSecret(t, "client_secret sent", simtest.At(body, "protocol", "credentials", "client", "client_secret"), "new-idme-secret")
	if got, want := simtest.Redact(body), simtest.Redact(want); !reflect.DeepEqual(got, want) {
		b, _ := json.MarshalIndent(got, "", " ")
		t.Errorf("request body:\n%s", b)
	}
}

// The settings idme-okta does not manage are decoded as Okta sent them, for export
// terraform: a null pkce_required stays nil, a 0 clock skew is not nil.
func TestIdPDetailIsDecodedAsSent(t *testing.T) {
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{"GET /api/v1/idps/" + idpID: serve(200, "idp_oidc.json")}))
	c, _ := newTestClient(t, f)
	got, err := c.GetIdP(context.Background(), idpID)
	if err != nil {
		t.Fatal(err)
	}
	zero := int64(0)
	want := IdPDetail{
		ProtocolType:         "OIDC",
		AuthorizationBinding: "HTTP-REDIRECT", TokenBinding: "HTTP-POST", JWKSBinding: "HTTP-REDIRECT",
		TrustClaims: true,
	}
	if !reflect.DeepEqual(got.Detail, want) {
		t.Errorf("detail = %+v\nwant     %+v", got.Detail, want)
	}
	// The settings idme-okta sets when creating an IdP are IdP fields.
	if got.RequestSignatureAlgorithm != "HS256" || got.RequestSignatureScope != "NONE" || !reflect.DeepEqual(got.MaxClockSkew, &zero) ||
		got.GroupsAction != "NONE" || got.DeprovisionedAction != "NONE" || got.SuspendedAction != "NONE" {
		t.Errorf("creation settings = %+v", got)
	}
}

func TestCreateIdPSendsUserInfoOnlyWhenSet(t *testing.T) {
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{"POST /api/v1/idps": serve(200, "idp_oidc.json")}))
	c, _ := newTestClient(t, f)
	idp := guideIdP()
	idp.UserInfoURL = "https://api.idmelabs.com/api/public/v3/userinfo"
	if _, err := c.CreateIdP(context.Background(), idp); err != nil {
		t.Fatal(err)
	}
	body := jsonBody(t, only(t, f, "POST", "/api/v1/idps"))
	if got := simtest.At(body, "protocol", "endpoints", "userInfo", "url"); got != idp.UserInfoURL {
		t.Errorf("userInfo = %v", got)
	}
}

func TestFindIdPsByNameComparesExactlyAcrossPages(t *testing.T) {
	// Okta's q= is a prefix match: all of these come back for the query.
	names := []string{"ID.me IdP - OIDC (old)", "ID.me", "ID.me IdP - OIDC", "ID.me IdP - OIDC copy", "ID.me IdP - OIDCX"}
	var all []map[string]any
	for i, n := range names {
		all = append(all, map[string]any{"id": "0oa" + string(rune('a'+i)), "name": n, "type": "OIDC"})
	}
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{"GET /api/v1/idps": pagedJSON(all, 2)}))
	c, _ := newTestClient(t, f)
	got, err := c.FindIdPsByName(context.Background(), "ID.me IdP - OIDC")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != "0oac" {
		t.Errorf("found %+v", got)
	}
	hits := f.Hits()
	if len(hits) != 3 {
		t.Fatalf("pages read = %d, want 3", len(hits))
	}
	q, _ := url.ParseQuery(hits[0].Query)
	if q.Get("type") != "OIDC" || q.Get("q") != "ID.me IdP - OIDC" {
		t.Errorf("query %q", hits[0].Query)
	}
}

func TestFindIdPsByNameNone(t *testing.T) {
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{"GET /api/v1/idps": serveBody(200, `[]`)}))
	c, _ := newTestClient(t, f)
	got, err := c.FindIdPsByName(context.Background(), "ID.me")
	if err != nil || len(got) != 0 {
		t.Errorf("got %v, %v", got, err)
	}
}

func TestReplaceIdPKeepsUnmanagedFields(t *testing.T) {
	path := "/api/v1/idps/" + idpID
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{
		"GET " + path: serve(200, "idp_oidc.json"),
		"PUT " + path: serve(200, "idp_oidc.json"),
	}))
	c, _ := newTestClient(t, f)
	idp := guideIdP()
	idp.ID = idpID
	idp.Name = "ID.me (renamed)"
	idp.ClientSecret = "" // keep the stored one
	if _, err := c.ReplaceIdP(context.Background(), idp); err != nil {
		t.Fatal(err)
	}
	body := jsonBody(t, only(t, f, "PUT", path))
	checks := map[string]struct {
		got, want any
	}{
		"name":                   {body["name"], "ID.me (renamed)"},
		"scopes":                 {simtest.At(body, "protocol", "scopes"), []any{"openid", "military"}},
		"algorithms kept":        {simtest.At(body, "protocol", "algorithms", "request", "signature", "scope"), "NONE"},
		"trustClaims kept":       {simtest.At(body, "policy", "trustClaims"), true},
		"groups kept":            {simtest.At(body, "policy", "provisioning", "groups", "action"), "NONE"},
		"token binding":          {simtest.At(body, "protocol", "endpoints", "token", "binding"), "HTTP-POST"},
		"no userInfo":            {simtest.At(body, "protocol", "endpoints", "userInfo"), nil},
		"read-only links gone":   {body["_links"], nil},
		"read-only created gone": {body["created"], nil},
	}
	for name, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: %v, want %v", name, c.got, c.want)
		}
	}
	simtest.CheckSecret(t, "client_secret sent (the stored one must be kept)", simtest.At(body, "protocol", "credentials", "client", "client_secret"), "stored-idme-secret")
}

func TestReplaceIdPSecretAndUserInfo(t *testing.T) {
	stored := strings.Replace(string(mustRead("idp_oidc.json")), `"jwks":`,
		`"userInfo":{"url":"https://api.idmelabs.com/api/public/v3/userinfo","binding":"HTTP-REDIRECT"},"jwks":`, 1)
	path := "/api/v1/idps/" + idpID
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{
		"GET " + path: serveBody(200, stored),
		"PUT " + path: serve(200, "idp_oidc.json"),
	}))
	c, _ := newTestClient(t, f)
	idp := guideIdP()
	idp.ID = idpID
	if _, err := c.ReplaceIdP(context.Background(), idp); err != nil {
		t.Fatal(err)
	}
	body := jsonBody(t, only(t, f, "PUT", path))
	simtest.CheckSecret(t, "client_secret sent", simtest.At(body, "protocol", "credentials", "client", "client_secret"), "new-idme-secret")
	if got := simtest.At(body, "protocol", "endpoints", "userInfo"); got != nil {
		t.Errorf("userInfo not removed: %v", got)
	}
}

func TestActivateAndGetIdP(t *testing.T) {
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{
		"POST /api/v1/idps/" + idpID + "/lifecycle/activate": serve(200, "idp_oidc.json"),
		"GET /api/v1/idps/0oanope":                           serve(404, "error_404.json"),
		"GET /api/v1/idps/" + idpID + "/users/00uJit1":       serve(200, "idp_user.json"),
	}))
	c, _ := newTestClient(t, f)
	idp, err := c.ActivateIdP(context.Background(), idpID)
	if err != nil || idp.Status != "ACTIVE" {
		t.Errorf("activate: %+v, %v", idp, err)
	}
	_, err = c.GetIdP(context.Background(), "0oanope")
	if !IsNotFound(err) || !strings.HasPrefix(err.Error(), "read identity provider: Okta said 404 E0000007") {
		t.Errorf("get missing: %v", err)
	}
	u, err := c.GetIdPUser(context.Background(), idpID, "00uJit1")
	if err != nil || u.ExternalID != "b6f1c0d8e6a54a6ba8d7" || u.Profile["birth_date"] != "1990-01-01" {
		t.Errorf("idp user: %+v, %v", u, err)
	}
}

// pagedJSON serves items in pages of size with Okta-style Link headers.
func pagedJSON(items []map[string]any, size int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		start := 0
		if after := r.URL.Query().Get("after"); after != "" {
			for i, it := range items {
				if it["id"] == after {
					start = i + 1
				}
			}
		}
		end := min(start+size, len(items))
		w.Header().Add("Link", `<http://`+r.Host+r.URL.Path+`>; rel="self"`)
		if end < len(items) {
			next := url.Values{"after": {items[end-1]["id"].(string)}}
			w.Header().Add("Link", `<http://`+r.Host+r.URL.Path+"?"+next.Encode()+`>; rel="next"`)
		}
		b, _ := json.Marshal(items[start:end])
		writeJSON(w, 200, string(b))
	}
}

// Real orgs answer with shapes the SDK's models do not know: an IdP type and protocol type
// newer than v5's enums, nulls where the spec says object, fields absent, fields of a type
// the spec does not declare, extra fields. The list still decodes, each IdP as far as it
// goes, and the one that is ID.me's is read whole.
func TestListOIDCIdPsToleratesUnknownAndMissingShapes(t *testing.T) {
	body := `[
	 {"id":"0oaNew","name":"Future","type":"FUTURE_IDP_TYPE","status":"ACTIVE","protocol":{"type":"FUTURE_PROTOCOL","scopes":"openid"},"policy":null,"_links":null,"newField":[1,2]},
	 {"id":"0oaBare","name":"Bare","type":"OIDC"},
	 {"id":"0oaNulls","name":"Nulls","type":"OIDC","status":null,"protocol":{"type":"OIDC","scopes":null,"endpoints":{"authorization":null,"token":{"url":null}},"issuer":null,"credentials":{"client":null}},"policy":{"provisioning":{"profileMaster":null,"groups":null},"maxClockSkew":null,"subject":null}},
	 {"id":"0oaIdme","name":"ID.me \u001b[2J","type":"OIDC","status":"ACTIVE","issuerMode":"ORG_URL","lastUpdated":"2026-01-01T00:00:00.000Z",
	  "protocol":{"type":"OIDC","scopes":["openid","teacher"],"issuer":{"url":"https://api.idmelabs.com/oidc"},
	   "endpoints":{"authorization":{"url":"https://api.idmelabs.com/oauth/authorize","binding":"HTTP-REDIRECT","unknown":"x"}},
	   "credentials":{"client":{"client_id":"cid","client_secret":"shh","token_endpoint_auth_method":"client_secret_post"}}},
	  "policy":{"provisioning":{"action":"AUTO","profileMaster":true},"maxClockSkew":120000},
	  "_links":{"clientRedirectUri":{"href":"https://dev-1.okta.com/oauth2/v1/authorize/callback"}}}]`
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{"GET /api/v1/idps": serveBody(200, body)}))
	c, _ := newTestClient(t, f)
	got, err := c.ListOIDCIdPs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("decoded %d IdPs, want 4: %+v", len(got), got)
	}
	if got[0].Type != "FUTURE_IDP_TYPE" || len(got[0].Scopes) != 0 || got[1].Status != "" || got[2].MaxClockSkew != nil || got[2].ProfileMaster {
		t.Errorf("odd shapes decoded as %+v", got[:3])
	}
	idme := got[3]
	if idme.Name != "ID.me \x1b[2J" || idme.ClientID != "cid" || idme.AuthorizationURL != "https://api.idmelabs.com/oauth/authorize" ||
		idme.RedirectURI != "https://dev-1.okta.com/oauth2/v1/authorize/callback" || idme.MaxClockSkew == nil || *idme.MaxClockSkew != 120000 ||
		!idme.SecretMatches("shh") || strings.Join(idme.Scopes, " ") != "openid teacher" {
		t.Errorf("ID.me IdP decoded as %+v", idme)
	}
}
