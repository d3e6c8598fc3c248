package ui

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
)

// A copy of the test app that idme-okta made (what a run beside this one, or a create whose
// answer was lost, leaves) is on the test app's page when the wizard resumes: the plan names
// its deletion, the second question says it deletes (Back is the default, and writes
// nothing), and "Delete them" deactivates and deletes the copy alone. Shown in the
// accessible mode; the TUI draws the same flow's page.
func TestResumedWizardDeletesACopyOfTheTestAppAfterTwoYeses(t *testing.T) {
	ctx := context.Background()
	w := startSimWorld(t)
	token := w.org.AdminToken()
	first := w.options(t)
	a := first.Setup.Answers
	a.OrgURL, a.IDmeClientID, a.PolicyHandle, a.JITConfirmed = w.org.URL(), idmeClientID, policyHandle, true
	a.RuleStatus = steps.RuleInactive // held back, as the wizard does by default
	c, err := steps.Dial(a, steps.Secrets{APIToken: token}, "idme-okta-ui-test")
	if err != nil {
		t.Fatal(err)
	}
	s := steps.NewSetup(c, a, steps.Secrets{APIToken: token, IDmeClientSecret: canaryClientSecret}, steps.Objects{})
	s.StatePath = w.statePath
	if err := steps.Run(ctx, s, steps.All(), steps.RunOptions{AllowOverwrite: true}); err != nil {
		t.Fatal(err)
	}
	kept := s.Known().TestAppID
	copyID := simtest.SeedHiddenApp(t, w.org, steps.DefaultTestAppLabel, steps.CallbackURI(steps.DefaultCallbackPort))

	run := func(answers ...string) string {
		t.Helper()
		var out bytes.Buffer
		opts := w.optionsFromProgress(t)
		opts.Accessible = true
		opts.SignInTimeout = time.Second // should the flow start a test sign-in, it ends soon
		opts.In = lines(answers...)
		opts.Out = &out
		if err := Run(ctx, opts); err != nil && err != ErrAborted {
			t.Fatalf("Run: %v\n%s", err, out.String())
		}
		return out.String()
	}
	resume := []string{"", "", "", token, ""} // resume; connect: the saved org, API token, the token; the day-two menu: resume
	// Apply, then Back (the second question's default): nothing is written; then quit.
	text := run(append(resume, "", "", "3")...)
	for _, want := range []string{
		"Delete test app \"" + steps.DefaultTestAppLabel + "\" (" + copyID + ")",
		deleteTag,
		"These changes delete objects from Okta:",
		"Only the copies named are deleted; the one idme-okta keeps stays.",
		"Delete them",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the first run does not say %q:\n%s", want, text)
		}
	}
	if n := w.writes(); n != 0 {
		t.Fatalf("%d writes without the second yes:\n%s", n, text)
	}

	text = run(append(resume, "", "2", "2")...) // Apply, Delete them, then the test: skip for now
	if !strings.Contains(text, "deleted the copy test app") || strings.Contains(text, "Open this URL") {
		t.Errorf("the result does not say the copy was deleted:\n%s", text)
	}
	want := []string{"POST /api/v1/apps/" + copyID + "/lifecycle/deactivate", "DELETE /api/v1/apps/" + copyID}
	if got := simtest.WriteLog(w.org); !slices.Equal(got, want) {
		t.Errorf("writes %q, want %q\n%s", got, want, text)
	}
	if _, err := c.GetOIDCApp(ctx, kept); err != nil {
		t.Errorf("the kept app %s: %v", kept, err)
	}
}
