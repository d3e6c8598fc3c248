package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/steps"
)

// A progress file that another user could have changed (here: world-writable, with the
// ID.me base URL pointed at an attacker's host) is refused before anything is read from
// Okta; once it is private again, the plan shows that the base URL came from the file.
func TestApplyRefusesAProgressFileOthersCanWrite(t *testing.T) {
	dir := isolate(t)
	w := newWorld(t)
	path := filepath.Join(dir, "tampered.json")
	a := steps.DefaultAnswers()
	a.OrgURL, a.IDmeEnv, a.IDmeBaseURL = w.org.URL(), "custom", "https://idme.attacker.example/"
	b, err := json.Marshal(steps.Progress{Version: 1, OrgURL: w.org.URL(), Answers: a})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o666); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCLI(t, w.env(), "apply", "--yes", "--state-file", path)
	if code != exitFailure || !strings.Contains(errOut, "chmod 600 "+path) || !strings.Contains(errOut, "writable by other users") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if n := len(w.org.Requests()); n != 0 {
		t.Errorf("%d requests to Okta", n)
	}
	if after, _ := os.ReadFile(path); string(after) != string(b) {
		t.Error("the refused file was changed")
	}

	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runCLI(t, w.env(), "apply", "--plan", "--state-file", path)
	if code != exitOK {
		t.Fatalf("apply --plan: exit %d\n%s\n%s", code, out, errOut)
	}
	head, _, _ := strings.Cut(out, "[")
	if !strings.Contains(head, "answers from the progress file") || !strings.Contains(head, "ID.me base URL: https://idme.attacker.example/") {
		t.Errorf("the plan does not show the base URL as the file's:\n%s", out)
	}
	if strings.Contains(head, "policy handle:") {
		t.Errorf("the policy handle came from the environment, not the file:\n%s", head)
	}
}

// Another org's progress file passed with --org-url is refused and left as it was (it used
// to be adopted and overwritten, losing that org's ids).
func TestAnotherOrgsProgressFileIsRefused(t *testing.T) {
	dir := isolate(t)
	w := newWorld(t)
	path := filepath.Join(dir, "other.json")
	a := steps.DefaultAnswers()
	a.OrgURL = "https://dev-1.okta.com"
	if err := steps.SaveProgress(path, &steps.Progress{OrgURL: a.OrgURL, Answers: a, Objects: steps.Objects{IdPID: "0oa1keepme"}}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	for _, cmd := range []string{"apply", "status", "test-signin"} {
		out, errOut, code := runCLI(t, w.env(), cmd, "--state-file", path, "--org-url", w.org.URL())
		if code != exitUsage || !strings.Contains(errOut, "belongs to https://dev-1.okta.com, not "+w.org.URL()) {
			t.Errorf("%s: exit %d\n%s\n%s", cmd, code, out, errOut)
		}
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the other org's file was changed")
	}
	if n := len(w.org.Requests()); n != 0 {
		t.Errorf("%d requests to Okta", n)
	}
}
