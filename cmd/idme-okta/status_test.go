package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/steps"
)

type statusDoc struct {
	OrgURL string `json:"org_url"`
	Engine string `json:"engine"`
	Steps  []struct {
		ID, Title, Status, Detail string
	} `json:"steps"`
}

func statusOf(t *testing.T, env map[string]string) statusDoc {
	t.Helper()
	out, errOut, code := runCLI(t, env, "status", "--json")
	if code != exitOK {
		t.Fatalf("status: %d\n%s", code, errOut)
	}
	var doc statusDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("status --json: %v\n%s", err, out)
	}
	return doc
}

func (d statusDoc) row(t *testing.T, id string) (status, detail string) {
	t.Helper()
	for _, st := range d.Steps {
		if st.ID == id {
			return st.Status, st.Detail
		}
	}
	t.Fatalf("status has no row %s: %+v", id, d.Steps)
	return "", ""
}

// status reads the handoff sheet where it is saved, beside the progress file (issue 12: it
// said "no progress file: the sheet is shown, not saved" when both existed, and called the
// handoff done whatever the file said), and it has the wizard's rows: every step and the
// test sign-in (9 rows against the panel's 10).
func TestStatusHandoffAndTestSignInRows(t *testing.T) {
	isolate(t)
	w := newWorld(t)
	if out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--yes"); code != exitOK {
		t.Fatalf("apply: %d\n%s\n%s", code, out, errOut)
	}
	doc := statusOf(t, w.env())
	if want := len(steps.All()) + 1; len(doc.Steps) != want {
		t.Fatalf("%d rows, want every step and the test sign-in (%d)", len(doc.Steps), want)
	}
	st, detail := doc.row(t, steps.IDHandoff)
	if st != "done" || strings.Contains(detail, "no progress file") || !strings.Contains(detail, "-handoff.md") {
		t.Errorf("handoff after apply: %s %q", st, detail)
	}
	if last := doc.Steps[len(doc.Steps)-1]; last.ID != "test-signin" || last.Status != "missing" || !strings.Contains(last.Detail, "not run yet") {
		t.Errorf("test sign-in before any test: %+v", last)
	}
	text, _, _ := runCLI(t, w.env(), "status")
	if !strings.Contains(text, "test-signin") || strings.Contains(text, "no progress file") {
		t.Errorf("status:\n%s", text)
	}

	// The sheet gone from beside the progress file: the handoff is not done.
	_, sheet, _ := strings.Cut(detail, "saved in ")
	if err := os.Remove(sheet); err != nil {
		t.Fatal(err)
	}
	if st, detail := statusOf(t, w.env()).row(t, steps.IDHandoff); st != "missing" {
		t.Errorf("handoff with its sheet removed: %s %q", st, detail)
	}

	// A passing test-signin is recorded, and status says so.
	passingSignIn(t, w.env())
	if st, detail := statusOf(t, w.env()).row(t, "test-signin"); st != "done" || !strings.Contains(detail, "passed on ") {
		t.Errorf("test sign-in after a pass: %s %q", st, detail)
	}
}
