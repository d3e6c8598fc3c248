package main

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
)

// A second test app made exactly as idme-okta makes it (seeded: what a run whose create
// answer was lost, or a run on another machine beside it, leaves) is listed by status (text and --json) as a duplicate,
// shown by apply --plan as a deletion, refused by apply without --yes, and deleted
// (deactivated, then deleted) by apply --yes; a look-alike an admin made (idme-okta's label
// and callback, its tile shown) is none of these and stays; the next apply writes nothing.
func TestStatusAndApplyHandleDuplicatesIdmeOktaMade(t *testing.T) {
	isolate(t)
	w := newWorld(t)
	env := w.env()
	apply := func(args ...string) (string, int) {
		t.Helper()
		out, errOut, code := runCLI(t, env, append([]string{"apply", "--idme-base-url", w.idme.BaseURL()}, args...)...)
		if strings.Contains(errOut, "panic") {
			t.Fatal(errOut)
		}
		return out, code
	}
	if out, code := apply("--yes"); code != exitOK {
		t.Fatalf("apply: %d\n%s", code, out)
	}
	c, err := okta.New(okta.Config{OrgURL: w.org.URL(), Token: w.org.AdminToken()})
	if err != nil {
		t.Fatal(err)
	}
	copyID := simtest.SeedHiddenApp(t, w.org, steps.DefaultTestAppLabel, steps.CallbackURI(steps.DefaultCallbackPort))
	handApp := simtest.SeedApp(t, w.org, steps.DefaultTestAppLabel, steps.CallbackURI(steps.DefaultCallbackPort))

	out, errOut, code := runCLI(t, env, "status", "--json")
	var doc struct {
		Steps []struct {
			ID         string `json:"id"`
			Status     string `json:"status"`
			Duplicates []struct {
				Kind, Name, ID, Status, Keeps string
			} `json:"duplicates"`
		} `json:"steps"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != exitOK {
		t.Fatalf("status --json: %d %v\n%s\n%s", code, err, out, errOut)
	}
	keeps := ""
	for _, st := range doc.Steps {
		switch {
		case st.ID == steps.IDTestApp:
			if len(st.Duplicates) != 1 || st.Duplicates[0].ID != copyID || st.Duplicates[0].Kind != "test app" || st.Status != "drifted" {
				t.Errorf("test-app row %+v: want the copy %s alone (not the hand-made %s)", st, copyID, handApp)
			} else {
				keeps = st.Duplicates[0].Keeps
			}
		case len(st.Duplicates) > 0:
			t.Errorf("%s lists duplicates: %+v", st.ID, st.Duplicates)
		}
	}
	if strings.Count(out, `"duplicates"`) != 1 {
		t.Errorf("a step without duplicates has the key:\n%s", out)
	}
	text, _, _ := runCLI(t, env, "status")
	if !strings.Contains(text, "duplicates idme-okta made") || !strings.Contains(text, copyID+" (ACTIVE), a copy of "+keeps) || strings.Contains(text, handApp+" (") {
		t.Errorf("status text:\n%s", text)
	}

	plan, code := apply("--plan")
	deletion := "delete test app \"" + steps.DefaultTestAppLabel + "\" ("
	if code != exitOK || !strings.Contains(plan, deletion+copyID+")") || strings.Contains(plan, deletion+handApp) ||
		!strings.Contains(plan, handApp+") carries idme-okta's label and loopback callback but not the settings") {
		t.Errorf("apply --plan (%d):\n%s", code, plan)
	}
	if out, code := apply(); code == exitOK || !strings.Contains(out, "[refused] ") {
		t.Errorf("apply without --yes (%d):\n%s", code, out)
	}
	if wr := simtest.Writes(w.org); wr != 0 {
		t.Fatalf("status, a plan and a refused apply wrote %d times", wr)
	}

	if out, code := apply("--yes"); code != exitOK || !strings.Contains(out, "deleted the copy test app") {
		t.Errorf("apply --yes (%d):\n%s", code, out)
	}
	want := []string{"POST /api/v1/apps/" + copyID + "/lifecycle/deactivate", "DELETE /api/v1/apps/" + copyID}
	if got := simtest.WriteLog(w.org); !slices.Equal(got, want) {
		t.Errorf("writes %q, want %q", got, want)
	}
	w.org.ResetRequests()
	if out, code := apply("--yes"); code != exitOK || simtest.Writes(w.org) != 0 {
		t.Errorf("the next apply (%d, %d writes):\n%s", code, simtest.Writes(w.org), out)
	}
	for _, id := range []string{handApp, keeps} {
		if _, err := c.GetOIDCApp(context.Background(), id); err != nil {
			t.Errorf("app %s after the deletion: %v", id, err)
		}
	}
}
