package simtest_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/idme"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

func TestStartWorldWiresTheEnvironments(t *testing.T) {
	w := simtest.StartWorld(t, simtest.WithOrg(simtest.Classic), simtest.WithClaims(idme.ClaimsOIDC), simtest.WithProduction())
	if w.Org.Engine() != sim.ClassicEngine {
		t.Errorf("engine %q", w.Org.Engine())
	}
	p := w.Production
	if p == nil || p.BaseURL() == w.Sandbox.BaseURL() || p.ClientID == w.Sandbox.ClientID || p.ClientSecret == w.Sandbox.ClientSecret {
		t.Fatalf("the environments must be distinct: sandbox %s %s, production %+v", w.Sandbox.BaseURL(), w.Sandbox.ClientID, p)
	}
	for name, env := range map[string]simtest.IDme{"sandbox": w.Sandbox, "production": *p} {
		if env.ClaimStyle() != idme.ClaimsOIDC {
			t.Errorf("%s releases %q", name, env.ClaimStyle())
		}
		// Its own client is registered with Okta's callback and the policy; the other
		// environment's client is unknown there.
		if got := authorizeError(t, env, env.ClientID, w); got != "" {
			t.Errorf("%s refused its own client: %s", name, got)
		}
	}
	if got := authorizeError(t, *p, w.Sandbox.ClientID, w); got != "invalid_client" {
		t.Errorf("production accepted the sandbox client: %q", got)
	}
	if simtest.StartWorld(t).Production != nil {
		t.Error("production started without WithProduction")
	}
}

// authorizeError asks env's authorize endpoint to start a sign-in for clientID with the
// world's policy and Okta's callback, and returns the error it redirects with ("" when it
// shows the consent page).
func authorizeError(t *testing.T, env simtest.IDme, clientID string, w *simtest.World) string {
	t.Helper()
	q := url.Values{"client_id": {clientID}, "redirect_uri": {w.Org.URL() + "/oauth2/v1/authorize/callback"},
		"response_type": {"code"}, "scope": {"openid " + w.PolicyHandle}, "state": {"s"}, "nonce": {"n"}}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(env.BaseURL() + "oauth/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		return ""
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return loc.Query().Get("error")
}
