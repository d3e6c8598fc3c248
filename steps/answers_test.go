package steps

import (
	"fmt"
	"strings"
	"testing"
)

func TestPolicyHandles(t *testing.T) {
	for _, ok := range []string{"teacher", "nist_aal2_ial2", "http://idmanagement.gov/ns/assurance/ial/2/aal/2", "military_canada"} {
		if err := ValidatePolicyHandle(ok); err != nil {
			t.Errorf("%q rejected: %v", ok, err)
		}
	}
	for h, want := range map[string]string{
		"":               "empty",
		"   ":            "empty",
		" teacher":       "spaces around",
		"openid teacher": "single value",
		"openid":         "openid is added",
		"email":          "exactly openid",
	} {
		err := ValidatePolicyHandle(h)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want it to say %q", h, err, want)
		}
	}
}

func TestScopesAreOpenIDAndTheHandle(t *testing.T) {
	a := DefaultAnswers()
	a.PolicyHandle = "http://idmanagement.gov/ns/assurance/ial/2/aal/2"
	if got := fmt.Sprint(a.Scopes()); got != "[openid http://idmanagement.gov/ns/assurance/ial/2/aal/2]" {
		t.Errorf("scopes = %s", got)
	}
}

func TestEndpointsFollowTheGuide(t *testing.T) {
	a := DefaultAnswers()
	e := a.Endpoints()
	want := IDmeEndpoints{
		Issuer:        "https://api.idmelabs.com/oidc",
		Authorization: "https://api.idmelabs.com/oauth/authorize",
		Token:         "https://api.idmelabs.com/oauth/token",
		JWKS:          "https://api.idmelabs.com/oidc/.well-known/jwks",
	}
	if e != want {
		t.Errorf("sandbox endpoints = %+v, want %+v", e, want)
	}
	a.IDmeBaseURL = "https://api.id.me" // no trailing slash still derives correctly
	if got := a.Endpoints().Issuer; got != "https://api.id.me/oidc" {
		t.Errorf("production issuer = %s", got)
	}
}

func TestResolveIDmeBaseURL(t *testing.T) {
	cases := []struct {
		env, explicit, wantEnv, wantBase, wantErr string
	}{
		{"", "", "sandbox", "https://api.idmelabs.com/", ""},
		{"production", "", "production", "https://api.id.me/", ""},
		{"staging", "", "", "", "not known"},
		{"staging", "http://127.0.0.1:9000", "", "", "not known"},
		// A named environment is kept only for its own base URL: the handoff sheet must not
		// say sandbox or production while the IdP points elsewhere.
		{"sandbox", "http://127.0.0.1:9000", "custom", "http://127.0.0.1:9000/", ""},
		{"production", "https://api.idmelabs.com", "custom", "https://api.idmelabs.com/", ""},
		{"production", "https://api.id.me", "production", "https://api.id.me/", ""},
		{"sandbox", "https://api.idmelabs.com/", "sandbox", "https://api.idmelabs.com/", ""},
		{"custom", "https://api.id.me/", "custom", "https://api.id.me/", ""},
		{"", "http://127.0.0.1:9000", "custom", "http://127.0.0.1:9000/", ""},
		{"", "http://localhost:9000/", "custom", "http://localhost:9000/", ""},
		{"", "https://api.id.me/", "production", "https://api.id.me/", ""},
		{"", "http://api.id.me/", "", "", "only https"},
		{"", "api.id.me", "", "", "not a URL"},
	}
	for _, c := range cases {
		env, base, err := ResolveIDmeBaseURL(c.env, c.explicit)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("(%q,%q): err = %v, want %q", c.env, c.explicit, err, c.wantErr)
			}
			continue
		}
		if err != nil || env != c.wantEnv || base != c.wantBase {
			t.Errorf("(%q,%q) = %q,%q,%v; want %q,%q", c.env, c.explicit, env, base, err, c.wantEnv, c.wantBase)
		}
	}
}

func TestValidateMappings(t *testing.T) {
	if err := ValidateMappings(DefaultMappings()); err != nil {
		t.Fatalf("guide table rejected: %v", err)
	}
	for name, rows := range map[string][]MappingRow{
		"no login":    {{Attribute: "email", Claim: "email"}},
		"duplicate":   {{Attribute: "login", Claim: "email"}, {Attribute: "login", Claim: "uuid"}},
		"empty claim": {{Attribute: "login", Claim: ""}},
		"bad name":    {{Attribute: "login", Claim: "email"}, {Attribute: "first name", Claim: "fname"}},
	} {
		if err := ValidateMappings(rows); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if got := (MappingRow{Attribute: "idme_uuid", Claim: "uuid"}).Expression(); got != "appuser.uuid" {
		t.Errorf("expression = %s", got)
	}
}

func TestAnswersValidateNamesEveryProblem(t *testing.T) {
	a := DefaultAnswers()
	err := a.Validate()
	if err == nil {
		t.Fatal("empty answers accepted")
	}
	for _, want := range []string{"org URL", "client ID", "policy handle"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("validation error does not mention %s: %v", want, err)
		}
	}
	a.OrgURL, a.IDmeClientID, a.PolicyHandle = "https://dev-1.okta.com", "abc123", "teacher"
	if err := a.Validate(); err != nil {
		t.Errorf("complete answers rejected: %v", err)
	}
}

func TestSecretsNeverPrint(t *testing.T) {
	s := Secrets{APIToken: "canary-token", IDmeClientSecret: "canary-secret"}
	for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
		if out := fmt.Sprintf(f, s); strings.Contains(out, "canary") {
			t.Errorf("%s printed a secret: %s", f, out)
		}
	}
	setup := NewSetup(nil, DefaultAnswers(), s, Objects{})
	if out := fmt.Sprintf("%+v", setup); strings.Contains(out, "canary") {
		t.Errorf("printing a Setup leaked a secret: %s", out)
	}
}
