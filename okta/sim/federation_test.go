package sim_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/idme-okta/idme-okta/okta/sim/idme"
)

// The ID.me stand-in's "verified" identity (idme.DefaultIdentities).
const (
	janeUUID  = "5f0c8e3a9b1d4c7e8a2f6b0d3e9c1a74"
	janeEmail = "jane.veteran@example.com"
)

// verifyIDToken checks an ID token the way a relying party does: go-oidc against the org's
// discovery document (issuer, signature by a key of jwks_uri, aud, exp).
func (e *fedEnv) verifyIDToken(t *testing.T, raw string) (*oidc.IDToken, map[string]any, error) {
	t.Helper()
	provider, err := oidc.NewProvider(context.Background(), e.org.URL())
	if err != nil {
		t.Fatalf("discovery: %v", err)
	}
	idt, err := provider.Verifier(&oidc.Config{ClientID: e.appID}).Verify(context.Background(), raw)
	if err != nil {
		return nil, nil, err
	}
	claims := map[string]any{}
	if err := idt.Claims(&claims); err != nil {
		t.Fatal(err)
	}
	return idt, claims, nil
}

// signInWithCode runs the code flow with PKCE through ID.me as identity and redeems the code.
func (e *fedEnv) signInWithCode(t *testing.T, b *browser, identity string) (tokens map[string]any, nonce string) {
	t.Helper()
	verifier, challenge := pkcePair()
	nonce, state := "nonce-"+randomHex(8), "state-"+randomHex(8)
	p := b.get(e.authorizeURL(map[string]string{"response_type": "code", "code_challenge": challenge,
		"code_challenge_method": "S256", "nonce": nonce, "state": state}))
	if identity != "" {
		b.finish(b.consent(p, identity))
	} else {
		b.finish(p)
	}
	got := b.landed
	if got.params.Get("state") != state || got.params.Get("code") == "" || got.method != http.MethodGet {
		t.Fatalf("app received %s %v, want a code and state %s", got.method, got.params, state)
	}
	r := e.redeem(t, url.Values{"grant_type": {"authorization_code"}, "client_id": {e.appID}, "code": {got.params.Get("code")},
		"redirect_uri": {e.redirectURI}, "code_verifier": {verifier}})
	if r.status != http.StatusOK {
		t.Fatalf("token exchange = %d: %s", r.status, r.body)
	}
	return r.json(t), nonce
}

func (e *fedEnv) redeem(t *testing.T, form url.Values) response {
	t.Helper()
	resp, err := http.PostForm(e.org.URL()+"/oauth2/v1/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var raw json.RawMessage
	_ = json.NewDecoder(resp.Body).Decode(&raw)
	return response{status: resp.StatusCode, header: resp.Header, body: raw}
}

func TestSignInCodeFlowWithPKCEProvisionsAndLinksTheUser(t *testing.T) {
	env := setupFederation(t, fedOptions{})
	b := newBrowser(t, env.redirectURI)
	tokens, nonce := env.signInWithCode(t, b, "verified")

	if tokens["token_type"] != "Bearer" || tokens["scope"] != "openid profile email" || tokens["access_token"] == "" {
		t.Errorf("token response = %v", tokens)
	}
	idt, claims, err := env.verifyIDToken(t, tokens["id_token"].(string))
	if err != nil {
		t.Fatalf("go-oidc rejects the org's ID token: %v", err)
	}
	if idt.Nonce != nonce || claims["idp"] != env.idpID || idt.Issuer != env.org.URL() {
		t.Errorf("nonce %q idp %v iss %q; want %q, %q, %q", idt.Nonce, claims["idp"], idt.Issuer, nonce, env.idpID, env.org.URL())
	}
	for claim, want := range map[string]any{"email": janeEmail, "preferred_username": janeEmail, "given_name": "JANE",
		"family_name": "VETERAN", "name": "JANE VETERAN"} {
		if claims[claim] != want {
			t.Errorf("claim %s = %v, want %v", claim, claims[claim], want)
		}
	}
	for _, custom := range []string{"idme_uuid", "uuid", "birth_date", "fname"} {
		if _, ok := claims[custom]; ok {
			t.Errorf("the org's ID token carries the custom attribute %s; real Okta's does not", custom)
		}
	}
	for _, claim := range []string{"auth_time", "iat", "exp", "amr"} {
		if _, ok := claims[claim]; !ok {
			t.Errorf("claim %s missing: %v", claim, claims)
		}
	}

	// The JIT user carries every mapped attribute, read back through the management API.
	user := env.api(t, http.MethodGet, "/api/v1/users/"+idt.Subject, nil)
	profile := user["profile"].(map[string]any)
	for attr, want := range map[string]any{
		"login": janeEmail, "email": janeEmail, "firstName": "JANE", "lastName": "VETERAN", "middleName": "QUINN",
		"mobilePhone": "12065550143", "streetAddress": "145 N Hayden Bay Dr Apt 2350", "city": "Portland", "state": "OR",
		"zipCode": "97217", "idme_uuid": janeUUID, "birth_date": "1970-10-10", "transaction_ial": "2",
		// Okta's default row, DONT_PUSH, applies on create: the ternary's fallback (no zoneinfo claim).
		"timezone": "America/Los_Angeles",
	} {
		if profile[attr] != want {
			t.Errorf("user profile %s = %v, want %v", attr, profile[attr], want)
		}
	}
	if user["credentials"].(map[string]any)["provider"].(map[string]any)["type"] != "FEDERATION" || user["lastLogin"] == nil {
		t.Errorf("JIT user = %v", user)
	}

	// The IdP user link: externalId is ID.me's sub, the profile is what Okta extracted.
	link := env.api(t, http.MethodGet, "/api/v1/idps/"+env.idpID+"/users/"+idt.Subject, nil)
	if link["externalId"] != janeUUID {
		t.Errorf("externalId = %v, want %s", link["externalId"], janeUUID)
	}
	lp := link["profile"].(map[string]any)
	if lp["uuid"] != janeUUID || lp["fname"] != "JANE" || lp["email"] != janeEmail {
		t.Errorf("IdP user profile = %v", lp)
	}
	if v, ok := lp["firstName"]; !ok || v != nil {
		t.Errorf("ID.me sends no given_name: the IdP profile's firstName should be null, profile %v", lp)
	}

	// userinfo answers the standard claims for the access token.
	req, _ := http.NewRequest(http.MethodGet, env.org.URL()+"/oauth2/v1/userinfo", nil)
	req.Header.Set("Authorization", "Bearer "+tokens["access_token"].(string))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var info map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&info)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || info["sub"] != idt.Subject || info["email"] != janeEmail || info["idme_uuid"] != nil {
		t.Errorf("userinfo = %d %v", resp.StatusCode, info)
	}

	// Every stage is in the System Log, correlated by the transaction id.
	auth := env.events(t, "user.authentication.auth_via_IDP")
	if len(auth) != 1 || outcome(auth[0]) != "SUCCESS" || actorID(auth[0]) != idt.Subject {
		t.Fatalf("auth_via_IDP events = %v", auth)
	}
	txn := auth[0]["transaction"].(map[string]any)["id"]
	for _, typ := range []string{"user.lifecycle.create", "user.session.start", "app.oauth2.authorize.code"} {
		evs := env.events(t, typ)
		if len(evs) != 1 || outcome(evs[0]) != "SUCCESS" || evs[0]["transaction"].(map[string]any)["id"] != txn {
			t.Errorf("%s events = %v (want one in transaction %v)", typ, evs, txn)
		}
	}
	if evs := env.events(t, "app.oauth2.token.grant.id_token"); len(evs) != 1 || actorID(evs[0]) != idt.Subject {
		t.Errorf("token grant events = %v", evs)
	}
}

func TestCodeIsSingleUseAndBoundToRedirectAndVerifier(t *testing.T) {
	env := setupFederation(t, fedOptions{})
	b := newBrowser(t, env.redirectURI)
	verifier, challenge := pkcePair()
	code := func() string {
		b.get(env.authorizeURL(map[string]string{"response_type": "code", "code_challenge": challenge, "code_challenge_method": "S256", "prompt": ""}))
		if b.landed == nil {
			t.Fatal("no code")
		}
		return b.landed.params.Get("code")
	}
	// First sign-in goes through ID.me; later ones reuse the Okta session.
	b.finish(b.consent(b.get(env.authorizeURL(map[string]string{"response_type": "code", "code_challenge": challenge, "code_challenge_method": "S256"})), "verified"))
	first := b.landed.params.Get("code")
	good := url.Values{"grant_type": {"authorization_code"}, "client_id": {env.appID}, "code": {first},
		"redirect_uri": {env.redirectURI}, "code_verifier": {verifier}}
	if r := env.redeem(t, good); r.status != http.StatusOK {
		t.Fatalf("first redemption = %d %s", r.status, r.body)
	}
	if r := env.redeem(t, good); r.status != http.StatusBadRequest || r.json(t)["error"] != "invalid_grant" {
		t.Errorf("replayed code = %d %s, want 400 invalid_grant", r.status, r.body)
	}
	for name, change := range map[string]func(url.Values){
		"wrong verifier":     func(v url.Values) { v.Set("code_verifier", strings.Repeat("x", 43)) },
		"no verifier":        func(v url.Values) { v.Del("code_verifier") },
		"other redirect_uri": func(v url.Values) { v.Set("redirect_uri", "http://127.0.0.1:53683/callback") },
	} {
		form := url.Values{}
		for k, v := range good {
			form[k] = v
		}
		form.Set("code", code())
		change(form)
		if r := env.redeem(t, form); r.status != http.StatusBadRequest || r.json(t)["error"] != "invalid_grant" {
			t.Errorf("%s: %d %s, want 400 invalid_grant", name, r.status, r.body)
		}
	}
	form := url.Values{"grant_type": {"authorization_code"}, "client_id": {"0oaNoSuchClient000001"}, "code": {code()},
		"redirect_uri": {env.redirectURI}, "code_verifier": {verifier}}
	if r := env.redeem(t, form); r.status != http.StatusUnauthorized || r.json(t)["error"] != "invalid_client" {
		t.Errorf("unknown client: %d %s, want 401 invalid_client", r.status, r.body)
	}
}

// The guide's option 2: response_type=id_token, response_mode=form_post, straight to ID.me.
func TestSignInImplicitFormPostAsTheGuideDescribes(t *testing.T) {
	env := setupFederation(t, fedOptions{})
	b := newBrowser(t, env.redirectURI)
	nonce := "nonce-" + randomHex(8)
	consent := b.get(env.authorizeURL(map[string]string{"response_type": "id_token", "response_mode": "form_post", "nonce": nonce, "state": "abc123"}))
	if !strings.HasPrefix(consent.url.String(), env.idme.BaseURL()+"oauth/authorize?") {
		t.Fatalf("idp= did not route straight to ID.me: at %s", consent.url)
	}
	q := consent.url.Query()
	if q.Get("scope") != "openid "+idme.IAL2Handle || q.Get("client_id") != idmeClientID || q.Get("response_type") != "code" ||
		q.Get("redirect_uri") != env.org.URL()+"/oauth2/v1/authorize/callback" || q.Get("state") == "" || q.Get("nonce") == "" {
		t.Errorf("request to ID.me = %v", q)
	}
	postPage := b.consent(consent, "verified")
	if postPage == nil || !strings.Contains(postPage.body, `<body onload="document.forms[0].submit()">`) ||
		!strings.Contains(postPage.body, `<button type="submit">`) {
		t.Fatalf("form_post page = %+v", postPage)
	}
	b.finish(postPage)
	got := b.landed
	if got.method != http.MethodPost || got.params.Get("state") != "abc123" || got.params.Get("code") != "" {
		t.Fatalf("app received %s %v", got.method, got.params)
	}
	idt, claims, err := env.verifyIDToken(t, got.params.Get("id_token"))
	if err != nil {
		t.Fatalf("go-oidc: %v", err)
	}
	if idt.Nonce != nonce || claims["idp"] != env.idpID || claims["email"] != janeEmail {
		t.Errorf("claims = %v", claims)
	}
	if evs := env.events(t, "app.oauth2.authorize.implicit.id_token"); len(evs) != 1 || outcome(evs[0]) != "SUCCESS" {
		t.Errorf("implicit events = %v", evs)
	}
}

func TestSecondSignInLinksTheSameUserAndAppliesOnlyPushRows(t *testing.T) {
	env := setupFederation(t, fedOptions{})
	first, _ := env.signInWithCode(t, newBrowser(t, env.redirectURI), "verified")
	idt1, _, err := env.verifyIDToken(t, first["id_token"].(string))
	if err != nil {
		t.Fatal(err)
	}
	usersBefore := len(env.list(t, "/api/v1/users"))

	// After the first sign-in the admin maps two more attributes: one PUSH, one DONT_PUSH.
	env.mapRows(t, map[string]string{"nickName": "appuser.fname"}, "PUSH")
	env.mapRows(t, map[string]string{"displayName": "appuser.lname"}, "DONT_PUSH")

	second, _ := env.signInWithCode(t, newBrowser(t, env.redirectURI), "verified") // a new browser: no session
	idt2, _, err := env.verifyIDToken(t, second["id_token"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if idt2.Subject != idt1.Subject {
		t.Errorf("second sign-in is user %s, first was %s", idt2.Subject, idt1.Subject)
	}
	if n := len(env.list(t, "/api/v1/users")); n != usersBefore {
		t.Errorf("users: %d after the second sign-in, %d before", n, usersBefore)
	}
	if links := env.list(t, "/api/v1/idps/"+env.idpID+"/users"); len(links) != 1 {
		t.Errorf("IdP links = %v, want one", links)
	}
	profile := env.api(t, http.MethodGet, "/api/v1/users/"+idt2.Subject, nil)["profile"].(map[string]any)
	if profile["nickName"] != "JANE" {
		t.Errorf("PUSH row not applied to the existing user: nickName = %v", profile["nickName"])
	}
	if profile["displayName"] != nil {
		t.Errorf("DONT_PUSH row applied to an existing user: displayName = %v", profile["displayName"])
	}
	if evs := env.events(t, "user.account.update_profile"); len(evs) != 1 || actorID(evs[0]) != idt2.Subject {
		t.Errorf("update_profile events = %v", evs)
	}
	if evs := env.events(t, "user.lifecycle.create"); len(evs) != 1 {
		t.Errorf("user.lifecycle.create events = %d, want 1", len(evs))
	}
}

func outcome(ev map[string]any) string {
	return ev["outcome"].(map[string]any)["result"].(string)
}

func reason(ev map[string]any) string {
	r, _ := ev["outcome"].(map[string]any)["reason"].(string)
	return r
}

func actorID(ev map[string]any) string {
	return ev["actor"].(map[string]any)["id"].(string)
}
