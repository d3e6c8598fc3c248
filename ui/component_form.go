package ui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
)

// The TUI's side of huh forms, and its spinner.

// formBack reports whether msg is the wizard's Back (esc) for a page showing f. While a
// select's filter is being typed ("/"), esc is huh's: it ends the filter, and only the next
// esc goes back — otherwise ending a filter would leave the page and its answers.
func formBack(f *huh.Form, msg tea.Msg) bool {
	km, ok := msg.(tea.KeyMsg)
	if !ok || !key.Matches(km, keyBack) {
		return false
	}
	if f == nil {
		return true
	}
	field, ok := f.GetFocusedField().(interface{ GetFiltering() bool })
	return !ok || !field.GetFiltering()
}

// updateForm forwards msg to f and reports whether the form completed. A form that aborted
// (huh's own ctrl+c) returns the wizard's quit instead of its command, so no screen has to.
//
// huh v1.0.0 blurs a group's first field on shift+tab (validating it) and then refuses to
// leave the group because of that very error, leaving no field focused: typing, tab, enter
// and esc did nothing, only ctrl+c got out. A group move that went nowhere gives the field
// its focus back, with its error shown.
func updateForm(f *huh.Form, msg tea.Msg) (_ *huh.Form, _ tea.Cmd, completed bool) {
	before := f.GetFocusedField()
	m, cmd := f.Update(msg)
	f = m.(*huh.Form)
	if f.State == huh.StateNormal && groupMove(msg) && f.GetFocusedField() == before && before != nil {
		cmd = tea.Batch(cmd, before.Focus())
	}
	switch f.State {
	case huh.StateCompleted:
		return f, cmd, true
	case huh.StateAborted:
		return f, quitCmd, false
	}
	return f, cmd, false
}

// groupMove reports huh's own message to move to the previous or next group, whose types
// huh does not export.
func groupMove(msg tea.Msg) bool {
	switch fmt.Sprintf("%T", msg) {
	case "huh.prevGroupMsg", "huh.nextGroupMsg":
		return true
	}
	return false
}

// formSize is the part of a screen's content area left to its form under the body text, so a
// tall group scrolls inside huh instead of pushing the frame off a 24-row terminal.
func formSize(content tea.WindowSizeMsg, body string) tea.WindowSizeMsg {
	used := lipgloss.Height(body) + 1
	return tea.WindowSizeMsg{Width: content.Width, Height: max(content.Height-used, 6)}
}

// formBindings are the footer keys while a form has focus.
var formBindings = []key.Binding{
	key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next")),
	key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous")),
}

func newSpinner(sty styles) spinner.Model {
	return spinner.New(spinner.WithSpinner(spinner.Dot), spinner.WithStyle(sty.accent))
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

// answers are a form's answers and where they go: store checks them and puts them in
// place; refusal words a refused answer for the TUI, whose form is asked again below it.
type answers interface {
	form() *form
	store() error
	refusal(err error) error
}

// askForm is the TUI's side of a question a page asks on its way (flow.DoAsk): the form, run
// until its answers are stored; a refused answer is shown over a fresh form.
type askForm struct {
	answers answers
	form    *huh.Form
	err     error // the last answer refused
}

func (a *askForm) start(size tea.WindowSizeMsg) tea.Cmd {
	a.form = a.answers.form().tui()
	return tea.Batch(a.form.Init(), a.resize(size))
}

func (a *askForm) resize(size tea.WindowSizeMsg) tea.Cmd {
	var cmd tea.Cmd
	a.form, cmd, _ = updateForm(a.form, size)
	return cmd
}

// update runs the form; done: its answers are stored.
func (a *askForm) update(msg tea.Msg, size tea.WindowSizeMsg) (_ tea.Cmd, done bool) {
	var cmd tea.Cmd
	var completed bool
	if a.form, cmd, completed = updateForm(a.form, msg); !completed {
		return cmd, false
	}
	if err := a.answers.store(); err != nil {
		a.err = a.answers.refusal(err)
		return tea.Batch(cmd, a.start(size)), false
	}
	return cmd, true
}
