package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// choice draws a flow.Menu as a row of buttons: ←/→ (or tab) move, enter picks, an
// accelerator picks at once. It has no text input, so global keys keep working around it.
// It is used instead of a huh Select where the screen also needs ↑/↓ for scrolling or a
// table.
type choice struct {
	options  []flow.Option
	focus    int
	vertical bool // one option per line (long labels, e.g. the resume menu)
}

// newChoice draws m, its default focused; an empty menu is nil (see below).
func newChoice(m flow.Menu) *choice {
	if len(m.Options) == 0 {
		return nil
	}
	return &choice{options: m.Options, focus: m.Default}
}

// newList draws m one option per line.
func newList(m flow.Menu) *choice {
	c := newChoice(m)
	if c != nil {
		c.vertical = true
	}
	return c
}

// A nil *choice is a screen's menu while it works (checking, writing): it draws nothing,
// binds no keys and picks nothing, so screens need not test for it.

// update returns the choice picked and true when the admin chose.
func (c *choice) update(msg tea.Msg) (flow.Choice, bool) {
	km, ok := msg.(tea.KeyMsg)
	if !ok || c == nil || len(c.options) == 0 {
		return flow.ChoiceNone, false
	}
	// The arrows stop at the ends: ← from the first button never wraps onto the last (often
	// Quit), so ← Enter cannot quit by surprise. Tab cycles, as it does in forms.
	prev, next := []string{"left", "h"}, []string{"right", "l"}
	if c.vertical {
		prev, next = append(prev, "up", "k"), append(next, "down", "j")
	}
	// An accelerator picks at once and leaves the focus where it was: after an action that
	// stays on the screen ("copy again"), Enter still means the default. It comes before the
	// vi-style moves, which would otherwise swallow a menu's "h" (hold the routing rule back).
	for _, o := range c.options {
		if o.Key != "" && km.String() == o.Key {
			return o.Choice, true
		}
	}
	n := len(c.options)
	switch {
	case key.Matches(km, key.NewBinding(key.WithKeys(prev...))):
		c.focus = max(c.focus-1, 0)
	case key.Matches(km, key.NewBinding(key.WithKeys(next...))):
		c.focus = min(c.focus+1, n-1)
	case km.Type == tea.KeyShiftTab:
		c.focus = (c.focus + n - 1) % n
	case km.Type == tea.KeyTab:
		c.focus = (c.focus + 1) % n
	case km.Type == tea.KeyEnter:
		return c.options[c.focus].Choice, true
	}
	return flow.ChoiceNone, false
}

func (c *choice) view(sty styles, width int) string {
	if c == nil {
		return ""
	}
	if !c.vertical {
		// The accelerators are shown inline when the row has room; the footer lists them too.
		for _, withKeys := range []bool{true, false} {
			if row := c.row(sty, withKeys); lipgloss.Width(row) <= width {
				return row
			}
		}
	}
	// One option per line, wrapped when the terminal is narrower than a label.
	var lines []string
	for i, o := range c.options {
		text := termtext.Line(o.Label) + keySuffix(o.Key)
		if i != c.focus {
			lines = append(lines, wrap(text, width, "  ", "  ")...)
			continue
		}
		for _, l := range wrap(text, width, "› ", "  ") {
			lines = append(lines, sty.key.Render(l))
		}
	}
	return strings.Join(lines, "\n")
}

// row lays the options out side by side; the focused one is bracketed, the others padded
// to the same width so nothing moves when the focus does.
func (c *choice) row(sty styles, withKeys bool) string {
	parts := make([]string, len(c.options))
	for i, o := range c.options {
		label := termtext.Line(o.Label) // it may name an object from Okta
		if withKeys {
			label += keySuffix(o.Key)
		}
		if i == c.focus {
			parts[i] = sty.key.Render("[ " + label + " ]")
		} else {
			parts[i] = "  " + label + "  "
		}
	}
	return strings.Join(parts, " ")
}

func keySuffix(k string) string {
	if k == "" {
		return ""
	}
	return " (" + k + ")"
}

// bindings for the footer: moving, confirming and every accelerator.
func (c *choice) bindings() []key.Binding {
	if c == nil {
		return nil
	}
	var b []key.Binding
	switch {
	case len(c.options) < 2:
		// One button: nothing to choose between.
	case c.vertical:
		b = append(b, key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "choose")))
	default:
		b = append(b, key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "choose")))
	}
	b = append(b, key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "confirm")))
	for _, o := range c.options {
		if o.Key != "" {
			b = append(b, key.NewBinding(key.WithKeys(o.Key), key.WithHelp(o.Key, lowerFirst(o.Label))))
		}
	}
	return b
}

// lowerFirst makes a button label read as a footer phrase: "Copy again" → "copy again",
// leaving "I" and names alone.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// upperFirst starts a sentence: "connected to …" → "Connected to …".
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
