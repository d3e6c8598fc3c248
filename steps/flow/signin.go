package flow

import (
	"cmp"
	"strings"
	"time"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/signin"
)

// The guide's "Test the integration" ends the flow when the run creates the app the live
// test signs in to (steps.Facts.SignInApp). It is not a step: it checks and writes nothing of
// its own, so steps.All() does not list it, but the board and the progress file have it.

// IDTestSignIn is the progress file's record of the test sign-in.
const IDTestSignIn = "test-signin"

// SignInTitle names the test sign-in on the board.
const SignInTitle = "Test sign-in"

func hasSignIn(list []steps.Step) bool {
	return firstWith(list, func(f steps.Facts) bool { return f.SignInApp }) != nil
}

func (f *Flow) signInPage() Page { return Page{Kind: SignInChoice} }

// Way is how the admin chose to test.
type Way int

const (
	WaySkip   Way = iota
	WayOwn        // Option 2 in the admin's own browser (or by hand with the URL)
	WayDemo       // Option 2 walked by the demo's simulated browser
	WayPortal     // Option 1: the admin signs in on the Okta-hosted page
)

// SignInState is what the summary says about the test.
type SignInState int

const (
	SignInNotRun SignInState = iota
	SignInPassed
	SignInFailed
	SignInSkipped
)

// SignInOutcome is the test's last result in this run.
type SignInOutcome struct {
	State  SignInState
	Detail string // who signed in, or the first problem
	Hint   string // what to do about the first problem
}

// RecordSignIn keeps an outcome for the summary, the board and the progress file; the
// renderer saves the progress after it. A skip changes nothing in the file: it says nothing
// new about Okta. An outcome not run (the System Log has no sign-in at all) is no verdict:
// the test's earlier result stands.
func (f *Flow) RecordSignIn(o SignInOutcome) {
	if o.State != SignInNotRun {
		f.signIn = o
	}
	switch o.State {
	case SignInPassed:
		f.board.set(IDTestSignIn, MarkDone, o.Detail)
		f.setup.RecordStep(IDTestSignIn, steps.StatusDone, o.Detail)
	case SignInFailed:
		f.board.set(IDTestSignIn, MarkError, o.Detail)
		f.setup.RecordStep(IDTestSignIn, steps.StatusError, o.Detail)
	case SignInSkipped:
		f.board.set(IDTestSignIn, MarkSkipped, "")
	case SignInNotRun:
		f.SignInStopped()
	}
}

// SignInTesting: a test (or the System Log check) runs now.
func (f *Flow) SignInTesting() {
	if i := f.board.Index(IDTestSignIn); i >= 0 && f.board.Entries[i].Mark != MarkChecking {
		f.beforeTest = f.board.Entries[i]
	}
	f.board.set(IDTestSignIn, MarkChecking, "")
}

// SignInStopped: the test or check that was running ended without a verdict (esc stopped
// the wait, nothing was found): the board shows what it showed before.
func (f *Flow) SignInStopped() {
	if i := f.board.Index(IDTestSignIn); i >= 0 && f.board.Entries[i].Mark == MarkChecking {
		f.board.Entries[i] = f.beforeTest
	}
}

// SignInCheckFailed: the System Log could not be read; the test has no outcome yet.
func (f *Flow) SignInCheckFailed(err error) { f.board.set(IDTestSignIn, MarkError, err.Error()) }

// SignInWays are the ways to test that can run now: Option 2 needs the test app, both need
// the identity provider; in the demo the simulated browser comes first, so a newcomer
// pressing Enter sees a passing sign-in.
type SignInWays struct {
	Menu         Menu
	Live, Portal bool
	// Held: a step is held back (steps.GoLive), so the Okta page shows no "Sign in with
	// ID.me" yet and Option 1 is not offered; Option 2 needs no routing rule (idp=).
	Held bool
	demo bool
}

// SignInWays offers what Okta has; demo: the run has the demo's simulated browser.
func (f *Flow) SignInWays(demo bool) SignInWays {
	known := f.setup.Known()
	w := SignInWays{Portal: known.IdPID != "", Live: known.IdPID != "" && known.TestAppClientID != "", demo: demo}
	w.Menu.Question = "How do you want to test?"
	add := func(label, key string, c Choice) {
		w.Menu.Options = append(w.Menu.Options, Option{Label: label, Key: key, Choice: c})
	}
	if w.Live && demo {
		add("Let idme-okta click through the simulated pages", "d", ChoiceTestDemo)
	}
	if w.Live {
		add("Run a test sign-in (verified end to end)", "t", ChoiceTestOwn)
	}
	w.Held = len(f.heldSteps()) > 0
	if w.Portal && !w.Held {
		add("Sign in on the Okta page yourself", "o", ChoiceTestPortal)
	}
	skip := "Skip for now"
	if !w.Portal {
		skip = "Continue to the summary"
	}
	add(skip, "s", ChoiceSkip)
	return w
}

// WithIDToken is Menu for a renderer with no key to switch Option 2's response (the
// accessible mode): the guide's id_token URL is an option of its own, before Quit. In the
// demo the simulated browser walks it, as the TUI's d does with either response: the
// admin's browser would open nothing there, and the test waited its whole timeout (5 min)
// for a sign-in nobody made.
func (w SignInWays) WithIDToken() Menu {
	m := w.Menu
	if !w.Live {
		return m
	}
	label := "Run a test sign-in with the guide's id_token URL (advanced: response_type=id_token, form_post)"
	if w.demo {
		label = "Let idme-okta click through the simulated pages with the guide's id_token URL (advanced: response_type=id_token, form_post)"
	}
	m.Options = append(append([]Option(nil), m.Options...), Option{Label: label, Choice: ChoiceTestToken})
	return m
}

// Chosen is the event of an answer to the ways' menu (or WithIDToken's); response is
// Option 2's response the renderer's toggle says (signin.FlowCode or signin.FlowIDToken).
func (w SignInWays) Chosen(c Choice, response string) SignInChosen {
	switch c {
	case ChoiceTestDemo:
		return SignInChosen{Way: WayDemo, Response: response}
	case ChoiceTestOwn:
		return SignInChosen{Way: WayOwn, Response: response}
	case ChoiceTestToken:
		if w.demo {
			return SignInChosen{Way: WayDemo, Response: signin.FlowIDToken}
		}
		return SignInChosen{Way: WayOwn, Response: signin.FlowIDToken}
	case ChoiceTestPortal:
		return SignInChosen{Way: WayPortal}
	}
	return SignInChosen{Way: WaySkip}
}

// signInResultMenu follows a test's result. After a pass, Continue comes first; otherwise
// trying again does, and the other ways to test are offered. again names the retry: "Retry",
// "Test again", "Check again".
func signInResultMenu(pass bool, again string) Menu {
	if pass {
		return menu("What now?",
			Option{Label: "Continue", Choice: ChoiceContinue},
			Option{Label: again, Key: "r", Choice: ChoiceRetry},
		)
	}
	return menu("What now?",
		Option{Label: again, Key: "r", Choice: ChoiceRetry},
		Option{Label: "Continue", Choice: ChoiceContinue},
		Option{Label: "Other ways to test", Key: "b", Choice: ChoiceBack},
	)
}

// LiveResultMenu follows a live test: a pass is tested again, a failure retried.
func LiveResultMenu(pass bool) Menu {
	if pass {
		return signInResultMenu(true, "Test again")
	}
	return signInResultMenu(false, "Retry")
}

// PortalResultMenu follows Option 1's look in the System Log (found: whether it was).
func PortalResultMenu(found bool) Menu { return signInResultMenu(found, "Check again") }

// PortalMenu is Option 1's: check the System Log once signed in, copy the address, let the
// demo's simulated browser sign in, or another way to test.
func PortalMenu(demo bool) Menu {
	m := menu("",
		Option{Label: "I have signed in: check", Choice: ChoiceCheckLog},
		Option{Label: "Copy the address", Key: "c", Choice: ChoiceCopy},
	)
	if demo {
		m.Options = append(m.Options, Option{Label: "Let idme-okta sign in on the simulated page", Key: "d", Choice: ChoiceDemoWalk})
	}
	m.Options = append(m.Options, Option{Label: "Back to the other ways to test", Key: "b", Choice: ChoiceBack})
	return m
}

// LeaveTest is the event of an answer that leaves a test's page: Continue (the summary
// comes), or another way to test; nil for any other answer, which stays.
func LeaveTest(c Choice) Event {
	switch c {
	case ChoiceContinue:
		return SignInFinished{}
	case ChoiceBack:
		return SignInBack{}
	}
	return nil
}

// LiveOutcome is what a finished live test means for the summary.
func LiveOutcome(res *signin.Result) SignInOutcome {
	if res.Pass {
		o := SignInOutcome{State: SignInPassed, Detail: WhoSignedIn(res.User, res.Claims) + " signed in through ID.me; the ID token verified"}
		if len(res.Warnings) > 0 {
			// Worth the summary's line: the admin may want the policy to release more.
			o.Detail += "; with warnings: " + strings.TrimRight(res.Warnings[0].Message, ".")
		}
		return o
	}
	o := SignInOutcome{State: SignInFailed, Detail: "the test sign-in failed"}
	if len(res.Problems) > 0 {
		o.Detail, o.Hint = res.Problems[0].Message, res.Problems[0].Hint
	}
	return o
}

// LiveFailure is a live test that could not run.
func LiveFailure(err error) SignInOutcome {
	return SignInOutcome{State: SignInFailed, Detail: "the test could not run: " + err.Error()}
}

// PortalOutcome is what Option 1's check means for the summary.
func PortalOutcome(pc *signin.PortalCheck, since time.Time) SignInOutcome {
	if pc.SignedIn {
		return SignInOutcome{State: SignInPassed, Detail: cmp.Or(pc.Login, pc.UserID) + " signed in on the Okta page through ID.me"}
	}
	o := SignInOutcome{State: SignInFailed, Detail: "no sign-in through ID.me found since " + since.Local().Format("15:04:05")}
	if len(pc.Problems) == 0 {
		// Nobody signed in through ID.me, and no sign-in failed: the admin has not tried
		// yet. That says nothing about the configuration (a test passed before stays so).
		o.State = SignInNotRun
	}
	if len(pc.Problems) > 0 {
		o.Detail += ": " + pc.Problems[0].Message
		o.Hint = pc.Problems[0].Hint
	}
	return o
}

// WhoSignedIn names the Okta user of a sign-in: login, else email, else the token's subject.
func WhoSignedIn(user, claims map[string]any) string {
	for _, v := range []any{user["login"], user["email"], claims["preferred_username"], claims["sub"]} {
		if s, ok := v.(string); ok && s != "" {
			return s
		}
	}
	return "a user"
}
