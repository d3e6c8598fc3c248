package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// A callback port that is not one stops test-signin before anything is read, written to
// Okta or saved: before, 70000 was registered on the test app and remembered for every later
// test, which then failed the same way.
func TestTestSignInRefusesACallbackPortBeforeAnyWrite(t *testing.T) {
	dir := isolate(t)
	w := newWorld(t)
	if out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--yes"); code != exitOK {
		t.Fatalf("apply: %d\n%s\n%s", code, out, errOut)
	}
	state, err := filepath.Glob(filepath.Join(dir, "idme-okta", "*.json"))
	if err != nil || len(state) != 1 {
		t.Fatalf("progress files: %v %v", state, err)
	}
	before, _ := os.ReadFile(state[0])
	w.org.ResetRequests()
	for _, port := range []string{"70000", "-1", "0"} {
		out, errOut, code := runCLI(t, w.env(), "test-signin", "--no-browser", "--callback-port", port)
		if code != exitUsage || !strings.Contains(errOut, "--callback-port:") || !strings.Contains(errOut, "1–65535") {
			t.Errorf("--callback-port %s: exit %d\n%s\n%s", port, code, out, errOut)
		}
	}
	if n := len(w.org.Requests()); n != 0 {
		t.Errorf("a bad callback port still made %d requests to Okta (%d writes)", n, simtest.Writes(w.org))
	}
	if after, _ := os.ReadFile(state[0]); string(after) != string(before) {
		t.Error("a bad callback port changed the progress file")
	}
}

// The wizard checks flag values before it starts, like the headless commands.
func TestWizardRefusesABadValueBeforeStarting(t *testing.T) {
	isolate(t)
	w := newWorld(t)
	out, errOut, code := runCLI(t, w.env(), "--accessible", "--policy-handle", `a"b`)
	if code != exitUsage || !strings.Contains(errOut, "--policy-handle:") {
		t.Errorf("exit %d\n%s\n%s", code, out, errOut)
	}
	if n := len(w.org.Requests()); n != 0 {
		t.Errorf("%d requests to Okta", n)
	}
}

// A test group id of the right shape that names no group is found while checking: apply
// stops before its first write (it used to fail at the last step, after six writes).
func TestApplyLooksUpTheTestGroupBeforeAnyWrite(t *testing.T) {
	isolate(t)
	w := newWorld(t)
	out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--yes", "--test-group-id", "00g000000000000000zz")
	if code != exitUsage || !strings.Contains(errOut, "--test-group-id:") || !strings.Contains(errOut, "no group 00g000000000000000zz") {
		t.Errorf("exit %d\n%s\n%s", code, out, errOut)
	}
	if n := simtest.Writes(w.org); n != 0 {
		t.Errorf("a missing test group still let apply make %d writes", n)
	}
}
