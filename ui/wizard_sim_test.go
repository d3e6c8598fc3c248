package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
)

// The whole wizard, driven by keystrokes against the simulated org, from welcome to summary:
// the org ends up holding exactly the guide's objects.
func TestWizardAgainstSimFollowsTheGuide(t *testing.T) {
	w := startSimWorld(t)
	// Wide enough that the handoff file's path is drawn on one line.
	d := drive(t, New(w.options(t)), 130, 30, w.org.AdminToken(), canaryClientSecret)
	w.wizardToSummary(t, d)
	d.enter()
	m := d.final()
	if !m.Finished() {
		t.Fatal("the wizard did not finish")
	}

	snap := w.org.Snapshot()
	if len(snap.IdPs) != 1 {
		t.Fatalf("%d identity providers, want exactly 1", len(snap.IdPs))
	}
	idp := snap.IdPs[0]
	base := w.idme.BaseURL()
	for path, want := range map[string]string{
		"name":                                     steps.DefaultIdPName,
		"type":                                     "OIDC",
		"status":                                   "ACTIVE",
		"protocol/issuer/url":                      base + "oidc",
		"protocol/endpoints/authorization/url":     base + "oauth/authorize",
		"protocol/endpoints/token/url":             base + "oauth/token",
		"protocol/endpoints/jwks/url":              base + "oidc/.well-known/jwks",
		"protocol/credentials/client/client_id":    idmeClientID,
		"policy/subject/userNameTemplate/template": "idpuser.email",
		"policy/subject/matchType":                 "USERNAME_OR_EMAIL",
		"policy/accountLink/action":                "AUTO",
		"policy/provisioning/action":               "AUTO",
	} {
		if got := simtest.Str(idp, strings.Split(path, "/")...); got != want {
			t.Errorf("IdP %s = %q, want %q", path, got, want)
		}
	}
	if got := simtest.At(idp, "protocol", "endpoints", "userInfo"); got != nil {
		t.Errorf("IdP has a userinfo endpoint %v: the guide leaves it blank", got)
	}
	if got := simtest.At(idp, "protocol", "scopes"); !slices.Equal(toStrings(got), []string{"openid", policyHandle}) {
		t.Errorf("IdP scopes = %v, want [openid %s]", got, policyHandle)
	}
	if simtest.At(snap.UserSchemaCustom, "idme_uuid") == nil {
		t.Error("custom user attribute idme_uuid missing")
	}
	for _, attr := range []string{"birth_date", "transaction_ial"} {
		if simtest.At(snap.UserSchemaCustom, attr) != nil {
			t.Errorf("custom user attribute %s added although no row of the table fills it", attr)
		}
	}
	if len(snap.Mappings) == 0 {
		t.Fatal("no profile mappings")
	}
	idpID := simtest.Str(idp, "id")
	var mapping map[string]any
	typeID := m.sess.setup().Known().UserTypeID
	for _, mp := range snap.Mappings {
		if simtest.Str(mp, "source", "id") == idpID && simtest.Str(mp, "target", "id") == typeID {
			if mapping != nil {
				t.Fatalf("two mappings from the IdP to user type %s", typeID)
			}
			mapping = mp
		}
	}
	for _, row := range steps.DefaultMappings() {
		if got := simtest.Str(mapping, "properties", row.Attribute, "expression"); got != row.Expression() {
			t.Errorf("mapping %s = %q, want %q", row.Attribute, got, row.Expression())
		}
	}
	var rules []map[string]any
	for _, r := range snap.Rules {
		if r["name"] == steps.DefaultRuleName {
			rules = append(rules, r)
		}
	}
	if len(rules) != 1 || rules[0]["status"] != "ACTIVE" {
		t.Fatalf("routing rules named %q: %v, want one ACTIVE", steps.DefaultRuleName, rules)
	}

	sheetFile := m.sess.setup().HandoffFile()
	sheet, err := os.ReadFile(sheetFile)
	if err != nil {
		t.Fatalf("handoff file: %v", err)
	}
	redirect := w.org.URL() + "/oauth2/v1/authorize/callback"
	if !strings.Contains(string(sheet), redirect) {
		t.Errorf("handoff file does not hold the redirect URI %s", redirect)
	}
	copies := w.copies.all()
	if len(copies) != 1 || !strings.Contains(copies[0], redirect) || !strings.Contains(copies[0], policyHandle) {
		t.Errorf("clipboard got %d texts; want the one sheet with the redirect URI", len(copies))
	}
	// The path has a line of its own, broken only after a separator: its file name is whole.
	if txt := d.text(); !strings.Contains(txt, "Saved to this file:") || !strings.Contains(txt, filepath.Base(sheetFile)) {
		t.Error("the screen never said where the handoff file is")
	}
	if !strings.Contains(summaryText(m.sess, plainStyles(), 200), sheetFile) {
		t.Error("the summary does not name the handoff file")
	}

	progress, err := os.ReadFile(w.statePath)
	if err != nil {
		t.Fatal(err)
	}
	noSecretsIn(t, "the progress file", string(progress), w.org.AdminToken(), canaryClientSecret)
	noSecretsIn(t, "the handoff file", string(sheet), w.org.AdminToken(), canaryClientSecret)
	noSecretsIn(t, "the screen", d.text(), w.org.AdminToken(), canaryClientSecret)
}

func toStrings(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}
