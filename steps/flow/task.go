package flow

import (
	"errors"
	"slices"
	"strings"

	"github.com/idme-okta/idme-okta/steps"
)

// Phase is where a step's page stands.
type Phase int

const (
	Checking  Phase = iota // the step's Check runs
	InPlace                // Okta already matches: nothing to do
	Planned                // changes to confirm
	Overwrite              // the second confirmation: the changes replace configuration
	Applying               // the step's Apply runs
	Applied                // done (the handoff sheet: saved, shown)
	Failed                 // the check or the apply failed
	Choosing               // several objects could be the step's: the admin picks one (Candidates)
	Asking                 // an answer to the report's Decision needs input: the renderer asks it (Input)
)

// Do is work a renderer starts for a page.
type Do int

const (
	DoShow     Do = iota // nothing to run: show the task as it now stands
	DoCheck              // run the step's Check, then report it to Checked
	DoApply              // run the step's Apply with Report, then report it to Applied
	DoCopy               // copy the handoff sheet (again)
	DoSaveHere           // save a copy of the handoff sheet in the current directory (Setup.SaveHandoffCopy)
	DoQuit               // stop the wizard; the progress is saved
	DoAsk                // ask the answers Input names, then report them to Answered
)

// Task is the page of one step: check → in place, or plan → [confirm an overwrite] → apply
// → result; any failure offers retry, skip or the ID.me settings. The renderer runs the
// Check and the Apply (in the background or not) and reports each back; the task records
// what it learns in the setup (for the progress file) and on the board.
//
// A handoff sheet task (steps.PageHandoffSheet) asks nothing before it writes: the sheet is
// a file of our own, so it is saved as soon as the check finds it missing or out of date.
type Task struct {
	flow    *Flow
	Step    steps.Step
	Facts   steps.Facts
	Revisit bool // shown again after a prerequisite changed: passes through when in place
	Pass    bool // known done (this run, or the progress file resumed): passes through when in place

	Phase  Phase
	Report steps.Report // the last check
	Result steps.Result // the apply (a sheet found in place: its check's detail)
	Err    error        // Failed: what went wrong …
	Tried  string       // … while trying this, in words

	// Candidates: Choosing, the objects the admin picks among.
	Candidates []Candidate
	// Input: Asking, what the Decision's option asks.
	Input steps.Input
	// decided: the apply records the admin's decision (Report.Decision) rather than Okta's
	// state.
	decided bool
}

func (f *Flow) newTask(st steps.Step, facts steps.Facts, revisit bool) *Task {
	return &Task{flow: f, Step: st, Facts: facts, Revisit: revisit}
}

func (t *Task) sheet() bool { return t.Facts.Page == steps.PageHandoffSheet }

// Begin starts the page: it checks first.
func (t *Task) Begin() Do { return t.check() }

func (t *Task) check() Do {
	t.Phase, t.Err = Checking, nil
	t.flow.board.set(t.Step.ID(), MarkChecking, "")
	return DoCheck
}

// Checked takes the step's Check. A non-nil Event finishes the page (a revisit with nothing
// to do); DoApply saves a handoff sheet at once.
func (t *Task) Checked(r steps.Report, err error) (Do, Event) {
	t.Report = r
	if t.sheet() {
		return t.sheetChecked(r, err)
	}
	id := t.Step.ID()
	if err == nil && r.Status == steps.StatusError {
		err = reportError(r)
	}
	if c, ok := candidates(err); ok {
		t.Phase, t.Candidates = Choosing, c
		t.flow.board.set(id, MarkDrifted, err.Error())
		return DoShow, nil
	}
	if err != nil {
		t.flow.setup.RecordStep(id, steps.StatusError, err.Error())
		return t.fail("check "+strings.ToLower(t.Step.Title())+" in Okta (read-only)", err), nil
	}
	t.flow.setup.RecordStep(id, r.Status, r.Detail)
	t.flow.board.set(id, MarkOf(r.Status), r.Detail)
	if r.Status == steps.StatusDone && len(r.Changes) == 0 {
		t.flow.board.decided(id, r.Decided)
		if t.Revisit {
			return DoShow, StepFinished{}
		}
		t.Phase = InPlace
		if t.Pass {
			return DoShow, StepFinished{}
		}
		return DoShow, nil
	}
	t.Phase = Planned
	return DoShow, nil
}

func (t *Task) sheetChecked(r steps.Report, err error) (Do, Event) {
	if err != nil {
		return t.fail("check the handoff sheet", err), nil
	}
	if _, err := t.flow.setup.Handoff(); err != nil {
		return t.fail("prepare the handoff sheet", err), nil
	}
	if r.Status == steps.StatusDone {
		t.applied(steps.Result{Detail: r.Detail})
		if t.Pass {
			t.Phase = InPlace
			return DoShow, StepFinished{}
		}
		return DoShow, nil
	}
	t.Phase = Applying
	return DoApply, nil
}

// Applied takes the step's Apply.
func (t *Task) Applied(res steps.Result, err error) {
	switch {
	case err != nil && t.sheet():
		t.fail("save the handoff sheet", err)
	case err != nil:
		t.flow.setup.RecordStep(t.Step.ID(), steps.StatusError, err.Error())
		t.fail(strings.ToLower(t.ApplyLabel())+": "+t.Step.Title(), err)
	default:
		t.applied(res)
	}
}

func (t *Task) applied(res steps.Result) {
	t.Result, t.Phase = res, Applied
	t.flow.setup.RecordStep(t.Step.ID(), steps.StatusDone, res.Detail)
	t.flow.board.set(t.Step.ID(), MarkDone, res.Detail)
	t.flow.board.decided(t.Step.ID(), t.decided)
}

// fail shows err on the page and the board. A step's failure is recorded in the progress
// file by its caller; the handoff sheet's are not (the sheet is a local file, not Okta's
// state).
func (t *Task) fail(tried string, err error) Do {
	t.Phase, t.Err, t.Tried = Failed, err, tried
	t.flow.board.set(t.Step.ID(), MarkError, err.Error())
	return DoShow
}

// ShowFailed: the renderer could not show what the task did (render the handoff sheet).
func (t *Task) ShowFailed(tried string, err error) { t.fail(tried, err) }

// ApplyLabel names the step's write: "Apply", or what an attestation records.
func (t *Task) ApplyLabel() string {
	if a := t.Facts.Attestation; a != nil {
		return a.Confirm
	}
	return "Apply"
}

// Menu is what the page offers now; empty while a Check or an Apply runs.
func (t *Task) Menu() Menu {
	switch t.Phase {
	case InPlace:
		return menu("", Option{Label: "Continue", Choice: ChoiceContinue})
	case Planned, Choosing:
		if m, ok := t.choiceMenu(); ok {
			return m
		}
		if t.Phase == Planned && t.goLive() != nil && t.Facts.Attestation == nil {
			return t.goLiveMenu()
		}
		question, skip := "Apply these changes?", "Skip"
		if a := t.Facts.Attestation; a != nil {
			question, skip = a.Question, "Later"
		}
		return t.withBack(menu(question,
			Option{Label: t.ApplyLabel(), Key: "a", Choice: ChoiceApply},
			Option{Label: skip, Key: "s", Choice: ChoiceSkip},
			Option{Label: "Quit", Key: "q", Choice: ChoiceQuit},
		))
	case Overwrite:
		// The safe answer is the default.
		if t.Report.DeletesOnly() {
			return menu("Only the copies named are deleted; the one idme-okta keeps stays.",
				Option{Label: "Back", Key: "b", Choice: ChoiceBack},
				Option{Label: "Delete them", Key: "y", Choice: ChoiceReplace},
			).defaultTo(ChoiceBack)
		}
		return menu("Whatever an admin set there before is overwritten.",
			Option{Label: "Back", Key: "b", Choice: ChoiceBack},
			Option{Label: "Replace it", Key: "y", Choice: ChoiceReplace},
		).defaultTo(ChoiceBack)
	case Applied:
		if t.sheet() {
			return menu("The handoff sheet:",
				Option{Label: "Continue", Choice: ChoiceContinue},
				Option{Label: "Copy again", Key: "c", Choice: ChoiceCopy},
				Option{Label: "Save a copy here", Key: "w", Choice: ChoiceSaveHere},
			)
		}
		return menu("", Option{Label: "Continue", Choice: ChoiceContinue})
	case Failed:
		m := menu("What now?",
			Option{Label: "Retry", Key: "r", Choice: ChoiceRetry},
			Option{Label: "Skip", Key: "s", Choice: ChoiceSkip},
			Option{Label: "Edit ID.me settings", Key: "e", Choice: ChoiceEditIDme},
		)
		if fix := t.fixes(); fix != nil {
			// Retrying cannot help while the step it builds on is not done: going there is
			// what Enter does.
			m.Options = append(m.Options, Option{Label: "Go to " + steps.FactsOf(fix).ShortTitle, Key: "g", Choice: ChoiceFix})
			m = m.defaultTo(ChoiceFix)
		}
		return t.withBack(m)
	}
	return Menu{}
}

// withBack offers the page before this one, when there is one.
func (t *Task) withBack(m Menu) Menu {
	if t.flow.CanGoBack() {
		m.Options = append(m.Options, Option{Label: "Back", Key: "esc", Choice: ChoicePrevious})
	}
	return m
}

// Choose takes an answer to Menu. A non-nil Event finishes the page.
func (t *Task) Choose(c Choice) (Do, Event) {
	if !t.Menu().Has(c) {
		return DoShow, nil // an answer to a menu no longer shown
	}
	if i, ok := c.Picked(); ok {
		return t.pick(i), nil
	}
	switch c {
	case ChoiceLeave:
		return DoShow, t.leave()
	case ChoiceHold, ChoiceGoLive:
		// Applied at once: the menu said what holding back means, and Apply reads the answer.
		t.goLive().Hold(&t.flow.setup.Answers, c == ChoiceHold)
		return t.apply(), nil
	case ChoiceApply:
		return t.apply(), nil
	case ChoiceReplace:
		t.Phase = Applying
		return DoApply, nil
	case ChoiceBack:
		t.Phase = Planned
		return DoShow, nil
	case ChoiceSkip:
		if t.Phase != Failed {
			t.flow.board.set(t.Step.ID(), MarkSkipped, t.Report.Detail)
		}
		return DoShow, StepFinished{}
	case ChoiceRetry:
		return t.check(), nil
	case ChoiceEditIDme:
		if t.Adopting() || t.Phase == Choosing {
			return DoShow, t.separate()
		}
		return DoShow, EditIDme{}
	case ChoiceContinue:
		return DoShow, StepFinished{}
	case ChoicePrevious:
		return DoShow, Back{}
	case ChoiceFix:
		if fix := t.fixes(); fix != nil {
			return DoShow, JumpTo{ID: fix.ID()}
		}
	case ChoiceCopy:
		return DoCopy, nil
	case ChoiceSaveHere:
		return DoSaveHere, nil
	case ChoiceQuit:
		return DoQuit, nil
	}
	return DoShow, nil
}

// apply goes on from the plan: to the second yes for an overwrite, else to Apply.
func (t *Task) apply() Do {
	if t.Report.NeedsOverwrite() && t.Facts.Attestation == nil {
		t.Phase = Overwrite
		return DoShow
	}
	t.Phase = Applying
	return DoApply
}

// Shown is the report as the page shows it: an attestation replaces nothing, so its changes
// carry no overwrite mark.
func (t *Task) Shown() steps.Report {
	r := t.Report
	if t.Facts.Attestation == nil {
		return r
	}
	r.Changes = slices.Clone(r.Changes)
	for i := range r.Changes {
		r.Changes[i].Overwrite = false
	}
	return r
}

// reportError turns a check that reported an error without returning one into an error.
func reportError(r steps.Report) error {
	detail := r.Detail
	if detail == "" {
		detail = "the check failed"
	}
	return errors.New(detail)
}
