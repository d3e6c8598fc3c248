package flow

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/idme-okta/idme-okta/steps"
)

// The questions a step's check can leave to the admin, beyond "apply these changes?":
//
//   - adopting an object made by hand (steps.Report.Blocks): adopt and repair it; create a
//     separate one, which means another ID.me client (idme-okta never makes a second identity
//     provider for an ID.me client, which could never sign anyone in: ID.me registers one
//     redirect URI per client), so the ID.me settings are asked again; or leave it, which
//     ends the run's writes there, since every later step builds on it;
//   - several objects that could be the step's (steps.IdPChoiceError): pick the one to adopt
//     (steps.Answers.IdPID), and the step is checked again;
//   - a decision (steps.Report.Decision, the routing rule on Classic Engine): an answer that
//     needs input (the apps, a username pattern) is asked by the renderer and the step is
//     checked again; the answer without input is the plan itself, applied as a decision.

// LeftAlone: the admin left an object made by hand as it is. Nothing after the step may be
// written, so the run goes to the summary, which says how to go on.
type LeftAlone struct{}

func (LeftAlone) event() {}

// Candidate is an object the admin may pick for a step.
type Candidate struct {
	ID, Name, Status string
}

// candidates are the objects a check's error asks the admin to choose among.
func candidates(err error) ([]Candidate, bool) {
	var ce *steps.IdPChoiceError
	if !errors.As(err, &ce) || len(ce.Candidates) == 0 {
		return nil, false
	}
	out := make([]Candidate, len(ce.Candidates))
	for i, c := range ce.Candidates {
		out[i] = Candidate{ID: c.ID, Name: c.Name, Status: c.Status}
	}
	return out, true
}

// Adopting reports that the plan takes on an object made by hand (steps.Report.Blocks).
func (t *Task) Adopting() bool { return t.Phase == Planned && t.Report.Blocks }

// Decision is the question the plan leaves to the admin, or nil.
func (t *Task) Decision() *steps.Decision {
	if t.Phase != Planned {
		return nil
	}
	return t.Report.Decision
}

// choiceMenu is the menu of a plan that asks more than "apply?", and of Choosing.
func (t *Task) choiceMenu() (Menu, bool) {
	var m Menu
	switch {
	case t.Phase == Choosing:
		m.Question = "Which one should idme-okta adopt?"
		for i, c := range t.Candidates {
			m.Options = append(m.Options, pickOption(i, fmt.Sprintf("Adopt %q (%s, %s)", c.Name, c.ID, c.Status)))
		}
		m.Options = append(m.Options, separateOption, Option{Label: "Leave them all as they are", Key: "n", Choice: ChoiceLeave})
	case t.Decision() != nil:
		d := t.Decision()
		m.Question = d.Question
		for i, o := range d.Options {
			m.Options = append(m.Options, pickOption(i, o.Label))
		}
	case t.Adopting():
		label := "Adopt it"
		if len(t.Report.Changes) > 1 {
			label = "Adopt and repair it"
		}
		m.Question = "Adopt it?"
		m.Options = append(m.Options,
			Option{Label: label, Key: "a", Choice: ChoiceApply},
			separateOption,
			Option{Label: "Leave it as it is", Key: "n", Choice: ChoiceLeave})
	default:
		return Menu{}, false
	}
	m.Options = append(m.Options, Option{Label: "Quit", Key: "q", Choice: ChoiceQuit})
	return m, true
}

// separateOption creates a separate identity provider: for another ID.me client.
var separateOption = Option{Label: "Create a separate one (another ID.me client)", Key: "c", Choice: ChoiceEditIDme}

// SeparateWhy is said on the ID.me settings page when the admin chose a separate identity
// provider over adopting.
const SeparateWhy = "A separate identity provider needs its own ID.me client: ID.me registers one redirect URI per client, so two identity providers for one client could never both sign users in. Type the other client's ID and secret (your ID.me Solution Consultant issues them); the one made by hand is left as it is."

// separate goes to the ID.me settings for another client; nothing is adopted.
func (t *Task) separate() Event {
	t.flow.setup.Answers.IdPID = ""
	t.Candidates = nil
	return EditIDme{Why: SeparateWhy}
}

// pickOption is item i of a list, with its number as the accelerator (1 to 9).
func pickOption(i int, label string) Option {
	o := Option{Label: label, Choice: PickChoice(i)}
	if i < 9 {
		o.Key = strconv.Itoa(i + 1)
	}
	return o
}

// pick takes item i: a candidate to adopt (the step is checked again with it), or an
// answer of the decision.
func (t *Task) pick(i int) Do {
	switch {
	case t.Phase == Choosing && i < len(t.Candidates):
		t.flow.setup.Answers.IdPID = t.Candidates[i].ID
		t.Candidates = nil
		return t.check()
	case t.Decision() != nil && i < len(t.Decision().Options):
		o := t.Decision().Options[i]
		if o.Input == steps.InputNone {
			t.Phase, t.decided = Applying, true
			return DoApply
		}
		t.Phase, t.Input = Asking, o.Input
		return DoAsk
	}
	return DoShow
}

// Answered takes the answers DoAsk asked for: stored in the setup's answers (ok), the step
// is checked again; not given, the decision is asked again.
func (t *Task) Answered(ok bool) Do {
	if t.Phase != Asking {
		return DoShow
	}
	if !ok {
		t.Phase = Planned
		return DoShow
	}
	return t.check()
}

// leave leaves the object made by hand alone: its adoption is not confirmed, so the run
// writes nothing after it.
func (t *Task) leave() Event {
	t.flow.setup.Answers.IdPID = ""
	detail := "left as it is"
	if t.Phase == Planned && t.Report.Detail != "" {
		detail += ": " + t.Report.Detail
	}
	t.flow.board.set(t.Step.ID(), MarkSkipped, detail)
	t.flow.leftAlone = t.Facts.ShortTitle
	return LeftAlone{}
}
