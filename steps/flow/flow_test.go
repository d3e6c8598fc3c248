package flow_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
)

// step is a step that declares facts and reports what the test says; Apply makes it done.
type step struct {
	id    string
	facts steps.Facts
	check steps.Report
}

func (s *step) ID() string                                                { return s.id }
func (s *step) Title() string                                             { return "the step " + s.id }
func (s *step) Facts() steps.Facts                                        { return s.facts }
func (s *step) Check(context.Context, *steps.Setup) (steps.Report, error) { return s.check, nil }
func (s *step) Apply(context.Context, *steps.Setup, steps.Report) (steps.Result, error) {
	s.check = steps.Report{Status: steps.StatusDone}
	return steps.Result{Detail: s.id + " applied"}, nil
}

func todo(id string, facts steps.Facts) *step {
	return &step{id: id, facts: facts, check: steps.Report{Status: steps.StatusMissing, Detail: id + " to do",
		Changes: []steps.Change{{Action: "create", Object: id}}}}
}

var connect = &step{id: "connect", facts: steps.Facts{Page: steps.PageConnect}, check: steps.Report{Status: steps.StatusDone}}

// run starts a flow over list with a progress file in a temporary directory.
func run(t *testing.T, list ...steps.Step) *flow.Flow {
	t.Helper()
	setup := steps.NewSetup(nil, steps.DefaultAnswers(), steps.Secrets{}, steps.Objects{})
	setup.StatePath = filepath.Join(t.TempDir(), "org.json")
	return flow.New(flow.Options{Setup: setup, Steps: append([]steps.Step{connect}, list...)})
}

// toFirstStep goes from the welcome through connect and the ID.me settings.
func toFirstStep(t *testing.T, f *flow.Flow) flow.Move {
	t.Helper()
	if mv := f.Start(); mv.Page.Kind != flow.Welcome {
		t.Fatalf("first page %v, want the welcome", mv.Page.Kind)
	}
	if mv := f.Next(flow.Began{}); mv.Page.Kind != flow.Connect {
		t.Fatalf("after the welcome: %v, want connect", mv.Page.Kind)
	}
	mv := f.Next(flow.Connected{Report: steps.Report{Status: steps.StatusDone, Detail: "connected"}})
	if mv.Page.Kind != flow.IDme || !mv.Save || !mv.Refresh {
		t.Fatalf("after connecting: %+v, want the ID.me settings, saved and refreshed", mv)
	}
	return f.Next(flow.IDmeDone{})
}

// pass runs a step page's task with its step: check, then apply when planned.
func pass(t *testing.T, p flow.Page) flow.Event {
	t.Helper()
	task := p.Task
	if task.Begin() != flow.DoCheck {
		t.Fatal("a step page does not begin with its check")
	}
	r, err := p.Step.Check(t.Context(), nil)
	d, ev := task.Checked(r, err)
	if ev != nil {
		return ev
	}
	if d == flow.DoShow && task.Phase == flow.Planned {
		if d, _ = task.Choose(flow.ChoiceApply); d != flow.DoApply {
			t.Fatalf("Apply on %s: %v, want DoApply", p.Step.ID(), d)
		}
		task.Applied(p.Step.Apply(t.Context(), nil, task.Report))
	}
	_, ev = task.Choose(flow.ChoiceContinue)
	return ev
}

func kinds(f *flow.Flow, mv flow.Move, evs ...func(flow.Page) flow.Event) []string {
	var out []string
	for _, ev := range evs {
		out = append(out, describe(mv.Page))
		mv = f.Next(ev(mv.Page))
	}
	return append(out, describe(mv.Page))
}

func describe(p flow.Page) string {
	if p.Step != nil {
		return map[flow.Kind]string{flow.StepPage: "step", flow.MappingTable: "table", flow.HandoffSheet: "sheet"}[p.Kind] + ":" + p.Step.ID()
	}
	return map[flow.Kind]string{flow.SignInChoice: "sign-in", flow.Summary: "summary"}[p.Kind]
}

// The steps come in list order after connect; the test sign-in only when a step makes its
// app; each page's step is the board's current entry.
func TestPagesFollowTheList(t *testing.T) {
	for _, withApp := range []bool{false, true} {
		a, b := todo("a", steps.Facts{}), todo("b", steps.Facts{SignInApp: withApp})
		f := run(t, a, b)
		mv := toFirstStep(t, f)
		passed := func(p flow.Page) flow.Event {
			if cur := f.Board().Entries[f.Board().Current]; cur.ID != p.Step.ID() {
				t.Errorf("the board's current entry is %s on %s's page", cur.ID, p.Step.ID())
			}
			return pass(t, p)
		}
		got := kinds(f, mv, passed, passed)
		want := []string{"step:a", "step:b", "summary"}
		if withApp {
			want[2] = "sign-in"
		}
		if !slices.Equal(got, want) {
			t.Errorf("sign-in app %v: pages %v, want %v", withApp, got, want)
		}
		if n := len(f.Board().Entries); n != 3+map[bool]int{false: 0, true: 1}[withApp] {
			t.Errorf("sign-in app %v: %d board entries", withApp, n)
		}
	}
}

// The mapping table comes before the steps that create what it needs (its prerequisites), so
// what they create follows the table; then those steps in order, then the mapping step's
// plan, without the table again.
func TestTableComesBeforeTheStepsItFeeds(t *testing.T) {
	for _, changed := range []bool{false, true} {
		idp := todo("idp", steps.Facts{})
		attrs := todo("attrs", steps.Facts{})
		table := todo("table", steps.Facts{Page: steps.PageMappingTable, Prerequisites: []string{"attrs", "not-in-this-run"}})
		f := run(t, idp, attrs, table)
		mv := toFirstStep(t, f)
		if describe(mv.Page) != "step:idp" {
			t.Fatalf("first: %s, want the step before the table's prerequisites", describe(mv.Page))
		}
		mv = f.Next(pass(t, mv.Page))
		if mv.Page.Kind != flow.MappingTable || mv.Page.Table == nil || mv.Page.Step != table {
			t.Fatalf("before the attributes: %v, want the mapping table", describe(mv.Page))
		}
		if changed {
			mv.Page.Table.Put(-1, steps.MappingRow{Attribute: "birth_date", Claim: "birth_date"})
		}
		ev, err := mv.Page.Table.Keep()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(f.Setup().Answers.Mappings, steps.MappingRow{Attribute: "birth_date", Claim: "birth_date"}) != !changed {
			t.Errorf("changed %v: the answers' table is %v", changed, f.Setup().Answers.Mappings)
		}
		mv = f.Next(ev)
		if describe(mv.Page) != "step:attrs" || mv.Page.Task.Revisit {
			t.Fatalf("changed %v: after the table %s, want the attributes (first visit)", changed, describe(mv.Page))
		}
		mv = f.Next(pass(t, mv.Page))
		if describe(mv.Page) != "step:table" {
			t.Fatalf("changed %v: then %s, want the mapping step's plan", changed, describe(mv.Page))
		}
	}
}

// The bug: Back from the attributes' plan showed the mapping table, and going on from it
// skipped the attributes for the mapping's own plan (Okta refuses it: 400 E0000001). Going
// back to the table and on comes back to the attribute steps not done, in order; a jump to
// the table once they are done goes from it to the mapping's plan.
func TestBackToTheTableComesBackToItsPrerequisites(t *testing.T) {
	attrs, more := todo("attrs", steps.Facts{}), todo("more", steps.Facts{})
	table := todo("table", steps.Facts{Page: steps.PageMappingTable, Prerequisites: []string{"attrs", "more"}})
	f := run(t, attrs, more, table)
	mv := toFirstStep(t, f)
	keep := func(mv flow.Move) flow.Move {
		t.Helper()
		if mv.Page.Table == nil {
			t.Fatalf("%s, want the mapping table", describe(mv.Page))
		}
		ev, err := mv.Page.Table.Keep()
		if err != nil {
			t.Fatal(err)
		}
		return f.Next(ev)
	}
	mv = keep(mv)
	if describe(mv.Page) != "step:attrs" {
		t.Fatalf("after the table: %s, want the attributes", describe(mv.Page))
	}
	task := mv.Page.Task
	task.Begin()
	task.Checked(attrs.check, nil)
	_, ev := task.Choose(flow.ChoicePrevious)
	if mv = f.Next(ev); mv.Page.Kind != flow.MappingTable {
		t.Fatalf("Back from the attributes' plan: %s, want the table", describe(mv.Page))
	}
	var got []string
	for mv = keep(mv); mv.Page.Kind == flow.StepPage; mv = f.Next(pass(t, mv.Page)) {
		got = append(got, describe(mv.Page))
	}
	if want := []string{"step:attrs", "step:more", "step:table"}; !slices.Equal(got, want) {
		t.Errorf("on from the table: %v, want %v", got, want)
	}
	mv = keep(f.Next(flow.JumpTo{ID: "table"}))
	if describe(mv.Page) != "step:table" {
		t.Errorf("on from the table with its prerequisites done: %s, want the mapping's plan", describe(mv.Page))
	}
}

// A change that replaces configuration needs a second yes, whose default is Back; an
// attestation replaces nothing, so one yes records it.
func TestOverwriteNeedsASecondYesAttestationOne(t *testing.T) {
	drift := steps.Report{Status: steps.StatusDrifted, Changes: []steps.Change{{Action: "replace", Object: "x", Overwrite: true}}}
	for _, attest := range []bool{false, true} {
		facts := steps.Facts{}
		if attest {
			facts.Attestation = &steps.Attestation{Question: "Is it on?", Confirm: "It is on", LeftToDo: "Turn it on."}
		}
		s := &step{id: "s", facts: facts, check: drift}
		f := run(t, s)
		task := toFirstStep(t, f).Page.Task
		task.Begin()
		task.Checked(drift, nil)
		m := task.Menu()
		if attest != (m.Options[0].Label == "It is on" && m.Options[1].Label == "Later" && m.Question == "Is it on?") {
			t.Errorf("attestation %v: plan menu %+v", attest, m)
		}
		if attest == task.Shown().NeedsOverwrite() {
			t.Errorf("attestation %v: the plan shows an overwrite: %v", attest, task.Shown().NeedsOverwrite())
		}
		d, _ := task.Choose(flow.ChoiceApply)
		if attest {
			if d != flow.DoApply {
				t.Errorf("an attestation asked twice: %v", d)
			}
			continue
		}
		if d != flow.DoShow || task.Phase != flow.Overwrite {
			t.Fatalf("one yes to an overwrite: %v, phase %v", d, task.Phase)
		}
		if m := task.Menu(); m.Options[m.Default].Choice != flow.ChoiceBack {
			t.Errorf("the second question's default is %+v, want Back", m.Options[m.Default])
		}
		if d, _ := task.Choose(flow.ChoiceApply); d != flow.DoShow || task.Phase != flow.Overwrite {
			t.Errorf("Apply, not offered on the second question, moved the task: %v %v", d, task.Phase)
		}
		task.Choose(flow.ChoiceBack)
		if task.Phase != flow.Planned {
			t.Fatalf("Back: phase %v, want the plan", task.Phase)
		}
		task.Choose(flow.ChoiceApply)
		if d, _ := task.Choose(flow.ChoiceReplace); d != flow.DoApply {
			t.Errorf("the second yes: %v, want DoApply", d)
		}
	}
}

// A failure is recorded for the progress file and the board; "Edit ID.me settings" shows
// the settings, then the same step; Skip leaves the error on the board.
func TestFailedStepOffersTheIDmeSettingsThenComesBack(t *testing.T) {
	a, b := todo("a", steps.Facts{}), todo("b", steps.Facts{})
	f := run(t, a, b)
	mv := toFirstStep(t, f)
	task := mv.Page.Task
	task.Begin()
	task.Checked(steps.Report{}, errors.New("the client secret is missing"))
	if rec := f.Setup().StepRecords()["a"]; task.Phase != flow.Failed || rec.Status != steps.StatusError {
		t.Fatalf("phase %v, record %+v; want a recorded failure", task.Phase, rec)
	}
	_, ev := task.Choose(flow.ChoiceEditIDme)
	if mv = f.Next(ev); mv.Page.Kind != flow.IDme {
		t.Fatalf("edit: %v, want the ID.me settings", mv.Page.Kind)
	}
	mv = f.Next(flow.IDmeDone{})
	if mv.Page.Step != a {
		t.Fatalf("after the settings: %s, want step a again", describe(mv.Page))
	}
	task = mv.Page.Task
	task.Begin()
	task.Checked(steps.Report{}, errors.New("still missing"))
	_, ev = task.Choose(flow.ChoiceSkip)
	if e := f.Board().Entries[f.Board().Index("a")]; e.Mark != flow.MarkError {
		t.Errorf("skipped after a failure: mark %v, want the error kept", e.Mark)
	}
	if mv = f.Next(ev); mv.Page.Step != b {
		t.Errorf("after skipping: %s, want step b", describe(mv.Page))
	}
}

// The handoff sheet is saved without a question; its failures stay out of the progress file.
func TestSheetIsSavedWithoutAQuestion(t *testing.T) {
	sheet := todo("sheet", steps.Facts{Page: steps.PageHandoffSheet})
	f := run(t, sheet)
	f.Setup().Record(func(o *steps.Objects) {
		o.IdPID, o.RedirectURI = "0oaI", "https://dev-1.okta.com/oauth2/v1/authorize/callback"
	})
	task := toFirstStep(t, f).Page.Task
	task.Begin()
	if d, _ := task.Checked(sheet.check, nil); d != flow.DoApply || task.Phase != flow.Applying {
		t.Fatalf("a sheet to save: %v, phase %v; want it saved at once", d, task.Phase)
	}
	task.Applied(steps.Result{}, errors.New("disk full"))
	if _, ok := f.Setup().StepRecords()["sheet"]; ok || task.Phase != flow.Failed {
		t.Errorf("a failed save: phase %v, recorded %v", task.Phase, ok)
	}
	task.Choose(flow.ChoiceRetry)
	task.Checked(sheet.check, nil)
	task.Applied(steps.Result{Detail: "saved"}, nil)
	if m := task.Menu(); task.Phase != flow.Applied || !m.Has(flow.ChoiceCopy) {
		t.Errorf("saved: phase %v, menu %+v", task.Phase, m)
	}
}

// Progress may replace the file only once connected, and a file found is left alone until
// the admin chose to resume or start over.
func TestCanSave(t *testing.T) {
	f := run(t, todo("a", steps.Facts{}))
	f.Start()
	if f.CanSave() {
		t.Error("may save before connecting")
	}
	f.Next(flow.Began{})
	f.Next(flow.Connected{Report: steps.Report{Status: steps.StatusDone}})
	if !f.CanSave() {
		t.Error("may not save once connected")
	}

	g := flow.New(flow.Options{Setup: steps.NewSetup(nil, steps.DefaultAnswers(), steps.Secrets{}, steps.Objects{}),
		Progress: &steps.Progress{Steps: map[string]steps.StepRecord{"a": {Status: steps.StatusDone}}}, Steps: []steps.Step{connect, todo("a", steps.Facts{})}})
	if mv := g.Start(); mv.Page.Kind != flow.Resume || g.Board().Entries[1].Mark != flow.MarkDone {
		t.Fatalf("with progress: %v, board %+v; want the resume question over the saved marks", mv.Page.Kind, g.Board().Entries)
	}
	g.Next(flow.ResumeChosen{})
	g.Next(flow.Connected{Report: steps.Report{Status: steps.StatusDone}})
	if !g.CanSave() {
		t.Error("may not save after resuming")
	}
}

// Resuming or starting over once connected (the progress file turned up only for the org
// just typed) keeps how the admin connected, whatever the file or the prefill say, and the
// run's version; the other answers come from the file (resume) or the prefill (start over).
func TestResumeAndStartOverKeepTheConnection(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	path, err := steps.DefaultStatePath("https://dev-1.okta.com")
	if err != nil {
		t.Fatal(err)
	}
	for _, startOver := range []bool{false, true} {
		old := steps.DefaultAnswers()
		old.OrgURL, old.IDmeClientID = "https://dev-1.okta.com", "old-client"
		if err := steps.SaveProgress(path, &steps.Progress{OrgURL: old.OrgURL, Answers: old, UpdatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
		setup := steps.NewSetup(nil, steps.DefaultAnswers(), steps.Secrets{}, steps.Objects{})
		setup.Version = "test"
		f := flow.New(flow.Options{Setup: setup, Steps: []steps.Step{connect}})
		f.Start()
		f.Next(flow.Began{})
		a := &f.Setup().Answers
		a.OrgURL, a.AuthMethod = "https://dev-1.okta.com", steps.AuthServiceApp
		a.ServiceAppClientID, a.ServiceAppKeyID, a.PrivateKeyFile = "0oaSVC", "kid-1", "/keys/app.pem"
		if mv := f.Next(flow.Connected{Report: steps.Report{Status: steps.StatusDone}}); mv.Page.Kind != flow.Resume {
			t.Fatalf("the progress of the org just typed was not offered: %v", mv.Page.Kind)
		}
		if f.CanSave() {
			t.Error("may save over the progress file found before it was answered")
		}
		f.Next(flow.ResumeChosen{StartOver: startOver})
		got := f.Setup().Answers
		if got.AuthMethod != steps.AuthServiceApp || got.ServiceAppClientID != "0oaSVC" || got.ServiceAppKeyID != "kid-1" || got.PrivateKeyFile != "/keys/app.pem" {
			t.Errorf("start over %v: the connection answers became %q %q %q %q", startOver, got.AuthMethod, got.ServiceAppClientID, got.ServiceAppKeyID, got.PrivateKeyFile)
		}
		if wantClient := map[bool]string{false: "old-client", true: ""}[startOver]; got.IDmeClientID != wantClient {
			t.Errorf("start over %v: ID.me client ID %q, want %q", startOver, got.IDmeClientID, wantClient)
		}
		if v := f.Setup().Version; v != "test" {
			t.Errorf("start over %v: version %q, want the run's", startOver, v)
		}
	}
}

// What is left says each unfinished step once: an attestation in its own words.
func TestLeftToDo(t *testing.T) {
	attest := todo("jit", steps.Facts{ShortTitle: "JIT", Attestation: &steps.Attestation{LeftToDo: "Turn JIT on."}})
	a := todo("a", steps.Facts{ShortTitle: "Thing A"})
	f := run(t, a, attest)
	f.Next(pass(t, toFirstStep(t, f).Page)) // a done; the checklist not reached
	left := strings.Join(f.LeftToDo("https://dev-1.okta.com", func(e flow.Entry) string { return "pending" }), "\n")
	if strings.Contains(left, "Thing A") || strings.Contains(left, "Finish “JIT”") || !strings.Contains(left, "Turn JIT on.") {
		t.Errorf("left to do:\n%s", left)
	}
	if !strings.Contains(left, "open https://dev-1.okta.com in a private window") {
		t.Errorf("the untested sign-in is not left to do:\n%s", left)
	}
}

// Connecting fails on an error, and on a preflight that says the account cannot run the setup
// (the board says why); otherwise it is the Connected event.
func TestPreflighted(t *testing.T) {
	f := run(t, todo("a", steps.Facts{}))
	f.Start()
	f.Next(flow.Began{})
	mark := func() flow.Entry { return f.Board().Entries[f.Board().Index("connect")] }
	if ev := f.Preflighted(steps.Report{}, errors.New("401 E0000011")); ev != nil || mark().Mark != flow.MarkError || mark().Detail != "401 E0000011" {
		t.Errorf("an error: %v, board %+v", ev, mark())
	}
	verdict := steps.Report{Status: steps.StatusError, Detail: "a read-only admin cannot create an identity provider"}
	if ev := f.Preflighted(verdict, nil); ev != nil || mark().Detail != verdict.Detail {
		t.Errorf("the account's own failure: %v, board %+v", ev, mark())
	}
	ok := steps.Report{Status: steps.StatusDone, Detail: "signed in as admin"}
	if ev, _ := f.Preflighted(ok, nil).(flow.Connected); ev.Report.Detail != ok.Detail {
		t.Errorf("a passing preflight: %+v, want Connected", ev)
	}
}
