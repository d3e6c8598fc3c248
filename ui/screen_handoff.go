package ui

import (
	"path/filepath"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps/flow"
)

// handoffScreen is the guide's "Configure ID.me" (flow.HandoffSheet): the sheet for the
// ID.me Solution Consultant is saved beside the progress file, shown here in full and copied
// to the clipboard, and the screen says honestly which copy ran and where the file is; w saves
// a copy in the current directory. The step's task runs as on any step's screen; this one
// draws it, on the full width (fullWidth): the sheet's lines and the path are shown as they
// are, for the mouse to select.
type handoffScreen struct {
	*stepScreen
	sheet handoffSheet
	clip  clipCopy
	here  savedHere
	hereT ticket // the latest save of the copy
}

// savedHere is the copy of the sheet in the current directory: where, or why not.
type savedHere struct {
	path string
	err  error
}

// savedHereMsg answers a save of the copy.
type savedHereMsg struct {
	savedHere
	ticket ticket
}

func newHandoffScreen(sess *session, p flow.Page) *handoffScreen {
	s := &handoffScreen{stepScreen: newStepScreen(sess, p)}
	s.self, s.then = s, s.after
	return s
}

// after copies or saves the copy when asked, and shows the sheet once it is saved.
func (s *handoffScreen) after(d flow.Do) tea.Cmd {
	switch {
	case d == flow.DoCopy:
		return s.copy()
	case d == flow.DoSaveHere:
		return s.saveHere()
	case s.task.Phase == flow.Applied && s.sheet.text == "":
		return s.show()
	}
	return nil
}

func (s *handoffScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case copiedMsg:
		s.clip.take(msg)
		return nil
	case savedHereMsg:
		if msg.ticket == s.hereT {
			s.here = msg.savedHere
		}
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

// saveHere writes the copy in the current directory, in the background.
func (s *handoffScreen) saveHere() tea.Cmd {
	s.hereT = s.sess.ticket()
	setup, wait := s.sess.setup(), s.hereT
	return func() tea.Msg {
		path, err := setup.SaveHandoffCopy(".")
		return savedHereMsg{savedHere{path: path, err: err}, wait}
	}
}

// fullWidth: the sheet is what the admin copies; the side panel folds into the header.
func (s *handoffScreen) fullWidth() bool { return true }

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
			lines = append(lines, sty.ok.Render("✓ ")+"Saved to this file:")
			lines = append(lines, pathLines(s.sheet.file, width)...)
		} else {
			lines = append(lines, wrap("Not saved to a file: this run has no progress file.", width, sty.muted.Render("– "), "  ")...)
		}
		lines = append(lines, "", sty.muted.Render(strings.Repeat("─", min(width, 40))))
		lines = append(lines, sheetLines(s.sheet.text, width)...)
		lines = append(lines, sty.muted.Render(strings.Repeat("─", min(width, 40))))
	}
	return strings.Join(lines, "\n")
}

// hereName is a path in the current directory as the admin would type it: ./name.
func hereName(path string) string {
	if filepath.Dir(path) == "." {
		return "." + string(filepath.Separator) + filepath.Base(path)
	}
	return path
}

// actions: the buttons, under what the last copy and the copy here did, pinned there so
// pressing c or w shows its answer wherever the sheet is scrolled.
func (s *handoffScreen) actions(width int) string {
	if s.busy() {
		return s.spin.View() + " Saving the handoff sheet…"
	}
	sty := s.sess.styles
	var lines []string
	if s.task.Phase == flow.Applied {
		lines = append(lines, s.clip.lines(sty, width, "… copying to the clipboard")...)
		switch {
		case s.here.err != nil:
			lines = append(lines, wrap("No copy saved here: "+s.here.err.Error(), width, sty.warn.Render("! "), "  ")...)
		case s.here.path != "":
			lines = append(lines, sty.ok.Render("✓ ")+"A copy is in the current directory:")
			lines = append(lines, pathLines(hereName(s.here.path), width)...)
		}
		lines = append(lines, "")
	}
	return strings.Join(append(lines, s.menu.view(sty, width)), "\n")
}
