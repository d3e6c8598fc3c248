package idme_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/idme-okta/idme-okta/okta/sim/idme"
)

func getUserinfo(t *testing.T, srv *idme.Server, accessToken string) (int, *http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.BaseURL()+"api/public/v3/userinfo", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	resp, body := noFollow(t, req)
	return resp.StatusCode, resp, body
}

func TestUserinfoAnswersAJWTStringNotClaims(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}})
	rp := newRelyingParty(t, srv, okta, oauth2.AuthStyleInParams, "teacher")
	_, idClaims, tok := rp.signInAndVerify(t, "verified")

	status, resp, rawBody := getUserinfo(t, srv, tok.AccessToken)
	if status != http.StatusOK {
		t.Fatalf("userinfo status %d", status)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q, want application/json (the quirk that misleads clients)", ct)
	}
	body := []byte(rawBody)
	var asObject map[string]any
	if err := json.Unmarshal(body, &asObject); err == nil {
		t.Fatalf("userinfo body parsed as a JSON object %v; ID.me answers a JWT string", asObject)
	}
	var jwt string
	if err := json.Unmarshal(body, &jwt); err != nil {
		t.Fatalf("userinfo body is not a JSON string: %v", err)
	}
	payload, err := oidc.NewRemoteKeySet(t.Context(), srv.BaseURL()+"oidc/.well-known/jwks").VerifySignature(t.Context(), jwt)
	if err != nil {
		t.Fatalf("userinfo JWT does not verify against the JWKS: %v", err)
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"sub", "uuid", "fname", "lname", "email", "zip"} {
		if claims[name] != idClaims[name] {
			t.Errorf("userinfo %s = %v, ID token has %v", name, claims[name], idClaims[name])
		}
	}
	if _, ok := claims["birth_date"]; ok {
		t.Error("userinfo released birth_date, which the teacher policy withholds")
	}

	// Access tokens are single-use.
	if status, _, _ := getUserinfo(t, srv, tok.AccessToken); status != http.StatusUnauthorized {
		t.Errorf("second userinfo call: status %d, want 401", status)
	}
}

// TestGenericOIDCClientChokesOnUserinfo shows the failure the Okta guide warns about: a
// standard client calling userinfo cannot read ID.me's answer.
func TestGenericOIDCClientChokesOnUserinfo(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}})
	rp := newRelyingParty(t, srv, okta, oauth2.AuthStyleInParams, "teacher")
	_, _, tok := rp.signInAndVerify(t, "verified")
	if _, err := rp.provider.UserInfo(t.Context(), oauth2.StaticTokenSource(tok)); err == nil {
		t.Fatal("go-oidc read ID.me's userinfo answer as claims; the simulator lost the quirk")
	}
}

func TestUserinfoWithoutBearerToken(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}})
	for name, token := range map[string]string{"unknown": "0123456789abcdef0123456789abcdef", "empty": ""} {
		t.Run(name, func(t *testing.T) {
			status, resp, _ := getUserinfo(t, srv, token)
			if status != http.StatusUnauthorized || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("status %d, WWW-Authenticate %q; want 401 Bearer", status, resp.Header.Get("WWW-Authenticate"))
			}
		})
	}
}
