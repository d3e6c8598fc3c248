package flow

import "github.com/idme-okta/idme-okta/steps"

// The safe go-live: a step whose apply makes the integration visible to users (steps.GoLive,
// the routing rule's "Sign in with ID.me") is offered held back until the test sign-in
// passes, since nobody can sign in before ID.me has registered Okta's redirect URI; the test
// needs no such step (its URL names the identity provider). After a passing test the held
// steps are shown again, to go live.

// goLive is the step's GoLive when its plan would make the integration visible now.
func (t *Task) goLive() steps.GoLive {
	gl, ok := t.Step.(steps.GoLive)
	if !ok || !t.Report.GoesLive {
		return nil
	}
	return gl
}

// goLiveMenu asks whether to hold the step back. Before a passing test, holding back is the
// default (the admin may know ID.me is ready: going live now is one key away); after one,
// going live is.
func (t *Task) goLiveMenu() Menu {
	if t.flow.signIn.State == SignInPassed {
		return menu("The test sign-in passed. Go live? Every user the plan names sees it from now on.",
			Option{Label: "Go live now", Key: "a", Choice: ChoiceGoLive},
			Option{Label: "Keep it held back", Key: "h", Choice: ChoiceHold},
			Option{Label: "Quit", Key: "q", Choice: ChoiceQuit},
		)
	}
	// "a" keeps its meaning on every plan: the guide's way, here going live.
	return menu("Nobody can sign in with ID.me until ID.me has registered Okta's redirect URI (the handoff sheet). Hold it back until a test sign-in passes?",
		Option{Label: "Hold it back (inactive) until the test passes", Key: "h", Choice: ChoiceHold},
		Option{Label: "Go live now: ID.me is ready", Key: "a", Choice: ChoiceGoLive},
		Option{Label: "Skip", Key: "s", Choice: ChoiceSkip},
		Option{Label: "Quit", Key: "q", Choice: ChoiceQuit},
	)
}

// GoLiveQuestion is what the page asks when its plan would make the integration visible
// now (the menu's question, for a renderer that draws the options as buttons); "" otherwise.
func (t *Task) GoLiveQuestion() string {
	if t.goLive() == nil || t.Facts.Attestation != nil {
		return ""
	}
	return t.goLiveMenu().Question
}

// heldSteps are the run's steps the answers hold back.
func (f *Flow) heldSteps() []steps.Step {
	var held []steps.Step
	for _, st := range f.list {
		if gl, ok := st.(steps.GoLive); ok && gl.Held(f.setup.Answers) {
			held = append(held, st)
		}
	}
	return held
}

// goLiveAfterTest queues the held steps, set to go live, once the test sign-in passed: their
// pages show the plan (who will see what) and ask again. false when there is nothing to offer.
func (f *Flow) goLiveAfterTest() bool {
	if f.signIn.State != SignInPassed {
		return false
	}
	held := f.heldSteps()
	for _, st := range held {
		st.(steps.GoLive).Hold(&f.setup.Answers, false)
		f.queue = append(f.queue, queued{step: st})
	}
	return len(held) > 0
}

// heldLeftToDo are the summary's lines for the steps held back that are otherwise done.
func (f *Flow) heldLeftToDo() []string {
	var left []string
	for _, st := range f.heldSteps() {
		if i := f.board.Index(st.ID()); i >= 0 && f.board.Entries[i].Mark == MarkDone {
			left = append(left, st.(steps.GoLive).HeldLeftToDo())
		}
	}
	return left
}

// LiveNote is the summary's line under a board entry whose step went live (steps.GoLive:
// done, not held back, not done by a decision to have none): who sees it now and how to take
// it back; "" for any other entry.
func (f *Flow) LiveNote(e Entry) string {
	gl, ok := f.stepByID(e.ID).(steps.GoLive)
	if !ok || e.Mark != MarkDone || e.Decided || gl.Held(f.setup.Answers) {
		return ""
	}
	return gl.LiveNote(f.setup.Answers)
}
