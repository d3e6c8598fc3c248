package ui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// damagedScreen explains a progress file that cannot be read and offers to start over (the
// file is set aside, not deleted) or to quit and look at it.
type damagedScreen struct {
	sess *session
	err  error
	menu *choice
}

func newDamagedScreen(sess *session, p flow.Page) *damagedScreen {
	return &damagedScreen{sess: sess, err: p.Err, menu: newChoice(flow.DamagedMenu())}
}

func (s *damagedScreen) init() tea.Cmd { return nil }

func (s *damagedScreen) update(msg tea.Msg) tea.Cmd {
	c, ok := s.menu.update(msg)
	switch {
	case !ok:
		return nil
	case c == flow.ChoiceStartOver:
		return finish(s, flow.ResumeChosen{StartOver: true})
	}
	return quitCmd
}

func (s *damagedScreen) body(width int) string {
	sty := s.sess.styles
	lines := []string{sty.err.Render("✗ ") + sty.heading.Render("The saved progress cannot be read"), ""}
	var cpe *steps.CorruptProgressError
	if errors.As(s.err, &cpe) {
		lines = append(lines, wrap("File: "+cpe.Path, width, "", "      ")...)
		lines = append(lines, wrap("Problem: "+termtext.Line(cpe.Err.Error()), width, "", "         ")...)
	} else {
		lines = append(lines, blockLines(s.err.Error(), width, "")...)
	}
	lines = append(lines, "")
	lines = append(lines, wrap("Start over to set the damaged file aside (it is renamed to a .bak copy, nothing is deleted) and begin again. Okta is re-checked either way, so nothing already configured there is lost or duplicated.", width, "", "")...)
	return strings.Join(lines, "\n")
}

func (s *damagedScreen) actions(width int) string { return s.menu.view(s.sess.styles, width) }

func (s *damagedScreen) title() string { return "Saved progress" }

func (s *damagedScreen) bindings() []key.Binding { return s.menu.bindings() }

func (s *damagedScreen) typing() bool { return false }
