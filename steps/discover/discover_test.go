package discover

import (
	"testing"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
)

func TestIsIDmeByEndpointsOrClientID(t *testing.T) {
	a := steps.DefaultAnswers()
	a.IDmeClientID = "cid"
	a.IDmeEnv, a.IDmeBaseURL = "custom", "http://127.0.0.1:4000/"
	envs := Envs(a)
	for _, tc := range []struct {
		name string
		idp  okta.IdP
		want bool
	}{
		{"sandbox issuer", okta.IdP{IssuerURL: "https://api.idmelabs.com/oidc"}, true},
		{"production token endpoint", okta.IdP{TokenURL: "https://api.id.me/oauth/token"}, true},
		{"the setup's simulated ID.me", okta.IdP{JWKSURL: "http://127.0.0.1:4000/oidc/.well-known/jwks"}, true},
		{"the setup's client ID elsewhere", okta.IdP{ClientID: "cid", IssuerURL: "https://login.example/"}, true},
		{"a look-alike host", okta.IdP{IssuerURL: "https://api.id.me.evil.example/oidc"}, false},
		{"another provider", okta.IdP{ClientID: "other", IssuerURL: "https://login.example/"}, false},
		{"not OIDC", okta.IdP{Type: "SAML2", IssuerURL: "https://api.id.me/oidc"}, false},
	} {
		if got := IsIDme(tc.idp, a, envs); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := EnvOf("https://api.id.me/oidc", envs); got != "production" {
		t.Errorf("EnvOf production: %q", got)
	}
	if got := EnvOf("", envs); got != "" {
		t.Errorf("EnvOf empty: %q", got)
	}
}
