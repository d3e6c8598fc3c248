package assets

import (
	"strings"
	"testing"
	"text/template"
)

func TestEnvironmentsDeriveFromBaseURL(t *testing.T) {
	want := map[string]string{"sandbox": "https://api.idmelabs.com/", "production": "https://api.id.me/"}
	envs := Environments()
	if len(envs) != len(want) {
		t.Fatalf("got %d environments, want %d", len(envs), len(want))
	}
	for id, base := range want {
		e, ok := EnvironmentByID(id)
		if !ok {
			t.Fatalf("environment %q missing", id)
		}
		if e.BaseURL != base {
			t.Errorf("%s base URL = %q, want %q", id, e.BaseURL, base)
		}
	}
	if _, ok := EnvironmentByID("staging"); ok {
		t.Error("unknown environment id was found")
	}
}

// The guide's mapping table (okta-oidc-guide.txt, "Configure attribute mappings"): these rows,
// no more, are the default.
func TestDefaultMappingsAreTheGuideTable(t *testing.T) {
	guide := map[string]string{
		"login": "email", "email": "email", "firstName": "fname", "lastName": "lname",
		"middleName": "mname", "mobilePhone": "phone", "streetAddress": "street", "city": "city",
		"state": "state", "zipCode": "zip", "idme_uuid": "uuid",
	}
	got := map[string]string{}
	for _, c := range Claims() {
		if c.DefaultMapped {
			if _, dup := got[c.OktaAttribute]; dup {
				t.Errorf("okta attribute %q mapped twice", c.OktaAttribute)
			}
			got[c.OktaAttribute] = c.Claim
		}
	}
	if len(got) != len(guide) {
		t.Errorf("default rows = %v, want %v", got, guide)
	}
	for attr, claim := range guide {
		if got[attr] != claim {
			t.Errorf("default mapping for %s = %q, want %q", attr, got[attr], claim)
		}
	}
}

func TestDefaultCustomAttributes(t *testing.T) {
	var custom []string
	for _, c := range Claims() {
		if c.DefaultAttribute {
			if !c.Custom {
				t.Errorf("%s is a default attribute but not custom", c.OktaAttribute)
			}
			custom = append(custom, c.OktaAttribute)
		}
	}
	if strings.Join(custom, ",") != "idme_uuid,birth_date,transaction_ial" {
		t.Errorf("default custom attributes = %v", custom)
	}
}

func TestHandoffTemplatesParse(t *testing.T) {
	for _, f := range []string{"text", "markdown"} {
		src, err := HandoffTemplate(f)
		if err != nil {
			t.Fatal(err)
		}
		funcs := template.FuncMap{"join": strings.Join}
		if _, err := template.New(f).Funcs(funcs).Parse(src); err != nil {
			t.Errorf("%s template: %v", f, err)
		}
		if !strings.Contains(src, "{{.RedirectURI}}") {
			t.Errorf("%s template does not show the redirect URI", f)
		}
	}
	if _, err := HandoffTemplate("pdf"); err == nil {
		t.Error("unknown format accepted")
	}
}
