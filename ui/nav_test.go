package ui

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps/flow"
)

// The bug: on the service app's fields, shift+tab from the first (empty) field blurred it
// and huh refused to leave the group (its field now has an error), so nothing had the focus
// and only ctrl+c got out. The field keeps the focus, with its error, and takes typing.
func TestShiftTabOnARefusedGroupKeepsTheFocus(t *testing.T) {
	w := newFakeWorld(t)
	d := drive(t, New(w.opts), 100, 30)
	d.waitFor("Nothing is written to your Okta org before you confirm it")
	d.enter()
	d.waitFocus("Okta org URL")
	d.typeText("dev-123.okta.com")
	d.enter()
	d.waitFocus("Sign in to Okta with")
	d.key(tea.KeyDown)
	d.enter()
	d.waitFocus("Service app client ID")
	d.key(tea.KeyShiftTab)
	d.waitFor("enter the client ID of the API Services app")
	// The field is blurred (its error drawn) before the refused move gives its focus back:
	// typing in between reaches no field, and clears the error that kept the group.
	d.waitShown("┃ Service app client ID", "enter the client ID of the API Services app")
	d.typeText("0oaTYPED")
	d.waitFor("┃ > 0oaTYPED")
	d.enter()
	d.waitFocus("Key ID (kid)")
	ctrlC(d)
	d.final()
}

// ← from the first button stays there (it wrapped onto Quit, so ← Enter quit); → stops at
// the last; tab still cycles.
func TestChoiceArrowsDoNotWrapOntoQuit(t *testing.T) {
	c := newChoice(flow.Menu{Options: []flow.Option{
		{Label: "Apply", Key: "a", Choice: flow.ChoiceApply},
		{Label: "Skip", Key: "s", Choice: flow.ChoiceSkip},
		{Label: "Quit", Key: "q", Choice: flow.ChoiceQuit},
	}})
	pick := func(keys ...tea.KeyType) flow.Choice {
		for _, k := range keys {
			c.update(tea.KeyMsg{Type: k})
		}
		got, _ := c.update(tea.KeyMsg{Type: tea.KeyEnter})
		return got
	}
	if got := pick(tea.KeyLeft); got != flow.ChoiceApply {
		t.Errorf("← Enter from the first button picked %v, want Apply", got)
	}
	if got := pick(tea.KeyRight, tea.KeyRight, tea.KeyRight); got != flow.ChoiceQuit {
		t.Errorf("→→→ Enter picked %v, want the last button", got)
	}
	if got := pick(tea.KeyTab); got != flow.ChoiceApply {
		t.Errorf("tab from the last button picked %v, want the first (tab cycles)", got)
	}
}

// The bug: after Okta rejected the token typed and "Edit the answers", the accessible mode
// offered "leave empty to use the token from OKTA_CLIENT_TOKEN" (unset: Enter sent the
// rejected token again), and the test step's text named a key (f) it does not have.
func TestAccessibleRejectedTokenIsNotOfferedAgain(t *testing.T) {
	w := newFakeWorld(t)
	w.connect.checkErr = &okta.APIError{Op: "get the current user", Status: 401, Code: "E0000011", Summary: "Invalid token provided"}
	w.opts.Setup.Secrets.APIToken = "rejected-token"
	var out bytes.Buffer
	in := "dev-1.okta.com\n1\n\n2\n\n\n"
	r := newLineRenderer(newSession(t.Context(), w.opts, plainStyles()), strings.NewReader(in), &out)
	_ = r.run()
	text := out.String()
	if !strings.Contains(text, "Edit the answers") {
		t.Fatalf("the connect failure's menu was not offered:\n%s", text)
	}
	after := text[strings.LastIndex(text, "Edit the answers"):]
	if strings.Contains(after, "OKTA_CLIENT_TOKEN") || strings.Contains(after, "Leave empty") {
		t.Errorf("the rejected token is offered again:\n%s", after)
	}
	if !strings.Contains(after, "API token:") || strings.Count(after, "Connecting") > 0 {
		t.Errorf("the token was not asked again:\n%s", after)
	}
	if strings.Count(text, "rejected-token") > 0 {
		t.Errorf("the token was printed:\n%s", text)
	}
}

// The page after connecting says what the connection verified (the admin, the role, the
// engine); a first run offers a custom ID.me base URL beside Sandbox and Production.
func TestConnectResultOnScreenAndCustomBaseURL(t *testing.T) {
	w := newFakeWorld(t)
	w.connect.report.Detail = "connected to https://dev-123.okta.com (Identity Engine) as admin@example.com (Super Administrator)"
	d := drive(t, New(w.opts), 100, 40, "tok-1")
	d.waitFor("Nothing is written to your Okta org before you confirm it")
	d.enter()
	connectKeys(d, "dev-123.okta.com", "tok-1")
	d.waitFor("✓ Connected to https://dev-123.okta.com (Identity Engine) as", "admin@example.com (Super Administrator)")
	d.waitFocus("ID.me environment")
	d.waitFor("Custom: another base URL (as --idme-base-url)")
	d.key(tea.KeyDown)
	d.key(tea.KeyDown)
	d.enter()
	d.waitFocus("ID.me base URL")
	d.typeText("https://idme.example.test/")
	d.enter()
	d.waitFocus("ID.me client ID")
	ctrlC(d)
	d.final()
}

// p opens the step list; ↓ Enter shows the next step's page without applying the current
// one; the summary's p goes back to a skipped step.
func TestStepListJumps(t *testing.T) {
	w := newFakeWorld(t)
	const token, secret = "tok-2", "sec-2"
	d := drive(t, New(w.opts), 100, 30, token, secret)
	connectAndSettings(d, token, secret)
	d.waitFor("Apply (a)")
	d.press('p')
	d.waitFor("Go to a step", "› ○ Identity provider")
	d.key(tea.KeyDown)
	d.enter()
	d.waitFor("idme_uuid (string)")
	d.press('s')
	d.waitFor("Summary")
	d.press('p')
	d.waitFor("Go to a step")
	d.key(tea.KeyUp) // the summary has no current step: the list starts at the top
	d.key(tea.KeyDown)
	d.enter()
	d.waitFor(`Create identity provider "ID.me IdP - OIDC"`)
	ctrlC(d)
	d.final()
	if w.idp.appliedCount() != 0 || w.attrs.appliedCount() != 0 {
		t.Errorf("a jump applied something: idp %d, attributes %d", w.idp.appliedCount(), w.attrs.appliedCount())
	}
}

// Esc on the ID.me settings goes back to the page before them, keeping what was typed: on a
// first run the connect page (its token kept, and said to be the one typed), then forward
// again with the client ID and secret as typed; reached from a failed step ("Edit ID.me
// settings"), back to that step's page.
func TestEscFromIDmeSettingsGoesBackKeepingAnswers(t *testing.T) {
	w := newFakeWorld(t)
	w.idp.applyErr = errors.New("the scope was refused")
	const token, secret = "tok-esc", "sec-esc"
	d := drive(t, New(w.opts), 100, 30, token, secret)
	d.waitFor("Nothing is written to your Okta org before you confirm it")
	d.enter()
	connectKeys(d, "dev-123.okta.com", token)
	d.waitFocus("ID.me environment")
	d.waitFor("esc back")
	d.enter()
	d.waitFocus("ID.me client ID")
	d.typeText("client-typed")
	d.enter()
	d.waitFocus("ID.me client secret")
	d.typeText(secret)
	d.key(tea.KeyEsc)

	d.waitFor("Connect to your Okta org")
	d.waitFocus("Okta org URL")
	d.waitFor("> https://dev-123.okta.com")
	d.enter()
	d.waitFocus("Sign in to Okta with")
	d.enter()
	d.waitFocus("API token")
	d.waitFor("Leave empty to use the token typed before")
	d.enter() // the token kept
	d.waitFocus("ID.me environment")
	d.enter()
	d.waitFocus("ID.me client ID")
	d.waitFor("> client-typed")
	d.enter()
	d.waitFocus("ID.me client secret")
	d.enter() // the secret typed before going back (masked)
	d.waitFocus("ID.me policy handle")
	d.typeText("teacher")
	d.enter()
	d.waitFocus("Change the names")
	d.enter()

	d.waitFor("Apply (a)")
	d.press('a')
	d.waitFor("the scope was refused", "Edit ID.me settings (e)")
	d.press('e')
	d.waitFocus("ID.me environment")
	d.key(tea.KeyEsc)
	d.waitFor(`Create identity provider "ID.me IdP - OIDC"`, "Apply (a)")
	ctrlC(d)
	m := d.final()
	s := m.sess.setup()
	if s.Answers.IDmeClientID != "client-typed" || s.Secrets.IDmeClientSecret != secret || s.Secrets.APIToken != token {
		t.Errorf("after going back: client ID %q, secret kept %v, token kept %v", s.Answers.IDmeClientID, s.Secrets.IDmeClientSecret == secret, s.Secrets.APIToken == token)
	}
}

// The accessible mode's way back from the ID.me settings (esc in the TUI): Back among the
// environments, to the connect questions again (the token typed kept), then the settings
// again, answered this time.
func TestAccessibleBackFromIDmeSettings(t *testing.T) {
	w := newFakeWorld(t)
	var out bytes.Buffer
	in := strings.Join([]string{
		"dev-1.okta.com", "1", "tok-typed", // connect: org, an API token, the token
		"4",         // the environment: Back
		"", "1", "", // connect again: the org kept, an API token, the token typed kept
		"", "client-x", "sec-x", "teacher", "", // the settings
	}, "\n") + "\n"
	r := newLineRenderer(newSession(t.Context(), w.opts, plainStyles()), strings.NewReader(in), &out)
	_ = r.run()
	text := out.String()
	for _, want := range []string{"4. Back to the page before", "the token typed before", `Create identity provider "ID.me IdP - OIDC"`} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if n := strings.Count(text, "Okta org URL"); n != 2 {
		t.Errorf("the org was asked %d times, want again after Back:\n%s", n, text)
	}
	s := r.sess.setup()
	if s.Answers.IDmeClientID != "client-x" || s.Secrets.APIToken != "tok-typed" {
		t.Errorf("client ID %q, token kept %v", s.Answers.IDmeClientID, s.Secrets.APIToken == "tok-typed")
	}
}

// Esc while a select's filter is typed ends the filter and stays on the page (huh's own
// esc); only the next esc goes back. Before, the first esc left the ID.me settings.
func TestEscEndsASelectsFilterBeforeGoingBack(t *testing.T) {
	w := newFakeWorld(t)
	d := drive(t, New(w.opts), 100, 30, "tok-filter", "sec-filter")
	d.waitFor("Nothing is written to your Okta org before you confirm it")
	d.enter()
	connectKeys(d, "dev-123.okta.com", "tok-filter")
	d.waitFocus("ID.me environment")
	d.press('/')
	d.typeText("prod")
	d.waitShown("prod", "Production")
	d.key(tea.KeyEsc) // ends the filter: the page stays
	// Enter then picks the environment filtered to, on this page; had esc gone back, it
	// would move on from the connect page's org URL.
	d.enter()
	if d.waitAny("┃ ID.me client ID", "┃ Sign in to Okta with") != 0 {
		t.Fatalf("esc while filtering left the ID.me settings:\n%s", d.lastFrame())
	}
	d.key(tea.KeyEsc) // not filtering: back
	d.waitFor("Connect to your Okta org")
	ctrlC(d)
	d.final()
}

// Esc while a choice is filtered ("/") ends the filter and stays on the page; only the next
// esc goes back. The wizard took the first esc as back and left the ID.me settings.
func TestEscEndsAFilterBeforeGoingBack(t *testing.T) {
	w := newFakeWorld(t)
	const token = "tok-filter"
	d := drive(t, New(w.opts), 100, 30, token)
	d.waitFor("Nothing is written to your Okta org before you confirm it")
	d.enter()
	connectKeys(d, "dev-123.okta.com", token)
	d.waitFocus("ID.me environment")
	d.waitFor("esc back")
	d.press('/')
	d.typeText("prod")
	d.waitFor("esc end the filter")
	d.key(tea.KeyEsc)
	d.waitFor("esc back")
	if f := d.frame(); !strings.Contains(f, "┃ ID.me environment") || strings.Contains(f, "Connect to your Okta org") {
		t.Fatalf("the first esc left the filtered choice's page:\n%s", f)
	} else if !strings.Contains(f, "> Production") || !strings.Contains(f, "Sandbox") || strings.Contains(f, "/prod") {
		t.Errorf("the first esc did not end the filter with the cursor on the option found:\n%s", f)
	}
	d.key(tea.KeyEsc)
	d.waitFor("Connect to your Okta org")
	ctrlC(d)
	d.final()
}
