package steps

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

func redirectURIsOf(app map[string]any) []string {
	var out []string
	for _, u := range simtest.At(app, "settings", "oauthClient", "redirect_uris").([]any) {
		out = append(out, u.(string))
	}
	return out
}

func assignedGroups(snap sim.Snapshot, appID string) []string {
	var out []string
	for _, g := range snap.AppGroupAssignments[appID] {
		out = append(out, simtest.Str(g, "id"))
	}
	return out
}

// groupIDNamed reads the org's groups through the API, as an admin would look one up.
func groupIDNamed(t *testing.T, org *sim.Org, name string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, org.URL()+"/api/v1/groups", nil)
	req.Header.Set("Authorization", "SSWS "+org.AdminToken())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var groups []map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&groups); err != nil {
		t.Fatal(err)
	}
	for _, g := range groups {
		if simtest.Str(g, "profile", "name") == name {
			return simtest.Str(g, "id")
		}
	}
	t.Fatalf("no group named %q", name)
	return ""
}

func runTestApp(t *testing.T, s *Setup) {
	t.Helper()
	if err := Run(context.Background(), s, []Step{TestApp()}, RunOptions{}); err != nil {
		t.Fatalf("run test-app: %v", err)
	}
}

func TestTestAppCreatedOnceThenLeftAlone(t *testing.T) {
	e := startSim(t)
	s := e.setup(t)
	runTestApp(t, s)

	snap := e.org.Snapshot()
	apps := where(snap.Apps, "label", DefaultTestAppLabel)
	if len(apps) != 1 {
		t.Fatalf("%d apps labelled %q, want 1", len(apps), DefaultTestAppLabel)
	}
	app := apps[0]
	for _, f := range []struct {
		name string
		got  any
		want any
	}{
		{"status", app["status"], "ACTIVE"},
		{"application_type", simtest.At(app, "settings", "oauthClient", "application_type"), "browser"},
		{"token_endpoint_auth_method", simtest.At(app, "credentials", "oauthClient", "token_endpoint_auth_method"), "none"},
		{"pkce_required", simtest.At(app, "credentials", "oauthClient", "pkce_required"), true},
		{"grant_types", simtest.At(app, "settings", "oauthClient", "grant_types"), []any{"authorization_code", "implicit"}},
		{"response_types", simtest.At(app, "settings", "oauthClient", "response_types"), []any{"code", "id_token"}},
		{"redirect_uris", redirectURIsOf(app), []string{"http://127.0.0.1:53682/callback"}},
		{"groups", assignedGroups(snap, simtest.Str(app, "id")), []string{groupIDNamed(t, e.org, "Everyone")}},
	} {
		if !reflect.DeepEqual(f.got, f.want) {
			t.Errorf("%s = %v, want %v", f.name, f.got, f.want)
		}
	}
	k := s.Known()
	if k.TestAppID != simtest.Str(app, "id") || k.TestAppClientID != simtest.Str(app, "credentials", "oauthClient", "client_id") {
		t.Errorf("recorded app %q / client %q, org has %q / %q", k.TestAppID, k.TestAppClientID,
			simtest.Str(app, "id"), simtest.Str(app, "credentials", "oauthClient", "client_id"))
	}
	if got, want := writes(e.org), []string{"POST /api/v1/apps", "PUT /api/v1/apps/" + k.TestAppID + "/groups/" + groupIDNamed(t, e.org, "Everyone")}; !reflect.DeepEqual(got, want) {
		t.Errorf("writes:%s\nwant:%s", joinLines(got), joinLines(want))
	}

	// A new process, from the progress file: nothing to do.
	e.org.ResetRequests()
	again := e.setup(t)
	if r := CheckStep(context.Background(), again, TestApp()); r.Err != nil || r.Report.Status != StatusDone {
		t.Fatalf("re-check = %s (%v): %s", r.Report.Status, r.Err, r.Report.Detail)
	}
	runTestApp(t, again)
	if w := writes(e.org); len(w) != 0 {
		t.Errorf("re-run wrote:%s", joinLines(w))
	}
	if n := len(where(e.org.Snapshot().Apps, "label", DefaultTestAppLabel)); n != 1 {
		t.Errorf("%d test apps after the re-run, want 1", n)
	}
}

func TestTestAppNewPortAddsRedirectURIAndKeepsTheOthers(t *testing.T) {
	e := startSim(t)
	runTestApp(t, e.setup(t))
	e.org.ResetRequests()

	a := simAnswers(e.org)
	a.CallbackPort = 49152
	s := e.setupWith(t, a, e.secrets())
	r := CheckStep(context.Background(), s, TestApp())
	if r.Err != nil || r.Report.Status != StatusDrifted || len(r.Report.Changes) != 1 || r.Report.Changes[0].Action != "add" || r.Report.NeedsOverwrite() {
		t.Fatalf("check after a port change = %s %+v (%v): want one add that needs no confirmation", r.Report.Status, r.Report.Changes, r.Err)
	}
	runTestApp(t, s)

	id := s.Known().TestAppID
	if got, want := writes(e.org), []string{"PUT /api/v1/apps/" + id}; !reflect.DeepEqual(got, want) {
		t.Errorf("writes:%s\nwant:%s", joinLines(got), joinLines(want))
	}
	apps := where(e.org.Snapshot().Apps, "label", DefaultTestAppLabel)
	if len(apps) != 1 {
		t.Fatalf("%d test apps, want 1", len(apps))
	}
	if got, want := redirectURIsOf(apps[0]), []string{CallbackURI(DefaultCallbackPort), CallbackURI(49152)}; !reflect.DeepEqual(got, want) {
		t.Errorf("redirect URIs = %v, want %v", got, want)
	}
}

func TestTestAppFoundByIDAfterRenameAndReassigned(t *testing.T) {
	e := startSim(t)
	first := e.setup(t)
	runTestApp(t, first)
	id := first.Known().TestAppID

	// The admin renamed it and picked another group: the id from the progress file finds it,
	// and the chosen group is assigned (Everyone stays: idme-okta removes nothing).
	a := simAnswers(e.org)
	a.TestAppLabel = "Renamed test app"
	a.TestGroupID = groupIDNamed(t, e.org, "Engineering")
	e.org.ResetRequests()
	s := e.setupWith(t, a, e.secrets())
	runTestApp(t, s)

	if got, want := writes(e.org), []string{"PUT /api/v1/apps/" + id + "/groups/" + a.TestGroupID}; !reflect.DeepEqual(got, want) {
		t.Errorf("writes:%s\nwant:%s", joinLines(got), joinLines(want))
	}
	if s.Known().TestAppID != id {
		t.Errorf("test app id = %q, want the one from the last run %q", s.Known().TestAppID, id)
	}
	if n := len(where(e.org.Snapshot().Apps, "label", "Renamed test app")); n != 0 {
		t.Errorf("%d apps created with the new label, want none", n)
	}
	groups := assignedGroups(e.org.Snapshot(), id)
	if !slices.Contains(groups, a.TestGroupID) || !slices.Contains(groups, groupIDNamed(t, e.org, "Everyone")) {
		t.Errorf("groups = %v, want Engineering and Everyone", groups)
	}
}

func TestTestAppDeletedSinceLastRunIsFoundByLabel(t *testing.T) {
	e := startSim(t)
	runTestApp(t, e.setup(t))
	id := e.setup(t).Known().TestAppID

	// A stale id (e.g. a progress file from another org): found by label instead.
	e.org.ResetRequests()
	s := e.setupWith(t, simAnswers(e.org), e.secrets())
	s.Record(func(o *Objects) { o.TestAppID = "0oanotthere000000000" })
	r := CheckStep(context.Background(), s, TestApp())
	if r.Err != nil || r.Report.Status != StatusDone {
		t.Fatalf("check = %s (%v): %s", r.Report.Status, r.Err, r.Report.Detail)
	}
	if len(r.Report.Notes) == 0 {
		t.Error("no note that the app from the last run is gone")
	}
	if s.Known().TestAppID != id {
		t.Errorf("test app id = %q, want %q", s.Known().TestAppID, id)
	}
}

func TestEnsureTestAppCallbackReplacesAnEarlierFallback(t *testing.T) {
	e := startSim(t)
	s := e.setup(t)
	runTestApp(t, s)
	id := s.Known().TestAppID
	ctx := context.Background()
	preferred := CallbackURI(DefaultCallbackPort)
	const admins = "https://app.example.com/callback" // not idme-okta's: always kept
	if _, err := s.Okta.SetOIDCAppRedirectURIs(ctx, id, []string{preferred, admins}); err != nil {
		t.Fatal(err)
	}
	uris := func() []string { return redirectURIsOf(where(e.org.Snapshot().Apps, "label", DefaultTestAppLabel)[0]) }
	e.org.ResetRequests()

	calls := []struct {
		name      string
		preferred int
		port      int
		wrote     bool
		want      []string
	}{
		{"first busy port", DefaultCallbackPort, 50123, true, []string{preferred, admins, CallbackURI(50123)}},
		{"the same port again", DefaultCallbackPort, 50123, false, []string{preferred, admins, CallbackURI(50123)}},
		{"another busy port replaces the first", DefaultCallbackPort, 50124, true, []string{preferred, admins, CallbackURI(50124)}},
		{"the preferred port is free again", DefaultCallbackPort, DefaultCallbackPort, false, []string{preferred, admins, CallbackURI(50124)}},
		{"a new preferred port: the old one is a fallback now", 50200, 50125, true, []string{admins, CallbackURI(50125)}},
	}
	writesBefore := 0
	for _, st := range calls {
		changed, err := EnsureTestAppCallback(ctx, s.Okta, id, st.preferred, st.port)
		if err != nil || changed != st.wrote {
			t.Fatalf("%s: EnsureTestAppCallback = %v, %v; want %v", st.name, changed, err, st.wrote)
		}
		if got := uris(); !reflect.DeepEqual(got, st.want) {
			t.Errorf("%s: redirect URIs = %v, want %v", st.name, got, st.want)
		}
		w := writes(e.org)
		if n := len(w) - writesBefore; (n == 1) != st.wrote || n > 1 {
			t.Errorf("%s: %d writes:%s", st.name, n, joinLines(w[writesBefore:]))
		}
		writesBefore = len(w)
	}
	if _, err := EnsureTestAppCallback(ctx, s.Okta, id, DefaultCallbackPort, 70000); err == nil {
		t.Error("port 70000 accepted")
	}
}

func TestCallbackPortRecognisesOnlyIdmeOktasCallbacks(t *testing.T) {
	for uri, want := range map[string]int{
		CallbackURI(53682): 53682, CallbackURI(1): 1,
		"http://127.0.0.1:053682/callback": 0, "http://127.0.0.1:53682/callback/": 0, "http://localhost:53682/callback": 0,
		"https://127.0.0.1:53682/callback": 0, "http://127.0.0.1:99999/callback": 0, "http://127.0.0.1:/callback": 0,
	} {
		if got, ours := callbackPort(uri); got != want || ours != (want != 0) {
			t.Errorf("callbackPort(%q) = %d, %v; want %d", uri, got, ours, want)
		}
	}
}
