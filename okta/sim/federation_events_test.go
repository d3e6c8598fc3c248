package sim_test

import (
	"net/http"
	"testing"
)

// signIn runs the implicit flow through ID.me as identity with idp= the given IdP.
func (e *fedEnv) signIn(t *testing.T, idpID, identity string) *landing {
	t.Helper()
	b := newBrowser(t, e.redirectURI)
	b.finish(b.consent(b.get(e.authorizeURL(map[string]string{"idp": idpID, "response_type": "id_token", "response_mode": "form_post"})), identity))
	return b.landed
}

// idpEvents are the auth_via_IDP and auth_via_social events, in order.
func (e *fedEnv) idpEvents(t *testing.T) (viaIDP, viaSocial []map[string]any) {
	t.Helper()
	return e.events(t, "user.authentication.auth_via_IDP"), e.events(t, "user.authentication.auth_via_social")
}

// A federated sign-in through the OIDC IdP is logged as both auth_via_IDP and
// auth_via_social, one transaction, with the success reason saying JIT provisioning, account
// linking, or nothing for a returning linked user.
func TestSuccessfulSignInsAreLoggedAsIdPAndSocialAuthentication(t *testing.T) {
	env := setupFederation(t, fedOptions{})
	if got := env.signIn(t, env.idpID, "verified"); got.params.Get("id_token") == "" {
		t.Fatalf("first sign-in: %v", got.params)
	}
	if got := env.signIn(t, env.idpID, "verified"); got.params.Get("id_token") == "" {
		t.Fatalf("second sign-in: %v", got.params)
	}
	// A second IdP for the same ID.me client finds the user by email: account linking.
	second := env.api(t, http.MethodGet, "/api/v1/idps/"+env.idpID, nil)
	for _, k := range []string{"id", "status", "created", "lastUpdated", "_links"} {
		delete(second, k)
	}
	second["name"] = "ID.me (second)"
	second["policy"].(map[string]any)["subject"].(map[string]any)["matchType"] = "USERNAME_OR_EMAIL"
	secondID := env.api(t, http.MethodPost, "/api/v1/idps", second)["id"].(string)
	if got := env.signIn(t, secondID, "verified"); got.params.Get("id_token") == "" {
		t.Fatalf("sign-in through the second IdP: %v", got.params)
	}

	viaIDP, viaSocial := env.idpEvents(t)
	if len(viaIDP) != 3 || len(viaSocial) != 3 {
		t.Fatalf("auth_via_IDP %d, auth_via_social %d events; want 3 each", len(viaIDP), len(viaSocial))
	}
	for i, wantReason := range []string{"JIT_PROVISIONING", "", "ACCOUNT_LINKING"} {
		for _, ev := range []map[string]any{viaIDP[i], viaSocial[i]} {
			if outcome(ev) != "SUCCESS" || reason(ev) != wantReason || actorID(ev) == "unknown" {
				t.Errorf("sign-in %d: %v %s %q (actor %s), want SUCCESS %q", i, ev["eventType"], outcome(ev), reason(ev), actorID(ev), wantReason)
			}
		}
		if txn := func(ev map[string]any) any { return ev["transaction"].(map[string]any)["id"] }; txn(viaIDP[i]) != txn(viaSocial[i]) {
			t.Errorf("sign-in %d: the two events have different transactions", i)
		}
	}
	if viaSocial[0]["displayMessage"] != "Authenticate user with social login" || viaIDP[0]["displayMessage"] != "Authenticate user via IDP" {
		t.Errorf("display messages %v / %v", viaIDP[0]["displayMessage"], viaSocial[0]["displayMessage"])
	}
}

// SetSocialEventsOnly: once ID.me has answered the sign-in is logged as auth_via_social
// alone; a failure before that is still auth_via_IDP.
func TestSocialEventsOnly(t *testing.T) {
	env := setupFederation(t, fedOptions{})
	env.org.SetSocialEventsOnly(true)
	env.signIn(t, env.idpID, "verified")
	env.signIn(t, env.idpID, "no-email")
	viaIDP, viaSocial := env.idpEvents(t)
	if len(viaIDP) != 0 || len(viaSocial) != 2 || outcome(viaSocial[0]) != "SUCCESS" || outcome(viaSocial[1]) != "FAILURE" {
		t.Fatalf("auth_via_IDP %v; auth_via_social %v", viaIDP, viaSocial)
	}
	env.api(t, http.MethodPost, "/api/v1/idps/"+env.idpID+"/lifecycle/deactivate", nil)
	b := newBrowser(t, env.redirectURI)
	b.finish(b.get(env.authorizeURL(map[string]string{"response_type": "id_token", "response_mode": "form_post"})))
	if viaIDP, viaSocial = env.idpEvents(t); len(viaIDP) != 1 || outcome(viaIDP[0]) != "FAILURE" || len(viaSocial) != 2 {
		t.Errorf("an inactive IdP is an auth_via_IDP failure only: %v / %v", viaIDP, viaSocial)
	}
}
