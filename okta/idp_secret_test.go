package okta

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

const canarySecret = "canary-stored-idp-secret-91e2"

// An IdP read from Okta travels through the steps' read cache into reports and the UI: no
// way of printing it may show the client secret Okta returned, nor one set to be sent.
func TestAnIdPNeverPrintsItsClientSecret(t *testing.T) {
	stored := strings.Replace(string(mustRead("idp_oidc.json")), "stored-idme-secret", canarySecret, 1)
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{"GET /api/v1/idps/" + idpID: serveBody(200, stored)}))
	c, _ := newTestClient(t, f)
	read, err := c.GetIdP(context.Background(), idpID)
	if err != nil {
		t.Fatal(err)
	}
	toSend := guideIdP()
	toSend.ClientSecret = canarySecret

	for name, idp := range map[string]*IdP{"read from Okta": read, "to send": &toSend} {
		for _, v := range []any{*idp, idp, []IdP{*idp}, struct{ Found *IdP }{idp}} {
			out := fmt.Sprintf("%v %+v %#v %s %q", v, v, v, v, v)
			if strings.Contains(out, canarySecret) {
				t.Errorf("%s, printed as %T, shows the secret: %s", name, v, out)
			}
			if name == "to send" && !strings.Contains(out, "[redacted]") {
				t.Errorf("%T: the secret to send is not marked redacted: %s", v, out)
			}
		}
	}
	if out := fmt.Sprintf("%#v", toSend); !strings.HasPrefix(out, "okta.IdP{") || !strings.Contains(out, `ClientID:"idme-client-123"`) {
		t.Errorf("%%#v = %s, want the IdP's fields as fmt prints them", out)
	}
}

func TestSecretMatchesTheStoredSecretWithoutHoldingIt(t *testing.T) {
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{
		"GET /api/v1/idps/" + idpID:    serve(200, "idp_oidc.json"),
		"GET /api/v1/idps/0oaNOSECRET": serveBody(200, strings.Replace(string(mustRead("idp_oidc.json")), `"client_secret":"stored-idme-secret",`, "", 1)),
	}))
	c, _ := newTestClient(t, f)
	idp, err := c.GetIdP(context.Background(), idpID)
	if err != nil {
		t.Fatal(err)
	}
	if idp.ClientSecret != "" {
		t.Error("a read fills ClientSecret")
	}
	if !idp.HasStoredSecret() || !idp.SecretMatches("stored-idme-secret") {
		t.Errorf("the stored secret is not recognised")
	}
	for _, other := range []string{"", "stored-idme-secreT", "stored-idme-secret "} {
		if idp.SecretMatches(other) {
			t.Errorf("SecretMatches(%q) = true", other)
		}
	}
	none, err := c.GetIdP(context.Background(), "0oaNOSECRET")
	if err != nil {
		t.Fatal(err)
	}
	if none.HasStoredSecret() || none.SecretMatches("") {
		t.Errorf("an IdP read without a secret claims one")
	}
}
