package flow

import (
	"errors"
	"fmt"
	"strings"

	"github.com/idme-okta/idme-okta/steps"
)

// Prefetch is what to check beside the flow, on a private copy of the setup (PrivateCopy),
// for the side panel and the ID.me settings: every step once the ID.me settings are complete
// (forPanel: the statuses then mean something to the admin), before that only whether the
// step that keeps the client secret finds its object. Nothing before connecting.
func (f *Flow) Prefetch() (list []steps.Step, forPanel bool) {
	if f.setup.Okta == nil {
		return nil, false
	}
	if f.setup.Answers.Validate() != nil {
		if st := f.SecretHolder(); st != nil {
			return []steps.Step{st}, false
		}
		return nil, false
	}
	return f.list, true
}

// Prefetched takes what a Prefetch's checks found.
func (f *Flow) Prefetched(outcomes []steps.Outcome, forPanel bool) {
	for _, o := range outcomes {
		var nc *steps.NotCheckedError
		if errors.As(o.Err, &nc) {
			continue
		}
		if steps.FactsOf(o.Step).KeepsClientSecret && o.Err == nil {
			f.secretKept = o.Report.Status == steps.StatusDone || o.Report.Status == steps.StatusDrifted
		}
		if forPanel {
			f.board.prefetched(o.Step.ID(), MarkOf(o.Report.Status), o.Report.Detail)
		}
	}
}

// SecretHolder is the step whose object keeps the ID.me client secret in Okta.
func (f *Flow) SecretHolder() steps.Step {
	return firstWith(f.list, func(fa steps.Facts) bool { return fa.KeepsClientSecret })
}

// SecretKept reports that the object holding the ID.me client secret is in Okta (as the
// guide wants it or not), so the secret may be left empty: Okta keeps the stored one.
func (f *Flow) SecretKept() bool { return f.secretKept }

// PrivateCopy is a copy of setup for checks made beside the flow: they record what they find
// in the copy, not in the run's progress, and share none of its slices.
func PrivateCopy(setup *steps.Setup) *steps.Setup {
	clone := steps.NewSetup(setup.Okta, setup.Answers.Clone(), setup.Secrets, setup.Known())
	clone.Version, clone.Now, clone.StatePath = setup.Version, setup.Now, setup.StatePath
	return clone
}

// SavedStep is a step as a progress file remembers it.
type SavedStep struct {
	Entry
	Reached bool // the file has a record of the step
}

// SavedStatus is "Show the saved status": the run's steps as p records them (pending where
// it has no record), then the test sign-in if it ran.
func (f *Flow) SavedStatus(p *steps.Progress) []SavedStep {
	var out []SavedStep
	for _, st := range f.list {
		r, ok := p.Steps[st.ID()]
		e := SavedStep{Entry: Entry{ID: st.ID(), Title: steps.FactsOf(st).ShortTitle}, Reached: ok}
		if ok {
			e.Mark, e.Detail = MarkOf(r.Status), r.Detail
		}
		out = append(out, e)
	}
	if r, ok := p.Steps[IDTestSignIn]; ok {
		out = append(out, SavedStep{Entry: Entry{ID: IDTestSignIn, Title: SignInTitle, Mark: MarkOf(r.Status), Detail: r.Detail}, Reached: true})
	}
	return out
}

// DoneCount counts the entries of the board (the steps of this run and the test sign-in)
// that p records as done, out of StepCount: the numbers the side panel shows.
func (f *Flow) DoneCount(p *steps.Progress) int {
	n := 0
	for _, e := range f.board.Entries {
		if r, ok := p.Steps[e.ID]; ok && r.Status == steps.StatusDone {
			n++
		}
	}
	return n
}

// StepCount is how many entries the board has: the steps and the test sign-in.
func (f *Flow) StepCount() int { return len(f.board.Entries) }

// LeftToDo is what the admin still has to do, first things first: the steps not done (an
// attestation says in its own words where to turn the setting on), the handoff to ID.me,
// and the test sign-in. org names the Okta org ("" when unknown). word says a mark in words.
func (f *Flow) LeftToDo(org string, word func(Entry) string) []string {
	var left, attested []string
	if f.leftAlone != "" {
		left = append(left, fmt.Sprintf("“%s” was left as it is, so nothing after it was written: the later steps build on it. To go on, run idme-okta again and adopt it, or create a separate one with another ID.me client (idme-okta makes no second identity provider for the same client).", f.leftAlone))
	}
	for _, e := range f.board.Entries {
		if e.ID == IDTestSignIn || e.Mark == MarkDone {
			continue
		}
		if st := f.stepByID(e.ID); st != nil {
			if a := steps.FactsOf(st).Attestation; a != nil {
				attested = append(attested, a.LeftToDo)
				continue
			}
		}
		left = append(left, fmt.Sprintf("Finish “%s” (%s): run idme-okta again; finished steps are kept.", e.Title, word(e)))
	}
	left = append(left, attested...)
	// A passing sign-in went through ID.me, so ID.me has registered the redirect URI already.
	if f.setup.Known().RedirectURI != "" && !f.board.knownDone(IDTestSignIn) && f.signIn.State != SignInPassed {
		left = append(left, "Send the handoff sheet to your ID.me Solution Consultant: sign-in works once ID.me has registered the redirect URI.")
	}
	left = append(left, f.signInLeft(org)...)
	left = append(left, f.heldLeftToDo()...)
	return append(left, f.cleanUp()...)
}

// cleanUp is the summary's last line: the test app is only for testing, and remove takes
// it out again.
func (f *Flow) cleanUp() []string {
	known := f.setup.Known()
	if known.TestAppID == "" {
		return nil
	}
	return []string{fmt.Sprintf("Clean up when you are done testing: idme-okta remove --test-app takes out the test app (%s), which lets its users get tokens from Okta and serves nothing else; idme-okta test-signin makes it again when you need it.", known.TestAppID)}
}

// signInLeft is what the test sign-in leaves to do: nothing after a pass, the first
// problem's fix after a failure, the ways to test when it did not run.
func (f *Flow) signInLeft(org string) []string {
	switch f.signIn.State {
	case SignInPassed:
		return nil
	case SignInFailed:
		fix := "Fix the test sign-in: " + strings.TrimRight(f.signIn.Detail, ". ") + "."
		if f.signIn.Hint != "" {
			fix += " " + f.signIn.Hint
		}
		return []string{strings.TrimRight(fix, ". ") + ". Then test again: idme-okta test-signin."}
	}
	if org == "" {
		org = "your Okta org"
	}
	return []string{"Test the sign-in: run idme-okta test-signin, or open " + org + " in a private window and choose “Sign in with ID.me” (the guide's “Test the integration”)."}
}
