package flow_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/steps/signin"
)

// Back from a step's plan shows the page before it, checked again; going on from there
// passes the step done meanwhile (a line, no stop) and stops on the next one to do.
func TestBackShowsThePreviousPageAndForwardPassesWhatIsDone(t *testing.T) {
	a, b, c := todo("a", steps.Facts{}), todo("b", steps.Facts{}), todo("c", steps.Facts{})
	f := run(t, a, b, c)
	mv := toFirstStep(t, f)
	mv = f.Next(pass(t, mv.Page)) // a applied
	if describe(mv.Page) != "step:b" {
		t.Fatalf("after a: %s", describe(mv.Page))
	}
	task := mv.Page.Task
	task.Begin()
	task.Checked(b.check, nil)
	if !task.Menu().Has(flow.ChoicePrevious) {
		t.Fatalf("b's plan offers no Back: %+v", task.Menu())
	}
	_, ev := task.Choose(flow.ChoicePrevious)
	if ev == nil {
		t.Fatal("Back did not leave the plan")
	}
	mv = f.Next(ev)
	if describe(mv.Page) != "step:a" || mv.Page.Task.Pass {
		t.Fatalf("Back from b: %s (pass %v), want a's page, stopping", describe(mv.Page), mv.Page.Task.Pass)
	}
	mv = f.Next(pass(t, mv.Page)) // a: in place, Continue
	if describe(mv.Page) != "step:b" {
		t.Fatalf("on from a: %s", describe(mv.Page))
	}
	// Back from b again goes to a, and Back from a to the ID.me settings, whose way back is
	// connecting again (TestBackFromIDmeSettingsReconnects).
	mv = f.Next(flow.Back{})
	mv = f.Next(flow.Back{})
	if mv.Page.Kind != flow.IDme {
		t.Fatalf("Back twice from b: %v, want the ID.me settings", mv.Page.Kind)
	}
	if !f.CanGoBack() {
		t.Error("the settings after connecting offer no way back to connecting")
	}
	// Forward from the settings: a is known done and passes, b stops.
	mv = f.Next(flow.IDmeDone{})
	if describe(mv.Page) != "step:a" || !mv.Page.Task.Pass {
		t.Fatalf("after the settings: %s (pass %v), want a passed through", describe(mv.Page), mv.Page.Task.Pass)
	}
	mv = f.Next(pass(t, mv.Page))
	if describe(mv.Page) != "step:b" || mv.Page.Task.Pass || mv.Notice == "" {
		t.Fatalf("after a passed: %s (pass %v, notice %q), want b stopping and a notice", describe(mv.Page), mv.Page.Task.Pass, mv.Notice)
	}
}

// The step list jumps to any step with a page; the steps after it follow in order.
func TestJumpToAStep(t *testing.T) {
	a, b, c := todo("a", steps.Facts{}), todo("b", steps.Facts{}), todo("c", steps.Facts{})
	f := run(t, a, b, c)
	mv := toFirstStep(t, f)
	if f.CanJump("connect") {
		t.Error("the connection's step offers a jump (it has no page)")
	}
	if !f.CanJump("c") {
		t.Fatal("c cannot be jumped to from a's page")
	}
	mv = f.Next(flow.JumpTo{ID: "c"})
	if describe(mv.Page) != "step:c" || f.Board().Entries[f.Board().Current].ID != "c" {
		t.Fatalf("jump to c: %s", describe(mv.Page))
	}
	mv = f.Next(pass(t, mv.Page))
	if mv.Page.Kind != flow.Summary {
		t.Fatalf("after c: %s, want the summary", describe(mv.Page))
	}
	mv = f.Next(flow.JumpTo{ID: "a"})
	if describe(mv.Page) != "step:a" {
		t.Fatalf("jump from the summary to a: %s", describe(mv.Page))
	}
	var got []string
	for mv.Page.Kind != flow.Summary {
		got = append(got, describe(mv.Page))
		mv = f.Next(pass(t, mv.Page))
	}
	if want := []string{"step:a", "step:b", "step:c"}; !slices.Equal(got, want) {
		t.Errorf("after the jump: %v, want %v (c passes through, it is known done)", got, want)
	}
}

// A failure whose cause is an earlier step not done (a mapping row for an attribute whose
// step was skipped: Okta's 400 E0000001) offers that step, as what Enter does; choosing it
// shows it, and the failed step follows.
func TestFailureOffersTheStepThatFixesIt(t *testing.T) {
	attrs := todo("idp-attributes", steps.Facts{ShortTitle: "IdP attributes"})
	maps := todo("mappings", steps.Facts{Prerequisites: []string{"idp-attributes"}})
	f := run(t, attrs, maps)
	mv := toFirstStep(t, f)
	task := mv.Page.Task
	task.Begin()
	task.Checked(attrs.check, nil)
	_, ev := task.Choose(flow.ChoiceSkip)
	mv = f.Next(ev)
	task = mv.Page.Task
	task.Begin()
	task.Checked(maps.check, nil)
	task.Choose(flow.ChoiceApply)
	task.Applied(steps.Result{}, errE0000001)
	m := task.Menu()
	if !m.Has(flow.ChoiceFix) || m.Options[m.Default].Choice != flow.ChoiceFix {
		t.Fatalf("the failure's menu %+v does not offer the skipped step as its default", m)
	}
	if fix := task.FixStep(); fix == nil || fix.ID() != "idp-attributes" {
		t.Fatalf("FixStep = %v", fix)
	}
	if got := m.Options[m.Default].Label; got != "Go to IdP attributes" {
		t.Errorf("the option says %q", got)
	}
	_, ev = task.Choose(flow.ChoiceFix)
	mv = f.Next(ev)
	if describe(mv.Page) != "step:idp-attributes" {
		t.Fatalf("the fix: %s", describe(mv.Page))
	}
	mv = f.Next(pass(t, mv.Page))
	if describe(mv.Page) != "step:mappings" {
		t.Fatalf("after the fix: %s, want the failed step again", describe(mv.Page))
	}
	// With its prerequisite done, a failure offers no fix.
	task = mv.Page.Task
	task.Begin()
	task.Checked(maps.check, nil)
	task.Choose(flow.ChoiceApply)
	task.Applied(steps.Result{}, errE0000001)
	if task.Menu().Has(flow.ChoiceFix) {
		t.Error("a fix is offered although the prerequisite is done")
	}
}

var errE0000001 = errorString("Okta said 400 E0000001")

type errorString string

func (e errorString) Error() string { return string(e) }

// A resume with every answer and the identity provider known goes from the day-two menu's
// Resume straight to the first step not done: no ID.me settings (the client secret stays in
// Okta), the steps the progress file records as done passed after their check.
func TestResumeGoesStraightToTheFirstUnfinishedStep(t *testing.T) {
	a, b := todo("a", steps.Facts{}), todo("b", steps.Facts{})
	c := todo("c", steps.Facts{SignInApp: true})
	a.check, b.check = steps.Report{Status: steps.StatusDone}, steps.Report{Status: steps.StatusDone}
	path := filepath.Join(t.TempDir(), "org.json")
	ans := steps.DefaultAnswers()
	ans.OrgURL, ans.IDmeClientID, ans.PolicyHandle = "https://dev-1.okta.com", "client-1", "teacher"
	at := time.Now()
	if err := steps.SaveProgress(path, &steps.Progress{OrgURL: ans.OrgURL, Answers: ans, Objects: steps.Objects{IdPID: "0oaIDP"}, UpdatedAt: at,
		Steps: map[string]steps.StepRecord{"connect": {Status: steps.StatusDone, At: at}, "a": {Status: steps.StatusDone, At: at}, "b": {Status: steps.StatusDone, At: at}, "c": {Status: steps.StatusMissing, At: at}}}); err != nil {
		t.Fatal(err)
	}
	setup := steps.NewSetup(nil, steps.DefaultAnswers(), steps.Secrets{}, steps.Objects{})
	setup.StatePath = path
	f := flow.New(flow.Options{Setup: setup, Steps: []steps.Step{connect, a, b, c}})
	mv := f.Start()
	if mv.Page.Kind != flow.Resume {
		t.Fatalf("first page %v", mv.Page.Kind)
	}
	if done, total := f.DoneCount(mv.Page.Progress), f.StepCount(); done != 3 || total != 5 {
		t.Errorf("resume says %d of %d steps done, want 3 of 5 (the board's count, the test sign-in included)", done, total)
	}
	f.Next(flow.ResumeChosen{})
	mv = f.Next(flow.Connected{Report: steps.Report{Status: steps.StatusDone}})
	if mv.Page.Kind == flow.Manage {
		mv = f.Next(flow.ManageChosen{Action: flow.ActionResume})
	}
	var got []string
	for mv.Page.Task != nil && mv.Page.Task.Pass {
		got = append(got, describe(mv.Page))
		mv = f.Next(pass(t, mv.Page))
	}
	if want := []string{"step:a", "step:b"}; !slices.Equal(got, want) || describe(mv.Page) != "step:c" {
		t.Fatalf("resume passed %v and stopped on %s, want %v then step:c", got, describe(mv.Page), want)
	}
	if mv.Notice == "" {
		t.Error("no line says which steps were passed")
	}
}

// The bugs: "I have signed in: check" without signing in turned a passed test into "failed"
// on the board, and esc stopping the wait left the board on "testing".
func TestSignInWithoutAVerdictKeepsTheEarlierResult(t *testing.T) {
	app := todo("app", steps.Facts{SignInApp: true})
	f := run(t, app)
	mv := toFirstStep(t, f)
	mv = f.Next(pass(t, mv.Page))
	if mv.Page.Kind != flow.SignInChoice {
		t.Fatalf("after the app: %v", describe(mv.Page))
	}
	mark := func() flow.Mark { return f.Board().Entries[f.Board().Index(flow.IDTestSignIn)].Mark }
	f.SignInTesting()
	f.RecordSignIn(flow.SignInOutcome{State: flow.SignInPassed, Detail: "jane signed in"})
	f.Next(flow.SignInChosen{Way: flow.WayPortal})
	f.SignInTesting()
	f.RecordSignIn(flow.PortalOutcome(&signin.PortalCheck{}, time.Now()))
	if mark() != flow.MarkDone {
		t.Errorf("an empty System Log turned the passed test into %v", mark())
	}
	failed := flow.PortalOutcome(&signin.PortalCheck{Problems: []signin.Problem{{Code: signin.CodeSignInFailed, Message: "System Log: denied."}}}, time.Now())
	if failed.State != flow.SignInFailed {
		t.Errorf("a failed sign-in in the System Log is %v, want failed", failed.State)
	}
	f.Next(flow.SignInBack{})
	f.Next(flow.SignInChosen{Way: flow.WayOwn})
	f.SignInTesting()
	f.Next(flow.SignInBack{}) // esc stopped the wait
	if mark() != flow.MarkDone {
		t.Errorf("after esc stopped the wait the board says %v, want the earlier pass", mark())
	}
}

// The summary is true: after a passing sign-in it no longer says sign-in works "once ID.me
// has registered the redirect URI" (the sign-in went through ID.me).
func TestSummaryAfterAPassDoesNotWaitForIDme(t *testing.T) {
	app := todo("app", steps.Facts{SignInApp: true})
	f := run(t, app)
	mv := toFirstStep(t, f)
	f.Next(pass(t, mv.Page))
	f.Setup().Record(func(o *steps.Objects) { o.RedirectURI = "https://dev-1.okta.com/oauth2/v1/authorize/callback" })
	word := func(e flow.Entry) string { return "" }
	once := func() bool {
		for _, l := range f.LeftToDo("https://dev-1.okta.com", word) {
			if strings.Contains(l, "once ID.me has registered") {
				return true
			}
		}
		return false
	}
	if !once() {
		t.Fatal("before the test, the summary does not ask to send the handoff sheet")
	}
	f.SignInTesting()
	f.RecordSignIn(flow.SignInOutcome{State: flow.SignInPassed, Detail: "jane signed in"})
	if once() {
		t.Error("after a passing sign-in the summary still waits for ID.me to register the redirect URI")
	}
}

// Back from the ID.me settings asked right after connecting is the connect page, as before
// connecting: the progress file's path, which came from the org, is found again for the org
// connected to next; a path given by the caller stays.
func TestBackFromIDmeSettingsReconnects(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	for _, given := range []bool{false, true} {
		setup := steps.NewSetup(nil, steps.DefaultAnswers(), steps.Secrets{}, steps.Objects{})
		if given {
			setup.StatePath = filepath.Join(t.TempDir(), "given.json")
		}
		f := flow.New(flow.Options{Setup: setup, Steps: []steps.Step{connect, todo("idp", steps.Facts{})}})
		f.Start()
		f.Next(flow.Began{})
		setup.Answers.OrgURL = "https://dev-1.okta.com"
		if mv := f.Next(flow.Connected{Report: steps.Report{Status: steps.StatusDone}}); mv.Page.Kind != flow.IDme || !f.CanGoBack() {
			t.Fatalf("given %v: after connecting %s (can go back %v), want the ID.me settings with a way back", given, describe(mv.Page), f.CanGoBack())
		}
		if mv := f.Next(flow.Back{}); mv.Page.Kind != flow.Connect || f.CanSave() {
			t.Fatalf("given %v: back from the settings: %s (may save %v), want connect, not connected", given, describe(mv.Page), f.CanSave())
		}
		setup.Answers.OrgURL = "https://dev-2.okta.com"
		if mv := f.Next(flow.Connected{Report: steps.Report{Status: steps.StatusDone}}); mv.Page.Kind != flow.IDme {
			t.Fatalf("given %v: connected again: %s", given, describe(mv.Page))
		}
		want := "dev-2.okta.com"
		if given {
			want = "given.json"
		}
		if !strings.Contains(setup.StatePath, want) {
			t.Errorf("given %v: the progress file after connecting to another org is %s, want %s's", given, setup.StatePath, want)
		}
	}
}
