package steps

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestResumeTakesTheFileAndKeepsTheRunsConnection(t *testing.T) {
	dir := t.TempDir()
	file := DefaultAnswers()
	file.OrgURL, file.IDmeClientID, file.PolicyHandle = "https://dev-1.okta.com", "from-file", "teacher"
	file.TestAppLabel = ""
	p := &Progress{OrgURL: file.OrgURL, Answers: file, Objects: Objects{IdPID: "0oa1"},
		Steps: map[string]StepRecord{IDIdentityProvider: {Status: StatusDone}}}

	prefill := DefaultAnswers()
	prefill.IDmeClientID, prefill.TestAppLabel = "from-flags", "label from flags"
	cur := NewSetup(nil, prefill, Secrets{APIToken: "t"}, Objects{})
	cur.Answers.OrgURL, cur.Answers.AuthMethod = "https://dev-1.okta.com", AuthServiceApp
	cur.Version, cur.StatePath = "v9", filepath.Join(dir, "p.json")

	for _, connected := range []bool{false, true} {
		next := Resume(cur, p, prefill, connected)
		a := next.Answers
		if a.IDmeClientID != "from-file" || a.TestAppLabel != "label from flags" || next.Known().IdPID != "0oa1" ||
			next.StepRecords()[IDIdentityProvider].Status != StatusDone || next.Version != "v9" || next.StatePath != cur.StatePath {
			t.Errorf("connected=%v: resumed %+v, objects %+v", connected, a, next.Known())
		}
		if got := a.AuthMethod == AuthServiceApp; got != connected {
			t.Errorf("connected=%v: auth method %q: the run's connection must win only once connected", connected, a.AuthMethod)
		}
		next.Answers.Mappings[0].Claim = "changed"
		if p.Answers.Mappings[0].Claim == "changed" {
			t.Fatal("the resumed answers share the progress file's mapping table")
		}
	}
}

func TestStartOverSetsTheFileAsideAndForgets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.json")
	old := DefaultAnswers()
	old.IDmeClientID = "old"
	if err := SaveProgress(path, &Progress{Answers: old, Objects: Objects{IdPID: "0oa1"}}); err != nil {
		t.Fatal(err)
	}
	cur := ResumeSetup(nil, &Progress{Answers: old, Objects: Objects{IdPID: "0oa1"}}, Secrets{}, path)
	prefill := DefaultAnswers()
	next, err := StartOver(cur, prefill, false, time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if next.Answers.IDmeClientID != "" || next.Known().IdPID != "" || next.StatePath != path {
		t.Errorf("after start over: %+v %+v %q", next.Answers, next.Known(), next.StatePath)
	}
	if _, err := os.Stat(path + ".20250102T030405Z.bak"); err != nil {
		t.Errorf("the old file was not set aside: %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the old file is still in place: %v", err)
	}
}
