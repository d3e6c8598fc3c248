package doctor

import (
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/discover"
)

func TestOrgKind(t *testing.T) {
	for url, want := range map[string]string{
		"https://acme.okta.com":             "production",
		"https://acme.okta-emea.com":        "production",
		"https://acme.oktapreview.com":      "preview",
		"https://dev-123456.okta.com":       "",
		"https://trial-42.okta.com":         "",
		"https://integrator-7.okta.com":     "",
		"https://login.acme.com":            "",
		"http://127.0.0.1:8080":             "",
		"https://acme.okta.com.evil.test":   "",
		"https://okta.com.acme.oktapreview": "",
	} {
		if got := orgKind(url); got != want {
			t.Errorf("orgKind(%s) = %q, want %q", url, got, want)
		}
	}
}

// The org's own URL cannot be made a production or preview host on the simulator, so the
// check is held to what it says from the facts.
func TestOrgEnvironmentCheck(t *testing.T) {
	envs := discover.Envs(steps.Answers{})
	on := func(base string) *okta.IdP { return &okta.IdP{IssuerURL: base + "oidc"} }
	for _, tc := range []struct {
		org, base string
		want      Status
		words     string
	}{
		{"https://acme.okta.com", "https://api.idmelabs.com/", Warn, "production Okta org signs people in with ID.me's sandbox"},
		{"https://acme.okta.com", "https://api.id.me/", OK, "a production org on production ID.me"},
		{"https://acme.oktapreview.com", "https://api.id.me/", Warn, "preview"},
		{"https://acme.oktapreview.com", "https://api.idmelabs.com/", OK, "a preview org on sandbox ID.me"},
		{"https://dev-1.okta.com", "https://api.id.me/", OK, "cannot tell"},
	} {
		c, _ := orgEnvironment(&facts{orgURL: tc.org, envs: envs, primary: on(tc.base)})
		if c.Status != tc.want || !strings.Contains(c.Evidence, tc.words) {
			t.Errorf("%s on %s: %s %q", tc.org, tc.base, c.Status, c.Evidence)
		}
		if c.Status == Warn && (c.Fix == "" || c.ApplyFixes) {
			t.Errorf("%s on %s: fix %q, apply_fixes %v", tc.org, tc.base, c.Fix, c.ApplyFixes)
		}
	}
}

// A row that reads an attribute the IdP's profile lacks: Okta refuses to save one (the
// simulator too), but a row can outlive its attribute, and the claim then never arrives.
func TestClaimsMappedFindsARowWithoutItsAttribute(t *testing.T) {
	f := &facts{primary: &okta.IdP{ID: "0oa1"},
		schema: map[string]okta.Attribute{"email": {Name: "email", Base: true}, "fname": {Name: "fname", ExternalName: "fname"}},
		mapping: &okta.Mapping{Properties: map[string]okta.MappingProperty{
			"firstName": {Expression: "appuser.fname == null ? appuser.firstName : appuser.fname"},
			"email":     {Expression: "appuser.email"},
		}}}
	c, _ := claimsMapped(f)
	if c.Status != Fail || !strings.Contains(c.Evidence, "firstName reads appuser.firstName, which the identity provider's profile lacks") {
		t.Errorf("%s: %s", c.Status, c.Evidence)
	}
	f.schema["firstName"] = okta.Attribute{Name: "firstName", Base: true}
	if c, _ := claimsMapped(f); c.Status != OK {
		t.Errorf("with the base attribute: %s: %s", c.Status, c.Evidence)
	}
}
