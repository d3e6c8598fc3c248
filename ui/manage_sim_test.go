package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/idme"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps/export/terraform"
)

// Issue 9 in the wizard: after connecting to an org where a setup exists, the day-two menu.

// setUp runs the wizard once to the end: the org holds the guide's objects and the
// progress file knows them.
func (w *simWorld) setUp(t *testing.T) {
	t.Helper()
	d := drive(t, New(w.options(t)), 130, 30, w.org.AdminToken(), canaryClientSecret)
	w.wizardToSummary(t, d)
	d.enter()
	if !d.final().Finished() {
		t.Fatal("the first run did not finish")
	}
}

// toManage drives a second run to the day-two menu: resume the progress file, connect.
func (w *simWorld) toManage(t *testing.T, d *driver) {
	t.Helper()
	script := w.fullRun(true)
	for _, sc := range script[:2] { // resume, connect
		sc.arrive(d)
		sc.act(d)
	}
	d.waitFor("Sign in with ID.me is set up here", "Resume the setup", "Export as Terraform")
}

// Doctor reads and shows its checks and the System Log's sign-ins, writing nothing; remove
// shows its plan, writes nothing until the yes, then takes the integration out and archives
// the progress file.
func TestWizardDoctorThenRemove(t *testing.T) {
	w := startSimWorld(t)
	w.setUp(t)
	before := w.writes()

	d := drive(t, New(w.optionsFromProgress(t)), 120, 60, w.org.AdminToken())
	w.toManage(t, d)
	d.press('d')
	d.waitFor("Doctor", "Identity Engine", "✓ ok   No userinfo endpoint is set", "ID.me sign-ins since", "Back to the menu")
	if got := w.writes() - before; got != 0 {
		t.Fatalf("doctor made %d writes", got)
	}
	d.press('b')
	d.waitFor("Sign in with ID.me is set up here")
	d.press('x')
	d.waitFor("What will be removed from Okta, in this order:", "deactivate and delete routing rule", "deactivate and delete identity provider", "The custom Okta user attributes stay", "Remove them")
	if got := w.writes() - before; got != 0 {
		t.Fatalf("%d writes before remove was confirmed", got)
	}
	d.press('y')
	d.waitFor("Removed:", "archived as")
	d.press('q')
	if m := d.final(); !m.Finished() {
		t.Error("quitting the day-two menu was taken for an interruption")
	}

	snap := w.org.Snapshot()
	if len(snap.IdPs) != 0 {
		t.Errorf("%d IdPs left after remove", len(snap.IdPs))
	}
	for _, r := range snap.Rules {
		if simtest.Str(r, "name") != "Default Rule" {
			t.Errorf("rule %q left after remove", simtest.Str(r, "name"))
		}
	}
	if simtest.At(snap.UserSchemaCustom, "idme_uuid") == nil {
		t.Error("the custom attribute holding users' data was removed without --attributes")
	}
	if _, err := os.Stat(w.statePath + ".removed"); err != nil {
		t.Errorf("the progress file was not archived: %v", err)
	}
}

// The accessible mode: status checks every step (read-only), export asks the directory,
// shows the files and resources, and writes HCL that parses once confirmed.
func TestAccessibleStatusThenExport(t *testing.T) {
	w := startSimWorld(t)
	w.setUp(t)
	before := w.writes()
	dir := filepath.Join(t.TempDir(), "tf")
	var out bytes.Buffer
	opts := w.optionsFromProgress(t)
	opts.Accessible = true
	opts.In = lines(
		"", "", "", w.org.AdminToken(), // resume; connect: the org, API token, the token
		"2", "1", // status; back to the menu
		"6", dir, "2", "1", // export: the directory; write the files; back
		"7", // quit
	)
	opts.Out = &out
	if err := Run(context.Background(), opts); err != nil {
		t.Errorf("Run = %v, want nil: quitting the day-two menu ends the run", err)
	}
	text := out.String()
	for _, want := range []string{
		"Sign in with ID.me is set up in " + w.org.URL(),
		"1. Resume the setup (default)",
		"Every step checked against Okta just now (read-only):",
		"Create the ID.me identity provider — done",
		"Files to write in " + dir + ":",
		"okta_idp_oidc.",
		"Write these files?",
		"Written:",
		"Done. Nothing was written that you did not confirm",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q\n%s", want, text)
		}
	}
	if escapeSequence.MatchString(text) {
		t.Error("the accessible output contains escape sequences")
	}
	if got := w.writes() - before; got != 0 {
		t.Errorf("status and export made %d Okta writes", got)
	}
	for _, name := range terraform.FileNames() {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			continue // a file the setup has nothing for
		}
		noSecretsIn(t, name, string(b), canaryClientSecret)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "identity_provider.tf")); err != nil || !strings.Contains(string(b), `resource "okta_idp_oidc"`) {
		t.Errorf("identity_provider.tf: %v\n%s", err, b)
	}
}

// Promote in the accessible mode, against a second ID.me stand-in playing production: the
// production client is asked (the secret never printed), the plan shows the identity
// provider's switch, nothing is written before the yes, and then the IdP is production's.
func TestAccessiblePromote(t *testing.T) {
	w := startSimWorld(t)
	w.setUp(t)
	const prodClient, prodSecret = "idme-client-prod-0002", "canary-prod-secret-9f1e"
	prod, err := idme.Start(idme.Options{Clients: []idme.Client{{ID: prodClient, Secret: prodSecret,
		RedirectURIs: []string{w.org.URL() + "/oauth2/v1/authorize/callback"}, Policies: []string{policyHandle}}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = prod.Close() })
	before := w.writes()

	var out bytes.Buffer
	opts := w.optionsFromProgress(t)
	opts.Accessible = true
	opts.In = lines(
		"", "", "", w.org.AdminToken(), // resume; connect
		"4", prodClient, prodSecret, "", prod.BaseURL(), // promote: client, secret, handle kept, production's base URL
		"1", // back: nothing written
		"4", prodClient, prodSecret, "", prod.BaseURL(),
		"2", // promote
		"1", "7",
	)
	opts.Out = &out
	_ = Run(context.Background(), opts)
	text := out.String()
	for _, want := range []string{"Production client ID", "Make these changes in Okta?", "Promoted to ID.me production."} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q\n%s", want, text)
		}
	}
	noSecretsIn(t, "the accessible output", text, prodSecret, canaryClientSecret)
	idp := w.theIdP(t)
	if got := simtest.Str(idp, "protocol", "credentials", "client", "client_id"); got != prodClient {
		t.Errorf("IdP client %q, want production's", got)
	}
	if got := simtest.Str(idp, "protocol", "issuer", "url"); !strings.HasPrefix(got, prod.BaseURL()) {
		t.Errorf("IdP issuer %q, want production's", got)
	}
	if got := w.writes() - before; got == 0 {
		t.Error("promote wrote nothing")
	}
}
