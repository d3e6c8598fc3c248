package flow_test

import (
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
)

// adoption is a check that found an identity provider made by hand to adopt and repair.
var adoption = steps.Report{Status: steps.StatusDrifted, Blocks: true, Detail: `identity provider "ID.me" (0oaH) was made by hand: adopt it`,
	Changes: []steps.Change{
		{Action: "adopt", Object: `identity provider "ID.me"`, Overwrite: true},
		{Action: "replace", Object: `identity provider "ID.me"`, Details: []string{"userinfo endpoint: https://x → (none)"}, Overwrite: true},
	}}

func labels(m flow.Menu) []string {
	var out []string
	for _, o := range m.Options {
		out = append(out, o.Label)
	}
	return out
}

// Adopting asks "adopt and repair, create a separate one, or leave it": no Skip (later steps
// would build on an object not taken on). Adopting goes through the second yes.
func TestAdoptionAsksAdoptOrLeave(t *testing.T) {
	idp, later := &step{id: "idp", check: adoption}, todo("later", steps.Facts{})
	f := run(t, idp, later)
	task := toFirstStep(t, f).Page.Task
	task.Begin()
	task.Checked(adoption, nil)
	m := task.Menu()
	if got := strings.Join(labels(m), "|"); got != "Adopt and repair it|Create a separate one (another ID.me client)|Leave it as it is|Quit" {
		t.Fatalf("adoption menu %q", got)
	}
	if !task.Adopting() || m.Has(flow.ChoiceSkip) {
		t.Errorf("adopting %v, skip offered %v", task.Adopting(), m.Has(flow.ChoiceSkip))
	}
	if d, _ := task.Choose(flow.ChoiceApply); d != flow.DoShow || task.Phase != flow.Overwrite {
		t.Fatalf("adopt: %v, phase %v; want the second yes", d, task.Phase)
	}
	if m := task.Menu(); m.Options[m.Default].Choice != flow.ChoiceBack {
		t.Errorf("the second yes defaults to %+v", m.Options[m.Default])
	}
	if d, _ := task.Choose(flow.ChoiceReplace); d != flow.DoApply {
		t.Errorf("replace: %v, want DoApply", d)
	}

	// With nothing to repair the answer is "Adopt it".
	task = toFirstStep(t, run(t, &step{id: "idp"})).Page.Task
	only := adoption
	only.Changes = only.Changes[:1]
	task.Begin()
	task.Checked(only, nil)
	if got := labels(task.Menu())[0]; got != "Adopt it" {
		t.Errorf("nothing to repair: %q", got)
	}
}

// Leaving the object alone ends the run's writes: the summary next, the later steps never
// shown, and what is left says why and how to go on.
func TestLeavingAnAdoptionStopsTheRun(t *testing.T) {
	idp, later := &step{id: "idp", facts: steps.Facts{ShortTitle: "Identity provider"}, check: adoption}, todo("later", steps.Facts{})
	f := run(t, idp, later)
	task := toFirstStep(t, f).Page.Task
	task.Begin()
	task.Checked(adoption, nil)
	d, ev := task.Choose(flow.ChoiceLeave)
	if _, ok := ev.(flow.LeftAlone); !ok || d != flow.DoShow {
		t.Fatalf("leave: %v %v, want LeftAlone", d, ev)
	}
	mv := f.Next(ev)
	if mv.Page.Kind != flow.Summary || !mv.Save {
		t.Fatalf("after leaving: %v (save %v), want the summary, saved", describe(mv.Page), mv.Save)
	}
	e := f.Board().Entries[f.Board().Index("idp")]
	if e.Mark != flow.MarkSkipped || !strings.HasPrefix(e.Detail, "left as it is: ") {
		t.Errorf("board %+v", e)
	}
	left := f.LeftToDo("", func(flow.Entry) string { return "pending" })
	if !strings.Contains(left[0], "“Identity provider” was left as it is, so nothing after it was written") {
		t.Errorf("left to do starts with %q", left[0])
	}
}

// Several candidates: the admin picks one, which the answers carry (--idp-id) into a new
// check; or leaves them all.
func TestSeveralCandidatesArePicked(t *testing.T) {
	idp := &step{id: "idp", check: adoption}
	f := run(t, idp)
	task := toFirstStep(t, f).Page.Task
	task.Begin()
	choice := &steps.IdPChoiceError{ClientID: "c1", Candidates: []okta.IdP{{ID: "0oaA", Name: "ID.me", Status: "ACTIVE"}, {ID: "0oaB", Name: "ID.me old", Status: "INACTIVE"}}}
	if d, ev := task.Checked(steps.Report{}, choice); d != flow.DoShow || ev != nil || task.Phase != flow.Choosing {
		t.Fatalf("several candidates: %v %v, phase %v", d, ev, task.Phase)
	}
	if _, ok := f.Setup().StepRecords()["idp"]; ok {
		t.Error("a choice to make was recorded as the step's failure")
	}
	m := task.Menu()
	want := `Adopt "ID.me" (0oaA, ACTIVE)|Adopt "ID.me old" (0oaB, INACTIVE)|Create a separate one (another ID.me client)|Leave them all as they are|Quit`
	if got := strings.Join(labels(m), "|"); got != want || m.Options[1].Key != "2" {
		t.Fatalf("candidates menu %q (key %q)", got, m.Options[1].Key)
	}
	if d, _ := task.Choose(flow.PickChoice(1)); d != flow.DoCheck || f.Setup().Answers.IdPID != "0oaB" {
		t.Fatalf("picked the second: %v, IdPID %q", d, f.Setup().Answers.IdPID)
	}
	task.Checked(adoption, nil)
	if !task.Adopting() {
		t.Fatal("the pick did not lead to its adoption")
	}
	if _, ev := task.Choose(flow.ChoiceLeave); ev == nil || f.Setup().Answers.IdPID != "" {
		t.Errorf("leaving after a pick keeps IdPID %q", f.Setup().Answers.IdPID)
	}
}

// classic is the routing rule's check on Classic Engine without a scope.
func classic() steps.Report {
	return steps.Report{Status: steps.StatusMissing, Detail: "no scope",
		Changes: []steps.Change{{Action: "decide", Object: "no routing rule", Overwrite: true}},
		Decision: &steps.Decision{Question: "Which sign-ins?", Options: []steps.DecisionOption{
			{Label: "Apps", Input: steps.InputRuleApps}, {Label: "Pattern", Input: steps.InputUserPattern}, {Label: "No rule"}}}}
}

// A decision: an answer with input is asked (DoAsk), then the step is checked again (or,
// not given, the decision is asked again); the answer without input applies at once (one
// yes: nothing is overwritten) and the board remembers the step is done by decision.
func TestDecisionAsksThenChecksOrApplies(t *testing.T) {
	rule := &step{id: "rule", check: classic()}
	f := run(t, rule)
	task := toFirstStep(t, f).Page.Task
	task.Begin()
	task.Checked(classic(), nil)
	if got := strings.Join(labels(task.Menu()), "|"); got != "Apps|Pattern|No rule|Quit" || task.Menu().Question != "Which sign-ins?" {
		t.Fatalf("decision menu %q", got)
	}
	for _, c := range []struct {
		pick  int
		input steps.Input
	}{{0, steps.InputRuleApps}, {1, steps.InputUserPattern}} {
		if d, _ := task.Choose(flow.PickChoice(c.pick)); d != flow.DoAsk || task.Phase != flow.Asking || task.Input != c.input {
			t.Fatalf("pick %d: %v, phase %v, input %v", c.pick, d, task.Phase, task.Input)
		}
		if d := task.Answered(false); d != flow.DoShow || task.Phase != flow.Planned {
			t.Fatalf("not answered: %v, phase %v; want the decision again", d, task.Phase)
		}
	}
	task.Choose(flow.PickChoice(1))
	if d := task.Answered(true); d != flow.DoCheck {
		t.Fatalf("answered: %v, want the step checked again", d)
	}
	task.Checked(classic(), nil)
	if d, _ := task.Choose(flow.PickChoice(2)); d != flow.DoApply {
		t.Fatalf("no rule: %v, want DoApply without a second yes", d)
	}
	task.Applied(steps.Result{Detail: "no routing rule, by decision", Decided: true}, nil)
	if e := f.Board().Entries[f.Board().Index("rule")]; !e.Decided || e.Mark != flow.MarkDone {
		t.Errorf("board %+v, want done by decision", e)
	}
	if d := task.Answered(true); d != flow.DoShow {
		t.Errorf("a late answer moved the task: %v", d)
	}
}

// A separate identity provider needs another ID.me client: the settings page comes back,
// saying why, with nothing adopted; after it the step is checked again.
func TestSeparateOneAsksForAnotherClient(t *testing.T) {
	idp, later := &step{id: "idp", check: adoption}, todo("later", steps.Facts{})
	f := run(t, idp, later)
	task := toFirstStep(t, f).Page.Task
	f.Setup().Answers.IdPID = "0oaH"
	task.Begin()
	task.Checked(adoption, nil)
	d, ev := task.Choose(flow.ChoiceEditIDme)
	if _, ok := ev.(flow.EditIDme); !ok || d != flow.DoShow {
		t.Fatalf("separate: %v %v, want EditIDme", d, ev)
	}
	mv := f.Next(ev)
	if mv.Page.Kind != flow.IDme || mv.Notice != flow.SeparateWhy {
		t.Fatalf("after separate: %v, notice %q", describe(mv.Page), mv.Notice)
	}
	if f.Setup().Answers.IdPID != "" {
		t.Errorf("IdPID %q kept: the one made by hand would still be adopted", f.Setup().Answers.IdPID)
	}
	if mv := f.Next(flow.IDmeDone{}); mv.Page.Kind != flow.StepPage || mv.Page.Step.ID() != "idp" {
		t.Errorf("after the settings: %v, want the identity provider again", describe(mv.Page))
	}
}
