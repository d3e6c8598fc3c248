package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/idme-okta/idme-okta/steps/flow"
)

// The step list you can jump to: p gives the side panel's list the keys (drawn in the
// content area, so a narrow terminal without the panel has it too); ↑/↓ pick a step, enter
// shows its page (flow.JumpTo), esc leaves the list.

var (
	keyPickGo     = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "go there"))
	keyPickCancel = key.NewBinding(key.WithKeys("esc", "p"), key.WithHelp("esc", "cancel"))
	keyPickMove   = key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "step"))
)

// idler is a screen that can be at work (a check, an apply): no jump away from it then, as
// its result would land nowhere.
type idler interface{ busy() bool }

// canPick reports whether p opens the step list: the flow allows a jump from this page to
// some step, and the screen is not at work.
func (m *Model) canPick() bool {
	if b, ok := m.screen.(idler); ok && b.busy() {
		return false
	}
	for _, e := range m.sess.board().Entries {
		if m.sess.flow.CanJump(e.ID) {
			return true
		}
	}
	return false
}

func (m *Model) pickKey(msg tea.KeyMsg) tea.Cmd {
	entries := m.sess.board().Entries
	switch {
	case key.Matches(msg, keyPickCancel):
		m.picking = false
	case key.Matches(msg, keyUp):
		m.pick = max(m.pick-1, 0)
	case key.Matches(msg, keyDown):
		m.pick = min(m.pick+1, len(entries)-1)
	case key.Matches(msg, keyPickGo):
		if id := entries[m.pick].ID; m.sess.flow.CanJump(id) {
			m.picking = false
			return m.move(m.sess.flow.Next(flow.JumpTo{ID: id}))
		}
	}
	return nil
}

// pickView is the step list with its cursor; a step that cannot be jumped to (the
// connection's) is muted.
func (m *Model) pickView(w int) string {
	sty := m.sess.styles
	lines := []string{sty.heading.Render("Go to a step"), ""}
	for i, e := range m.sess.board().Entries {
		text := markSymbol(e.Mark) + " " + e.Title
		if word := entryWord(e); e.Mark != flow.MarkPending {
			text += " — " + word
		}
		switch {
		case i == m.pick:
			text = sty.key.Render("› " + text)
		case !m.sess.flow.CanJump(e.ID):
			text = sty.muted.Render("  " + text)
		default:
			text = "  " + text
		}
		lines = append(lines, ansi.Truncate(text, w, "…"))
	}
	lines = append(lines, "", sty.muted.Render(ansi.Truncate("The step's page is checked again; the steps after it follow.", w, "…")))
	return strings.Join(lines, "\n")
}
