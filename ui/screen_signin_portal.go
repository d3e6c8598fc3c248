package ui

import (
	"context"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/steps/signin"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// signInPortalScreen is the guide's Option 1: the admin signs in on the org's own sign-in
// page in a private window, which idme-okta does not see; Enter then reads the System Log
// for a sign-in through the identity provider since the screen opened, and says who signed
// in and whether Okta created or updated them.
type signInPortalScreen struct {
	sess  *session
	since time.Time
	url   string

	phase portalPhase
	spin  spinner.Model
	wait  ticket
	check *signin.PortalCheck
	err   error
	// walkErr: the demo's simulated browser did not get through the pages.
	walkErr error
	clip    clipCopy
	menu    *choice
	// logWait: the System Log does not show the sign-in yet (the wait's progress);
	// stopCheck ends the wait (esc) with what it showed so far.
	logWait   *portalWaitMsg
	stopCheck context.CancelFunc
}

type portalPhase int

const (
	portalAsk      portalPhase = iota // the address and what to do
	portalWalking                     // the demo's browser is signing in
	portalChecking                    // reading the System Log
	portalChecked                     // found, or not
	portalFailed                      // the System Log could not be read
)

func newSignInPortalScreen(sess *session, _ flow.Page) *signInPortalScreen {
	return &signInPortalScreen{
		sess:  sess,
		since: time.Now(),
		url:   signin.PortalURL(sess.setup().OrgURL()),
		spin:  newSpinner(sess.styles),
		menu:  newList(flow.PortalMenu(sess.opts.DemoBrowser != nil)),
	}
}

func (s *signInPortalScreen) init() tea.Cmd { return nil }

func (s *signInPortalScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		return spinTick(&s.spin, msg, s.phase == portalWalking || s.phase == portalChecking)
	case copiedMsg:
		s.clip.take(msg)
		return nil
	case demoWalkedMsg:
		if msg.ticket != s.wait {
			return nil
		}
		// Whatever the walk saw, Okta's System Log is what tells.
		s.walkErr = msg.err
		return s.startCheck()
	case portalWaitMsg:
		if msg.ticket != s.wait {
			return nil
		}
		s.logWait = &msg
		return msg.next
	case portalCheckedMsg:
		if msg.ticket != s.wait {
			return nil
		}
		s.stopCheck()
		return s.checked(msg.check, msg.err)
	case tea.KeyMsg:
		return s.key(msg)
	}
	return nil
}

func (s *signInPortalScreen) key(km tea.KeyMsg) tea.Cmd {
	if s.phase == portalChecking && key.Matches(km, keyStop) {
		s.stopCheck() // the result comes with what the log showed so far
		return nil
	}
	if s.phase == portalWalking || s.phase == portalChecking {
		return nil
	}
	if key.Matches(km, keyBack) {
		return finish(s, flow.SignInBack{})
	}
	c, ok := s.menu.update(km)
	if !ok {
		return nil
	}
	if ev := flow.LeaveTest(c); ev != nil {
		return finish(s, ev)
	}
	switch c {
	case flow.ChoiceCheckLog, flow.ChoiceRetry:
		return s.startCheck()
	case flow.ChoiceCopy:
		return s.copy()
	case flow.ChoiceDemoWalk:
		s.phase, s.walkErr, s.wait = portalWalking, nil, s.sess.ticket()
		return tea.Batch(s.spin.Tick, demoWalkCmd(s.sess.ctx, s.sess.opts.DemoBrowser, s.url, s.wait))
	}
	return nil
}

func (s *signInPortalScreen) startCheck() tea.Cmd {
	s.phase, s.err, s.wait, s.logWait = portalChecking, nil, s.sess.ticket(), nil
	s.sess.flow.SignInTesting()
	setup := s.sess.setup()
	ctx, cancel := context.WithCancel(s.sess.ctx)
	s.stopCheck = cancel
	return tea.Batch(s.spin.Tick, portalCheckCmd(ctx, setup.Okta, setup.Known().IdPID, s.since, s.sess.logSettle(), s.wait))
}

func (s *signInPortalScreen) checked(pc *signin.PortalCheck, err error) tea.Cmd {
	if err != nil {
		s.phase, s.err = portalFailed, err
		s.sess.flow.SignInCheckFailed(err)
		s.menu = newChoice(flow.PortalResultMenu(false))
		return nil
	}
	s.phase, s.check = portalChecked, pc
	s.sess.flow.RecordSignIn(flow.PortalOutcome(pc, s.since))
	s.menu = newChoice(flow.PortalResultMenu(pc.SignedIn))
	return requestSave
}

func (s *signInPortalScreen) copy() tea.Cmd { return s.clip.start(s.sess, s.url, errNoURLClipboard) }

func (s *signInPortalScreen) body(width int) string {
	sty := s.sess.styles
	lines := []string{sty.heading.Render("Sign in on the Okta page"), ""}
	switch s.phase {
	case portalChecked:
		lines = append(lines, portalResultLines(sty, s.check, s.since, s.sess.setup().Answers.Mappings, width)...)
		if s.walkErr != nil {
			lines = append(lines, "")
			lines = append(lines, wrap("The simulated browser stopped early: "+termtext.Line(s.walkErr.Error()), width, sty.warn.Render("! "), "  ")...)
		}
		return strings.Join(lines, "\n")
	case portalFailed:
		lines = append(lines, errorLines(sty, "read Okta's System Log for the sign-in", s.err, width)...)
		return strings.Join(lines, "\n")
	}
	lines = append(lines, portalSteps(width)...)
	lines = append(lines, "")
	lines = append(lines, urlLines(s.url, width)...)
	lines = append(lines, "")
	lines = append(lines, s.clip.lines(sty, width, "")...)
	lines = append(lines, wrap(sty.muted.Render("Sign-ins since "+s.since.Local().Format("15:04:05")+" count."), width, "", "")...)
	return strings.Join(lines, "\n")
}

// portalSteps are the guide's Option 1 in three steps; the address follows them.
func portalSteps(width int) []string {
	var lines []string
	for i, step := range []string{
		"Open the address below in a private (incognito) window.",
		"Choose “Sign in with ID.me” and complete ID.me's sign-in. Okta signs you in (its dashboard), creating the user if it is new.",
		"Come back here and choose “I have signed in”: idme-okta looks for the sign-in in Okta's System Log.",
	} {
		lines = append(lines, wrap(step, width, string(rune('1'+i))+". ", "   ")...)
	}
	return lines
}

func (s *signInPortalScreen) actions(width int) string {
	switch s.phase {
	case portalWalking:
		return s.spin.View() + " Signing in on the simulated page…"
	case portalChecking:
		if s.logWait != nil {
			return s.spin.View() + " " + logWaitLine(s.logWait.waited, s.logWait.deadline, "esc")
		}
		return s.spin.View() + " Reading Okta's System Log…"
	}
	return s.menu.view(s.sess.styles, width)
}

func (s *signInPortalScreen) busy() bool {
	return s.phase == portalWalking || s.phase == portalChecking
}

func (s *signInPortalScreen) title() string { return flow.SignInTitle }

func (s *signInPortalScreen) bindings() []key.Binding {
	switch s.phase {
	case portalChecking:
		return []key.Binding{keyStop}
	case portalWalking:
		return nil
	}
	return append(s.menu.bindings(), keyBack)
}

func (s *signInPortalScreen) typing() bool { return false }
