package ui

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/steps/signin"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// signInLiveScreen is the guide's Option 2, verified: signin.Run listens on 127.0.0.1, the
// authorize URL is shown in full (c copies it), then the browser opens it; a countdown runs
// until Okta's answer comes back, and the result is a PASS or a FAIL with what to do. esc
// stops the wait and closes the listener before going back to the choice.
type signInLiveScreen struct {
	sess         *session
	way          flow.Way
	responseFlow string

	phase    livePhase
	spin     spinner.Model
	run      *liveRun
	url      string
	deadline time.Time
	left     time.Duration
	opened   bool              // the browser opener returned
	openErr  error             // … and failed
	logWait  *signInLogWaitMsg // the browser is back: the System Log is polled
	clip     clipCopy

	res  *signin.Result
	err  error // the test could not take place
	menu *choice
}

type livePhase int

const (
	liveStarting livePhase = iota // listener, discovery
	liveWaiting                   // the URL is shown; waiting for the browser
	liveStopping                  // esc: waiting for the listener to close
	liveResult                    // PASS or FAIL
	liveFailed                    // the test could not run
)

var (
	keyCopyURL = key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy the URL"))
	keyStop    = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stop waiting"))
)

func newSignInLiveScreen(sess *session, p flow.Page) *signInLiveScreen {
	return &signInLiveScreen{sess: sess, way: p.Way, responseFlow: p.Response, spin: newSpinner(sess.styles)}
}

func (s *signInLiveScreen) init() tea.Cmd { return s.start() }

// start runs a fresh test: new ticket, new listener, new state and nonce.
func (s *signInLiveScreen) start() tea.Cmd {
	s.phase, s.url, s.res, s.err, s.menu, s.clip = liveStarting, "", nil, nil, nil, clipCopy{}
	s.opened, s.openErr, s.logWait = false, nil, nil
	s.sess.flow.SignInTesting()
	run, cmd := startLiveRun(s.sess.ctx, s.sess.signInOptions(s.responseFlow), s.sess.opener(s.way), s.sess.ticket())
	s.run = run
	return tea.Batch(s.spin.Tick, cmd)
}

func (s *signInLiveScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		return spinTick(&s.spin, msg, s.phase == liveStarting || s.phase == liveWaiting || s.phase == liveStopping)
	case signInURLMsg:
		if msg.ticket != s.run.ticket {
			return nil
		}
		if s.phase != liveStarting {
			return s.run.next() // stopped before the URL came: wait for the run to end
		}
		s.phase, s.url = liveWaiting, msg.url
		s.deadline = time.Now().Add(s.sess.signInTimeout())
		s.left = s.sess.signInTimeout()
		return tea.Batch(s.run.next(), signInTick(s.run.ticket), urlDrawnCmd(s.run.ticket))
	case signInURLDrawnMsg:
		if msg.ticket == s.run.ticket {
			s.run.urlShown()
		}
		return nil
	case signInTickMsg:
		if msg.ticket != s.run.ticket || s.phase != liveWaiting {
			return nil
		}
		s.left = time.Until(s.deadline)
		return signInTick(s.run.ticket)
	case signInLogWaitMsg:
		if msg.ticket != s.run.ticket {
			return nil
		}
		s.logWait = &msg
		return s.run.next()
	case signInOpenedMsg:
		if msg.ticket != s.run.ticket {
			return nil
		}
		s.opened, s.openErr = true, msg.err
		return s.run.next()
	case signInResultMsg:
		if msg.ticket != s.run.ticket {
			return nil
		}
		return s.finished(msg.res, msg.err)
	case copiedMsg:
		s.clip.take(msg)
		return nil
	case tea.KeyMsg:
		return s.key(msg)
	}
	return nil
}

func (s *signInLiveScreen) key(km tea.KeyMsg) tea.Cmd {
	switch s.phase {
	case liveStarting, liveWaiting:
		switch {
		case key.Matches(km, keyCopyURL) && s.url != "":
			return s.copy()
		case key.Matches(km, keyStop):
			// Closing the listener takes a moment (the browser may be mid-request): the
			// choice comes back once it is closed, so the port is free for the next try.
			s.phase = liveStopping
			s.run.cancel()
		}
		return nil
	case liveResult, liveFailed:
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
		if c == flow.ChoiceRetry {
			return s.start()
		}
	}
	return nil
}

// busy: a test runs (its listener is open); no jump away from it (p), which would leave the
// listener waiting out its timeout and the board on "testing": esc stops it first.
func (s *signInLiveScreen) busy() bool {
	return s.phase == liveStarting || s.phase == liveWaiting || s.phase == liveStopping
}

// finished takes signin.Run's answer.
func (s *signInLiveScreen) finished(res *signin.Result, err error) tea.Cmd {
	s.run.cancel() // the run is over: release its context
	if s.phase == liveStopping {
		return finish(s, flow.SignInBack{})
	}
	if err != nil {
		if errors.Is(err, context.Canceled) && s.sess.ctx.Err() != nil {
			return nil // the wizard is stopping
		}
		s.phase, s.err = liveFailed, err
		s.sess.flow.RecordSignIn(flow.LiveFailure(err))
		s.menu = newChoice(flow.LiveResultMenu(false))
		return requestSave
	}
	s.phase, s.res = liveResult, res
	s.sess.flow.RecordSignIn(flow.LiveOutcome(res))
	s.menu = newChoice(flow.LiveResultMenu(res.Pass))
	return requestSave
}

func (s *signInLiveScreen) copy() tea.Cmd { return s.clip.start(s.sess, s.url, errNoURLClipboard) }

// errNoURLClipboard is shown when the run has no clipboard (Options.Copy is nil).
var errNoURLClipboard = errors.New("no clipboard is available to this run; select the URL on screen")

func (s *signInLiveScreen) body(width int) string {
	sty := s.sess.styles
	lines := []string{sty.heading.Render("Test sign-in"), ""}
	switch s.phase {
	case liveStarting:
		lines = append(lines, wrap("Listening on 127.0.0.1 and reading the org's OpenID configuration…", width, "", "")...)
	case liveWaiting, liveStopping:
		lines = append(lines, s.waitingLines(width)...)
	case liveResult:
		lines = append(lines, signInResultLines(sty, s.res, s.sess.setup().Answers.Mappings, width)...)
	case liveFailed:
		lines = append(lines, errorLines(sty, "run the test sign-in", s.err, width)...)
	}
	return strings.Join(lines, "\n")
}

// waitingLines: what happens now, the URL on lines of its own (nothing else on them, so
// a mouse selection copies only the URL), and what the clipboard and the browser did.
func (s *signInLiveScreen) waitingLines(width int) []string {
	sty := s.sess.styles
	var intro string
	switch {
	case s.way == flow.WayDemo:
		intro = "idme-okta is clicking through the simulated Okta and ID.me pages, as a person would in a browser. The URL it opened:"
	case s.sess.opener(s.way) != nil:
		intro = "Your browser is opening this URL. If no window appears, open it yourself, in a private window so an existing Okta session does not get in the way:"
	default:
		intro = "Open this URL in a browser, in a private window so an existing Okta session does not get in the way:"
	}
	lines := wrap(intro, width, "", "")
	lines = append(lines, "")
	lines = append(lines, urlLines(s.url, width)...)
	lines = append(lines, "")
	lines = append(lines, s.clip.lines(sty, width, "Press c to copy the URL.")...)
	if s.opened && s.openErr != nil {
		lines = append(lines, wrap("The browser could not be opened ("+termtext.Line(s.openErr.Error())+"): open the URL yourself.", width, sty.warn.Render("! "), "  ")...)
	}
	lines = append(lines, wrap(sty.muted.Render("Response: "+flowWords(s.responseFlow)+". Okta's answer comes back to 127.0.0.1 only."), width, "", "  ")...)
	return lines
}

// fullWidth while the authorize URL is shown: it is what the admin may have to copy.
func (s *signInLiveScreen) fullWidth() bool {
	return s.phase == liveWaiting || s.phase == liveStopping
}

func (s *signInLiveScreen) actions(width int) string {
	switch s.phase {
	case liveStarting:
		return s.spin.View() + " Starting…"
	case liveWaiting:
		if s.logWait != nil {
			return s.spin.View() + " " + logWaitLine(s.logWait.waited, s.logWait.deadline, "esc")
		}
		return s.spin.View() + " Waiting for the browser… " + clock(s.left) + " left"
	case liveStopping:
		return s.spin.View() + " Stopping: closing the listener…"
	}
	return s.menu.view(s.sess.styles, width)
}

func (s *signInLiveScreen) title() string { return flow.SignInTitle }

func (s *signInLiveScreen) bindings() []key.Binding {
	switch s.phase {
	case liveStarting:
		return []key.Binding{keyStop}
	case liveWaiting:
		return []key.Binding{keyCopyURL, keyStop}
	case liveStopping:
		return nil
	}
	return append(s.menu.bindings(), keyBack)
}

func (s *signInLiveScreen) typing() bool { return false }
