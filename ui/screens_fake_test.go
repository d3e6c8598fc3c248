package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
)

// writeProgress leaves a progress file as an earlier run would have.
func writeProgress(t *testing.T, path string, records map[string]steps.StepRecord) {
	t.Helper()
	a := steps.DefaultAnswers()
	a.OrgURL, a.IDmeClientID, a.PolicyHandle = "https://dev-1.okta.com", "old-client", "teacher"
	p := &steps.Progress{OrgURL: a.OrgURL, UpdatedAt: time.Now().Add(-3 * time.Hour), Answers: a, Steps: records, Objects: steps.Objects{IdPID: "0oaOLD"}}
	if err := steps.SaveProgress(path, p); err != nil {
		t.Fatal(err)
	}
}

// The resume screen: org, age, n of m done, the saved status on request; start over sets the
// file aside and forgets its answers and ids.
func TestResumeScreenShowStatusAndStartOver(t *testing.T) {
	w := newFakeWorld(t)
	path := w.opts.Setup.StatePath
	writeProgress(t, path, map[string]steps.StepRecord{
		steps.IDConnect:          {Status: steps.StatusDone, Detail: "connected"},
		steps.IDIdentityProvider: {Status: steps.StatusDrifted, Detail: "scopes differ"},
	})
	d := drive(t, New(w.opts), 100, 40)
	d.waitFor("You have started this before", "https://dev-1.okta.com", "3 hours ago", "1 of 3 steps done")
	d.press('s')
	d.waitFor("Saved status", "! Identity provider — drifted", "scopes differ", "○ User attributes — pending")
	d.press('n')
	// Start over is confirmed (Back is the default), and says the identity provider's ID.me
	// client is kept.
	d.waitFor("Start over?", "its ID.me client (old-client) is kept")
	d.enter()
	d.waitFor("Resume where I left off")
	d.press('n')
	d.waitFor("Start over?")
	d.press('n')
	d.waitFocus("Okta org URL")
	ctrlC(d)
	m := d.final()

	baks, _ := filepath.Glob(path + ".*.bak")
	if len(baks) != 1 {
		t.Fatalf("set-aside copies: %v", baks)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("the old progress file is still in place")
	}
	if m.sess.setup().Known().IdPID != "" || m.sess.setup().Answers.PolicyHandle == "teacher" {
		t.Error("start over kept the old run's ids or answers")
	}
	// The bug: the client ID was blanked although the IdP exists with it, so a plain Continue
	// planned to replace that IdP's endpoints.
	if got := m.sess.setup().Answers.IDmeClientID; got != "old-client" {
		t.Errorf("start over left the client ID %q, want the existing IdP's old-client", got)
	}
}

// Resume takes the file's answers and ids.
func TestResumeTakesTheSavedAnswers(t *testing.T) {
	w := newFakeWorld(t)
	writeProgress(t, w.opts.Setup.StatePath, nil)
	d := drive(t, New(w.opts), 80, 24)
	d.waitFor("Resume where I left off")
	d.enter()
	d.waitFor("┃ Okta org URL", "Org: https://dev-1.okta.com") // prefilled from the file
	ctrlC(d)
	m := d.final()
	if m.sess.setup().Known().IdPID != "0oaOLD" || m.sess.setup().Answers.IDmeClientID != "old-client" {
		t.Errorf("resume lost the saved ids or answers: %+v", m.sess.setup().Answers)
	}
	if !m.Aborted() {
		t.Error("not aborted")
	}
}

// Preset secrets (from the environment) are used when the fields stay empty, named by
// where they came from, never shown; the advanced choice renames the Okta objects.
func TestPresetSecretsAndAdvancedNames(t *testing.T) {
	w := newFakeWorld(t)
	const token, secret = "canary-env-token-77", "canary-env-secret-78"
	w.opts.Setup.Secrets = steps.Secrets{APIToken: token, IDmeClientSecret: secret}
	d := drive(t, New(w.opts), 100, 30, token, secret)
	d.waitFor("Nothing is written")
	d.enter()
	d.waitFocus("Okta org URL")
	d.typeText("dev-1.okta.com")
	d.enter()
	d.waitFocus("Sign in to Okta with")
	d.enter()
	d.waitFor("┃ API token", "Leave empty to use the token from OKTA_CLIENT_TOKEN")
	d.enter()
	d.waitFocus("ID.me environment")
	d.enter()
	d.waitFocus("ID.me client ID")
	d.typeText("client-1")
	d.enter()
	d.waitFor("┃ ID.me client secret", "IDME_CLIENT_SECRET")
	d.enter()
	d.waitFocus("ID.me policy handle")
	d.typeText("teacher")
	d.enter()
	d.waitFocus("Change the names")
	d.press('y') // huh's confirm: y is "yes" and moves on
	d.waitFocus("Identity provider name")
	clearAndType(d, "ID.me (staff)")
	d.enter()
	d.waitFocus("Routing rule name")
	clearAndType(d, "ID.me for staff")
	d.enter()
	d.waitFor("What will be written to Okta")
	ctrlC(d)
	m := d.final()
	a, s := m.sess.setup().Answers, m.sess.setup().Secrets
	if a.IdPName != "ID.me (staff)" || a.RuleName != "ID.me for staff" {
		t.Errorf("names = %q, %q", a.IdPName, a.RuleName)
	}
	if s.APIToken != token || s.IDmeClientSecret != secret {
		t.Error("the preset secrets were not kept")
	}
}

// TERM=dumb means the accessible driver, even without --accessible.
func TestDumbTerminalGetsPlainPrompts(t *testing.T) {
	t.Setenv("TERM", "dumb")
	w := newFakeWorld(t)
	var out bytes.Buffer
	w.opts.In, w.opts.Out = strings.NewReader(""), &out
	if err := Run(context.Background(), w.opts); err != ErrAborted {
		t.Fatalf("Run = %v, want ErrAborted at the end of the input", err)
	}
	if !strings.Contains(out.String(), "For example https://dev-123456.okta.com — an Admin Console (-admin) address is fine.\nOkta org URL: ") {
		t.Errorf("no plain prompt:\n%s", out.String())
	}
	if strings.Contains(out.String(), "\x1b") {
		t.Error("escape sequences on a dumb terminal")
	}
}

// What the wizard says when stopped is true: no "progress is saved" before anything was,
// and a progress file found for the org just connected to is left alone until answered.
func TestStoppedTextIsHonest(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	w := newFakeWorld(t)
	f := newSession(t.Context(), w.opts, plainStyles()).flow
	f.Start()
	if got := stoppedText(f); !strings.Contains(got, "nothing was written to Okta or saved") {
		t.Errorf("before connecting: %q", got)
	}
	f.Next(flow.Began{})
	f.Next(flow.Connected{Report: steps.Report{Status: steps.StatusDone}})
	if got := stoppedText(f); !strings.Contains(got, "Progress is saved in "+w.opts.Setup.StatePath) {
		t.Errorf("connected: %q", got)
	}

	// The CLI did not know the org: its progress file turns up once connected.
	path, err := steps.DefaultStatePath("https://dev-1.okta.com")
	if err != nil {
		t.Fatal(err)
	}
	writeProgress(t, path, nil)
	w = newFakeWorld(t)
	w.opts.Setup.StatePath = ""
	f = newSession(t.Context(), w.opts, plainStyles()).flow
	f.Start()
	f.Next(flow.Began{})
	f.Setup().Answers.OrgURL = "https://dev-1.okta.com"
	if mv := f.Next(flow.Connected{Report: steps.Report{Status: steps.StatusDone}}); mv.Page.Kind != flow.Resume {
		t.Fatalf("after connecting: page %v, want the resume question", mv.Page.Kind)
	}
	if got := stoppedText(f); !strings.Contains(got, "was left as it was") {
		t.Errorf("progress found, not resumed: %q", got)
	}
}

// The accessible driver's "Show the saved status" lists what the resume screen does: each
// step's saved status and detail, "not reached" where the file has no record.
func TestAccessibleShowsTheSavedStatus(t *testing.T) {
	w := newFakeWorld(t)
	writeProgress(t, w.opts.Setup.StatePath, map[string]steps.StepRecord{
		steps.IDConnect:          {Status: steps.StatusDone, Detail: "connected"},
		steps.IDIdentityProvider: {Status: steps.StatusDrifted, Detail: "scopes differ"},
		flow.IDTestSignIn:        {Status: steps.StatusError, Detail: "invalid_scope"},
	})
	var out bytes.Buffer
	w.opts.Accessible = true
	w.opts.In, w.opts.Out = lines("3", "4"), &out // show the saved status, then quit
	if err := Run(context.Background(), w.opts); err != ErrAborted {
		t.Fatalf("Run = %v, want ErrAborted after Quit", err)
	}
	for _, want := range []string{
		"  Connect to Okta: done. connected\n",
		"  Identity provider: drifted. scopes differ\n",
		"  User attributes: not reached\n",
		"  Test sign-in: failed. invalid_scope\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the saved status lacks %q:\n%s", want, out.String())
		}
	}
}

// Without a progress file from the CLI, the org typed on the connect screen names one: found,
// it is offered for resume right after connecting, and resuming keeps the new connection.
func TestProgressFoundAfterConnectingIsOffered(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	path, err := steps.DefaultStatePath("https://dev-1.okta.com")
	if err != nil {
		t.Fatal(err)
	}
	writeProgress(t, path, map[string]steps.StepRecord{steps.IDConnect: {Status: steps.StatusDone, Detail: "connected"}})
	w := newFakeWorld(t)
	w.opts.Setup.StatePath = "" // the CLI did not know the org
	d := drive(t, New(w.opts), 100, 30)
	d.waitFor("Nothing is written")
	d.enter()
	connectKeys(d, "dev-1.okta.com", "tok")
	d.waitFor("You have started this before", "1 of 3 steps done", "dev-1.okta.com.json")
	d.press('r')
	// The file knows an identity provider: a setup exists, so the day-two menu comes first,
	// with resuming as its default.
	d.waitFor("Sign in with ID.me is set up here", "Resume the setup", "Doctor", "Remove the integration")
	d.enter()
	// Every answer is saved and the identity provider keeps the secret: no ID.me settings,
	// straight to the first step not done.
	d.waitFor("› Identity provider")
	ctrlC(d)
	m := d.final()
	if strings.Contains(d.text(), "┃ ID.me environment") {
		t.Error("the resume asked the ID.me settings again")
	}
	setup := m.sess.setup()
	if setup.StatePath != path || setup.Known().IdPID != "0oaOLD" || setup.Answers.IDmeClientID != "old-client" {
		t.Errorf("resumed: state %q, IdP %q, client %q; want the found file's", setup.StatePath, setup.Known().IdPID, setup.Answers.IDmeClientID)
	}
	if setup.Answers.OrgURL != "https://dev-1.okta.com" || setup.Secrets.APIToken != "tok" {
		t.Error("resuming lost the connection just made")
	}
}
