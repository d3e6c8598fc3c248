package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/idme"
)

// A bad --idme-claims is a usage error naming the flag and both allowed values, before
// anything starts (demo checks it before it asks for a terminal).
func TestIDmeClaimsFlagRejectsUnknownStyles(t *testing.T) {
	for _, cmd := range []string{"sim", "demo"} {
		_, errOut, code := runCLI(t, nil, cmd, "--idme-claims", "standard")
		if code != exitUsage || !strings.Contains(errOut, "-idme-claims") || !strings.Contains(errOut, `"standard"`) ||
			!strings.Contains(errOut, "guide") || !strings.Contains(errOut, "oidc") {
			t.Errorf("%s: code %d, stderr %q", cmd, code, errOut)
		}
	}
}

// The style reaches the simulated ID.me.
func TestStartWorldPassesTheClaimStyle(t *testing.T) {
	for _, style := range []idme.ClaimStyle{"", idme.ClaimsOIDC} {
		w, err := startWorld("127.0.0.1:0", "127.0.0.1:0", style)
		if err != nil {
			t.Fatal(err)
		}
		want := style
		if want == "" {
			want = idme.ClaimsGuide
		}
		if got := w.idme.ClaimStyle(); got != want {
			t.Errorf("style %q: simulated ID.me releases %q", style, got)
		}
		w.Close()
	}
}

// sim --json names the production stand-in: another ID.me, its own client registered for
// the org's callback; the sandbox client is unknown there.
func TestSimJSONNamesTheProductionStandIn(t *testing.T) {
	w := newWorld(t)
	raw, err := json.Marshal(w.info())
	if err != nil {
		t.Fatal(err)
	}
	var info map[string]string
	if err := json.Unmarshal(raw, &info); err != nil {
		t.Fatal(err)
	}
	prod := info["idme_production_base_url"]
	if prod == "" || prod == info["idme_base_url"] || info["idme_production_client_id"] == "" ||
		info["idme_production_client_id"] == info["idme_client_id"] || info["idme_production_client_secret"] == "" {
		t.Fatalf("production keys in %s", raw)
	}
	for clientID, want := range map[string]string{info["idme_production_client_id"]: "", info["idme_client_id"]: "invalid_client"} {
		q := url.Values{"client_id": {clientID}, "redirect_uri": {info["org_url"] + "/oauth2/v1/authorize/callback"},
			"response_type": {"code"}, "scope": {"openid " + info["policy_handle"]}, "state": {"s"}}
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := client.Get(prod + "oauth/authorize?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got := ""
		if loc, err := url.Parse(resp.Header.Get("Location")); err == nil {
			got = loc.Query().Get("error")
		}
		if got != want {
			t.Errorf("production authorize for client %s: error %q, want %q", clientID, got, want)
		}
	}
}
