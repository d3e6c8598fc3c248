package terraform

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/idme-okta/idme-okta/okta"
)

func ptr[T any](v T) *T { return &v }

// fullSnapshot sets every optional setting the export knows, so that every argument the
// export can write is written.
func fullSnapshot() *snapshot {
	idp := &okta.IdP{
		ID: "0oaIdP1", Name: "ID.me IdP - OIDC", Type: "OIDC", Status: "ACTIVE", IssuerMode: "ORG_URL",
		Scopes: []string{"openid", "teacher"}, ClientID: "client-1",
		IssuerURL: "https://api.idmelabs.com/oidc", AuthorizationURL: "https://api.idmelabs.com/oauth/authorize",
		TokenURL: "https://api.idmelabs.com/oauth/token", JWKSURL: "https://api.idmelabs.com/oidc/.well-known/jwks",
		UserInfoURL:      "https://api.idmelabs.com/api/public/v3/userinfo",
		UsernameTemplate: "idpuser.email", MatchType: "CUSTOM_ATTRIBUTE", AccountLinkAction: "AUTO",
		ProvisioningAction: "AUTO", ProfileMaster: true,
		RequestSignatureAlgorithm: "HS256", RequestSignatureScope: "REQUEST", MaxClockSkew: ptr(int64(120000)),
		GroupsAction: "ASSIGN", DeprovisionedAction: "REACTIVATE", SuspendedAction: "NONE",
		Detail: okta.IdPDetail{
			ProtocolType: "OIDC", AuthorizationBinding: "HTTP-REDIRECT", TokenBinding: "HTTP-POST",
			JWKSBinding: "HTTP-REDIRECT", UserInfoBinding: "HTTP-REDIRECT", SLOURL: "https://idp.example/logout",
			PKCERequired: ptr(true), ParticipateSLO: ptr(true), MatchAttribute: "idme_uuid",
			SubjectFilter: "x", AccountLinkGroupInclude: []string{"00g1"}, TrustClaims: true,
			GroupsAttribute: "groups", GroupsAssignments: []string{"00g2"}, GroupsFilter: []string{"00g3"},
		},
	}
	attr := okta.Attribute{
		Name: "idme_uuid", Title: "ID.me UUID", Description: "d", Type: "array", ExternalName: "uuid",
		ExternalNamespace: "ns", Scope: "NONE", Master: "PROFILE_MASTER", Permission: "READ_ONLY",
		Required: true, Unique: "UNIQUE_VALIDATED", Union: "ENABLE", ItemsType: "string", Pattern: ".+",
		MinLength: ptr(1), MaxLength: ptr(64), Constrained: true,
	}
	return &snapshot{
		orgURL:    "https://dev-123456.okta.com",
		idp:       idp,
		idpAttrs:  []okta.Attribute{attr},
		userAttrs: []okta.Attribute{attr},
		mapping: &okta.Mapping{ID: "prm1", SourceID: "0oaIdP1", TargetID: "oty1", Properties: map[string]okta.MappingProperty{
			"login": {Expression: "appuser.email", PushStatus: "PUSH"}, "idme_uuid": {Expression: "appuser.uuid", PushStatus: "PUSH"},
		}},
		policyID: "00p1",
		rule: &okta.Rule{ID: "0pr1", PolicyID: "00p1", Name: "ID.me IdP - Okta App Portal", Status: "ACTIVE", Priority: 1,
			SelectionType: "DYNAMIC", Providers: []okta.Provider{{Type: "OKTA"}, {Type: "OIDC", ID: "0oaIdP1"}, {Type: "OIDC", ID: "0oaOther"}},
			NetworkConnection: "ZONE", NetworkInclude: []string{"nzo1"}, NetworkExclude: []string{"nzo2"}, ShouldFallBackToOkta: true,
			UserIdentifierType: "ATTRIBUTE", UserIdentifierAttribute: "company",
			UserIdentifierPatterns: []okta.IdentifierPattern{{MatchType: "EQUALS", Value: "x"}}, OtherConditions: []string{"app"}},
		app: &okta.OIDCApp{ID: "0oaApp1", Label: "ID.me sign-in test (idme-okta)", Status: "ACTIVE", ClientID: "0oaApp1",
			ApplicationType: "browser", RedirectURIs: []string{"http://127.0.0.1:53682/callback"},
			GrantTypes: []string{"authorization_code", "implicit"}, ResponseTypes: []string{"code", "id_token"},
			PKCERequired: true, TokenAuthMethod: "none",
			Detail: okta.AppDetail{PostLogoutRedirectURIs: []string{"http://127.0.0.1/"}, ConsentMethod: "TRUSTED",
				IssuerMode: "ORG_URL", WildcardRedirect: "DISABLED", InitiateLoginURI: "https://x/login", LoginMode: "OKTA",
				LoginScopes: []string{"openid"}, RefreshTokenRotation: "ROTATE", RefreshTokenLeeway: ptr(30),
				ImplicitAssignment: true, AutoKeyRotation: true, SelfService: true, AutoSubmitToolbar: true,
				UserNameTemplate: "${source.login}", UserNameTemplateType: "BUILT_IN", AccessPolicyID: "rst1"}},
		appGroupID: "00gEveryone",
	}
}

// Every argument and block the export writes is one the provider documents for that place.
func TestEveryWrittenArgumentIsDocumented(t *testing.T) {
	for _, writeOnly := range []bool{false, true} {
		res := render(fullSnapshot(), Options{TestApp: true, WriteOnlySecret: writeOnly})
		p := parse(t, res)
		if bad := undocumented(t, p.blocks); len(bad) > 0 {
			t.Errorf("write-only secret %t: not in the provider's docs:\n  %s", writeOnly, strings.Join(bad, "\n  "))
		}
		// The full snapshot reaches every kind of resource.
		for _, typ := range []string{typeIdP, typeIdPAttr, typeUserAttr, typeMapping, typeRule, typeApp, typeAppGroup} {
			found := false
			for addr := range p.resources {
				found = found || strings.HasPrefix(addr, typ+".")
			}
			if !found {
				t.Errorf("no %s written", typ)
			}
		}
	}
}

// The check above can fail: names the provider does not document, in each place, are found.
func TestUndocumentedNamesAreCaught(t *testing.T) {
	src := `
resource "okta_idp_oidc" "x" {
  name         = "a"
  trust_claims = true
  lifecycle { prevent_destroy = true }
}
resource "okta_profile_mapping" "m" {
  mappings {
    id     = "login"
    pushed = "PUSH"
  }
  rows {}
}
resource "okta_unknown" "u" {}
provider "okta" { org = "x" }
locals { a = 1 }
`
	f, diags := hclparse.NewParser().ParseHCL([]byte(src), "bad.tf")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	got := undocumented(t, f.Body.(*hclsyntax.Body).Blocks)
	want := []string{
		"okta_idp_oidc: argument trust_claims",
		"okta_profile_mapping.mappings: argument pushed",
		"okta_profile_mapping: block rows",
		"provider: argument org",
		"resource type okta_unknown is not in the testdata",
		"top-level block locals",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("found\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// hostile are values an Okta org could hold (an admin typed them, or an attacker with some
// admin rights did): each must come back from the files exactly, as a literal.
var hostile = []string{
	`${file("/etc/passwd")}`,
	`%{ for x in ["a"] }${x}%{ endfor }`,
	`$${already} %%{escaped}`,
	`quote " and backslash \ and \n literal`,
	"new\nline\r\n}\nresource \"okta_idp_oidc\" \"evil\" {\n  name = \"x\"\n}\n#",
	"tab\tbell\a escape\x1b[31m nul\x00 del\x7f",
	"bidi \u202eevil\u202c zero\u200bwidth",
	"# not a comment */ /* // <<EOF",
	"emoji 😀 and ünïcödé",
}

func TestHostileValuesStayLiterals(t *testing.T) {
	for _, v := range hostile {
		snap := fullSnapshot()
		snap.idp.Name = v
		snap.idp.ClientID = v
		snap.idp.Scopes = []string{"openid", v}
		snap.idp.ID = v // an id goes into import blocks and references
		snap.idpAttrs[0].Name = v
		snap.idpAttrs[0].Title = v
		snap.userAttrs[0].Name = v
		snap.userAttrs[0].Description = v
		snap.mapping.Properties[v] = okta.MappingProperty{Expression: v, PushStatus: "PUSH"}
		snap.rule.Name = v
		snap.rule.PolicyID = v
		snap.app.Label = v

		res := render(snap, Options{TestApp: true})
		p := parse(t, res)
		for _, c := range []struct{ addr, attr string }{
			{"okta_idp_oidc.idme", "name"}, {"okta_idp_oidc.idme", "client_id"},
			{"okta_policy_rule_idp_discovery.idme", "name"}, {"okta_policy_rule_idp_discovery.idme", "policy_id"},
			{"okta_app_oauth.idme_test", "label"},
		} {
			if got := p.str(t, c.addr, c.attr); got != v {
				t.Errorf("%s.%s = %q, want %q", c.addr, c.attr, got, v)
			}
		}
		scopes := literal(t, p.resources["okta_idp_oidc.idme"].Body.Attributes["scopes"]).AsValueSlice()
		if len(scopes) != 2 || scopes[1].AsString() != v {
			t.Errorf("scopes = %#v", scopes)
		}
		if got := p.imports["okta_idp_oidc.idme"]; got != v {
			t.Errorf("import id = %q, want %q", got, v)
		}
		// The attributes' labels are made of safe characters; their values are exact.
		var idpAttr, userAttr string
		for _, addr := range p.order {
			typ, label := splitAddress(addr)
			if !hclsyntax.ValidIdentifier(label) {
				t.Errorf("label %q of %s is not an identifier", label, typ)
			}
			switch typ {
			case typeIdPAttr:
				idpAttr = addr
			case typeUserAttr:
				userAttr = addr
			}
		}
		if got := p.str(t, idpAttr, "index"); got != v {
			t.Errorf("IdP attribute index = %q, want %q", got, v)
		}
		if got := p.imports[idpAttr]; got != v+"/"+v {
			t.Errorf("IdP attribute import id = %q", got)
		}
		if got := p.str(t, userAttr, "description"); got != v {
			t.Errorf("user attribute description = %q, want %q", got, v)
		}
		found := false
		for _, row := range p.resources["okta_profile_mapping.idme"].Body.Blocks {
			if row.Type == "mappings" && literal(t, row.Body.Attributes["id"]).AsString() == v {
				found = literal(t, row.Body.Attributes["expression"]).AsString() == v
			}
		}
		if !found {
			t.Errorf("mapping row %q not read back exactly", v)
		}
		// No value made a block of its own: the files hold exactly the export's resources.
		if len(p.resources) != len(res.Resources) {
			t.Errorf("%d resources parsed, %d written:\n%s", len(p.resources), len(res.Resources), fileText(res))
		}
		// Nothing from Okta is in a comment or a note.
		for _, n := range res.Notes {
			if strings.Contains(n, v) {
				t.Errorf("note carries an Okta value: %q", n)
			}
		}
	}
}

// A reference to the exported IdP is written as one, so that Terraform orders the work; an
// id of anything else stays a literal.
func TestReferencesPointAtTheExportedIdP(t *testing.T) {
	p := parse(t, render(fullSnapshot(), Options{TestApp: true}))
	if got := traversal(t, p.resources["okta_profile_mapping.idme"].Body.Attributes["source_id"]); got != "okta_idp_oidc.idme.id" {
		t.Errorf("mapping source_id = %s", got)
	}
	var ids []string
	for _, b := range p.resources["okta_policy_rule_idp_discovery.idme"].Body.Blocks {
		if b.Type != "idp_providers" {
			continue
		}
		switch a := b.Body.Attributes["id"]; {
		case a == nil:
			ids = append(ids, "(none)")
		case len(a.Expr.Variables()) > 0:
			ids = append(ids, traversal(t, a))
		default:
			ids = append(ids, literal(t, a).AsString())
		}
	}
	if got := strings.Join(ids, ","); got != "(none),okta_idp_oidc.idme.id,0oaOther" {
		t.Errorf("rule providers' ids = %s", got)
	}
	dep := p.resources["okta_profile_mapping.idme"].Body.Attributes["depends_on"]
	if dep == nil {
		t.Fatal("the mapping does not depend on the attributes")
	}
	if n := len(dep.Expr.(*hclsyntax.TupleConsExpr).Exprs); n != 2 {
		t.Errorf("mapping depends on %d resources, want the 2 attributes", n)
	}
}

// The secret is a sensitive variable, referenced, never a value.
func TestClientSecretIsASensitiveVariable(t *testing.T) {
	for _, c := range []struct {
		writeOnly bool
		attr      string
	}{{false, "client_secret"}, {true, "client_secret_wo"}} {
		p := parse(t, render(fullSnapshot(), Options{WriteOnlySecret: c.writeOnly}))
		idp := p.resources["okta_idp_oidc.idme"].Body.Attributes
		if got := traversal(t, idp[c.attr]); got != "var.idme_client_secret" {
			t.Errorf("%s = %s", c.attr, got)
		}
		var v *hclsyntax.Block
		for _, b := range p.files[FileVariables].Blocks {
			if b.Type == "variable" && b.Labels[0] == "idme_client_secret" {
				v = b
			}
		}
		if v == nil || !literal(t, v.Body.Attributes["sensitive"]).True() {
			t.Errorf("no sensitive variable idme_client_secret")
		}
	}
}

func TestOrgNameAndBaseURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://dev-123456.okta.com":      "dev-123456 okta.com",
		"https://Acme.oktapreview.com/":    "acme oktapreview.com",
		"https://acme.okta-emea.com":       "acme okta-emea.com",
		"https://login.acme.com":           "",
		"https://a.b.okta.com":             "",
		"http://127.0.0.1:8080":            "",
		"https://dev-1.okta.com:8443":      "",
		"https://dev-1.okta.com.evil.test": "",
	} {
		name, base, ok := orgNameAndBase(in)
		got := ""
		if ok {
			got = name + " " + base
		}
		if got != want {
			t.Errorf("%s → %q, want %q", in, got, want)
		}
	}
}

// The header names what the first plan will show, and the Terraform version the files need.
func TestHeaderNamesTheFirstPlansUpdates(t *testing.T) {
	for _, writeOnly := range []bool{false, true} {
		res := render(fullSnapshot(), Options{TestApp: true, WriteOnlySecret: writeOnly})
		main := string(res.Files[0].Content)
		if res.Files[0].Name != FileMain {
			t.Fatalf("first file %s", res.Files[0].Name)
		}
		want := map[bool][]string{
			false: {"#   okta_idp_oidc.idme: status, protocol_type, client_secret\n", `required_version = ">= 1.5.0"`},
			true:  {"#   okta_idp_oidc.idme: status, protocol_type\n", `required_version = ">= 1.11.0"`},
		}[writeOnly]
		want = append(want, "okta_profile_mapping.idme: mappings, delete_when_absent, always_apply",
			"okta_app_user_schema_property.idme_uuid: user_type\n", "7 to import, 0 to add, 0 to destroy")
		for _, w := range want {
			if !strings.Contains(main, w) {
				t.Errorf("write-only %t: main.tf lacks %q:\n%s", writeOnly, w, main)
			}
		}
	}
	// Attributes Okta sends no master or permissions for share a line.
	snap := fullSnapshot()
	a := snap.idpAttrs[0]
	a.Master, a.Permission, a.Union = "", "", ""
	b := a
	b.Name = "other"
	snap.idpAttrs = []okta.Attribute{a, b}
	main := string(render(snap, Options{}).Files[0].Content)
	if !strings.Contains(main, "#   okta_app_user_schema_property (2 of them): master, permissions, user_type, union\n") {
		t.Errorf("main.tf:\n%s", main)
	}
}
