package steps

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// where are the objects of a snapshot (snap.IdPs, snap.Apps …) whose key has that value.
func where(objects []map[string]any, key, value string) []map[string]any {
	var out []map[string]any
	for _, o := range objects {
		if o[key] == value {
			out = append(out, o)
		}
	}
	return out
}

// mappingOf is the IdP → default user type mapping.
func mappingOf(t *testing.T, snap sim.Snapshot, idpID, typeID string) map[string]any {
	t.Helper()
	var found []map[string]any
	for _, m := range snap.Mappings {
		if simtest.Str(m, "source", "id") == idpID && simtest.Str(m, "target", "id") == typeID {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d mappings from %s to %s, want 1", len(found), idpID, typeID)
	}
	return found[0]
}

// assertOrgFollowsTheGuide checks the org's state field by field against the guide, and
// that there is exactly one of each object.
func assertOrgFollowsTheGuide(t *testing.T, e *simEnv, s *Setup) {
	t.Helper()
	a := s.Answers
	snap := e.org.Snapshot()

	idps := where(snap.IdPs, "name", a.IdPName)
	if len(idps) != 1 || len(snap.IdPs) != 1 {
		t.Fatalf("%d IdPs named %q (%d in all), want exactly 1", len(idps), a.IdPName, len(snap.IdPs))
	}
	idp := idps[0]
	base := a.IDmeBaseURL
	secret := e.storedSecret
	if secret == "" {
		secret = testClientSecret
	}
	for path, want := range map[string]any{
		"type":                                 "OIDC",
		"status":                               "ACTIVE",
		"protocol.type":                        "OIDC",
		"protocol.issuer.url":                  base + "oidc",
		"protocol.endpoints.authorization.url": base + "oauth/authorize",
		"protocol.endpoints.authorization.binding":        "HTTP-REDIRECT",
		"protocol.endpoints.token.url":                    base + "oauth/token",
		"protocol.endpoints.token.binding":                "HTTP-POST",
		"protocol.endpoints.jwks.url":                     base + "oidc/.well-known/jwks",
		"protocol.credentials.client.client_id":           a.IDmeClientID,
		"policy.subject.userNameTemplate.template":        "idpuser.email",
		"policy.subject.matchType":                        "USERNAME_OR_EMAIL",
		"policy.accountLink.action":                       "AUTO",
		"policy.provisioning.action":                      "AUTO",
		"policy.provisioning.profileMaster":               true,
		"issuerMode":                                      "ORG_URL",
		"policy.provisioning.groups.action":               "NONE",
		"policy.provisioning.conditions.suspended.action": "NONE",
		"protocol.algorithms.request.signature.scope":     "NONE",
	} {
		if got := simtest.At(idp, strings.Split(path, ".")...); got != want {
			t.Errorf("IdP %s = %v, want %v", path, got, want)
		}
	}
	simtest.CheckSecret(t, "IdP protocol.credentials.client.client_secret", simtest.At(idp, "protocol", "credentials", "client", "client_secret"), secret)
	if got := fmt.Sprint(simtest.At(idp, "protocol", "scopes")); got != "[openid teacher]" {
		t.Errorf("IdP scopes = %s, want exactly [openid teacher]", got)
	}
	if ui := simtest.At(idp, "protocol", "endpoints", "userInfo"); ui != nil {
		t.Errorf("IdP has a userInfo endpoint %v; ID.me needs none", ui)
	}
	idpID := idp["id"].(string)
	if k := s.Known(); k.IdPID != idpID || k.RedirectURI != simtest.Str(idp, "_links", "clientRedirectUri", "href") || k.RedirectURI == "" {
		t.Errorf("recorded IdP %s / %s, org has %s / %s", k.IdPID, k.RedirectURI, idpID, simtest.Str(idp, "_links", "clientRedirectUri", "href"))
	}

	for _, name := range []string{"idme_uuid"} {
		if typ := simtest.Str(snap.UserSchemaCustom, name, "type"); typ != "string" {
			t.Errorf("custom user attribute %s: type %q, want string", name, typ)
		}
	}
	if title := simtest.Str(snap.UserSchemaCustom, "idme_uuid", "title"); title != "ID.me UUID" {
		t.Errorf("idme_uuid title = %q, want the catalogue's", title)
	}
	if n := len(snap.UserSchemaCustom); n != 1 {
		t.Errorf("%d custom user attributes, want 1 (the guide's table fills idme_uuid only): %v", n, reflect.ValueOf(snap.UserSchemaCustom).MapKeys())
	}

	idpSchema := snap.IdPSchemas[idpID]
	wantIdPAttrs := []string{"uuid", "fname", "lname", "mname", "phone", "street", "city", "state", "zip"}
	for _, claim := range wantIdPAttrs {
		if got := simtest.Str(idpSchema, claim, "externalName"); got != claim {
			t.Errorf("IdP attribute %s: externalName %q, want %q", claim, got, claim)
		}
		if got := simtest.Str(idpSchema, claim, "scope"); got != "NONE" {
			t.Errorf("IdP attribute %s: scope %q, want NONE", claim, got)
		}
	}
	if len(idpSchema) != len(wantIdPAttrs) {
		t.Errorf("IdP custom attributes = %d, want %d", len(idpSchema), len(wantIdPAttrs))
	}

	m := mappingOf(t, snap, idpID, s.Known().UserTypeID)
	for _, row := range a.Mappings {
		p := simtest.At(m, "properties", row.Attribute)
		if simtest.Str(p, "expression") != row.Expression() || simtest.Str(p, "pushStatus") != "PUSH" {
			t.Errorf("mapping row %s = %v, want %s PUSH", row.Attribute, p, row.Expression())
		}
	}

	rules := where(snap.Rules, "name", a.RuleName)
	if len(rules) != 1 {
		t.Fatalf("%d routing rules named %q, want 1", len(rules), a.RuleName)
	}
	r := rules[0]
	if r["status"] != "ACTIVE" || fmt.Sprint(r["priority"]) != "1" {
		t.Errorf("rule status %v priority %v, want ACTIVE at 1", r["status"], r["priority"])
	}
	if got, want := fmt.Sprint(simtest.At(r, "actions", "idp", "providers")), fmt.Sprintf("[map[type:OKTA] map[id:%s type:OIDC]]", idpID); got != want {
		t.Errorf("rule providers = %s, want %s", got, want)
	}
	if simtest.Str(r, "actions", "idp", "idpSelectionType") != "SPECIFIC" || simtest.Str(r, "conditions", "network", "connection") != "ANYWHERE" {
		t.Errorf("rule selection/network = %v", r)
	}

	apps := where(snap.Apps, "label", a.TestAppLabel)
	if len(apps) != 1 {
		t.Fatalf("%d apps labelled %q, want 1", len(apps), a.TestAppLabel)
	}
	app := apps[0]
	for path, want := range map[string]any{
		"name":       "oidc_client",
		"status":     "ACTIVE",
		"signOnMode": "OPENID_CONNECT",
		"credentials.oauthClient.token_endpoint_auth_method": "none",
		"settings.oauthClient.application_type":              "browser",
	} {
		if got := simtest.At(app, strings.Split(path, ".")...); got != want {
			t.Errorf("test app %s = %v, want %v", path, got, want)
		}
	}
	if got, want := fmt.Sprint(simtest.At(app, "settings", "oauthClient", "redirect_uris")), "["+CallbackURI(a.CallbackPort)+"]"; got != want {
		t.Errorf("test app redirect URIs = %s, want %s", got, want)
	}
	if got := fmt.Sprint(simtest.At(app, "settings", "oauthClient", "grant_types")); got != "[authorization_code implicit]" {
		t.Errorf("test app grant types = %s", got)
	}
	if groups := snap.AppGroupAssignments[simtest.Str(app, "id")]; len(groups) != 1 {
		t.Errorf("test app group assignments = %v, want Everyone only", groups)
	}

	sheet, err := os.ReadFile(HandoffPath(e.statePath))
	if err != nil {
		t.Fatalf("handoff sheet: %v", err)
	}
	for _, want := range []string{s.Known().RedirectURI, "`teacher`", "`openid teacher`", idpID, a.IDmeClientID, e.org.URL()} {
		if !strings.Contains(string(sheet), want) {
			t.Errorf("handoff sheet lacks %q:\n%s", want, sheet)
		}
	}
}

func TestFreshOrgConvergesToTheGuideAndASecondRunWritesNothing(t *testing.T) {
	e := startSim(t)
	s := e.setup(t)
	e.run(t, s, RunOptions{})

	got := writes(e.org)
	if want := guideWrites(e, s.Known()); !reflect.DeepEqual(got, want) {
		t.Errorf("writes of a fresh run:%s\nwant one per object:%s", joinLines(got), joinLines(want))
	}
	assertOrgFollowsTheGuide(t, e, s)

	p, err := LoadProgress(e.statePath)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range All() {
		if p.Steps[st.ID()].Status != StatusDone {
			t.Errorf("progress file: step %s is %q, want done", st.ID(), p.Steps[st.ID()].Status)
		}
	}
	if !reflect.DeepEqual(p.Objects, s.Known()) {
		t.Errorf("progress objects %+v, setup knows %+v", p.Objects, s.Known())
	}

	// A new process, resuming: nothing to write, everything done.
	e.org.ResetRequests()
	again := e.setup(t)
	e.run(t, again, RunOptions{})
	if w := writes(e.org); len(w) != 0 {
		t.Errorf("second run wrote:%s", joinLines(w))
	}
	for _, o := range CheckAll(context.Background(), again, All()) {
		if o.Err != nil || o.Report.Status != StatusDone || len(o.Report.Changes) != 0 {
			t.Errorf("%s after convergence: %s %q %v (changes %v)", o.Step.ID(), o.Report.Status, o.Report.Detail, o.Err, o.Report.Changes)
		}
	}
	assertOrgFollowsTheGuide(t, e, again)
}
