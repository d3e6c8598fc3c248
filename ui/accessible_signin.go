package ui

import (
	"errors"
	"fmt"
	"time"

	"github.com/idme-okta/idme-okta/steps/signin"
)

// The accessible driver's test sign-in: the same choice, run and result as the TUI's
// screens, as plain lines. The URL is printed on a line of its own; the wait is one static
// line; the result is text; what next is a numbered choice.

// errBackToChoice: the admin wants another way to test.
var errBackToChoice = errors.New("back to the choice")

func (a *accessible) testSignIn() error {
	s := a.m.sess
	if !hasTestSignIn(s.opts.Steps) {
		return nil
	}
	n := len(s.board.entries)
	a.p.say("", fmt.Sprintf("Step %d of %d: Test the integration", n, n))
	for {
		way, flow, err := a.signInChoice()
		if err != nil {
			return err
		}
		switch way {
		case signInOwn, signInDemo:
			err = a.liveSignIn(way, flow)
		case signInPortal:
			err = a.portalSignIn()
		default:
			s.recordSignIn(signInOutcome{state: signInSkipped})
			return nil
		}
		if !errors.Is(err, errBackToChoice) {
			return err
		}
	}
}

// signInChoice asks how to test, with the same defaults as the TUI.
func (a *accessible) signInChoice() (signInWay, string, error) {
	s := a.m.sess
	c := newSignInChoiceScreen(s)
	a.p.say(signInChoiceLines(s, a.st, 100, c.canLive, c.canPortal, signin.FlowCode)[2:]...)
	labels := make([]string, 0, len(c.menu.options)+1)
	ways := make([]signInWay, 0, cap(labels))
	flows := make([]string, 0, cap(labels))
	for _, o := range c.menu.options {
		labels, ways, flows = append(labels, o.label), append(ways, signInWay(o.value)), append(flows, signin.FlowCode)
	}
	if c.canLive {
		// The guide's own URL, for who wants to see exactly what it describes.
		labels = append(labels, "Run a test sign-in with the guide's id_token URL (advanced: response_type=id_token, form_post)")
		ways, flows = append(ways, signInOwn), append(flows, signin.FlowIDToken)
	}
	i, err := a.p.choose("How do you want to test?", labels, 0)
	if err != nil {
		return signInSkip, "", err
	}
	return ways[i], flows[i], nil
}

// liveSignIn runs Option 2 until the admin continues (nil) or wants another way
// (errBackToChoice).
func (a *accessible) liveSignIn(way signInWay, flow string) error {
	s := a.m.sess
	open := s.opener(way)
	for {
		o := s.signInOptions(flow)
		o.Show = func(url string) {
			switch {
			case way == signInDemo:
				a.p.say("idme-okta is clicking through the simulated Okta and ID.me pages with this URL:")
			case open != nil:
				a.p.say("Your browser is opening this URL; if it does not, open it yourself in a private window:")
			default:
				a.p.say("Open this URL in a browser, in a private window:")
			}
			a.p.say(url)
			fmt.Fprint(a.p.out, signInWaitLine(s.signInTimeout())+" ")
		}
		if open != nil {
			// Show has printed the URL before Run calls this.
			o.OpenBrowser = func(url string) error { return open(a.ctx, url) }
		}
		res, err := signin.Run(a.ctx, o)
		if a.ctx.Err() != nil {
			return a.ctx.Err()
		}
		menu := liveResultMenu(false)
		if err != nil {
			a.p.say("", "The test could not run.")
			a.p.say(errorLines(a.st, "run the test sign-in", err, 100)...)
			s.recordSignIn(signInOutcome{state: signInFailed, detail: "the test could not run: " + err.Error()})
		} else {
			a.p.say("done.", "")
			a.p.say(signInResultLines(a.st, res, s.setup.Answers.Mappings, 100)...)
			s.recordSignIn(liveOutcome(res))
			menu = liveResultMenu(res.Pass)
		}
		if err := a.save(); err != nil {
			return err
		}
		if again, err := a.afterResult(menu); !again {
			return err
		}
	}
}

// afterResult asks what now with the TUI's menu under a result (signInResultMenu): again
// reports "test again"; otherwise nil continues and errBackToChoice asks for another way.
func (a *accessible) afterResult(menu *choice) (again bool, _ error) {
	labels := make([]string, len(menu.options))
	for i, o := range menu.options {
		labels[i] = o.label
	}
	i, err := a.p.choose("What now?", labels, menu.focus)
	if err != nil {
		return false, err
	}
	switch menu.options[i].value {
	case pickContinue:
		return false, nil
	case pickBack:
		return false, errBackToChoice
	}
	return true, nil
}

// portalSignIn runs Option 1: the address, the admin's Enter, then the System Log.
func (a *accessible) portalSignIn() error {
	s := a.m.sess
	ps := newSignInPortalScreen(s)
	a.p.say(portalSteps(100)...)
	a.p.say(ps.url)
	walk := s.opts.DemoBrowser
	for {
		options := []string{"I have signed in: check", "Back to the other ways to test"}
		if walk != nil {
			options = append(options, "Let idme-okta sign in on the simulated page")
		}
		i, err := a.p.choose("Sign-ins since "+ps.since.Local().Format("15:04:05")+" count.", options, 0)
		if err != nil {
			return err
		}
		switch i {
		case 1:
			return errBackToChoice
		case 2:
			fmt.Fprint(a.p.out, "Signing in on the simulated page… ")
			if werr := walk(a.ctx, ps.url); werr != nil {
				a.p.say("stopped early: " + werr.Error())
			} else {
				a.p.say("done.")
			}
		}
		for {
			fmt.Fprint(a.p.out, "Reading Okta's System Log… ")
			pc, err := signin.ConfirmPortalSignIn(a.ctx, s.setup.Okta, s.setup.Known().IdPID, ps.since)
			if a.ctx.Err() != nil {
				return a.ctx.Err()
			}
			if err != nil {
				a.p.say("failed.")
				a.p.say(errorLines(a.st, "read Okta's System Log for the sign-in", err, 100)...)
			} else {
				a.p.say("done.", "")
				a.p.say(portalResultLines(a.st, pc, ps.since, s.setup.Answers.Mappings, 100)...)
				s.recordSignIn(portalOutcome(pc, ps.since))
				if err := a.save(); err != nil {
					return err
				}
			}
			if again, err := a.afterResult(signInResultMenu(err == nil && pc.SignedIn, "Check again")); !again {
				return err
			}
		}
	}
}

// signInWaitLine is the one static line the accessible driver prints while it waits.
func signInWaitLine(timeout time.Duration) string {
	return fmt.Sprintf("Waiting for the browser… (up to %s)", shortDuration(timeout))
}
