package signin

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Keys are slow to make under -race: one pair for the whole test binary.
var (
	keysOnce         sync.Once
	orgKey, otherKey *rsa.PrivateKey
)

func testKeys(t testing.TB) (*rsa.PrivateKey, *rsa.PrivateKey) {
	t.Helper()
	keysOnce.Do(func() {
		var err error
		if orgKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		if otherKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
	})
	return orgKey, otherKey
}

// fakeAS is a minimal org authorization server for unit tests: discovery, keys, an authorize
// endpoint that signs the user in at once, and a token endpoint that checks PKCE. The e2e
// tests use the simulated org instead; this one exists to forge every kind of bad token.
type fakeAS struct {
	t   testing.TB
	srv *httptest.Server
	key *rsa.PrivateKey

	mu        sync.Mutex
	sub       string
	idp       string
	mutate    func(claims map[string]any) // changes the claims before signing
	sign      func(claims map[string]any) string
	authError url.Values // non-nil: authorize answers with this error
	codes     map[string]fakeCode
	authorize []url.Values // every authorize request
}

type fakeCode struct {
	clientID, redirectURI, challenge, nonce string
}

func newFakeAS(t testing.TB) *fakeAS {
	t.Helper()
	key, _ := testKeys(t)
	f := &fakeAS{t: t, key: key, sub: "00u1testuser", idp: "0oaIDME", codes: map[string]fakeCode{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/openid-configuration", f.discovery)
	mux.HandleFunc("/oauth2/v1/keys", f.keys)
	mux.HandleFunc("/oauth2/v1/authorize", f.authorizeHandler)
	mux.HandleFunc("/oauth2/v1/token", f.token)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAS) URL() string { return f.srv.URL }

func (f *fakeAS) discovery(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                f.URL(),
		"authorization_endpoint":                f.URL() + "/oauth2/v1/authorize",
		"token_endpoint":                        f.URL() + "/oauth2/v1/token",
		"jwks_uri":                              f.URL() + "/oauth2/v1/keys",
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"response_types_supported":              []string{"code", "id_token"},
	})
}

func (f *fakeAS) keys(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &f.key.PublicKey, KeyID: "org-key", Algorithm: "RS256", Use: "sig"}}})
}

func (f *fakeAS) authorizeHandler(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f.mu.Lock()
	f.authorize = append(f.authorize, q)
	authErr := f.authError
	f.mu.Unlock()
	redirect := q.Get("redirect_uri")
	out := url.Values{"state": {q.Get("state")}}
	switch {
	case authErr != nil:
		for k, v := range authErr {
			out[k] = v
		}
	case q.Get("response_type") == "code":
		code := "code-" + q.Get("state")
		f.mu.Lock()
		f.codes[code] = fakeCode{clientID: q.Get("client_id"), redirectURI: redirect, challenge: q.Get("code_challenge"), nonce: q.Get("nonce")}
		f.mu.Unlock()
		out.Set("code", code)
	default:
		out.Set("id_token", f.idToken(q.Get("client_id"), q.Get("nonce")))
	}
	if q.Get("response_mode") == "form_post" {
		formPostPage(w, redirect, out)
		return
	}
	http.Redirect(w, r, redirect+"?"+out.Encode(), http.StatusFound)
}

// formPostPage is Okta's response_mode=form_post page: a form the browser submits.
func formPostPage(w http.ResponseWriter, action string, fields url.Values) {
	var b strings.Builder
	b.WriteString(`<html><body onload="document.forms[0].submit()"><form method="post" action="` + html.EscapeString(action) + `">`)
	for k, vs := range fields {
		for _, v := range vs {
			b.WriteString(`<input type="hidden" name="` + html.EscapeString(k) + `" value="` + html.EscapeString(v) + `"/>`)
		}
	}
	b.WriteString(`</form></body></html>`)
	w.Header().Set("Content-Type", "text/html")
	_, _ = w.Write([]byte(b.String()))
}

func (f *fakeAS) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request"})
		return
	}
	f.mu.Lock()
	c, ok := f.codes[r.PostForm.Get("code")]
	delete(f.codes, r.PostForm.Get("code"))
	f.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	switch {
	case !ok:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant", "error_description": "The authorization code is invalid or has expired."})
	case r.PostForm.Get("client_id") != c.clientID || r.PostForm.Get("client_secret") != "":
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client"})
	case r.PostForm.Get("redirect_uri") != c.redirectURI:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant", "error_description": "redirect_uri mismatch"})
	case base64.RawURLEncoding.EncodeToString(sum[:]) != c.challenge:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant", "error_description": "PKCE verification failed."})
	default:
		writeJSON(w, http.StatusOK, map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 3600,
			"scope": "openid profile email", "id_token": f.idToken(c.clientID, c.nonce)})
	}
}

// idToken is an Okta-like ID token, altered by mutate and signed by sign (if set).
func (f *fakeAS) idToken(clientID, nonce string) string {
	now := time.Now()
	claims := map[string]any{
		"iss": f.URL(), "aud": clientID, "sub": f.sub, "idp": f.idp, "nonce": nonce,
		"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(), "auth_time": now.Unix(),
		"name": "Jane Veteran", "email": "jane.veteran@example.com", "preferred_username": "jane.veteran@example.com",
	}
	f.mu.Lock()
	mutate, sign := f.mutate, f.sign
	f.mu.Unlock()
	if mutate != nil {
		mutate(claims)
	}
	if sign != nil {
		return sign(claims)
	}
	return signRS256(f.t, f.key, "org-key", claims)
}

func signRS256(t testing.TB, key *rsa.PrivateKey, kid string, claims map[string]any) string {
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: kid}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := jwt.Signed(signer).Claims(claims).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// unsigned is a JWT with alg "none", as an attacker would send it.
func unsigned(claims map[string]any) string {
	h, _ := json.Marshal(map[string]string{"alg": "none", "typ": "JWT"})
	p, _ := json.Marshal(claims)
	return base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(p) + "."
}

func (f *fakeAS) set(update func(f *fakeAS)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	update(f)
}

func (f *fakeAS) authorizeRequests() []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]url.Values(nil), f.authorize...)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
