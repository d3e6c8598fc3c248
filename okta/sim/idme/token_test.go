package idme_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/idme-okta/idme-okta/okta/sim/idme"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// postToken sends a raw token request and decodes the JSON answer.
func postToken(t *testing.T, srv *idme.Server, contentType, body string, basic *[2]string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.BaseURL()+"oauth/token", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	if basic != nil {
		req.SetBasicAuth(url.QueryEscape(basic[0]), url.QueryEscape(basic[1]))
	}
	resp, raw := noFollow(t, req)
	var out map[string]any
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		t.Fatalf("token endpoint answered non-JSON (%d): %s", resp.StatusCode, raw)
	}
	return resp.StatusCode, out
}

func TestTokenClientAuthentication(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}})
	for name, style := range map[string]oauth2.AuthStyle{"post": oauth2.AuthStyleInParams, "basic": oauth2.AuthStyleInHeader} {
		t.Run("bad secret via "+name, func(t *testing.T) {
			bad := okta
			bad.Secret = "guessed"
			rp := newRelyingParty(t, srv, bad, style, "teacher")
			l := newLogin()
			_, err := rp.exchange(t, rp.signIn(t, l, "verified"), oauth2.VerifierOption(l.verifier))
			if code, status := oauthErrorCode(t, err); code != "invalid_client" || status != http.StatusUnauthorized {
				t.Errorf("got %s/%d, want invalid_client/401", code, status)
			}
		})
	}
	t.Run("unknown client", func(t *testing.T) {
		status, body := postToken(t, srv, "application/x-www-form-urlencoded",
			"grant_type=authorization_code&code=abc&redirect_uri="+url.QueryEscape(callbackURI)+"&client_id=nobody&client_secret=x", nil)
		if status != http.StatusUnauthorized || body["error"] != "invalid_client" {
			t.Errorf("got %d %v, want 401 invalid_client", status, body)
		}
	})
	t.Run("missing secret", func(t *testing.T) {
		status, body := postToken(t, srv, "application/x-www-form-urlencoded",
			"grant_type=authorization_code&code=abc&redirect_uri="+url.QueryEscape(callbackURI)+"&client_id="+okta.ID, nil)
		if status != http.StatusBadRequest || body["error"] != "invalid_request" {
			t.Errorf("got %d %v, want 400 invalid_request", status, body)
		}
	})
	t.Run("body client_id contradicts Basic", func(t *testing.T) {
		status, body := postToken(t, srv, "application/x-www-form-urlencoded",
			"grant_type=authorization_code&code=abc&redirect_uri="+url.QueryEscape(callbackURI)+"&client_id=someone-else",
			&[2]string{okta.ID, okta.Secret})
		if status != http.StatusBadRequest || body["error"] != "invalid_request" {
			t.Errorf("got %d %v, want 400 invalid_request", status, body)
		}
	})
	t.Run("both methods at once", func(t *testing.T) {
		status, body := postToken(t, srv, "application/x-www-form-urlencoded",
			"grant_type=authorization_code&code=abc&redirect_uri="+url.QueryEscape(callbackURI)+"&client_secret="+okta.Secret,
			&[2]string{okta.ID, okta.Secret})
		if status != http.StatusBadRequest || body["error"] != "invalid_request" {
			t.Errorf("got %d %v, want 400 invalid_request", status, body)
		}
	})
}

func TestTokenGrantChecks(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta, otherClient}})
	form := func(pairs ...string) string {
		v := url.Values{"client_id": {okta.ID}, "client_secret": {okta.Secret}}
		for i := 0; i < len(pairs); i += 2 {
			v.Set(pairs[i], pairs[i+1])
		}
		return v.Encode()
	}
	for _, tc := range []struct {
		name, body, wantError string
	}{
		{"missing grant_type", form("code", "abc", "redirect_uri", callbackURI), "invalid_request"},
		{"password grant", form("grant_type", "password", "username", "u", "password", "p"), "unsupported_grant_type"},
		{"refresh grant", form("grant_type", "refresh_token", "refresh_token", "r"), "unsupported_grant_type"},
		{"missing code", form("grant_type", "authorization_code", "redirect_uri", callbackURI), "invalid_request"},
		{"missing redirect_uri", form("grant_type", "authorization_code", "code", "abc"), "invalid_request"},
		{"unknown code", form("grant_type", "authorization_code", "code", "abc", "redirect_uri", callbackURI), "invalid_grant"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := postToken(t, srv, "application/x-www-form-urlencoded", tc.body, nil)
			if status != http.StatusBadRequest || body["error"] != tc.wantError || body["error_description"] == "" {
				t.Errorf("got %d %v, want 400 %s with a description", status, body, tc.wantError)
			}
		})
	}

	rp := newRelyingParty(t, srv, okta, oauth2.AuthStyleInParams, "teacher")
	invalidGrant := func(t *testing.T, err error) {
		t.Helper()
		if code, status := oauthErrorCode(t, err); code != "invalid_grant" || status != http.StatusBadRequest {
			t.Errorf("got %s/%d, want invalid_grant/400", code, status)
		}
	}
	t.Run("reused code", func(t *testing.T) {
		l := newLogin()
		code := rp.signIn(t, l, "verified")
		first, err := rp.exchange(t, code, oauth2.VerifierOption(l.verifier))
		if err != nil {
			t.Fatalf("first exchange: %v", err)
		}
		_, err = rp.exchange(t, code, oauth2.VerifierOption(l.verifier))
		invalidGrant(t, err)
		// ID.me revokes what the code produced once it is replayed.
		if status, _, _ := getUserinfo(t, srv, first.AccessToken); status != http.StatusUnauthorized {
			t.Errorf("userinfo with the revoked access token: status %d, want 401", status)
		}
	})
	t.Run("missing PKCE verifier", func(t *testing.T) {
		_, err := rp.exchange(t, rp.signIn(t, newLogin(), "verified"))
		invalidGrant(t, err)
	})
	t.Run("wrong PKCE verifier", func(t *testing.T) {
		_, err := rp.exchange(t, rp.signIn(t, newLogin(), "verified"), oauth2.VerifierOption(oauth2.GenerateVerifier()))
		invalidGrant(t, err)
	})
	t.Run("verifier without a challenge", func(t *testing.T) {
		l := newLogin()
		authURL := rp.conf.AuthCodeURL(l.state) // no PKCE
		code := consent(t, authURL, "verified", false).Query().Get("code")
		_, err := rp.exchange(t, code, oauth2.VerifierOption(l.verifier))
		invalidGrant(t, err)
	})
	t.Run("no PKCE at all is allowed", func(t *testing.T) {
		authURL := rp.conf.AuthCodeURL("s")
		code := consent(t, authURL, "verified", false).Query().Get("code")
		if _, err := rp.exchange(t, code); err != nil {
			t.Errorf("exchange without PKCE: %v", err)
		}
	})
	t.Run("redirect_uri mismatch", func(t *testing.T) {
		second := "http://127.0.0.1:9/second"
		if err := srv.AddRedirectURI(okta.ID, second); err != nil {
			t.Fatal(err)
		}
		l := newLogin()
		code := rp.signIn(t, l, "verified")
		other := *rp
		other.conf.RedirectURL = second
		_, err := other.exchange(t, code, oauth2.VerifierOption(l.verifier))
		invalidGrant(t, err)
	})
	t.Run("code of another client", func(t *testing.T) {
		l := newLogin()
		code := rp.signIn(t, l, "verified")
		thief := newRelyingParty(t, srv, otherClient, oauth2.AuthStyleInParams, "military")
		thief.conf.RedirectURL = callbackURI
		_, err := thief.exchange(t, code, oauth2.VerifierOption(l.verifier))
		invalidGrant(t, err)
		// The rightful client can still redeem it.
		if _, err := rp.exchange(t, code, oauth2.VerifierOption(l.verifier)); err != nil {
			t.Errorf("owner exchange after a foreign attempt: %v", err)
		}
	})
}

func TestCodeExpiresAfterFiveMinutes(t *testing.T) {
	clk := simtest.NewClock(time.Now())
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}, Now: clk.Now})
	rp := newRelyingParty(t, srv, okta, oauth2.AuthStyleInParams, "teacher")

	l := newLogin()
	code := rp.signIn(t, l, "verified")
	clk.Advance(5*time.Minute + time.Second)
	_, err := rp.exchange(t, code, oauth2.VerifierOption(l.verifier))
	if code, _ := oauthErrorCode(t, err); code != "invalid_grant" {
		t.Errorf("expired code: %s, want invalid_grant", code)
	}

	l = newLogin()
	code = rp.signIn(t, l, "verified")
	clk.Advance(5*time.Minute - time.Second)
	if _, err := rp.exchange(t, code, oauth2.VerifierOption(l.verifier)); err != nil {
		t.Errorf("code just inside its lifetime: %v", err)
	}
}

func TestTokenAcceptsJSONBody(t *testing.T) {
	// vets-api posts JSON to ID.me's token endpoint; ID.me accepts it.
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}})
	rp := newRelyingParty(t, srv, okta, oauth2.AuthStyleInParams, "teacher")
	l := newLogin()
	body, err := json.Marshal(map[string]string{
		"grant_type": "authorization_code", "code": rp.signIn(t, l, "verified"), "redirect_uri": callbackURI,
		"client_id": okta.ID, "client_secret": okta.Secret, "code_verifier": l.verifier,
	})
	if err != nil {
		t.Fatal(err)
	}
	status, resp := postToken(t, srv, "application/json", string(body), nil)
	if status != http.StatusOK || resp["id_token"] == nil || resp["token_type"] != "bearer" {
		t.Errorf("got %d %v, want 200 with an id_token", status, resp)
	}
}
