package steps

import (
	"context"
	"errors"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim"
)

func TestReadOnlyTokenIsStoppedAtConnectWithoutWriting(t *testing.T) {
	e := startSim(t)
	s := e.setupWith(t, simAnswers(e.org), Secrets{APIToken: e.org.ReadOnlyToken(), IDmeClientSecret: testClientSecret})

	out := CheckAll(context.Background(), s, All())
	if out[0].Report.Status != StatusError {
		t.Fatalf("connect = %s %q", out[0].Report.Status, out[0].Report.Detail)
	}
	for _, want := range []string{"Read-Only Administrator auditor@sim.example", "create an identity provider", "Super Administrator (Security > API > Tokens)"} {
		if !strings.Contains(out[0].Report.Detail, want) {
			t.Errorf("connect says %q; want it to mention %q", out[0].Report.Detail, want)
		}
	}
	for _, o := range out[1:] {
		if !errors.As(o.Err, new(*NotCheckedError)) {
			t.Errorf("%s checked after connect failed: %v", o.Step.ID(), o.Err)
		}
	}

	err := Run(context.Background(), s, All(), RunOptions{})
	var ce *ConnectError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a *ConnectError", err)
	}
	if w := writes(e.org); len(w) != 0 {
		t.Errorf("a read-only token led to writes:%s", joinLines(w))
	}
}

func TestRejectedTokenIsExplained(t *testing.T) {
	e := startSim(t)
	const bogus = "canary-bogus-token-00x"
	s := e.setupWith(t, simAnswers(e.org), Secrets{APIToken: bogus, IDmeClientSecret: testClientSecret})
	err := Run(context.Background(), s, All(), RunOptions{})
	var ce *ConnectError
	if !errors.As(err, &ce) || !okta.IsUnauthorized(err) {
		t.Fatalf("err = %v, want a *ConnectError wrapping Okta's 401", err)
	}
	if !strings.Contains(err.Error(), "did not accept the API token") || strings.Contains(err.Error(), bogus) {
		t.Errorf("message = %q", err.Error())
	}
	if w := writes(e.org); len(w) != 0 {
		t.Errorf("writes:%s", joinLines(w))
	}
}

func TestForbiddenWriteSurfacesOktasErrorAndHint(t *testing.T) {
	e := startSim(t)
	e.org.InjectFault(sim.Fault{Method: http.MethodPost, PathTemplate: "/api/v1/idps", Status: http.StatusForbidden})
	var failed Event
	err := Run(context.Background(), e.setup(t), All(), RunOptions{OnEvent: func(ev Event) {
		if ev.Kind == EventFailed {
			failed = ev
		}
	}})
	apiErr, ok := okta.AsAPIError(err)
	if !ok || apiErr.Code != "E0000006" || apiErr.Hint == "" {
		t.Fatalf("err = %v, want Okta's E0000006 with a hint", err)
	}
	if !strings.Contains(err.Error(), apiErr.Hint) || !strings.Contains(err.Error(), `identity provider "ID.me IdP - OIDC": create identity provider`) {
		t.Errorf("message lacks context or hint: %v", err)
	}
	if failed.StepID != IDIdentityProvider || failed.Err == nil {
		t.Errorf("failed event = %+v", failed)
	}
	p, lerr := LoadProgress(e.statePath)
	if lerr != nil || p.Steps[IDIdentityProvider].Status != StatusError {
		t.Errorf("progress after the failure: %+v, %v", p, lerr)
	}
}

func TestMissingClientSecretIsSaidBeforeAndStopsTheCreate(t *testing.T) {
	e := startSim(t)
	s := e.setupWith(t, simAnswers(e.org), Secrets{APIToken: e.org.AdminToken()})
	o := outcomeOf(t, s, IDIdentityProvider)
	if o.Report.Status != StatusMissing || !containsText(o.Report.Notes, "IDME_CLIENT_SECRET") {
		t.Errorf("check: %s, notes %v", o.Report.Status, o.Report.Notes)
	}
	err := Run(context.Background(), s, All(), RunOptions{})
	if !errors.Is(err, ErrNoClientSecret) || !strings.Contains(err.Error(), "enter the client secret") {
		t.Fatalf("err = %v, want ErrNoClientSecret", err)
	}
	if w := writes(e.org); len(w) != 0 {
		t.Errorf("writes:%s", joinLines(w))
	}
}

func TestPlanOnlyListsEveryWriteOfAFreshOrgAndMakesNone(t *testing.T) {
	e := startSim(t)
	var planned []Event
	err := Run(context.Background(), e.setup(t), All(), RunOptions{PlanOnly: true, OnEvent: func(ev Event) {
		if ev.Kind == EventPlanned {
			planned = append(planned, ev)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if w := writes(e.org); len(w) != 0 {
		t.Fatalf("plan-only run wrote:%s", joinLines(w))
	}
	for _, path := range []string{e.statePath, HandoffPath(e.statePath)} {
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("plan-only run wrote %s", path)
		}
	}

	var ids []string
	oktaChanges := 0
	for _, ev := range planned {
		ids = append(ids, ev.StepID)
		if ev.StepID != IDHandoff {
			oktaChanges += len(ev.Report.Changes)
		}
	}
	if got := strings.Join(ids, " "); got != "identity-provider user-attributes idp-attributes profile-mappings handoff routing-rule test-app" {
		t.Errorf("planned steps: %s", got)
	}
	// The plan names the rows and attributes before the IdP exists.
	for _, ev := range planned {
		n := 0
		for _, c := range ev.Report.Changes {
			n += len(c.Details)
		}
		want := map[string]int{IDUserAttributes: 1, IDIdPAttributes: 9, IDProfileMappings: 11}[ev.StepID]
		if want != 0 && n != want {
			t.Errorf("%s plans %d lines, want %d:\n%s", ev.StepID, n, want, allDetails(ev.Report))
		}
	}

	// Every planned Okta change is one write of the real run.
	e.run(t, e.setup(t), RunOptions{})
	if w := writes(e.org); len(w) != oktaChanges {
		t.Errorf("planned %d Okta changes, the run made %d writes:%s", oktaChanges, len(w), joinLines(w))
	}
}

// TestSecretsNeverLeave runs the whole setup, a failing run and the handoff sheet in every
// format, and looks for the API token and the client secret in everything idme-okta shows
// or writes.
func TestSecretsNeverLeave(t *testing.T) {
	e := startSim(t)
	token := e.org.AdminToken()
	var seen []string
	collect := func(ev Event) {
		seen = append(seen, ev.Report.Detail, ev.Result.Detail, allDetails(ev.Report), strings.Join(ev.Report.Notes, "\n"))
		if ev.Err != nil {
			seen = append(seen, ev.Err.Error())
		}
	}
	s := e.setup(t)
	if err := Run(context.Background(), s, All(), RunOptions{OnEvent: collect}); err != nil {
		t.Fatal(err)
	}
	// A drift involving the secret, and a failure (the write and its one more try).
	rotated := Secrets{APIToken: token, IDmeClientSecret: "canary-rotated-77"}
	e.org.InjectFault(sim.Fault{Method: http.MethodPut, Status: 500, Times: 2})
	err := Run(context.Background(), e.setupWith(t, simAnswers(e.org), rotated), All(), RunOptions{AllowOverwrite: true, OnEvent: collect})
	if err == nil {
		t.Fatal("the injected failure did not fail the run")
	}
	seen = append(seen, err.Error())
	for _, format := range HandoffFormats {
		h, herr := s.Handoff()
		if herr != nil {
			t.Fatal(herr)
		}
		b, rerr := RenderHandoff(h, format)
		if rerr != nil {
			t.Fatal(rerr)
		}
		seen = append(seen, string(b))
	}
	for _, path := range []string{e.statePath, HandoffPath(e.statePath)} {
		b, rerr := os.ReadFile(path)
		if rerr != nil {
			t.Fatal(rerr)
		}
		seen = append(seen, string(b))
	}
	all := strings.Join(seen, "\n")
	for name, secret := range map[string]string{"API token": token, "client secret": testClientSecret, "rotated secret": rotated.IDmeClientSecret} {
		if strings.Contains(all, secret) {
			t.Errorf("the %s appears in what idme-okta shows or writes", name)
		}
	}
	if !strings.Contains(all, "client secret") {
		t.Error("the rotated secret was not even reported as a change; the test proves nothing")
	}
}

func TestServiceAppConnectsAndConverges(t *testing.T) {
	e := startSim(t)
	app := e.org.ServiceApp()
	a := simAnswers(e.org)
	a.AuthMethod, a.ServiceAppClientID, a.ServiceAppKeyID = AuthServiceApp, app.ClientID, app.KeyID
	s := e.setupWith(t, a, Secrets{PrivateKeyPEM: app.PrivateKeyPEM, IDmeClientSecret: testClientSecret})
	o := outcomeOf(t, s, IDConnect)
	if !strings.Contains(o.Report.Detail, "service app "+app.ClientID) || !containsText(o.Report.Notes, "Super Administrator role") {
		t.Errorf("connect: %q %v", o.Report.Detail, o.Report.Notes)
	}
	e.run(t, s, RunOptions{})
	assertOrgFollowsTheGuide(t, e, s)
}

func TestCheckStepOfConnectSaysStatusError(t *testing.T) {
	e := startSim(t)
	s := e.setupWith(t, simAnswers(e.org), Secrets{APIToken: e.org.ReadOnlyToken()})
	o := CheckStep(context.Background(), s, Connect())
	if o.Err == nil || o.Report.Status != StatusError || !strings.Contains(o.Report.Detail, "Read-Only Administrator") {
		t.Errorf("outcome = %s %q %v", o.Report.Status, o.Report.Detail, o.Err)
	}
	if rec := s.StepRecords()[IDConnect]; rec.Status != StatusError {
		t.Errorf("record = %+v", rec)
	}
}
