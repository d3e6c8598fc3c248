package sim_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A confidential web app redeems its code with its client secret (client_secret_basic), and
// a wrong secret is invalid_client.
func TestConfidentialAppRedeemsWithItsSecret(t *testing.T) {
	env := setupFederation(t, fedOptions{})
	const redirect = "http://127.0.0.1:53690/authorization-code/callback"
	web := env.api(t, http.MethodPost, "/api/v1/apps?activate=true", map[string]any{
		"name": "oidc_client", "label": "Web app", "signOnMode": "OPENID_CONNECT",
		"credentials": map[string]any{"oauthClient": map[string]any{"token_endpoint_auth_method": "client_secret_basic"}},
		"settings": map[string]any{"oauthClient": map[string]any{"application_type": "web",
			"grant_types": []any{"authorization_code"}, "response_types": []any{"code"}, "redirect_uris": []any{redirect}}},
	})
	clientID := web["id"].(string)
	secret := web["credentials"].(map[string]any)["oauthClient"].(map[string]any)["client_secret"].(string)
	env.api(t, http.MethodPut, "/api/v1/apps/"+clientID+"/groups/"+env.everyoneID, map[string]any{})

	b := newBrowser(t, redirect)
	q := url.Values{"client_id": {clientID}, "redirect_uri": {redirect}, "response_type": {"code"}, "scope": {"openid email"},
		"state": {"s"}, "nonce": {"n"}, "idp": {env.idpID}}
	b.finish(b.consent(b.get(env.org.URL()+"/oauth2/v1/authorize?"+q.Encode()), "verified"))
	code := b.landed.params.Get("code")
	if code == "" {
		t.Fatalf("no code: %v", b.landed.params)
	}
	redeem := func(user, pass string) *http.Response {
		form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect}}
		req, _ := http.NewRequest(http.MethodPost, env.org.URL()+"/oauth2/v1/token", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(user, pass)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := redeem(clientID, "wrong-secret"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong secret = %d, want 401", resp.StatusCode)
	}
	// A request that fails client authentication never reaches the code, so it stays good.
	if resp := redeem(clientID, secret); resp.StatusCode != http.StatusOK {
		t.Errorf("right secret = %d, want 200", resp.StatusCode)
	}
}

// An IdP with pkce_required gets a code_challenge and the verifier at the token exchange (the
// ID.me stand-in refuses a mismatch).
func TestUpstreamPKCEWhenTheIdPRequiresIt(t *testing.T) {
	env := setupFederation(t, fedOptions{})
	env.updateIdP(t, func(idp map[string]any) {
		idp["protocol"].(map[string]any)["credentials"].(map[string]any)["client"].(map[string]any)["pkce_required"] = true
	})
	b := newBrowser(t, env.redirectURI)
	consent := b.get(env.authorizeURL(map[string]string{"response_type": "id_token"}))
	if q := consent.url.Query(); q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43 {
		t.Fatalf("request to ID.me = %v", q)
	}
	b.finish(b.consent(consent, "verified"))
	if b.landed.params.Get("id_token") == "" {
		t.Errorf("sign-in with upstream PKCE failed: %v", b.landed.params)
	}
}
