package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps"
)

// handoffScreen is the guide's "Configure ID.me": the sheet for the ID.me Solution Consultant
// is saved beside the progress file (the handoff step), shown here in full and copied to the
// clipboard, and the screen says honestly which copy ran and where the file is.
type handoffScreen struct {
	sess  *session
	step  steps.Step
	phase handoffPhase
	spin  spinner.Model
	wait  ticket

	sheet string // the text sheet: ASCII, safe for every clipboard
	file  string
	clip  clipCopy
	err   error
	tried string
	menu  *choice
}

type handoffPhase int

const (
	handoffWorking handoffPhase = iota
	handoffShown
	handoffFailed
)

const pickCopy = 100

func newHandoffScreen(sess *session, st steps.Step) *handoffScreen {
	return &handoffScreen{sess: sess, step: st, spin: newSpinner(sess.st)}
}

func (s *handoffScreen) init() tea.Cmd { return s.check() }

func (s *handoffScreen) check() tea.Cmd {
	s.phase, s.err, s.menu, s.wait = handoffWorking, nil, nil, s.sess.ticket()
	s.sess.board.set(s.step.ID(), markChecking, "")
	return tea.Batch(s.spin.Tick, checkCmd(s.sess.ctx, s.sess.setup, s.step, s.wait))
}

func (s *handoffScreen) update(msg tea.Msg) tea.Cmd {
	id := s.step.ID()
	switch msg := msg.(type) {
	case spinner.TickMsg:
		return spinTick(&s.spin, msg, s.phase == handoffWorking)
	case checkedMsg:
		if msg.ticket != s.wait {
			return nil
		}
		if msg.err != nil {
			return s.fail("check the handoff sheet", msg.err)
		}
		if _, err := s.sess.setup.Handoff(); err != nil {
			return s.fail("prepare the handoff sheet", err)
		}
		if msg.report.Status == steps.StatusDone {
			s.sess.setup.RecordStep(id, steps.StatusDone, msg.report.Detail)
			return s.show(msg.report.Detail)
		}
		// Saving our own sheet beside the progress file writes nothing to Okta: no question.
		s.wait = s.sess.ticket()
		return applyCmd(s.sess.ctx, s.sess.setup, s.step, msg.report, s.wait)
	case appliedMsg:
		if msg.ticket != s.wait {
			return nil
		}
		if msg.err != nil {
			return s.fail("save the handoff sheet", msg.err)
		}
		s.sess.setup.RecordStep(id, steps.StatusDone, msg.result.Detail)
		return s.show(msg.result.Detail)
	case copiedMsg:
		s.clip.take(msg)
		return nil
	}
	v, ok := s.menu.update(msg)
	if !ok {
		return nil
	}
	switch v {
	case pickContinue:
		return finish(s, handoffDoneMsg{})
	case pickCopy:
		return s.copy()
	case pickRetry:
		return s.check()
	case pickSkip:
		return finish(s, handoffDoneMsg{})
	case pickSettings:
		return finish(s, editSettingsMsg{stepID: id})
	}
	return nil
}

// show renders the sheet and copies it.
func (s *handoffScreen) show(detail string) tea.Cmd {
	h, err := s.sess.setup.Handoff()
	if err != nil {
		return s.fail("prepare the handoff sheet", err)
	}
	text, err := steps.RenderHandoff(h, "text")
	if err != nil {
		return s.fail("render the handoff sheet", err)
	}
	s.sheet, s.file = string(text), s.sess.setup.HandoffFile()
	s.sess.board.set(s.step.ID(), markDone, detail)
	s.phase = handoffShown
	s.menu = newChoice(
		option{label: "Continue", value: pickContinue},
		option{label: "Copy again", key: "c", value: pickCopy},
	)
	return s.copy()
}

func (s *handoffScreen) copy() tea.Cmd { return s.clip.start(s.sess, s.sheet, errNoClipboard) }

func (s *handoffScreen) fail(tried string, err error) tea.Cmd {
	s.phase, s.tried, s.err = handoffFailed, tried, err
	s.sess.board.set(s.step.ID(), markError, err.Error())
	s.menu = stepFailedMenu()
	return nil
}

func (s *handoffScreen) body(width int) string {
	st := s.sess.st
	lines := []string{st.heading.Render("Handoff sheet for your ID.me Solution Consultant"), ""}
	switch s.phase {
	case handoffWorking:
		lines = append(lines, st.muted.Render("Preparing the sheet…"))
	case handoffFailed:
		lines = append(lines, errorLines(st, s.tried, s.err, width)...)
	case handoffShown:
		lines = append(lines, wrap("ID.me must register Okta's redirect URI for your client before anyone can sign in. Send them this sheet; it contains no secrets.", width, "", "")...)
		lines = append(lines, "")
		if s.file != "" {
			lines = append(lines, wrap("Saved to "+s.file, width, st.ok.Render("✓ "), "  ")...)
		} else {
			lines = append(lines, wrap("Not saved to a file: this run has no progress file.", width, st.muted.Render("– "), "  ")...)
		}
		lines = append(lines, s.clip.lines(st, width, "… copying to the clipboard")...)
		lines = append(lines, "")
		for _, l := range strings.Split(strings.TrimRight(s.sheet, "\n"), "\n") {
			lines = append(lines, wrap(l, width, "│ ", "│ ")...)
		}
	}
	return strings.Join(lines, "\n")
}

func (s *handoffScreen) actions(width int) string {
	if s.phase == handoffWorking {
		return s.spin.View() + " Saving the handoff sheet…"
	}
	return s.menu.view(s.sess.st, width)
}

func (s *handoffScreen) title() string { return shortTitle(s.step) }

func (s *handoffScreen) bindings() []key.Binding { return s.menu.bindings() }

func (s *handoffScreen) typing() bool { return false }
