package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps/flow"
)

// handoffScreen is the guide's "Configure ID.me" (flow.HandoffSheet): the sheet for the
// ID.me Solution Consultant is saved beside the progress file, shown here in full and copied
// to the clipboard, and the screen says honestly which copy ran and where the file is. The
// step's task runs as on any step's screen; this one draws it.
type handoffScreen struct {
	*stepScreen
	sheet handoffSheet
	clip  clipCopy
}

func newHandoffScreen(sess *session, p flow.Page) *handoffScreen {
	s := &handoffScreen{stepScreen: newStepScreen(sess, p)}
	s.self, s.then = s, s.after
	return s
}

// after copies when asked, and shows the sheet once it is saved.
func (s *handoffScreen) after(d flow.Do) tea.Cmd {
	switch {
	case d == flow.DoCopy:
		return s.copy()
	case s.task.Phase == flow.Applied && s.sheet.text == "":
		return s.show()
	}
	return nil
}

func (s *handoffScreen) update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(copiedMsg); ok {
		s.clip.take(msg)
		return nil
	}
	return s.stepScreen.update(msg)
}

// show renders the sheet and copies it.
func (s *handoffScreen) show() tea.Cmd {
	sheet, err := renderSheet(s.sess.setup())
	if err != nil {
		s.task.ShowFailed("render the handoff sheet", err)
		s.menu = newChoice(s.task.Menu())
		return nil
	}
	s.sheet = sheet
	return s.copy()
}

func (s *handoffScreen) copy() tea.Cmd { return s.clip.start(s.sess, s.sheet.text, errNoClipboard) }

func (s *handoffScreen) body(width int) string {
	sty := s.sess.styles
	lines := []string{sty.heading.Render("Handoff sheet for your ID.me Solution Consultant"), ""}
	switch s.task.Phase {
	case flow.Checking, flow.Applying:
		lines = append(lines, sty.muted.Render("Preparing the sheet…"))
	case flow.Failed:
		lines = append(lines, errorLines(sty, s.task.Tried, s.task.Err, width)...)
	case flow.Applied:
		lines = append(lines, wrap(handoffIntro, width, "", "")...)
		lines = append(lines, "")
		if s.sheet.file != "" {
			lines = append(lines, wrap("Saved to "+s.sheet.file, width, sty.ok.Render("✓ "), "  ")...)
		} else {
			lines = append(lines, wrap("Not saved to a file: this run has no progress file.", width, sty.muted.Render("– "), "  ")...)
		}
		lines = append(lines, s.clip.lines(sty, width, "… copying to the clipboard")...)
		lines = append(lines, "")
		for _, l := range s.sheet.lines() {
			lines = append(lines, wrap(l, width, "│ ", "│ ")...)
		}
	}
	return strings.Join(lines, "\n")
}

func (s *handoffScreen) actions(width int) string {
	if s.busy() {
		return s.spin.View() + " Saving the handoff sheet…"
	}
	return s.menu.view(s.sess.styles, width)
}
