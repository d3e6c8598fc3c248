package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/steps"
)

// newStep stands for a step added to the guide: its own file in steps/ and its line in the
// list, nothing in ui/. What it declares (steps.Facts) is all either renderer learns of it:
// its short title, that it is an attestation with its own words, that it makes the app the
// test sign-in uses.
func newStep() *fakeStep {
	return &fakeStep{
		id: "session-policy", title: "Confirm the session policy allows ID.me",
		facts: steps.Facts{
			ShortTitle:  "Session policy",
			Attestation: &steps.Attestation{Question: "Does the policy allow it?", Confirm: "It allows it: record it", LeftToDo: "Allow ID.me in the session policy."},
			SignInApp:   true,
		},
		report: missing("not confirmed yet", steps.Change{Action: "confirm", Object: "session policy", Overwrite: true}),
		result: steps.Result{Detail: "the admin confirmed the session policy"},
	}
}

// The TUI shows the new step on the side panel, gives it a page worded as it declares, and
// ends with the test sign-in it makes possible.
func TestNewStepInTheTUI(t *testing.T) {
	w := newFakeWorld(t)
	w.idp.applied, w.attrs.applied = 1, 1 // in place: Enter goes past them
	st := newStep()
	w.opts.Steps = append(w.opts.Steps, st)
	const token, secret = "canary-new-step-token", "canary-new-step-secret"
	d := drive(t, New(w.opts), 100, 30, token, secret)
	d.waitFor("4. Session policy") // the welcome's list
	connectAndSettings(d, token, secret)
	for _, short := range []string{"Identity provider", "User attributes"} {
		d.waitFor(short + " is already in place") // named: a row redrawn for the panel repeats a line
		d.enter()
	}
	d.waitFor("› Session policy", "Confirm the session policy allows ID.me", "What you confirm (nothing is written to Okta)", "[ It allows it: record it")
	d.enter() // one yes: an attestation replaces nothing
	d.waitFor("the admin confirmed the session policy")
	d.enter()
	d.waitFor("Test the integration", "Continue to the summary")
	d.enter()
	d.waitFor("Summary", "✓ Session policy — done")
	d.enter()
	if m := d.final(); !m.Finished() || st.appliedCount() != 1 {
		t.Errorf("finished %v, the new step applied %d times; want a finished run that applied it once", m.Finished(), st.appliedCount())
	}
}

// The accessible mode, driven through its input, does the same with the same declarations.
func TestNewStepInTheAccessibleMode(t *testing.T) {
	w := newFakeWorld(t)
	st := newStep()
	w.opts.Steps = append(w.opts.Steps, st)
	var out bytes.Buffer
	w.opts.Accessible = true
	w.opts.In = lines(
		"dev-1.okta.com", "", "tok", // connect
		"", "client-1", "sec", "teacher", "", // ID.me settings
		"", "", // apply the identity provider and the attributes
		"", // the new step: its confirmation
		"", // the test sign-in: on to the summary
	)
	w.opts.Out = &out
	if err := Run(context.Background(), w.opts); err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{
		"  4. Session policy\n  5. Test sign-in\n",
		"Step 4 of 5: Confirm the session policy allows ID.me\n",
		"What you confirm (nothing is written to Okta):",
		"Does the policy allow it? \n1. It allows it: record it (default)\n2. Later\n",
		"Step 5 of 5: Test the integration",
		"✓ Session policy — done",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(text, "These changes replace existing configuration") || st.appliedCount() != 1 {
		t.Errorf("the attestation asked twice or was applied %d times:\n%s", st.appliedCount(), text)
	}
}
