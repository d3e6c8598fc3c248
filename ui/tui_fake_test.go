package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
)

// fakeWorld is a wizard over fake steps: the screens and the flow, without Okta.
type fakeWorld struct {
	connect, idp, attrs *fakeStep
	opts                Options
	copies              *recordingCopy
}

func newFakeWorld(t *testing.T) *fakeWorld {
	w := &fakeWorld{
		connect: &fakeStep{id: steps.IDConnect, title: "Connect to Okta", facts: steps.Facts{Page: steps.PageConnect}, report: steps.Report{Status: steps.StatusDone, Detail: "signed in as admin@example.com"}},
		idp: &fakeStep{id: steps.IDIdentityProvider, title: "Create the ID.me identity provider", facts: steps.Facts{ShortTitle: "Identity provider", KeepsClientSecret: true},
			report: missing("no identity provider named ID.me IdP - OIDC", steps.Change{Action: "create", Object: `identity provider "ID.me IdP - OIDC"`, Details: []string{"scopes: openid teacher"}}),
			result: steps.Result{Detail: "identity provider created", Objects: []steps.Object{{Kind: "identity provider", Name: "ID.me IdP - OIDC", ID: "0oaFAKE1"}}, Writes: 1}},
		attrs: &fakeStep{id: steps.IDUserAttributes, title: "Add ID.me attributes to the Okta user profile", facts: steps.Facts{ShortTitle: "User attributes"},
			report: missing("2 attributes missing", steps.Change{Action: "add", Object: "user attributes", Details: []string{"idme_uuid (string)", "birth_date (string)"}}),
			result: steps.Result{Detail: "2 attributes added", Writes: 1}},
		copies: &recordingCopy{},
	}
	setup := steps.NewSetup(nil, steps.DefaultAnswers(), steps.Secrets{}, steps.Objects{})
	setup.StatePath = filepath.Join(t.TempDir(), "org.json")
	w.opts = Options{
		Setup:   setup,
		Steps:   []steps.Step{w.connect, w.idp, w.attrs},
		Dial:    fakeDial,
		Copy:    w.copies.copy,
		Version: "test",
	}
	return w
}

// connectAndSettings drives welcome, connect and settings with the given secrets.
func connectAndSettings(d *driver, token, secret string) {
	d.waitFor("Nothing is written to your Okta org before you confirm it")
	d.enter()
	d.waitFocus("Okta org URL")
	d.typeText("dev-123-admin.okta.com")
	d.waitFor("Org: https://dev-123.okta.com", "that is the Admin Console")
	connectKeys(d, "", token)
	idmeSettingsKeys(d, "client-1", secret, "teacher")
}

func TestFakeFlowWelcomeToSummary(t *testing.T) {
	w := newFakeWorld(t)
	const token, secret = "canary-token-51f0", "canary-secret-9a2e"
	d := drive(t, New(w.opts), 100, 30, token, secret)
	connectAndSettings(d, token, secret)

	d.waitFor("What will be written to Okta", `Create identity provider "ID.me IdP - OIDC"`, "scopes: openid teacher")
	d.enter() // Apply has the focus
	d.waitFor("identity provider created", "0oaFAKE1", "Okta writes: 1")
	d.enter()
	d.waitFor("idme_uuid (string)")
	d.press('s') // skip the attributes
	d.waitFor("Summary", "Left to do", "User attributes", "skipped")
	d.enter()
	m := d.final()

	if !m.Finished() || m.Aborted() {
		t.Fatalf("finished=%v aborted=%v, want a finished run", m.Finished(), m.Aborted())
	}
	if w.idp.appliedCount() != 1 || w.attrs.appliedCount() != 0 {
		t.Errorf("applied idp %d times, attributes %d times; want 1 and 0", w.idp.appliedCount(), w.attrs.appliedCount())
	}
	a := m.sess.setup().Answers
	if a.OrgURL != "https://dev-123.okta.com" || a.IDmeClientID != "client-1" || a.PolicyHandle != "teacher" {
		t.Errorf("answers = %+v", a)
	}
	if s := m.sess.setup().Secrets; s.APIToken != token || s.IDmeClientSecret != secret {
		t.Error("the typed secrets did not reach the setup")
	}
	if txt := d.text(); strings.Contains(txt, token) || strings.Contains(txt, secret) {
		t.Error("a secret was drawn on the screen")
	}
}

func TestFakeFlowConnectErrorShowsOktaAnswerAndRetries(t *testing.T) {
	w := newFakeWorld(t)
	w.connect.checkErr = &okta.APIError{Op: "who am I", Status: 401, Code: "E0000011", Summary: "Invalid token provided", ErrorID: "oaeABC", Hint: "create a new token"}
	d := drive(t, New(w.opts), 80, 24)
	d.waitFor("Nothing is written")
	d.enter()
	connectKeys(d, "https://dev-1.okta.com", "bad")
	d.waitFor("E0000011", "Invalid token provided", "errorId oaeABC", "What to do:", "create a new token", "Nothing was written")

	w.connect.mu.Lock()
	w.connect.checkErr = nil
	w.connect.mu.Unlock()
	d.press('r')
	d.waitFocus("ID.me environment")
	d.key(tea.KeyCtrlC)
	m := d.final()
	if !m.Aborted() {
		t.Error("ctrl+c did not abort")
	}
}

func TestFakeFlowOverwriteNeedsSecondConfirmation(t *testing.T) {
	w := newFakeWorld(t)
	w.idp.report = steps.Report{Status: steps.StatusDrifted, Detail: "differs from the guide", Changes: []steps.Change{{
		Action: "replace", Object: `identity provider "ID.me IdP - OIDC"`, Overwrite: true,
		Details: []string{"userinfo endpoint: https://api.idmelabs.com/api/public/v3/userinfo → (none)"},
	}}}
	d := drive(t, New(w.opts), 100, 30)
	connectAndSettings(d, "tok", "sec")
	d.waitFor("replaces existing configuration", "userinfo endpoint")
	d.press('a')
	d.waitFor("These changes replace existing configuration in Okta")
	d.enter() // the default is Back
	d.waitFor("What will be written to Okta")
	if n := w.idp.appliedCount(); n != 0 {
		t.Fatalf("applied %d times after one confirmation, want 0", n)
	}
	d.press('a')
	d.waitFor("These changes replace existing configuration in Okta")
	d.press('y')
	d.waitFor("identity provider created")
	if n := w.idp.appliedCount(); n != 1 {
		t.Fatalf("applied %d times after two confirmations, want 1", n)
	}
	d.key(tea.KeyCtrlC)
	d.final()
}

func TestFakeFlowApplyErrorOffersRetry(t *testing.T) {
	w := newFakeWorld(t)
	w.idp.applyErr = errors.New("create identity provider: boom")
	d := drive(t, New(w.opts), 80, 24)
	connectAndSettings(d, "tok", "sec")
	d.waitFor("What will be written")
	d.press('a')
	d.waitFor("create identity provider: boom", "Retry")
	w.idp.mu.Lock()
	w.idp.applyErr = nil
	w.idp.mu.Unlock()
	d.press('r')
	d.waitFor("What will be written")
	d.press('a')
	d.waitFor("identity provider created")
	d.key(tea.KeyCtrlC)
	d.final()
}

// Keys typed faster than the screens change (a double Enter) never skip a step: a screen
// that has finished cannot move the flow again.
func TestFastKeysNeverSkipAStep(t *testing.T) {
	w := newFakeWorld(t)
	d := drive(t, New(w.opts), 100, 30)
	d.waitFor("Nothing is written")
	d.enter()
	connectKeys(d, "dev-1.okta.com", "tok")
	idmeSettingsKeys(d, "client-1", "sec", "teacher")
	d.enter() // one too many, at once
	d.enter()
	d.waitFor(`Create identity provider "ID.me IdP - OIDC"`)
	d.press('a')
	d.waitFor("identity provider created")
	d.enter() // Continue …
	d.enter() // … and again, at once
	d.waitFor("idme_uuid (string)")
	ctrlC(d)
	m := d.final()
	if s, ok := m.screen.(*stepScreen); !ok || s.task.Step != steps.Step(w.attrs) {
		t.Fatalf("the flow is on %T, want the user attributes step", m.screen)
	}
	if w.attrs.appliedCount() != 0 {
		t.Error("the attributes were applied by a stray Enter")
	}
}

// The plan's Quit button stops like q: nothing applied, progress saved.
func TestPlanQuitButton(t *testing.T) {
	w := newFakeWorld(t)
	d := drive(t, New(w.opts), 100, 30)
	connectAndSettings(d, "tok", "sec")
	d.waitFor("What will be written to Okta", "Quit")
	d.key(tea.KeyRight)
	d.key(tea.KeyRight)
	d.waitFor("[ Quit")
	d.enter()
	m := d.final()
	if !m.Aborted() || w.idp.appliedCount() != 0 {
		t.Errorf("aborted=%v applied=%d, want an abort with nothing applied", m.Aborted(), w.idp.appliedCount())
	}
	if _, err := os.Stat(w.opts.Setup.StatePath); err != nil {
		t.Errorf("progress not saved on quit: %v", err)
	}
}
