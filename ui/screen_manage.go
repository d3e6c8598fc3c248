package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// manageScreen is the menu after connecting when a setup exists (flow.Manage): resume it,
// or a day-two action.
type manageScreen struct {
	sess *session
	menu *choice
}

func newManageScreen(sess *session, _ flow.Page) *manageScreen {
	return &manageScreen{sess: sess, menu: newList(flow.ManageMenu())}
}

func (s *manageScreen) init() tea.Cmd { return nil }

func (s *manageScreen) update(msg tea.Msg) tea.Cmd {
	c, ok := s.menu.update(msg)
	if !ok {
		return nil
	}
	if ev := flow.ManageAnswer(c); ev != nil {
		return finish(s, ev)
	}
	return quitCmd
}

func (s *manageScreen) body(width int) string {
	sty := s.sess.styles
	lines := []string{sty.heading.Render("Sign in with ID.me is set up here"), ""}
	if c := s.sess.connected(); c != "" {
		lines = append(lines, wrap(sty.ok.Render("✓ ")+termtext.Line(upperFirst(c)), width, "", "  ")...)
	} else {
		lines = append(lines, wrap("Okta org: "+termtext.Line(s.sess.setup().OrgURL()), width, "", "  ")...)
	}
	lines = append(lines, "")
	lines = append(lines, wrap(manageIntro, width, "", "")...)
	return strings.Join(lines, "\n")
}

func (s *manageScreen) actions(width int) string { return s.menu.view(s.sess.styles, width) }
func (s *manageScreen) title() string            { return "What next" }
func (s *manageScreen) bindings() []key.Binding  { return s.menu.bindings() }
func (s *manageScreen) typing() bool             { return false }

// jobScreen is one day-two action (flow.ManageJob): [its answers] → read → what it found or
// its plan → [yes] → write → result.
type jobScreen struct {
	sess *session
	job  *flow.Job
	spin spinner.Model
	wait ticket
	menu *choice
	ask  *askForm
	size tea.WindowSizeMsg
}

func newJobScreen(sess *session, p flow.Page) *jobScreen {
	return &jobScreen{sess: sess, job: p.Job, spin: newSpinner(sess.styles)}
}

func (s *jobScreen) init() tea.Cmd { return s.do(s.job.Begin(), nil) }

// do starts what the job asks for and draws its menu; ev finishes the page.
func (s *jobScreen) do(d flow.Do, ev flow.Event) tea.Cmd {
	if ev != nil {
		return finish(s, ev)
	}
	s.menu = newList(s.job.Menu())
	switch d {
	case flow.DoAsk:
		s.ask = &askForm{answers: newJobAnswers(s.job, s.sess.setup().Answers)}
		return s.ask.start(s.formSize())
	case flow.DoCheck:
		s.wait = s.sess.ticket()
		return tea.Batch(s.spin.Tick, jobReadCmd(s.sess.ctx, s.sess.setup(), s.job, s.wait))
	case flow.DoApply:
		s.wait = s.sess.ticket()
		return tea.Batch(s.spin.Tick, jobWriteCmd(s.sess.ctx, s.sess.setup(), s.job, s.wait))
	case flow.DoQuit:
		return quitCmd
	}
	return nil
}

func (s *jobScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		return spinTick(&s.spin, msg, s.busy())
	case jobReadMsg:
		if msg.ticket != s.wait {
			return nil
		}
		s.job.ReadDone(msg.found, msg.err)
		return s.do(flow.DoShow, nil)
	case jobWrittenMsg:
		if msg.ticket != s.wait {
			return nil
		}
		s.job.WriteDone(msg.done, msg.err)
		return s.do(flow.DoShow, nil)
	case tea.WindowSizeMsg:
		s.size = msg
		if s.asking() {
			return s.ask.resize(s.formSize())
		}
		return nil
	}
	if s.asking() {
		if formBack(s.ask.form, msg) {
			s.ask = nil
			return s.do(s.job.Answered(false))
		}
		cmd, done := s.ask.update(msg, s.formSize())
		if !done {
			return cmd
		}
		s.ask = nil
		d, ev := s.job.Answered(true)
		return tea.Batch(cmd, s.do(d, ev))
	}
	c, ok := s.menu.update(msg)
	if !ok {
		return nil
	}
	return s.do(s.job.Choose(c))
}

func (s *jobScreen) busy() bool {
	return s.job.Phase == flow.JobReading || s.job.Phase == flow.JobWriting
}

func (s *jobScreen) asking() bool { return s.job.Phase == flow.JobAsking && s.ask != nil }

func (s *jobScreen) formSize() tea.WindowSizeMsg { return formSize(s.size, s.body(s.size.Width)) }

func (s *jobScreen) body(width int) string {
	sty := s.sess.styles
	lines := []string{sty.heading.Render(jobTitle(s.job.Action)), ""}
	lines = append(lines, jobLines(sty, s.job, width)...)
	if s.ask != nil && s.ask.err != nil {
		lines = append(lines, "")
		lines = append(lines, wrap(sty.err.Render("✗ ")+termtext.Line(s.ask.err.Error()), width, "", "  ")...)
	}
	return strings.Join(lines, "\n")
}

func (s *jobScreen) actions(width int) string {
	switch {
	case s.asking():
		return s.ask.form.View()
	case s.busy():
		return s.spin.View() + " " + jobWorking(s.job)
	}
	return s.menu.view(s.sess.styles, width)
}

func (s *jobScreen) title() string { return jobTitle(s.job.Action) }

func (s *jobScreen) bindings() []key.Binding {
	if s.asking() {
		return formKeys(s.ask.form, true)
	}
	return s.menu.bindings()
}

func (s *jobScreen) typing() bool { return s.asking() }
