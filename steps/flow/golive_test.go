package flow_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/steps/signin"
)

// liveStep goes live like the routing rule: its plan makes the integration visible unless
// the answers hold it back; Apply records whether it went live.
type liveStep struct {
	step
	applied []string // "held" or "live", per Apply
}

func (s *liveStep) Held(a steps.Answers) bool { return a.RuleHeld() }
func (s *liveStep) Hold(a *steps.Answers, hold bool) {
	a.RuleStatus = map[bool]string{true: steps.RuleInactive, false: steps.RuleActive}[hold]
}
func (s *liveStep) HeldLeftToDo() string          { return "held back: go live later" }
func (s *liveStep) LiveNote(steps.Answers) string { return "live: take it back later" }

func (s *liveStep) Check(_ context.Context, setup *steps.Setup) (steps.Report, error) {
	if len(s.applied) > 0 && (s.applied[len(s.applied)-1] == "live" || setup.Answers.RuleHeld()) {
		return steps.Report{Status: steps.StatusDone, Detail: "in place"}, nil
	}
	return steps.Report{Status: steps.StatusMissing, GoesLive: !setup.Answers.RuleHeld(),
		Changes: []steps.Change{{Action: "create", Object: "rule"}}}, nil
}

func (s *liveStep) apply(setup *steps.Setup) {
	s.applied = append(s.applied, map[bool]string{true: "held", false: "live"}[setup.Answers.RuleHeld()])
}

// The flow holds a go-live step back by default, offers going live after a passing test,
// and the summary says it while it stays held.
func TestGoLiveHeldThenOfferedAfterAPass(t *testing.T) {
	rule := &liveStep{step: step{id: "rule"}}
	app := todo("app", steps.Facts{SignInApp: true})
	f := run(t, rule, app)
	mv := toFirstStep(t, f)
	setup := f.Setup()
	setup.Record(func(o *steps.Objects) { o.RedirectURI = "https://org.example/oauth2/v1/authorize/callback" })

	task := mv.Page.Task
	task.Begin()
	r, _ := rule.Check(t.Context(), setup)
	task.Checked(r, nil)
	m := task.Menu()
	if m.Options[m.Default].Choice != flow.ChoiceHold || !m.Has(flow.ChoiceGoLive) || task.GoLiveQuestion() == "" {
		t.Fatalf("menu of a plan that goes live: %+v (question %q), want hold by default", m, task.GoLiveQuestion())
	}
	if d, _ := task.Choose(flow.ChoiceHold); d != flow.DoApply || !setup.Answers.RuleHeld() {
		t.Fatalf("hold: %v, answers held %v", d, setup.Answers.RuleHeld())
	}
	rule.apply(setup)
	task.Applied(steps.Result{Detail: "created, held back"}, nil)
	_, ev := task.Choose(flow.ChoiceContinue)
	mv = f.Next(ev)
	mv = f.Next(pass(t, mv.Page))
	if mv.Page.Kind != flow.SignInChoice {
		t.Fatalf("after the steps: %s, want the test sign-in", describe(mv.Page))
	}
	if ways := f.SignInWays(false); !ways.Held || ways.Menu.Has(flow.ChoiceTestPortal) {
		t.Errorf("while held back: %+v, want Option 1 left out", ways)
	}

	f.RecordSignIn(flow.LiveOutcome(&signin.Result{Pass: true, Warnings: []signin.Problem{{Code: signin.CodeClaimNotSent, Message: "no phone"}}}))
	mv = f.Next(flow.SignInFinished{})
	if mv.Page.Kind != flow.StepPage || mv.Page.Step.ID() != "rule" || setup.Answers.RuleHeld() {
		t.Fatalf("after a pass with warnings: %s (held %v), want the rule's page to go live", describe(mv.Page), setup.Answers.RuleHeld())
	}
	task = mv.Page.Task
	task.Begin()
	r, _ = rule.Check(t.Context(), setup)
	task.Checked(r, nil)
	if m := task.Menu(); m.Options[m.Default].Choice != flow.ChoiceGoLive {
		t.Fatalf("after a pass the default is %v, want going live", m.Options[m.Default])
	}
	// Kept held back: the summary says so, and the run ends there.
	if d, _ := task.Choose(flow.ChoiceHold); d != flow.DoApply {
		t.Fatal("keep it held back does not apply (a no-op for a held rule)")
	}
	rule.apply(setup)
	task.Applied(steps.Result{Detail: "held back"}, nil)
	_, ev = task.Choose(flow.ChoiceContinue)
	if mv = f.Next(ev); mv.Page.Kind != flow.Summary {
		t.Fatalf("after the go-live page: %s, want the summary", describe(mv.Page))
	}
	left := f.LeftToDo("", func(flow.Entry) string { return "" })
	if !contains(left, "held back: go live later") {
		t.Errorf("left to do = %q, want the held line", left)
	}
	if contains(left, "Send the handoff sheet") {
		t.Errorf("left to do after a pass still asks to send the handoff sheet: %q", left)
	}
	if note := f.LiveNote(entry(f, "rule")); note != "" {
		t.Errorf("a rule kept held back has the live line %q", note)
	}
}

// A step that went live (here at once: the admin said ID.me is ready) has the summary's live
// line, saying how to take it back; other entries have none.
func TestGoneLiveHasTheLiveLine(t *testing.T) {
	rule := &liveStep{step: step{id: "rule"}}
	other := todo("other", steps.Facts{})
	f := run(t, rule, other)
	task := toFirstStep(t, f).Page.Task
	task.Begin()
	r, _ := rule.Check(t.Context(), f.Setup())
	task.Checked(r, nil)
	if note := f.LiveNote(entry(f, "rule")); note != "" {
		t.Errorf("the live line before going live: %q", note)
	}
	if d, _ := task.Choose(flow.ChoiceGoLive); d != flow.DoApply {
		t.Fatalf("go live now: %v", d)
	}
	rule.apply(f.Setup())
	task.Applied(steps.Result{Detail: "created, active"}, nil)
	_, ev := task.Choose(flow.ChoiceContinue)
	mv := f.Next(ev)
	if mv = f.Next(pass(t, mv.Page)); mv.Page.Kind != flow.Summary {
		t.Fatalf("then %s, want the summary", describe(mv.Page))
	}
	if note := f.LiveNote(entry(f, "rule")); note != "live: take it back later" {
		t.Errorf("the live line after going live: %q", note)
	}
	if note := f.LiveNote(entry(f, "other")); note != "" {
		t.Errorf("a step that does not go live has the live line %q", note)
	}
}

// entry is the board's entry of the step with that id.
func entry(f *flow.Flow, id string) flow.Entry { return f.Board().Entries[f.Board().Index(id)] }

func contains(lines []string, sub string) bool {
	return slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, sub) })
}
