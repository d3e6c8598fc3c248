package ui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps"
)

// damagedScreen explains a progress file that cannot be read and offers to start over (the
// file is set aside, not deleted) or to quit and look at it.
type damagedScreen struct {
	sess *session
	err  error
	menu *choice
}

func newDamagedScreen(sess *session, err error) *damagedScreen {
	menu := newChoice(
		option{label: "Start over", key: "n", value: resumeOptStartOver},
		option{label: "Quit", value: resumeOptQuit},
	)
	return &damagedScreen{sess: sess, err: err, menu: menu}
}

func (s *damagedScreen) init() tea.Cmd { return nil }

func (s *damagedScreen) update(msg tea.Msg) tea.Cmd {
	v, ok := s.menu.update(msg)
	switch {
	case !ok:
		return nil
	case v == resumeOptStartOver:
		return finish(s, resumeDoneMsg{choice: resumeStartOver})
	}
	return quitCmd
}

func (s *damagedScreen) body(width int) string {
	st := s.sess.st
	lines := []string{st.err.Render("✗ ") + st.heading.Render("The saved progress cannot be read"), ""}
	var cpe *steps.CorruptProgressError
	if errors.As(s.err, &cpe) {
		lines = append(lines, wrap("File: "+cpe.Path, width, "", "      ")...)
		lines = append(lines, wrap("Problem: "+cpe.Err.Error(), width, "", "         ")...)
	} else {
		lines = append(lines, wrap(s.err.Error(), width, "", "")...)
	}
	lines = append(lines, "")
	lines = append(lines, wrap("Start over to set the damaged file aside (it is renamed to a .bak copy, nothing is deleted) and begin again. Okta is re-checked either way, so nothing already configured there is lost or duplicated.", width, "", "")...)
	return strings.Join(lines, "\n")
}

func (s *damagedScreen) actions(width int) string { return s.menu.view(s.sess.st, width) }

func (s *damagedScreen) title() string { return "Saved progress" }

func (s *damagedScreen) bindings() []key.Binding { return s.menu.bindings() }

func (s *damagedScreen) typing() bool { return false }
