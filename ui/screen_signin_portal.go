package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps/signin"
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
}

type portalPhase int

const (
	portalAsk      portalPhase = iota // the address and what to do
	portalWalking                     // the demo's browser is signing in
	portalChecking                    // reading the System Log
	portalChecked                     // found, or not
	portalFailed                      // the System Log could not be read
)

const (
	pickCheck = 200 + iota
	pickDemoWalk
)

func newSignInPortalScreen(sess *session) *signInPortalScreen {
	org := sess.setup.Answers.OrgURL
	if sess.setup.Okta != nil {
		org = sess.setup.Okta.OrgURL()
	}
	s := &signInPortalScreen{sess: sess, since: time.Now(), url: signin.PortalURL(org), spin: newSpinner(sess.st)}
	s.ask()
	return s
}

func (s *signInPortalScreen) ask() {
	s.phase = portalAsk
	opts := []option{
		{label: "I have signed in: check", value: pickCheck},
		{label: "Copy the address", key: "c", value: pickCopy},
	}
	if s.sess.opts.DemoBrowser != nil {
		opts = append(opts, option{label: "Let idme-okta sign in on the simulated page", key: keyTryDemo, value: pickDemoWalk})
	}
	s.menu = newChoice(opts...)
	s.menu.vertical = true
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
	case portalCheckedMsg:
		if msg.ticket != s.wait {
			return nil
		}
		return s.checked(msg.check, msg.err)
	case tea.KeyMsg:
		return s.key(msg)
	}
	return nil
}

func (s *signInPortalScreen) key(km tea.KeyMsg) tea.Cmd {
	if s.phase == portalWalking || s.phase == portalChecking {
		return nil
	}
	if key.Matches(km, keyBack) {
		return finish(s, signInBackMsg{})
	}
	v, ok := s.menu.update(km)
	if !ok {
		return nil
	}
	switch v {
	case pickCheck, pickRetry:
		return s.startCheck()
	case pickCopy:
		return s.copy()
	case pickDemoWalk:
		s.phase, s.walkErr, s.wait = portalWalking, nil, s.sess.ticket()
		return tea.Batch(s.spin.Tick, demoWalkCmd(s.sess.ctx, s.sess.opts.DemoBrowser, s.url, s.wait))
	case pickContinue:
		return finish(s, signInDoneMsg{})
	}
	return nil
}

func (s *signInPortalScreen) startCheck() tea.Cmd {
	s.phase, s.err, s.wait = portalChecking, nil, s.sess.ticket()
	s.sess.board.set(idTestSignIn, markChecking, "")
	idpID := s.sess.setup.Known().IdPID
	return tea.Batch(s.spin.Tick, portalCheckCmd(s.sess.ctx, s.sess.setup.Okta, idpID, s.since, s.wait))
}

func (s *signInPortalScreen) checked(pc *signin.PortalCheck, err error) tea.Cmd {
	if err != nil {
		s.phase, s.err = portalFailed, err
		s.sess.board.set(idTestSignIn, markError, err.Error())
		s.menu = newChoice(
			option{label: "Retry", key: "r", value: pickRetry},
			option{label: "Continue", value: pickContinue},
		)
		return nil
	}
	s.phase, s.check = portalChecked, pc
	s.sess.recordSignIn(portalOutcome(pc, s.since))
	s.menu = signInResultMenu(pc.SignedIn, "Check again")
	return finish(s, signInRecordedMsg{})
}

func (s *signInPortalScreen) copy() tea.Cmd { return s.clip.start(s.sess, s.url, errNoURLClipboard) }

func (s *signInPortalScreen) body(width int) string {
	st := s.sess.st
	lines := []string{st.heading.Render("Sign in on the Okta page"), ""}
	switch s.phase {
	case portalChecked:
		lines = append(lines, portalResultLines(st, s.check, s.since, s.sess.setup.Answers.Mappings, width)...)
		if s.walkErr != nil {
			lines = append(lines, "")
			lines = append(lines, wrap("The simulated browser stopped early: "+s.walkErr.Error(), width, st.warn.Render("! "), "  ")...)
		}
		return strings.Join(lines, "\n")
	case portalFailed:
		lines = append(lines, errorLines(st, "read Okta's System Log for the sign-in", s.err, width)...)
		return strings.Join(lines, "\n")
	}
	lines = append(lines, portalSteps(width)...)
	lines = append(lines, "")
	lines = append(lines, urlBlock(s.url, width)...)
	lines = append(lines, "")
	lines = append(lines, s.clip.lines(st, width, "")...)
	lines = append(lines, wrap(st.muted.Render("Sign-ins since "+s.since.Local().Format("15:04:05")+" count."), width, "", "")...)
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
		return s.spin.View() + " Reading Okta's System Log…"
	}
	return s.menu.view(s.sess.st, width)
}

func (s *signInPortalScreen) title() string { return signInTitle }

func (s *signInPortalScreen) bindings() []key.Binding {
	if s.phase == portalWalking || s.phase == portalChecking {
		return nil
	}
	return append(s.menu.bindings(), keyBack)
}

func (s *signInPortalScreen) typing() bool { return false }
