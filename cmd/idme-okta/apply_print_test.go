package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/steps"
)

// A plan whose step leaves a question to the admin (the wizard asks it) says how to answer it
// with flags.
func TestPlanSaysHowToAnswerADecision(t *testing.T) {
	var b bytes.Buffer
	printChanges(&b, steps.Report{Notes: []string{"a note"}, Decision: &steps.Decision{Headless: "Scope a rule with --rule-app <app id>."}})
	if got := b.String(); !strings.Contains(got, "note: a note\n") || !strings.Contains(got, "note: Scope a rule with --rule-app <app id>.\n") {
		t.Errorf("printed:\n%s", got)
	}
}
