package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps"
)

// Connecting as an OAuth service app: client ID, key id and the private key's file; the key
// itself is never drawn.
func TestConnectAsServiceApp(t *testing.T) {
	w := startSimWorld(t)
	app := w.org.ServiceApp()
	keyFile := filepath.Join(t.TempDir(), "app.pem")
	if err := os.WriteFile(keyFile, app.PrivateKeyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	keyLine := strings.Split(strings.TrimSpace(string(app.PrivateKeyPEM)), "\n")[1] // a line of the key's body
	d := drive(t, New(w.options(t)), 100, 30, keyLine)
	d.waitFor("Nothing is written")
	d.enter()
	d.waitFocus("Okta org URL")
	d.typeText(w.org.URL())
	d.enter()
	d.waitFocus("Sign in to Okta with")
	d.key(tea.KeyDown)
	d.waitFor("> an OAuth 2.0 service app")
	d.enter()
	d.waitFocus("Service app client ID")
	d.typeText(app.ClientID)
	d.enter()
	d.waitFocus("Key ID (kid)")
	d.typeText(app.KeyID)
	d.enter()
	d.waitFocus("Private key file (PEM)")
	d.typeText(keyFile)
	d.enter()
	d.waitFor("┃ ID.me environment", "✓ Connect to Okta")
	ctrlC(d)
	m := d.final()
	a := m.sess.setup().Answers
	if a.AuthMethod != steps.AuthServiceApp || a.ServiceAppClientID != app.ClientID || a.PrivateKeyFile != keyFile {
		t.Errorf("answers = %+v", a)
	}
	b, err := os.ReadFile(w.statePath)
	if err != nil {
		t.Fatal(err)
	}
	noSecretsIn(t, "the progress file", string(b), keyLine)
	if w.writes() != 0 {
		t.Errorf("%d writes while connecting", w.writes())
	}
}

// "Copy again" copies again; "Later" on the JIT checklist leaves it for the summary's list.
func TestCopyAgainAndJITLater(t *testing.T) {
	w := startSimWorld(t)
	d := drive(t, New(w.options(t)), 100, 30, w.org.AdminToken(), canaryClientSecret)
	for _, sc := range w.fullRun(false) {
		sc.arrive(d)
		switch sc.name {
		case "handoff":
			waitUntil(t, func() bool { return len(w.copies.all()) == 1 })
			d.press('c')
			waitUntil(t, func() bool { return len(w.copies.all()) == 2 })
			d.enter()
		case steps.IDOrgChecklist:
			d.waitFor("It is on: record it")
			d.press('s')
		case "summary":
			d.waitFor("Turn on Just-In-Time provisioning")
			d.enter()
		default:
			sc.act(d)
		}
	}
	m := d.final()
	if c := w.copies.all(); len(c) != 2 || c[0] != c[1] {
		t.Errorf("copies: %d, want the same sheet twice", len(c))
	}
	if m.sess.setup().Answers.JITConfirmed {
		t.Error("JIT recorded as confirmed after Later")
	}
	if sum := summaryText(m.sess, plainStyles(), 200); !strings.Contains(sum, "– JIT provisioning — skipped") || !strings.Contains(sum, "Turn on Just-In-Time provisioning") {
		t.Errorf("the summary does not list the skipped checklist:\n%s", summaryText(m.sess, plainStyles(), 200))
	}
}
