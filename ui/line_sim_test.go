package ui

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/steps"
)

// lines is the admin's typing: one answer per line ("" is Enter).
func lines(answers ...string) *strings.Reader {
	return strings.NewReader(strings.Join(answers, "\n") + "\n")
}

var escapeSequence = regexp.MustCompile("\x1b")

// The accessible driver, through In/Out buffers, end to end against the simulated org: plain
// lines (no escape sequences at all), static "Checking… done" lines, numbered choices; the
// org ends with the guide's objects; a second run resumes and writes nothing.
func TestAccessibleWizardAgainstSim(t *testing.T) {
	w := startSimWorld(t)
	token := w.org.AdminToken()
	var out bytes.Buffer
	opts := w.options(t)
	opts.Accessible = true
	answers := []string{
		w.org.URL(), "", token, // connect: org, API token (choice 1), the token
		"", idmeClientID, canaryClientSecret, policyHandle, "", // settings: custom base URL, …, no renaming
	}
	for _, st := range steps.All() {
		switch st.ID() {
		case steps.IDConnect:
		case steps.IDProfileMappings:
			answers = append(answers, "", "") // keep the table; apply
		default:
			answers = append(answers, "") // apply (the handoff sheet: continue; JIT: it is on)
		}
	}
	answers = append(answers, "2") // test the integration: skip for now (Option 1 is not offered: the routing rule is held back)
	opts.In = lines(answers...)
	opts.Out = &out
	if err := Run(context.Background(), opts); err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{
		"Nothing is written to your Okta org before you confirm it",
		"Connecting and checking the token (read-only)… done.",
		fmt.Sprintf("Step 2 of %d: %s", len(steps.All())+1, stepTitle(steps.IDIdentityProvider)), // + the test sign-in
		"Checking (read-only)… done.",
		"\n1. Apply (default)\n2. Skip\n3. Quit\n4. Back\nEnter a number between 1 and 4: ", // huh's accessible select; Back to the settings
		"Applying… done.",
		"Apply updates now",
		"Saved to " + opts.Setup.HandoffFile(),
		"Sent to your terminal's clipboard",
		"Left to do",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if escapeSequence.MatchString(text) {
		t.Error("the accessible output contains escape sequences")
	}
	noSecretsIn(t, "the accessible output", text, token, canaryClientSecret)
	if b, err := os.ReadFile(w.statePath); err != nil {
		t.Fatal(err)
	} else {
		noSecretsIn(t, "the progress file", string(b), token, canaryClientSecret)
	}
	w.assertObjects(t, true)
	if len(w.copies.all()) != 1 {
		t.Errorf("copied %d times, want once", len(w.copies.all()))
	}

	// A second run resumes: straight to the first step not done (none: the test sign-in),
	// the steps done passed with a line each, no ID.me settings (the client secret stays in
	// Okta), no writes.
	before := w.writes()
	out.Reset()
	opts = w.optionsFromProgress(t)
	opts.Accessible = true
	opts.In = lines(
		"",            // resume
		"", "", token, // connect: the org from the progress file, API token, the token
		"",  // a setup exists: resume it (the day-two menu's default)
		"2", // test the integration: skip for now (the rule is still held back: no Option 1)
	)
	opts.Out = &out
	if err := Run(context.Background(), opts); err != nil {
		t.Fatalf("second Run: %v\n%s", err, out.String())
	}
	if got := w.writes() - before; got != 0 {
		t.Errorf("the resumed run made %d writes, want 0", got)
	}
	if n := strings.Count(out.String(), "is already in place: nothing to write."); n < 5 {
		t.Errorf("the resumed run found %d steps in place, want every Okta step\n%s", n, out.String())
	}
	if strings.Contains(out.String(), "ID.me client secret") {
		t.Errorf("the resumed run asked the ID.me settings again\n%s", out.String())
	}
}

// Input that ends early stops the run like ctrl+c: ErrAborted, progress saved.
func TestAccessibleEndOfInputAborts(t *testing.T) {
	w := startSimWorld(t)
	var out bytes.Buffer
	opts := w.options(t)
	opts.Accessible = true
	opts.In = lines(w.org.URL(), "", w.org.AdminToken(), "", idmeClientID) // then nothing
	opts.Out = &out
	if err := Run(context.Background(), opts); err != ErrAborted {
		t.Fatalf("Run = %v, want ErrAborted", err)
	}
	if !strings.Contains(out.String(), "Progress is saved in "+w.statePath) {
		t.Errorf("the output does not say where progress is saved:\n%s", out.String())
	}
	if _, err := os.Stat(w.statePath); err != nil {
		t.Errorf("no progress file after connecting: %v", err)
	}
}

func stepTitle(id string) string {
	st, _ := steps.StepByID(id)
	return st.Title()
}
