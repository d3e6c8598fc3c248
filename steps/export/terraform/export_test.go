package terraform

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
)

// canary is the ID.me client secret the IdP is created with: it must appear nowhere in an
// export.
const canary = "canary-idme-secret-4d1e"

type simOrg struct {
	org       *sim.Org
	statePath string
}

func startOrg(t *testing.T) *simOrg {
	t.Helper()
	org := simtest.Start(t)
	t.Cleanup(http.DefaultTransport.(*http.Transport).CloseIdleConnections)
	return &simOrg{org: org, statePath: filepath.Join(t.TempDir(), "org.json")}
}

func (e *simOrg) answers() steps.Answers {
	a := steps.DefaultAnswers()
	a.OrgURL = e.org.URL()
	a.IDmeClientID = "idme-client-0001"
	a.PolicyHandle = "teacher"
	a.JITConfirmed = true
	return a
}

// setup is a Setup as a new process builds it: resumed from the progress file if there is
// one, else fresh (the export then finds objects by name only).
func (e *simOrg) setup(t *testing.T) *steps.Setup {
	t.Helper()
	a := e.answers()
	sec := steps.Secrets{APIToken: e.org.AdminToken(), IDmeClientSecret: canary}
	c, err := steps.Dial(a, sec, "idme-okta-test")
	if err != nil {
		t.Fatal(err)
	}
	if p, err := steps.LoadProgress(e.statePath); err == nil {
		s := steps.ResumeSetup(c, p, sec, e.statePath)
		s.Answers = a
		return s
	}
	s := steps.NewSetup(c, a, sec, steps.Objects{})
	s.StatePath = e.statePath
	return s
}

func (e *simOrg) run(t *testing.T, list []steps.Step) {
	t.Helper()
	if err := steps.Run(context.Background(), e.setup(t), list, steps.RunOptions{}); err != nil {
		t.Fatalf("setup: %v", err)
	}
}

// export exports with a Setup that remembers nothing of the setup run (a new process) and
// checks that it wrote nothing to Okta.
func (e *simOrg) export(t *testing.T, opts Options) (*Result, *parsed) {
	t.Helper()
	before := simtest.Writes(e.org)
	res, err := Export(context.Background(), e.setup(t), opts)
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	if w := simtest.Writes(e.org) - before; w != 0 {
		t.Errorf("export made %d write(s) to Okta", w)
	}
	for _, f := range res.Files {
		if bytes.Contains(f.Content, []byte(canary)) {
			t.Errorf("%s contains the client secret", f.Name)
		}
	}
	p := parse(t, res)
	if bad := undocumented(t, p.blocks); len(bad) > 0 {
		t.Errorf("not in the provider's docs:\n  %s", strings.Join(bad, "\n  "))
	}
	// Every resource has exactly one import block, with the id the export reports.
	for _, r := range res.Resources {
		if p.imports[r.Address] != r.ImportID {
			t.Errorf("import of %s: %q, reported %q", r.Address, p.imports[r.Address], r.ImportID)
		}
	}
	if len(p.imports) != len(p.resources) {
		t.Errorf("%d import blocks for %d resources", len(p.imports), len(p.resources))
	}
	return res, p
}

// call sends one management API request as an admin would, past the okta package: the
// test's own view of the org. It fails the test unless Okta answers 2xx.
func (e *simOrg) call(t *testing.T, method, path string) []byte {
	t.Helper()
	req, _ := http.NewRequest(method, e.org.URL()+path, nil)
	req.Header.Set("Authorization", "SSWS "+e.org.AdminToken())
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %d %v", method, path, resp.StatusCode, err)
	}
	return body
}

// get reads the org's raw JSON, as real Okta would send it, independent of the okta package
// the export reads it with.
func (e *simOrg) get(t *testing.T, path string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(e.call(t, http.MethodGet, path), &v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return v
}

func (e *simOrg) client(t *testing.T) *okta.Client {
	t.Helper()
	return e.setup(t).Okta
}

// customProperties are the names of a schema's custom attributes.
func customProperties(schema any) []string {
	props, _ := simtest.At(schema, "definitions", "custom", "properties").(map[string]any)
	return slices.Sorted(maps.Keys(props))
}

func addresses(p *parsed, typ string) []string {
	var out []string
	for _, a := range p.order {
		if strings.HasPrefix(a, typ+".") {
			out = append(out, a)
		}
	}
	return out
}

func TestExportAfterAFullSetupMatchesTheOrg(t *testing.T) {
	e := startOrg(t)
	e.run(t, steps.All())
	res, p := e.export(t, Options{})

	// The IdP, against the org's own JSON.
	idps := e.get(t, "/api/v1/idps?type=OIDC").([]any)
	if len(idps) != 1 {
		t.Fatalf("%d IdPs in the org", len(idps))
	}
	raw := idps[0]
	idpID := simtest.Str(raw, "id")
	if got := p.imports["okta_idp_oidc.idme"]; got != idpID {
		t.Errorf("IdP import id %q, org has %q", got, idpID)
	}
	for attr, path := range map[string][]string{
		"name":                  {"name"},
		"status":                {"status"},
		"issuer_mode":           {"issuerMode"},
		"protocol_type":         {"protocol", "type"},
		"client_id":             {"protocol", "credentials", "client", "client_id"},
		"issuer_url":            {"protocol", "issuer", "url"},
		"authorization_url":     {"protocol", "endpoints", "authorization", "url"},
		"authorization_binding": {"protocol", "endpoints", "authorization", "binding"},
		"token_url":             {"protocol", "endpoints", "token", "url"},
		"token_binding":         {"protocol", "endpoints", "token", "binding"},
		"jwks_url":              {"protocol", "endpoints", "jwks", "url"},
		"jwks_binding":          {"protocol", "endpoints", "jwks", "binding"},
		"username_template":     {"policy", "subject", "userNameTemplate", "template"},
		"subject_match_type":    {"policy", "subject", "matchType"},
		"account_link_action":   {"policy", "accountLink", "action"},
		"provisioning_action":   {"policy", "provisioning", "action"},
		"groups_action":         {"policy", "provisioning", "groups", "action"},
		"deprovisioned_action":  {"policy", "provisioning", "conditions", "deprovisioned", "action"},
		"suspended_action":      {"policy", "provisioning", "conditions", "suspended", "action"},
	} {
		want := simtest.Str(raw, path...)
		if want == "" {
			t.Errorf("the org's IdP has no %s: the test reads the wrong path", strings.Join(path, "."))
		}
		if got := p.str(t, "okta_idp_oidc.idme", attr); got != want {
			t.Errorf("okta_idp_oidc %s = %q, the org has %q", attr, got, want)
		}
	}
	idp := p.resources["okta_idp_oidc.idme"].Body.Attributes
	if got := literal(t, idp["scopes"]).AsValueSlice(); len(got) != 2 || got[0].AsString() != "openid" || got[1].AsString() != "teacher" {
		t.Errorf("scopes = %#v", got)
	}
	if !literal(t, idp["profile_master"]).True() {
		t.Error("profile_master is not true")
	}
	if idp["user_info_url"] != nil {
		t.Error("a userinfo endpoint is written; the setup has none")
	}
	// The setup asks for no signed request objects (scope NONE); the export says so rather
	// than leave the provider's default (REQUEST) to apply.
	if p.str(t, "okta_idp_oidc.idme", "request_signature_scope") != "NONE" {
		t.Error(`request_signature_scope must be written as "NONE"`)
	}

	// The IdP profile's custom attributes: every one, imported as <idp id>/<name>.
	idpSchema := e.get(t, "/api/v1/meta/schemas/apps/"+idpID+"/default")
	var gotIdPAttrs []string
	for _, addr := range addresses(p, typeIdPAttr) {
		name := p.str(t, addr, "index")
		gotIdPAttrs = append(gotIdPAttrs, name)
		if p.imports[addr] != idpID+"/"+name {
			t.Errorf("%s import id %q", addr, p.imports[addr])
		}
		want := simtest.Str(idpSchema, "definitions", "custom", "properties", name, "externalName")
		if got := p.str(t, addr, "external_name"); got != want || got == "" {
			t.Errorf("%s external_name = %q, the org has %q", addr, got, want)
		}
		if got := traversal(t, p.resources[addr].Body.Attributes["app_id"]); got != "okta_idp_oidc.idme.id" {
			t.Errorf("%s app_id = %s", addr, got)
		}
	}
	slices.Sort(gotIdPAttrs)
	if want := customProperties(idpSchema); !slices.Equal(gotIdPAttrs, want) || len(want) == 0 {
		t.Errorf("IdP attributes %v, the org's IdP profile has %v", gotIdPAttrs, want)
	}

	// The custom user attributes: those of the setup, imported by name.
	userSchema := e.get(t, "/api/v1/meta/schemas/user/default")
	var gotUser []string
	for _, addr := range addresses(p, typeUserAttr) {
		name := p.str(t, addr, "index")
		gotUser = append(gotUser, name)
		if p.imports[addr] != name {
			t.Errorf("%s import id %q", addr, p.imports[addr])
		}
		if want := simtest.Str(userSchema, "definitions", "custom", "properties", name, "title"); p.str(t, addr, "title") != want {
			t.Errorf("%s title %q, org %q", addr, p.str(t, addr, "title"), want)
		}
	}
	slices.Sort(gotUser)
	if want := customProperties(userSchema); !slices.Equal(gotUser, want) || len(want) == 0 {
		t.Errorf("user attributes %v, the org has %v", gotUser, want)
	}

	// The mapping: every row, as the org has it.
	list := e.get(t, "/api/v1/mappings?sourceId="+idpID).([]any)
	var mappingID string
	for _, m := range list {
		if simtest.Str(m, "target", "type") == "user" && simtest.Str(m, "target", "name") == "user" {
			mappingID = simtest.Str(m, "id")
		}
	}
	if mappingID == "" {
		t.Fatalf("no mapping to the default user type in %v", list)
	}
	if got := p.imports["okta_profile_mapping.idme"]; got != mappingID {
		t.Errorf("mapping import id %q, org %q", got, mappingID)
	}
	mapping := e.get(t, "/api/v1/mappings/"+mappingID)
	wantRows, _ := simtest.At(mapping, "properties").(map[string]any)
	rows := map[string]string{}
	for _, b := range p.resources["okta_profile_mapping.idme"].Body.Blocks {
		if b.Type == "mappings" {
			rows[literal(t, b.Body.Attributes["id"]).AsString()] = literal(t, b.Body.Attributes["expression"]).AsString() +
				" " + literal(t, b.Body.Attributes["push_status"]).AsString()
		}
	}
	if len(rows) != len(wantRows) {
		t.Errorf("%d mapping rows written, the org has %d", len(rows), len(wantRows))
	}
	for k, v := range wantRows {
		if want := simtest.Str(v, "expression") + " " + simtest.Str(v, "pushStatus"); rows[k] != want {
			t.Errorf("mapping row %s = %q, org %q", k, rows[k], want)
		}
	}
	if got := p.str(t, "okta_profile_mapping.idme", "target_id"); got != simtest.Str(mapping, "target", "id") {
		t.Errorf("target_id %q", got)
	}

	// The routing rule.
	policies := e.get(t, "/api/v1/policies?type=IDP_DISCOVERY").([]any)
	policyID := simtest.Str(policies[0], "id")
	var rule any
	for _, r := range e.get(t, "/api/v1/policies/"+policyID+"/rules").([]any) {
		if simtest.Str(r, "name") == steps.DefaultRuleName {
			rule = r
		}
	}
	if got, want := p.imports["okta_policy_rule_idp_discovery.idme"], policyID+"/"+simtest.Str(rule, "id"); got != want {
		t.Errorf("rule import id %q, want %q", got, want)
	}
	if got := p.str(t, "okta_policy_rule_idp_discovery.idme", "status"); got != "ACTIVE" {
		t.Errorf("rule status %q", got)
	}

	// No test app unless asked; the files are the expected ones.
	if len(addresses(p, typeApp)) != 0 {
		t.Error("the test app was exported without being asked for")
	}
	var names []string
	for _, f := range res.Files {
		names = append(names, f.Name)
	}
	if want := []string{FileMain, FileVariables, FileIdentityProv, FileUserAttributes, FileMapping, FileRoutingRule, FileImports}; !slices.Equal(names, want) {
		t.Errorf("files %v, want %v", names, want)
	}
}

func TestExportWithTheTestApp(t *testing.T) {
	e := startOrg(t)
	e.run(t, steps.All())
	_, p := e.export(t, Options{TestApp: true})
	apps := e.get(t, "/api/v1/apps?q="+strings.ReplaceAll(steps.DefaultTestAppLabel, " ", "%20")).([]any)
	if len(apps) != 1 {
		t.Fatalf("%d test apps", len(apps))
	}
	appID := simtest.Str(apps[0], "id")
	if got := p.imports["okta_app_oauth.idme_test"]; got != appID {
		t.Errorf("app import id %q, org %q", got, appID)
	}
	for attr, path := range map[string][]string{
		"label":                      {"label"},
		"type":                       {"settings", "oauthClient", "application_type"},
		"token_endpoint_auth_method": {"credentials", "oauthClient", "token_endpoint_auth_method"},
		"issuer_mode":                {"settings", "oauthClient", "issuer_mode"},
	} {
		if got, want := p.str(t, "okta_app_oauth.idme_test", attr), simtest.Str(apps[0], path...); got != want {
			t.Errorf("okta_app_oauth %s = %q, org %q", attr, got, want)
		}
	}
	groups := e.get(t, "/api/v1/apps/"+appID+"/groups").([]any)
	if len(groups) != 1 {
		t.Fatalf("%d groups assigned", len(groups))
	}
	if got, want := p.imports["okta_app_group_assignment.idme_test"], appID+"/"+simtest.Str(groups[0], "id"); got != want {
		t.Errorf("assignment import id %q, want %q", got, want)
	}
}

// After a setup that stopped after the IdP, the export holds the IdP and the mapping Okta
// made with it, and nothing that does not exist.
func TestExportAfterAPartialSetup(t *testing.T) {
	e := startOrg(t)
	e.run(t, []steps.Step{steps.Connect(), steps.IdentityProvider()})
	res, p := e.export(t, Options{TestApp: true})
	if got := strings.Join(p.order, " "); got != "okta_idp_oidc.idme okta_profile_mapping.idme" {
		t.Errorf("resources: %s", got)
	}
	for _, f := range res.Files {
		if f.Name == FileRoutingRule || f.Name == FileUserAttributes || f.Name == FileTestApp {
			t.Errorf("%s written for objects that do not exist", f.Name)
		}
	}
	if dep := p.resources["okta_profile_mapping.idme"].Body.Attributes["depends_on"]; dep != nil {
		t.Error("the mapping depends on attributes that were not exported")
	}
}

// A rule made by the setup is exported even when the IdP it points at is gone.
func TestExportWithoutTheIdP(t *testing.T) {
	e := startOrg(t)
	e.run(t, steps.All())
	c := e.client(t)
	idps, err := c.FindIdPsByName(context.Background(), steps.DefaultIdPName)
	if err != nil || len(idps) != 1 {
		t.Fatal(idps, err)
	}
	deleteIdP(t, e, idps[0].ID)
	_, p := e.export(t, Options{})
	if p.resources["okta_idp_oidc.idme"] != nil || p.resources["okta_profile_mapping.idme"] != nil {
		t.Error("an IdP that is gone was exported")
	}
	var ids []string
	for _, b := range p.resources["okta_policy_rule_idp_discovery.idme"].Body.Blocks {
		if a := b.Body.Attributes["id"]; b.Type == "idp_providers" && a != nil {
			ids = append(ids, literal(t, a).AsString())
		}
	}
	if !slices.Equal(ids, []string{idps[0].ID}) {
		t.Errorf("the rule's provider ids %v: want the literal id %s (there is no resource to refer to)", ids, idps[0].ID)
	}
	if p.files[FileVariables] != nil {
		t.Error("a secret variable without an IdP")
	}
}

func deleteIdP(t *testing.T, e *simOrg, id string) {
	t.Helper()
	e.call(t, http.MethodPost, "/api/v1/idps/"+id+"/lifecycle/deactivate")
	e.call(t, http.MethodDelete, "/api/v1/idps/"+id)
}

// Objects an admin made by hand are left out, except what belongs to the setup's own IdP
// (its profile attributes, its mapping rows): those are the IdP's, whoever made them.
func TestExportWithHandMadeObjects(t *testing.T) {
	e := startOrg(t)
	e.run(t, steps.All())
	ctx := context.Background()
	c := e.client(t)
	idps, _ := c.FindIdPsByName(ctx, steps.DefaultIdPName)
	ours := idps[0].ID
	a := e.answers()
	ep := a.Endpoints()
	if _, err := c.CreateIdP(ctx, okta.IdP{Name: "Okta-to-Okta", Scopes: []string{"openid"}, ClientID: "other",
		ClientSecret: "other-secret", IssuerURL: "https://other.example/", AuthorizationURL: ep.Authorization,
		TokenURL: ep.Token, JWKSURL: ep.JWKS}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddUserAttributes(ctx, []okta.Attribute{{Name: "employee_badge", Type: "string"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddIdPAttributes(ctx, ours, []okta.Attribute{{Name: "admin_extra", Type: "string"}}); err != nil {
		t.Fatal(err)
	}
	typeID, _ := c.DefaultUserTypeID(ctx)
	m, err := c.FindMapping(ctx, ours, typeID)
	if err != nil || m == nil {
		t.Fatalf("mapping: %v %v", m, err)
	}
	if _, err := c.UpdateMapping(ctx, m.ID, map[string]okta.MappingProperty{"nickName": {Expression: `"by hand"`, PushStatus: "DONT_PUSH"}}, nil); err != nil {
		t.Fatal(err)
	}
	policy, _ := c.IDPDiscoveryPolicy(ctx)
	if _, err := c.CreateRule(ctx, policy.ID, okta.Rule{Name: "Admin rule", Providers: []okta.Provider{{Type: "OKTA"}}}, true); err != nil {
		t.Fatal(err)
	}

	_, p := e.export(t, Options{})
	if n := len(addresses(p, typeIdP)); n != 1 || p.imports["okta_idp_oidc.idme"] != ours {
		t.Errorf("%d IdPs exported (import %s), want only %s", n, p.imports["okta_idp_oidc.idme"], ours)
	}
	if n := len(addresses(p, typeRule)); n != 1 || p.str(t, "okta_policy_rule_idp_discovery.idme", "name") != steps.DefaultRuleName {
		t.Errorf("%d rules exported", n)
	}
	for _, addr := range addresses(p, typeUserAttr) {
		if p.str(t, addr, "index") == "employee_badge" {
			t.Error("an admin's user attribute was exported")
		}
	}
	found := false
	for _, addr := range addresses(p, typeIdPAttr) {
		found = found || p.str(t, addr, "index") == "admin_extra"
	}
	if !found {
		t.Error("a custom attribute of the setup's IdP profile was left out")
	}
	row := ""
	for _, b := range p.resources["okta_profile_mapping.idme"].Body.Blocks {
		if b.Type == "mappings" && literal(t, b.Body.Attributes["id"]).AsString() == "nickName" {
			row = literal(t, b.Body.Attributes["expression"]).AsString() + " " + literal(t, b.Body.Attributes["push_status"]).AsString()
		}
	}
	if row != `"by hand" DONT_PUSH` {
		t.Errorf("the admin's mapping row reads %q", row)
	}
}

// An IdP made by hand for the setup's ID.me client, never touched by idme-okta (no progress
// file), is what `apply` would adopt, so it is what the export writes.
func TestExportAdoptsByName(t *testing.T) {
	e := startOrg(t)
	a := e.answers()
	ep := a.Endpoints()
	made, err := e.client(t).CreateIdP(context.Background(), okta.IdP{Name: steps.DefaultIdPName, Scopes: []string{"openid", "profile"},
		ClientID: a.IDmeClientID, ClientSecret: canary, IssuerURL: ep.Issuer, AuthorizationURL: ep.Authorization, TokenURL: ep.Token, JWKSURL: ep.JWKS,
		UserInfoURL: "https://api.idmelabs.com/api/public/v3/userinfo"})
	if err != nil {
		t.Fatal(err)
	}
	res, p := e.export(t, Options{})
	if p.imports["okta_idp_oidc.idme"] != made.ID {
		t.Errorf("import id %q, want %s", p.imports["okta_idp_oidc.idme"], made.ID)
	}
	// Exactly as it is, drift included: scopes, the userinfo endpoint.
	if got := p.str(t, "okta_idp_oidc.idme", "client_id"); got != a.IDmeClientID {
		t.Errorf("client_id %q", got)
	}
	if got := p.str(t, "okta_idp_oidc.idme", "user_info_url"); got == "" {
		t.Error("the userinfo endpoint was left out")
	}
	noted := false
	for _, n := range res.Notes {
		noted = noted || strings.Contains(n, "userinfo")
	}
	if !noted {
		t.Errorf("no note about the userinfo endpoint: %q", res.Notes)
	}
}

func TestExportOfAnEmptyOrg(t *testing.T) {
	e := startOrg(t)
	before := simtest.Writes(e.org)
	_, err := Export(context.Background(), e.setup(t), Options{TestApp: true})
	if !errors.Is(err, ErrNothingToExport) {
		t.Errorf("err = %v, want ErrNothingToExport", err)
	}
	if simtest.Writes(e.org) != before {
		t.Error("the export wrote to Okta")
	}
}

// birth_date as an older idme-okta added it to every setup is the setup's and exported; a
// hand-made transaction_ial (another title) is not.
func TestExportAttributesAnOlderVersionAdded(t *testing.T) {
	e := startOrg(t)
	e.run(t, steps.All())
	if _, err := e.client(t).AddUserAttributes(context.Background(), []okta.Attribute{
		{Name: "birth_date", Title: "Birth date (YYYY-MM-DD)", Type: "string"},
		{Name: "transaction_ial", Title: "IAL", Type: "string"},
	}); err != nil {
		t.Fatal(err)
	}
	_, p := e.export(t, Options{})
	var names []string
	for _, addr := range addresses(p, typeUserAttr) {
		names = append(names, p.str(t, addr, "index"))
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"birth_date", "idme_uuid"}) {
		t.Errorf("user attributes exported: %v, want idme_uuid and the older version's birth_date", names)
	}
}
