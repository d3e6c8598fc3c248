package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
)

// runTerminal runs one command as if at a terminal, with typed as what the person types.
func runTerminal(t *testing.T, env map[string]string, typed string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	c := &cli{stdin: strings.NewReader(typed), stdout: &out, stderr: &errOut, interactive: true,
		getenv: func(k string) string { return env[k] }}
	code = c.main(context.Background(), args)
	return out.String(), errOut.String(), code
}

func applied(t *testing.T) (*world, string) {
	t.Helper()
	state := isolate(t)
	w := newWorld(t)
	if out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--yes"); code != exitOK {
		t.Fatalf("apply exited %d\n%s\n%s", code, out, errOut)
	}
	w.org.ResetRequests()
	return w, state
}

func TestRemovePlanThenConfirm(t *testing.T) {
	w, state := applied(t)
	progress := filepath.Join(state, "idme-okta", strings.NewReplacer(":", "_").Replace(strings.TrimPrefix(w.org.URL(), "http://"))+".json")
	if _, err := os.Stat(progress); err != nil {
		t.Fatalf("progress file: %v", err)
	}

	// --plan reads only.
	out, errOut, code := runCLI(t, w.env(), "remove", "--plan")
	if code != exitOK || simtest.Writes(w.org) != 0 {
		t.Fatalf("remove --plan: code %d, %d writes\n%s%s", code, simtest.Writes(w.org), out, errOut)
	}
	for _, want := range []string{"routing rule", "test app", "identity provider", "Nothing was removed (--plan)"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan does not say %q:\n%s", want, out)
		}
	}
	if strings.Index(out, "routing rule") > strings.Index(out, "identity provider") {
		t.Errorf("the plan removes the IdP before the rule:\n%s", out)
	}

	// Without a terminal and without --yes nothing is written.
	out, errOut, code = runCLI(t, w.env(), "remove")
	if code != exitFailure || simtest.Writes(w.org) != 0 || !strings.Contains(errOut, "--yes") {
		t.Fatalf("unconfirmed remove: code %d, %d writes\n%s%s", code, simtest.Writes(w.org), out, errOut)
	}
	// At a terminal, anything but "yes" is no.
	_, errOut, code = runTerminal(t, w.env(), "y\n", "remove")
	if code != exitFailure || simtest.Writes(w.org) != 0 || !strings.Contains(errOut, "Type yes") {
		t.Fatalf("remove answered y: code %d, %d writes\n%s", code, simtest.Writes(w.org), errOut)
	}
	out, errOut, code = runTerminal(t, w.env(), "yes\n", "remove")
	if code != exitOK {
		t.Fatalf("remove: code %d\n%s%s", code, out, errOut)
	}
	if n := simtest.Writes(w.org); n != 6 {
		t.Errorf("%d writes, want deactivate and delete of rule, app and IdP", n)
	}
	if snap := w.org.Snapshot(); len(snap.IdPs) != 0 {
		t.Errorf("%d IdPs left", len(snap.IdPs))
	}
	if _, err := os.Stat(progress + ".removed"); err != nil {
		t.Errorf("archived progress file: %v", err)
	}
	assertNoSecrets(t, state, out+errOut, w.org.AdminToken(), w.clientSecret)

	// Again: no progress file, nothing to remove.
	w.org.ResetRequests()
	out, _, code = runCLI(t, w.env(), "remove", "--yes")
	if code != exitOK || simtest.Writes(w.org) != 0 || !strings.Contains(out, "Nothing to remove") {
		t.Errorf("second remove: code %d\n%s", code, out)
	}
}

func TestRemoveJSON(t *testing.T) {
	w, _ := applied(t)
	out, errOut, code := runCLI(t, w.env(), "remove", "--yes", "--json", "--attributes")
	if code != exitOK {
		t.Fatalf("code %d\n%s%s", code, out, errOut)
	}
	var doc struct {
		OrgURL string `json:"org_url"`
		Items  []struct {
			Kind   string                         `json:"kind"`
			Steps  []string                       `json:"steps"`
			Result string                         `json:"result"`
			Users  map[string]struct{ Count int } `json:"users_with_value"`
		} `json:"items"`
		Left     []any  `json:"left"`
		Archived string `json:"archived"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	if doc.OrgURL != w.org.URL() || len(doc.Items) != 4 || doc.Archived == "" || doc.Left == nil {
		t.Fatalf("doc %+v", doc)
	}
	for _, it := range doc.Items {
		if it.Result != "removed" {
			t.Errorf("%s: %s", it.Kind, it.Result)
		}
	}
	if last := doc.Items[3]; last.Kind != "user attributes" || last.Users["idme_uuid"].Count != 0 {
		t.Errorf("attributes item %+v", last)
	}
	// JSON cannot ask.
	_, _, code = runCLI(t, w.env(), "remove", "--json")
	if code != exitUsage {
		t.Errorf("remove --json without --plan or --yes: code %d", code)
	}
}

// Deleting user data asks for the org's host, not just yes.
func TestRemoveAttributesAsksSternly(t *testing.T) {
	w, _ := applied(t)
	_, errOut, code := runTerminal(t, w.env(), "yes\n", "remove", "--attributes")
	if code != exitFailure || simtest.Writes(w.org) != 0 || !strings.Contains(errOut, "for good") {
		t.Fatalf("yes is not enough: code %d, %d writes\n%s", code, simtest.Writes(w.org), errOut)
	}
	host := strings.TrimPrefix(w.org.URL(), "http://")
	if _, errOut, code := runTerminal(t, w.env(), host+"\n", "remove", "--attributes"); code != exitOK {
		t.Fatalf("typed the host: code %d\n%s", code, errOut)
	}
}

func TestParseRemove(t *testing.T) {
	c := quietCLI(nil)
	o, err := parseRemove(c, []string{"--plan", "--attributes", "--json", "--org-url", "dev-1.okta.com"})
	if err != nil || !o.planOnly || !o.attributes || !o.json || o.yes || !o.answers.set["org-url"] {
		t.Errorf("remove options %+v, %v", o, err)
	}
	for _, args := range [][]string{{"--json"}, {"--idme-client-id", "x"}, {"extra"}} {
		if _, err := parseRemove(c, args); err == nil {
			t.Errorf("%v: no usage error", args)
		}
	}
}

// remove --test-app is the summary's clean-up: only the test app goes (deactivate, delete),
// the IdP and the rule stay, the progress file stays and forgets the app, and a second run
// has nothing to remove.
func TestRemoveTestAppOnly(t *testing.T) {
	w, _ := applied(t)
	out, errOut, code := runCLI(t, w.env(), "remove", "--test-app", "--yes")
	if code != exitOK {
		t.Fatalf("remove --test-app: exit %d\n%s%s", code, out, errOut)
	}
	var paths []string
	for _, r := range w.org.Requests() {
		if r.Write {
			paths = append(paths, r.Method+" "+r.Path)
		}
	}
	if len(paths) != 2 || !strings.HasSuffix(paths[0], "/lifecycle/deactivate") || !strings.HasPrefix(paths[1], "DELETE /api/v1/apps/") {
		t.Errorf("writes = %v, want the test app deactivated then deleted", paths)
	}
	snap := w.org.Snapshot()
	if len(snap.IdPs) != 1 {
		t.Errorf("after remove --test-app: %d IdPs, want 1", len(snap.IdPs))
	}
	for _, app := range snap.Apps {
		if app["label"] == steps.DefaultTestAppLabel {
			t.Errorf("the test app is still there: %v", app["id"])
		}
	}
	if strings.Contains(out, "archived") {
		t.Errorf("the progress file was archived:\n%s", out)
	}
	out, errOut, code = runCLI(t, w.env(), "status")
	if code != exitOK || !strings.Contains(out, "routing-rule") {
		t.Errorf("status after the clean-up: exit %d\n%s%s", code, out, errOut)
	}
	w.org.ResetRequests()
	if out, errOut, code = runCLI(t, w.env(), "remove", "--test-app", "--yes"); code != exitOK || simtest.Writes(w.org) != 0 || !strings.Contains(out, "no test app") {
		t.Errorf("second remove --test-app: exit %d, %d writes\n%s%s", code, simtest.Writes(w.org), out, errOut)
	}
	if _, errOut, code = runCLI(t, w.env(), "remove", "--test-app", "--attributes"); code != exitUsage || !strings.Contains(errOut, "--test-app") {
		t.Errorf("--test-app with --attributes: exit %d %s", code, errOut)
	}
}
