package sim_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// A client that opened connections and never used them (pre-dialled keep-alives) used to make
// Close wait for net/http's 5 s and then return an error. Close now succeeds and really
// closes those connections.
func TestCloseWithConnectionsAClientNeverUsed(t *testing.T) {
	org, err := sim.Start(sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	for range 3 {
		conn, err := net.Dial("tcp", strings.TrimPrefix(org.URL(), "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conns = append(conns, conn)
	}
	// And an ordinary client with an idle keep-alive connection after one request.
	resp, err := http.Get(org.URL() + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()

	if err := org.Close(); err != nil {
		t.Fatalf("Close = %v, want nil", err)
	}
	for i, conn := range conns {
		if n, err := conn.Read(make([]byte, 1)); err == nil {
			t.Errorf("connection %d still open after Close (read %d bytes)", i, n)
		}
	}
	if err := org.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
}

// Options.Logf never sees credentials, assertions, codes, tokens, states or nonces, whatever
// the client puts in the query string.
func TestLogfNeverPrintsCredentials(t *testing.T) {
	var mu sync.Mutex
	var lines []string
	logf := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, fmt.Sprintf(format, args...))
	}
	org := simtest.Start(t, func(o *sim.Options) { o.Logf = logf })
	const canary = "CANARY-7d1f0c"

	// okta-sdk-golang sends the whole token request in the query string.
	tokenURL := org.URL() + "/oauth2/v1/token?" + url.Values{"grant_type": {"client_credentials"},
		"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
		"client_assertion":      {"eyJ" + canary}, "client_secret": {canary}, "scope": {"okta.idps.read"}}.Encode()
	resp, err := http.Post(tokenURL, "application/x-www-form-urlencoded", strings.NewReader("code="+canary))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, path := range []string{
		"/oauth2/v1/authorize?client_id=x&state=" + canary + "&nonce=" + canary,
		"/oauth2/v1/authorize/callback?code=" + canary + "&state=" + canary,
		"/oauth2/v1/userinfo?access_token=" + canary,
		"/login/login.htm?okta_key=" + canary,
	} {
		resp, err := http.Get(org.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	// The management API's query (filters, cursors) is still logged: it carries no secret.
	call(t, org, http.MethodGet, "/api/v1/idps?q=findme", admin(org), nil)

	mu.Lock()
	defer mu.Unlock()
	all := strings.Join(lines, "\n")
	if strings.Contains(all, canary) {
		t.Errorf("Logf printed a credential:\n%s", all)
	}
	if !strings.Contains(all, "/oauth2/v1/token") || !strings.Contains(all, "/api/v1/idps?q=findme") {
		t.Errorf("Logf lost the request lines:\n%s", all)
	}
	for _, r := range org.Requests() {
		if strings.Contains(r.Query, canary) {
			t.Errorf("the request log keeps a credential: %+v", r)
		}
	}
}

// IdP names are unique exactly (case counts): the references document uniqueness, not a
// case-insensitive check, and the client's FindIdPsByName compares exactly.
func TestIdPNamesDifferingOnlyInCaseAreDistinct(t *testing.T) {
	org := simtest.Start(t)
	if r := call(t, org, http.MethodPost, "/api/v1/idps", admin(org), idpBody("ID.me IdP - OIDC")); r.status != http.StatusOK {
		t.Fatalf("first IdP: %d %s", r.status, r.printable())
	}
	if r := call(t, org, http.MethodPost, "/api/v1/idps", admin(org), idpBody("id.me idp - oidc")); r.status != http.StatusOK {
		t.Errorf("a name differing only in case: %d %s", r.status, r.printable())
	}
	oktaError(t, call(t, org, http.MethodPost, "/api/v1/idps", admin(org), idpBody("ID.me IdP - OIDC")), http.StatusBadRequest, "E0000001")
}
