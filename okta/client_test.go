package okta

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// captureStdout runs f and returns what it printed to os.Stdout. The SDK's configuration
// loader prints there, which would corrupt the TUI.
func captureStdout(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	orig := os.Stdout
	os.Stdout = w
	out := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		out <- string(b)
	}()
	defer func() { os.Stdout = orig }()
	f()
	w.Close()
	return <-out
}

func TestConfigurationIsHermetic(t *testing.T) {
	// Everything the SDK's NewConfiguration would read behind our back points elsewhere.
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".okta"), 0o700); err != nil {
		t.Fatal(err)
	}
	yaml := "okta:\n  client:\n    orgUrl: https://elsewhere.okta.com\n    token: yaml-token\n    cache:\n      enabled: true\n"
	if err := os.WriteFile(filepath.Join(home, ".okta", "okta.yaml"), []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	t.Setenv("OKTA_CLIENT_TOKEN", "env-token")
	t.Setenv("OKTA_CLIENT_ORGURL", "https://env.okta.com")
	t.Setenv("OKTA_CLIENT_PROXY_HOST", "127.0.0.1")
	t.Setenv("OKTA_CLIENT_PROXY_PORT", "1")
	t.Setenv("OKTA_CLIENT_CACHE_ENABLED", "true")
	t.Setenv("OKTA_CLIENT_RATE_LIMIT_MAX_RETRIES", "junk")
	t.Setenv("OKTA_CLIENT_AUTHORIZATIONMODE", "Bearer")

	f := newFakeOkta(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, idpJSON) })
	var c *Client
	stdout := captureStdout(t, func() {
		var err error
		c, err = New(Config{OrgURL: f.URL, Token: testToken, UserAgent: "idme-okta/test"})
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		for range 2 {
			if _, err := c.do(context.Background(), opGetIdP, getIdP(c)); err != nil {
				t.Fatalf("get IdP: %v", err)
			}
		}
	})
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing", stdout)
	}
	hits := f.Hits()
	// Two GETs, two hits: the SDK cache stays off whatever the environment says. Reaching
	// the httptest server at all proves the port was kept and the proxy ignored.
	if len(hits) != 2 {
		t.Fatalf("server hits = %d, want 2", len(hits))
	}
	for _, h := range hits {
		if got := h.Header.Get("Authorization"); got != "SSWS "+testToken {
			t.Errorf("Authorization = %q, want our token", got)
		}
		ua := h.Header.Get("User-Agent")
		if !strings.HasPrefix(ua, "okta-sdk-golang/") || !strings.HasSuffix(ua, " idme-okta/test") {
			t.Errorf("User-Agent = %q", ua)
		}
	}
}

func TestNewValidates(t *testing.T) {
	key := testKeyPEM(t)
	cases := []struct {
		name string
		cfg  Config
		want string
	}{
		{"bad org URL", Config{OrgURL: "http://dev-1.okta.com", Token: "t"}, "only over https"},
		{"no credentials", Config{OrgURL: "dev-1.okta.com"}, "API token or a service app is required"},
		{"blank token", Config{OrgURL: "dev-1.okta.com", Token: "  "}, "API token or a service app is required"},
		{"both", Config{OrgURL: "dev-1.okta.com", Token: "t", ServiceApp: &ServiceApp{ClientID: "c", PrivateKeyPEM: key}}, "not both"},
		{"no client id", Config{OrgURL: "dev-1.okta.com", ServiceApp: &ServiceApp{PrivateKeyPEM: key}}, "client ID is empty"},
		{"not PEM", Config{OrgURL: "dev-1.okta.com", ServiceApp: &ServiceApp{ClientID: "c", PrivateKeyPEM: []byte("secret-bytes")}}, "not PEM"},
		{"public key", Config{OrgURL: "dev-1.okta.com", ServiceApp: &ServiceApp{ClientID: "c", PrivateKeyPEM: pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: []byte{1}})}}, `"PUBLIC KEY" block`},
		{"negative wait", Config{OrgURL: "dev-1.okta.com", Token: "t", MaxWait: -1}, "MaxWait"},
	}
	for _, tc := range cases {
		_, err := New(tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "secret-bytes") {
			t.Errorf("%s: error echoes the key", tc.name)
		}
	}
	c, err := New(Config{OrgURL: "https://dev-1-admin.okta.com/admin", ServiceApp: &ServiceApp{ClientID: "c", PrivateKeyPEM: key}})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if c.OrgURL() != "https://dev-1.okta.com" {
		t.Errorf("OrgURL = %q", c.OrgURL())
	}
	if c.maxRetries != defaultMaxRetries || c.maxWait != defaultMaxWait {
		t.Errorf("defaults: retries %d wait %v", c.maxRetries, c.maxWait)
	}
}

func TestConfigNeverPrintsSecrets(t *testing.T) {
	key := testKeyPEM(t)
	keyLine := strings.Split(string(key), "\n")[1]
	cfgs := []Config{
		{OrgURL: "https://dev-1.okta.com", Token: testToken},
		{OrgURL: "https://dev-1.okta.com", ServiceApp: &ServiceApp{ClientID: "0oaclient", KeyID: "kid1", PrivateKeyPEM: key, Scopes: []string{"okta.idps.manage"}}},
	}
	for _, cfg := range cfgs {
		app := cfg.ServiceApp
		for _, v := range []any{cfg, &cfg, []Config{cfg}, struct{ C Config }{cfg}, app} {
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
				out := fmt.Sprintf(verb, v)
				if strings.Contains(out, testToken) || strings.Contains(out, keyLine) {
					t.Errorf("fmt %s of %T leaks a secret: %s", verb, v, out)
				}
			}
		}
		if out := fmt.Sprint(cfg); !strings.Contains(out, "dev-1.okta.com") {
			t.Errorf("redacted form lost the org URL: %s", out)
		}
	}
	if out := fmt.Sprint(cfgs[0]); !strings.Contains(out, "Token: [redacted]") {
		t.Errorf("set token not shown as redacted: %s", out)
	}
	if out := fmt.Sprint(cfgs[1]); !strings.Contains(out, `ClientID: "0oaclient"`) || !strings.Contains(out, "PrivateKeyPEM: [redacted]") {
		t.Errorf("service app form: %s", out)
	}
}

func testKeyPEM(t *testing.T) []byte {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

// asServiceApp makes newTestClient authenticate as a service app instead of with a token.
func asServiceApp(t *testing.T) func(*Config) {
	key := testKeyPEM(t)
	return func(cfg *Config) {
		cfg.Token = ""
		cfg.ServiceApp = &ServiceApp{ClientID: "0oaclient", KeyID: "kid1", PrivateKeyPEM: key}
	}
}

func TestServiceAppTokenFailureIsExplained(t *testing.T) {
	f := newFakeOkta(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth2/v1/token" {
			writeJSON(w, 401, `{"error":"invalid_client","error_description":"The client_assertion signature is invalid."}`)
			return
		}
		t.Errorf("API request %s %s without a token", r.Method, r.URL.Path)
	})
	c, _ := newTestClient(t, f, asServiceApp(t))
	_, err := c.do(context.Background(), opGetIdP, getIdP(c))
	e, ok := AsAPIError(err)
	if !ok || e.Status != 401 || e.OAuthError != "invalid_client" || e.Path != "/oauth2/v1/token" {
		t.Fatalf("err = %#v", err)
	}
	if !strings.Contains(e.Hint, "service app") || !IsUnauthorized(err) {
		t.Errorf("hint %q", e.Hint)
	}
	if strings.Contains(err.Error(), "eyJ") {
		t.Errorf("message leaks the client assertion: %s", err)
	}
	// The SDK asks for the scopes the wizard needs when none are configured.
	if q := f.Hits()[0].Query; !strings.Contains(q, "okta.idps.manage") || !strings.Contains(q, "okta.logs.read") {
		t.Errorf("token request query %q lacks the default scopes", q)
	}
}

// A retry must carry a fresh DPoP proof: the SDK's own retry reuses the proof and Okta then
// rejects it as already used (okta-sdk-golang#554).
func TestRetryRegeneratesDPoPProof(t *testing.T) {
	var tokenCalls, apiCalls atomic.Int32
	f := newFakeOkta(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth2/v1/token" {
			switch tokenCalls.Add(1) {
			case 1: // the SDK first tries without DPoP
				writeJSON(w, 400, `{"error":"invalid_dpop_proof","error_description":"DPoP proof required"}`)
			case 2:
				w.Header().Set("Dpop-Nonce", "nonce-1")
				writeJSON(w, 400, `{"error":"use_dpop_nonce","error_description":"Authorization server requires nonce in DPoP proof."}`)
			default:
				writeJSON(w, 200, `{"token_type":"DPoP","expires_in":3600,"access_token":"at-1","scope":"okta.idps.read"}`)
			}
			return
		}
		if apiCalls.Add(1) == 1 {
			rateLimited(w, time.Now(), 0)
			return
		}
		writeJSON(w, 200, idpJSON)
	})
	c, _ := newTestClient(t, f, asServiceApp(t))
	if _, err := c.do(context.Background(), opGetIdP, getIdP(c)); err != nil {
		t.Fatalf("get IdP: %v", err)
	}
	var proofs []string
	for _, h := range f.Hits() {
		if h.Path == "/oauth2/v1/token" {
			continue
		}
		if got := h.Header.Get("Authorization"); got != "DPoP at-1" {
			t.Errorf("Authorization = %q", got)
		}
		proofs = append(proofs, h.Header.Get("Dpop"))
	}
	if len(proofs) != 2 || proofs[0] == "" || proofs[0] == proofs[1] {
		t.Errorf("DPoP proofs of the two attempts: %q; want two different ones", proofs)
	}
	if n := tokenCalls.Load(); n != 3 {
		t.Errorf("token requests = %d, want 3 (the retry reuses the cached token)", n)
	}
}

// A rate-limited token grant fails the call before its own request goes out; the retry must
// then wait as the token endpoint's headers ask instead of reading the absent API exchange.
func TestRateLimitedTokenGrantIsRetried(t *testing.T) {
	date := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var tokenCalls atomic.Int32
	f := newFakeOkta(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth2/v1/token" {
			if tokenCalls.Add(1) == 1 {
				rateLimited(w, date, 4*time.Second)
				return
			}
			writeJSON(w, 200, `{"token_type":"Bearer","expires_in":3600,"access_token":"at-1","scope":"okta.idps.read"}`)
			return
		}
		writeJSON(w, 200, idpJSON)
	})
	c, s := newTestClient(t, f, asServiceApp(t))
	if _, err := c.do(context.Background(), opGetIdP, getIdP(c)); err != nil {
		t.Fatalf("get IdP: %v", err)
	}
	if got := s.waits(); len(got) != 1 || got[0] != 5*time.Second {
		t.Errorf("waits = %v, want [5s] from the token endpoint's rate-limit headers", got)
	}
	if n := tokenCalls.Load(); n != 2 {
		t.Errorf("token requests = %d, want 2", n)
	}
}

func TestTokenGrantRateLimitedUntilRetriesRunOut(t *testing.T) {
	f := newFakeOkta(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth2/v1/token" {
			rateLimited(w, time.Now(), time.Second)
			return
		}
		t.Errorf("API request %s %s without a token", r.Method, r.URL.Path)
	})
	c, s := newTestClient(t, f, asServiceApp(t), func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err := c.do(context.Background(), opGetIdP, getIdP(c))
	e, ok := AsAPIError(err)
	if !ok || e.Status != 429 || e.Code != "E0000047" || e.Path != "/oauth2/v1/token" {
		t.Fatalf("err = %#v, want the token endpoint's 429 E0000047", err)
	}
	if n := len(s.waits()); n != 2 {
		t.Errorf("waits = %d, want 2 (one per retry)", n)
	}
}
