package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// stepScreen draws a step's page (flow.Task): check (spinner) → plan → confirm → apply
// (spinner) → result. The task decides; the screen runs the Check and the Apply as commands
// and draws each phase. The handoff sheet's screen is one too, with its own drawing.
type stepScreen struct {
	sess *session
	task *flow.Task
	spin spinner.Model
	wait ticket
	menu *choice
	ask  *askForm // Asking: the answers a decision's option needs (scopeAnswers)
	size tea.WindowSizeMsg

	self screen                // the screen shown (the handoff sheet's embeds this one)
	then func(flow.Do) tea.Cmd // what the embedding screen does after the task moved
}

func newStepScreen(sess *session, p flow.Page) *stepScreen {
	s := &stepScreen{sess: sess, task: p.Task, spin: newSpinner(sess.styles)}
	s.self = s
	return s
}

func (s *stepScreen) init() tea.Cmd { return s.do(s.task.Begin(), nil) }

// do starts what the task asks for and draws its menu; ev finishes the page.
func (s *stepScreen) do(d flow.Do, ev flow.Event) tea.Cmd {
	if ev != nil {
		return finish(s.self, ev)
	}
	s.menu = newChoice(s.task.Menu())
	switch d {
	case flow.DoCheck:
		s.wait = s.sess.ticket()
		return tea.Batch(s.spin.Tick, checkCmd(s.sess.ctx, s.sess.setup(), s.task.Step, s.wait))
	case flow.DoApply:
		s.wait = s.sess.ticket()
		return tea.Batch(s.spin.Tick, applyCmd(s.sess.ctx, s.sess.setup(), s.task.Step, s.task.Report, s.wait))
	case flow.DoQuit:
		return quitCmd // progress is saved, as with q anywhere
	case flow.DoAsk:
		scope := newScopeAnswers(s.sess.setup(), s.task.Input)
		s.ask = &askForm{answers: scope}
		if scope.needsApps() {
			s.wait = s.sess.ticket()
			return tea.Batch(s.spin.Tick, appsCmd(s.sess.ctx, s.sess.setup(), s.wait))
		}
		return s.ask.start(s.formSize())
	}
	if s.then != nil {
		return s.then(d)
	}
	return nil
}

func (s *stepScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		return spinTick(&s.spin, msg, s.busy())
	case checkedMsg:
		if msg.ticket != s.wait {
			return nil
		}
		return s.do(s.task.Checked(msg.report, msg.err))
	case appliedMsg:
		if msg.ticket != s.wait {
			return nil
		}
		s.task.Applied(msg.result, msg.err)
		return s.do(flow.DoShow, nil)
	case appsReadMsg:
		if msg.ticket != s.wait || s.ask == nil {
			return nil
		}
		s.ask.answers.(*scopeAnswers).read(msg.apps, msg.err)
		return s.ask.start(s.formSize())
	case tea.WindowSizeMsg:
		s.size = msg
		if s.asking() {
			return s.ask.resize(s.formSize())
		}
		return nil
	}
	if s.asking() {
		return s.answer(msg)
	}
	if km, ok := msg.(tea.KeyMsg); ok && key.Matches(km, keyBack) {
		if ev := s.escape(); ev != nil {
			return s.do(s.task.Choose(*ev))
		}
		if s.passedOn() {
			return finish(s.self, flow.Back{})
		}
	}
	c, ok := s.menu.update(msg)
	if !ok {
		return nil
	}
	return s.do(s.task.Choose(c))
}

// escape is the answer esc gives: the overwrite's Back (to the plan), else the page's Back.
func (s *stepScreen) escape() *flow.Choice {
	for _, c := range []flow.Choice{flow.ChoiceBack, flow.ChoicePrevious} {
		if s.task.Menu().Has(c) {
			return &c
		}
	}
	return nil
}

// passedOn: the page shows a result with only Continue, and esc goes back instead.
func (s *stepScreen) passedOn() bool {
	return (s.task.Phase == flow.InPlace || s.task.Phase == flow.Applied) && s.sess.flow.CanGoBack()
}

func (s *stepScreen) busy() bool {
	return s.task.Phase == flow.Checking || s.task.Phase == flow.Applying || s.task.Phase == flow.Asking && !s.asking()
}

// asking: the form of a decision's option has focus.
func (s *stepScreen) asking() bool {
	return s.task.Phase == flow.Asking && s.ask != nil && s.ask.form != nil
}

// answer runs the decision's form: completed, its answers are stored and the step checked
// again; esc goes back to the decision.
func (s *stepScreen) answer(msg tea.Msg) tea.Cmd {
	if formBack(s.ask.form, msg) {
		s.ask = nil
		return s.do(s.task.Answered(false), nil)
	}
	cmd, done := s.ask.update(msg, s.formSize())
	if !done {
		return cmd
	}
	s.ask = nil
	return tea.Batch(cmd, s.do(s.task.Answered(true), nil))
}

// formSize is the room the body leaves for a form.
func (s *stepScreen) formSize() tea.WindowSizeMsg { return formSize(s.size, s.body(s.size.Width)) }

func (s *stepScreen) body(width int) string {
	sty := s.sess.styles
	t := s.task
	lines := []string{sty.heading.Render(t.Step.Title()), ""}
	heading := planHeading
	if t.Facts.Attestation != nil {
		heading = attestHeading
		lines = append(lines, wrap(attestIntro, width, "", "")...)
		lines = append(lines, "")
	}
	switch t.Phase {
	case flow.Checking:
		lines = append(lines, sty.muted.Render("Reading Okta; nothing is written."))
	case flow.InPlace:
		if t.Pass {
			// Done before and still in place: the flow moves on at once, so a frame drawn in
			// between must not look like a page that waits for Enter (a key pressed on it would
			// land on the next page).
			lines = append(lines, sty.muted.Render("Reading Okta; nothing is written."))
			break
		}
		lines = append(lines, planLines(sty, t.Shown(), width, heading)...)
		lines = append(lines, "", sty.ok.Render("✓ "+inPlace(t)))
	case flow.Planned, flow.Applying:
		lines = append(lines, plannedLines(sty, t, width, heading)...)
		if d := t.Decision(); d != nil {
			lines = append(lines, "", sty.bold.Render(d.Question)) // the accessible mode asks it with the options
		}
		if q := t.GoLiveQuestion(); q != "" && t.Phase == flow.Planned {
			lines = append(lines, "")
			lines = append(lines, wrap(sty.bold.Render(q), width, "", "")...) // likewise
		}
	case flow.Choosing:
		lines = append(lines, candidateLines(sty, t, s.sess.setup().Answers.IDmeClientID, width)...)
	case flow.Asking:
		// The form below says what it asks; the room is the form's (a list of apps).
		lines = append(lines, wrap(statusLine(sty, t.Report), width, "", "  ")...)
		if s.ask != nil && s.ask.err != nil {
			lines = append(lines, "")
			lines = append(lines, wrap(sty.err.Render("✗ ")+termtext.Line(s.ask.err.Error()), width, "", "  ")...)
		}
	case flow.Overwrite:
		warning, explain := secondYes(t.Report)
		lines = append(lines, wrap(sty.warn.Render("⚠ "+warning), width, "", "  ")...)
		lines = append(lines, overwriteLines(sty, t.Report, width)...)
		lines = append(lines, "")
		lines = append(lines, wrap(explain, width, "", "")...)
	case flow.Applied:
		lines = append(lines, resultLines(sty, t.Result, width)...)
		lines = append(lines, noteLines(sty, t.Report.Notes, width)...)
	case flow.Failed:
		lines = append(lines, errorLines(sty, t.Tried, t.Err, width)...)
	}
	return strings.Join(lines, "\n")
}

func (s *stepScreen) actions(width int) string {
	switch s.task.Phase {
	case flow.Checking:
		return s.spin.View() + " " + checkingLine(s.task)
	case flow.Applying:
		return s.spin.View() + " Writing to Okta…"
	case flow.Asking:
		if !s.asking() {
			return s.spin.View() + " Reading the org's apps (read-only)…"
		}
		return s.ask.form.View()
	}
	return s.menu.view(s.sess.styles, width)
}

func (s *stepScreen) title() string { return s.task.Facts.ShortTitle }

func (s *stepScreen) bindings() []key.Binding {
	if s.asking() {
		return formKeys(s.ask.form, true)
	}
	b := s.menu.bindings()
	if s.escape() == nil && s.passedOn() {
		b = append(b, keyBack)
	}
	return b
}

func (s *stepScreen) typing() bool { return s.asking() }
