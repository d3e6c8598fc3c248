package ui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
)

// A completed huh form ignores input, so every screen (and every "edit" of a screen) builds a
// fresh one with newForm, and learns from updateForm when it completed.

func newForm(groups ...*huh.Group) *huh.Form {
	// Our footer shows the keys; huh's own help line would repeat them.
	return huh.NewForm(groups...).WithShowHelp(false).WithShowErrors(true)
}

// updateForm forwards msg to f and reports whether the form completed. A form that aborted
// (huh's own ctrl+c) returns the wizard's quit instead of its command, so no screen has to.
func updateForm(f *huh.Form, msg tea.Msg) (_ *huh.Form, _ tea.Cmd, completed bool) {
	m, cmd := f.Update(msg)
	f = m.(*huh.Form)
	switch f.State {
	case huh.StateCompleted:
		return f, cmd, true
	case huh.StateAborted:
		return f, quitCmd, false
	}
	return f, cmd, false
}

// formSize is the part of a screen's content area left to its form under the body text, so a
// tall group scrolls inside huh instead of pushing the frame off a 24-row terminal.
func formSize(content tea.WindowSizeMsg, body string) tea.WindowSizeMsg {
	used := lipgloss.Height(body) + 1
	return tea.WindowSizeMsg{Width: content.Width, Height: max(content.Height-used, 6)}
}

// nonEmpty is a field validator: blank input is refused with "enter <what>".
func nonEmpty(what string) func(string) error {
	return func(v string) error {
		if strings.TrimSpace(v) == "" {
			return errors.New("enter " + what)
		}
		return nil
	}
}

// formBindings are the footer keys while a form has focus.
var formBindings = []key.Binding{
	key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next")),
	key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous")),
}

func newSpinner(st styles) spinner.Model {
	return spinner.New(spinner.WithSpinner(spinner.Dot), spinner.WithStyle(st.accent))
}

// spinTick turns a screen's spinner while the screen is busy. An idle screen returns no
// command, so the tick chain ends until the screen starts it again with spin.Tick.
func spinTick(spin *spinner.Model, msg spinner.TickMsg, busy bool) tea.Cmd {
	if !busy {
		return nil
	}
	var cmd tea.Cmd
	*spin, cmd = spin.Update(msg)
	return cmd
}
