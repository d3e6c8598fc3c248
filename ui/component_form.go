package ui

import (
	"fmt"
	"slices"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
)

// The TUI's side of huh forms, and its spinner.

// updateForm forwards msg to f and reports whether the form completed. A form that aborted
// (huh's own ctrl+c) returns the wizard's quit instead of its command, so no screen has to.
//
// huh v1.0.0 blurs a group's first field on shift+tab (validating it) and then refuses to
// leave the group because of that very error, leaving no field focused: typing, tab, enter
// and esc did nothing, only ctrl+c got out. A group move that went nowhere gives the field
// its focus back, with its error shown.
func updateForm(f *huh.Form, msg tea.Msg) (_ *huh.Form, _ tea.Cmd, completed bool) {
	if km, ok := msg.(tea.KeyMsg); ok && key.Matches(km, keyBack) && filtering(f) {
		return leaveFilter(f), nil, false
	}
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

// filtering: the focused field is a choice being filtered ("/"), or showing a filter, so esc
// belongs to it (ends the filter) rather than to the screen (back). huh enables its choices'
// esc bindings only then.
func filtering(f *huh.Form) bool {
	field := f.GetFocusedField()
	if field == nil {
		return false
	}
	esc := tea.KeyMsg{Type: tea.KeyEsc}
	for _, b := range field.KeyBinds() {
		if key.Matches(esc, b) {
			return true
		}
	}
	return false
}

// formBack: msg is esc and it goes back (the focused field is not filtering).
func formBack(f *huh.Form, msg tea.Msg) bool {
	km, ok := msg.(tea.KeyMsg)
	return ok && key.Matches(km, keyBack) && (f == nil || !filtering(f))
}

// leaveFilter ends the focused choice's filter in one esc: huh takes two (the first leaves
// the typing and keeps the list filtered, the second clears it) and its clear leaves the
// cursor on another option than the one answered. The cursor is put back on the option it
// was on, so the answer stays what the admin saw highlighted.
func leaveFilter(f *huh.Form) *huh.Form {
	field := f.GetFocusedField()
	hovered, ok := hoveredOf(field)
	esc := tea.KeyMsg{Type: tea.KeyEsc}
	for i := 0; i < 2 && filtering(f); i++ {
		m, _ := f.Update(esc)
		f = m.(*huh.Form)
	}
	if !ok {
		return f
	}
	// Walk from the top to the option (huh has no way to select a value once built), until
	// a move changes nothing (a multi-select's last option) or comes round to the top again
	// (a select's).
	step := func(k tea.KeyType) string {
		m, _ := f.Update(tea.KeyMsg{Type: k})
		f = m.(*huh.Form)
		at, _ := hoveredOf(field)
		return at
	}
	top := step(tea.KeyHome)
	for at := top; at != hovered; {
		next := step(tea.KeyDown)
		if next == at || next == top {
			break
		}
		at = next
	}
	return f
}

// hoveredOf is the option under a choice's cursor.
func hoveredOf(field huh.Field) (string, bool) {
	switch c := field.(type) {
	case *huh.Select[string]:
		return c.Hovered()
	case *huh.MultiSelect[string]:
		return c.Hovered()
	}
	return "", false
}

// formKeys are the footer keys while a form has focus: esc says what it does now (ends a
// filter, or goes back when back is set).
func formKeys(f *huh.Form, back bool) []key.Binding {
	b := slices.Clone(formBindings)
	switch {
	case f != nil && filtering(f):
		b = append(b, keyEndFilter)
	case back:
		b = append(b, keyBack)
	}
	return b
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

// keyEndFilter is esc while a choice is filtered.
var keyEndFilter = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "end the filter"))

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
