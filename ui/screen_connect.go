package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
)

// connectScreen asks for the org and the credentials, builds the client and runs the connect
// step's read-only preflight. Failures show Okta's answer and offer retry or edit.
type connectScreen struct {
	sess   *session
	phase  connectPhase
	form   *huh.Form
	spin   spinner.Model
	wait   ticket
	err    error        // dial or check failure …
	report steps.Report // … or the preflight's own verdict (StatusError)
	menu   *choice

	answers *connectAnswers
}

type connectPhase int

const (
	connectAsking connectPhase = iota
	connectDialing
	connectChecking
	connectFailed
)

func newConnectScreen(sess *session, _ flow.Page) *connectScreen {
	s := &connectScreen{sess: sess, spin: newSpinner(sess.styles), answers: newConnectAnswers(sess)}
	s.form = s.answers.form().tui()
	return s
}

func (s *connectScreen) init() tea.Cmd { return s.form.Init() }

func (s *connectScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		return spinTick(&s.spin, msg, s.phase == connectDialing || s.phase == connectChecking)
	case dialedMsg:
		if msg.ticket != s.wait {
			return nil
		}
		if msg.err != nil {
			return s.preflighted(steps.Report{}, msg.err)
		}
		s.sess.setup().Okta = msg.client
		return s.preflight()
	case checkedMsg:
		if msg.ticket != s.wait {
			return nil
		}
		return s.preflighted(msg.report, msg.err)
	}

	if size, ok := msg.(tea.WindowSizeMsg); ok {
		msg = formSize(size, s.body(size.Width))
	}
	switch s.phase {
	case connectAsking:
		var cmd tea.Cmd
		var completed bool
		if s.form, cmd, completed = updateForm(s.form, msg); completed {
			return tea.Batch(cmd, s.connect())
		}
		return cmd
	case connectFailed:
		c, ok := s.menu.update(msg)
		if !ok {
			return nil
		}
		if c == flow.ChoiceRetry {
			return s.connect()
		}
		s.phase, s.err = connectAsking, nil
		s.answers.rejected()
		s.form = s.answers.form().tui()
		return s.form.Init()
	}
	return nil
}

// connect stores the answers and secrets and dials Okta.
func (s *connectScreen) connect() tea.Cmd {
	if err := s.answers.store(); err != nil {
		return s.preflighted(steps.Report{}, err)
	}
	setup := s.sess.setup()
	s.sess.flow.Connecting()
	s.phase, s.wait = connectDialing, s.sess.ticket()
	return tea.Batch(s.spin.Tick, dialCmd(s.sess.ctx, s.sess.opts.Dial, setup.Answers.Clone(), setup.Secrets, s.wait))
}

// preflight runs the connect step's read-only check (who the token belongs to, and the reads
// the later steps need).
func (s *connectScreen) preflight() tea.Cmd {
	step := s.sess.flow.Preflight()
	if step == nil {
		return s.preflighted(steps.Report{Status: steps.StatusDone}, nil)
	}
	s.phase, s.wait = connectChecking, s.sess.ticket()
	return checkCmd(s.sess.ctx, s.sess.setup(), step, s.wait)
}

// preflighted ends connecting: connected, or failed (the screen says why, and asks).
func (s *connectScreen) preflighted(r steps.Report, err error) tea.Cmd {
	if ev := s.sess.flow.Preflighted(r, err); ev != nil {
		return finish(s, ev)
	}
	s.phase, s.err, s.report = connectFailed, err, r
	s.menu = newChoice(flow.ConnectFailedMenu())
	return nil
}

func (s *connectScreen) body(width int) string {
	sty := s.sess.styles
	lines := []string{sty.heading.Render("Connect to your Okta org"), ""}
	lines = append(lines, wrap("idme-okta only reads until you confirm a change. The token needs the Super Administrator role: the steps create an identity provider, profile attributes, mappings and a routing rule.", width, "", "")...)
	if org, err := okta.NormalizeOrgURL(s.answers.a.OrgURL); err == nil {
		lines = append(lines, "")
		lines = append(lines, wrap("Org: "+sty.accent.Render(org), width, "", "     ")...)
		if typed := strings.TrimSpace(s.answers.a.OrgURL); strings.Contains(typed, "-admin") && !strings.Contains(org, "-admin") {
			lines = append(lines, wrap(sty.muted.Render("(that is the Admin Console; the org address is used)"), width, "     ", "     ")...)
		}
	}
	switch s.phase {
	case connectFailed:
		lines = append(lines, "")
		lines = append(lines, connectFailureLines(sty, s.sess.setup().Answers.OrgURL, s.err, s.report, width)...)
	}
	return strings.Join(lines, "\n")
}

func (s *connectScreen) actions(width int) string {
	switch s.phase {
	case connectAsking:
		return s.form.View()
	case connectDialing:
		return s.spin.View() + " Connecting to " + s.sess.setup().Answers.OrgURL + "…"
	case connectChecking:
		return s.spin.View() + " Checking the token and reading the org (read-only)…"
	case connectFailed:
		return s.menu.view(s.sess.styles, width)
	}
	return ""
}

func (s *connectScreen) title() string { return "Connect to Okta" }

func (s *connectScreen) bindings() []key.Binding {
	switch s.phase {
	case connectAsking:
		return formKeys(s.form, false)
	case connectFailed:
		return s.menu.bindings()
	}
	return nil
}

func (s *connectScreen) typing() bool { return s.phase == connectAsking }
