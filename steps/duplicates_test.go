package steps

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// twoRuns makes what two runs started together make when only the test app was missing:
// each checked before the other wrote, so each creates its own app (Okta does not make app
// labels unique). The progress file ends with the first run's ids. It returns the second
// run's app. (A routing rule cannot be made twice this way: Okta refuses a second rule of
// the same name in a policy, E0000001 "already in use", as the simulated org does.)
func twoRuns(t *testing.T, e *simEnv) (appCopy string) {
	t.Helper()
	ctx := context.Background()
	var first []Step
	for _, st := range All() {
		if st.ID() != IDTestApp {
			first = append(first, st)
		}
	}
	if err := Run(ctx, e.setup(t), first, RunOptions{AllowOverwrite: true}); err != nil {
		t.Fatal(err)
	}
	other := e.setup(t)
	late := CheckAll(ctx, other, []Step{Connect(), TestApp()})[1]
	e.run(t, e.setup(t), RunOptions{AllowOverwrite: true})
	if late.Err != nil || late.Report.Status != StatusMissing {
		t.Fatalf("the second run's check: %v %+v", late.Err, late.Report)
	}
	res, err := late.Step.Apply(ctx, other, late.Report)
	if err != nil || len(res.Objects) != 1 {
		t.Fatalf("the second run's apply: %v %+v", err, res)
	}
	e.org.ResetRequests()
	return res.Objects[0].ID
}

func duplicateIDs(r Report) []string {
	var ids []string
	for _, d := range r.Duplicates {
		ids = append(ids, d.ID)
	}
	return ids
}

// Two runs at once made the test app and the routing rule twice. The checks report the
// second copies as duplicates (the progress file's are kept) and nothing else: an app an
// admin made with idme-okta's label and callback but its tile shown, and a rule with
// idme-okta's name to the ID.me IdP but without Okta's own sign-in, are not idme-okta's.
// A run without the admin's yes deletes nothing, a plan shows the deletions, a run with it
// deactivates and deletes the copies only, and the next run writes nothing.
func TestDuplicatesAreReportedAndDeletedAfterConfirmation(t *testing.T) {
	ctx := context.Background()
	e := startSim(t)
	appCopy := twoRuns(t, e)
	known := e.setup(t).Known()
	if appCopy == known.TestAppID {
		t.Fatalf("the progress file names the copy")
	}
	handApp := simtest.SeedApp(t, e.org, DefaultTestAppLabel, CallbackURI(DefaultCallbackPort))
	handRule := simtest.SeedRule(t, e.org, simtest.Rule{Name: DefaultRuleName + " (2)", Okta: true, IdPIDs: []string{known.IdPID}, Priority: 5})

	check := func() map[string]Report {
		out := map[string]Report{}
		for _, o := range CheckAll(ctx, e.setup(t), All()) {
			if o.Err != nil {
				t.Fatalf("check %s: %v", o.Step.ID(), o.Err)
			}
			out[o.Step.ID()] = o.Report
		}
		return out
	}
	reports := check()
	if got := duplicateIDs(reports[IDTestApp]); !slices.Equal(got, []string{appCopy}) {
		t.Errorf("test app duplicates %v, want only the second run's %s (not the hand-made %s)", got, appCopy, handApp)
	}
	if r := reports[IDRoutingRule]; len(r.Duplicates) > 0 || r.Status != StatusDone {
		t.Errorf("rule %s %q, duplicates %v: a rule named like idme-okta's copies (%s) is a person's", r.Status, r.Detail, duplicateIDs(r), handRule)
	}
	if r := reports[IDTestApp]; r.Status != StatusDrifted || !r.NeedsOverwrite() || r.Changes[len(r.Changes)-1].Action != "delete" {
		t.Errorf("test app: %s %q %+v: want drifted with a deletion that needs a yes", r.Status, r.Detail, r.Changes)
	}
	if w := writes(e.org); len(w) != 0 {
		t.Fatalf("checking wrote %q", w)
	}

	var refused []string
	err := Run(ctx, e.setup(t), All(), RunOptions{OnEvent: func(ev Event) {
		if ev.Kind == EventRefused {
			refused = append(refused, ev.StepID)
		}
	}})
	if !slices.Equal(refused, []string{IDTestApp}) || err == nil {
		t.Errorf("without a yes: refused %v, err %v", refused, err)
	}
	if err := Run(ctx, e.setup(t), All(), RunOptions{PlanOnly: true}); err != nil {
		t.Fatal(err)
	}
	if w := writes(e.org); len(w) != 0 {
		t.Fatalf("a run without a yes and a plan wrote %q", w)
	}

	e.run(t, e.setup(t), RunOptions{AllowOverwrite: true})
	want := []string{"POST /api/v1/apps/" + appCopy + "/lifecycle/deactivate", "DELETE /api/v1/apps/" + appCopy}
	if got := writes(e.org); !slices.Equal(got, want) {
		t.Errorf("writes with a yes:%s\nwant:%s", joinLines(got), joinLines(want))
	}
	e.org.ResetRequests()
	e.run(t, e.setup(t), RunOptions{AllowOverwrite: true})
	if w := writes(e.org); len(w) != 0 {
		t.Errorf("the next run wrote %q", w)
	}
	reports = check()
	for _, id := range []string{IDTestApp, IDRoutingRule} {
		if r := reports[id]; r.Status != StatusDone || len(r.Duplicates) > 0 {
			t.Errorf("%s after the deletion: %s %q", id, r.Status, r.Detail)
		}
	}
	c := e.client(t, e.org.AdminToken())
	if _, err := c.GetOIDCApp(ctx, handApp); err != nil {
		t.Errorf("the hand-made app: %v", err)
	}
	if _, err := c.GetOIDCApp(ctx, known.TestAppID); err != nil {
		t.Errorf("the kept app: %v", err)
	}
	policyRules, err := c.ListRules(ctx, known.PolicyID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range policyRules {
		ids = append(ids, r.ID)
	}
	if !slices.Contains(ids, handRule) || !slices.Contains(ids, known.RuleID) {
		t.Errorf("rules after the deletion %v: want the kept %s and the hand-made %s", ids, known.RuleID, handRule)
	}
}

// A copy that is gone by the time it is deleted (another run deleted it) is no failure.
func TestADuplicateAlreadyGoneIsNoFailure(t *testing.T) {
	ctx := context.Background()
	e := startSim(t)
	appCopy := twoRuns(t, e)
	s := e.setup(t)
	s.Refresh()
	reports := CheckAll(ctx, s, All())
	c := e.client(t, e.org.AdminToken())
	if err := c.DeactivateApp(ctx, appCopy); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteApp(ctx, appCopy); err != nil {
		t.Fatal(err)
	}
	r := reports[len(reports)-1]
	if r.Step.ID() != IDTestApp || len(r.Report.Duplicates) != 1 {
		t.Fatalf("%s %+v", r.Step.ID(), r.Report)
	}
	res, err := r.Step.Apply(ctx, s, r.Report)
	if err != nil || res.Writes != 0 {
		t.Errorf("deleting a copy that is gone: %v, %d writes (%s)", err, res.Writes, res.Detail)
	}
}

// Without the progress file's id, the oldest copy is kept; a copy with another scope is a
// person's.
func TestPickRuleKeepsTheOldestCopy(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	want, _ := desiredRule(DefaultAnswers(), okta.EngineIdentity, "pol", "idp1")
	rule := func(id string, prio int, created time.Time) okta.Rule {
		r := want
		r.ID, r.Name, r.Priority, r.Created, r.Status = id, DefaultRuleName, prio, created, "ACTIVE"
		return r
	}
	scoped := rule("scoped", 3, t0.Add(-time.Hour))
	scoped.AppIDs = []string{"0oa1"}
	rules := []okta.Rule{rule("newer", 1, t0.Add(time.Minute)), rule("older", 2, t0), scoped}
	found, _, dups, _ := pickRule(rules, "", "idp1", DefaultRuleName, want)
	if found == nil || found.ID != "older" || len(dups) != 1 || dups[0].ID != "newer" {
		t.Errorf("kept %v, copies %v: want older kept, newer a copy, scoped left alone", found, dups)
	}
	found, _, dups, _ = pickRule(rules, "newer", "idp1", DefaultRuleName, want)
	if found == nil || found.ID != "newer" || len(dups) != 1 || dups[0].ID != "older" {
		t.Errorf("with the progress file's id: kept %v, copies %v", found, dups)
	}
}
