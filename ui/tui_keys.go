package ui

import (
	"slices"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
)

// Global keys. ctrl+c always stops the wizard and f1 always shows the keys; q and ? only act
// when no text input has focus, so they can be typed into an org URL or a policy handle.
var (
	keyAbort = key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "stop"))
	keyQuit  = key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit"))
	keyHelp  = key.NewBinding(key.WithKeys("?", "f1"), key.WithHelp("?", "more keys"))
	// keyHelpTyping is keyHelp as a form shows it: ? would be typed there.
	keyHelpTyping = key.NewBinding(key.WithKeys("f1"), key.WithHelp("f1", "more keys"))
	keyUp         = key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up"))
	keyDown       = key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down"))
	keyPgUp       = key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "scroll up"))
	keyPgDn       = key.NewBinding(key.WithKeys("pgdown", "ctrl+d"), key.WithHelp("pgdn", "scroll down"))
	keyEnter      = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "continue"))
	keyBack       = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back"))
	keySteps      = key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "go to a step"))
)

// keyMap is the keys of the screen shown, as the footer and ? show them (bubbles/help's
// KeyMap): the short help is the screen's own keys then the frame's, and the full help is the
// same keys plus those only ? lists, so the footer never shows a key that ? leaves out.
type keyMap struct {
	screen []key.Binding // the screen's own: its buttons, moves, esc
	frame  []key.Binding // the frame's: the step list, quit, more keys
	more   []key.Binding // only in the full help: ctrl+c beside q, scrolling
}

func (k keyMap) ShortHelp() []key.Binding { return slices.Concat(k.screen, k.frame) }

func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.screen, slices.Concat(k.frame, k.more)}
}

// keyMap is the current screen's keys: the step list's while it has them, a form's (where q
// and ? are typed: ctrl+c quits and f1 shows the keys), or a screen's with the frame's.
func (m *Model) keyMap() keyMap {
	quit, abort := keyQuit, keyAbort
	if m.sess.flow.CanSave() {
		quit.SetHelp("q", "quit (progress is saved)")
		abort.SetHelp("ctrl+c", "quit (progress is saved)")
	}
	if m.picking {
		return keyMap{screen: []key.Binding{keyPickMove, keyPickGo, keyPickCancel}, frame: []key.Binding{abort, keyHelp}}
	}
	var k keyMap
	for _, b := range m.screen.bindings() {
		if slices.Contains(b.Keys(), "q") {
			continue // the screen's own Quit button: said once, by the frame
		}
		k.screen = append(k.screen, b)
	}
	if m.screen.typing() {
		k.frame = []key.Binding{abort, keyHelpTyping}
		return k
	}
	if m.canPick() {
		k.frame = append(k.frame, keySteps)
	}
	k.frame = append(k.frame, quit, keyHelp)
	k.more = []key.Binding{keyAbort}
	if m.scrolls() {
		k.more = append(k.more, keyPgUp, keyPgDn)
	}
	return k
}

// shortHelpView is the footer: as many of the screen's keys as fit, then always the frame's
// (quit and more keys), so ? is never cut off. A button's letter goes first (the button shows
// it), esc last.
func (m *Model) shortHelpView(k keyMap) string {
	h := m.help
	h.Width = 0 // measured here: help would cut the frame's keys
	screen := slices.Clone(k.screen)
	for {
		if v := h.ShortHelpView(slices.Concat(screen, k.frame)); lipgloss.Width(v) <= m.width || len(screen) == 0 {
			return v
		}
		screen = slices.Delete(screen, dropFirst(screen), dropFirst(screen)+1)
	}
}

// dropFirst is the footer key to leave out first: the last single-letter key (a button's
// accelerator), else the last one but esc.
func dropFirst(keys []key.Binding) int {
	drop := len(keys) - 1
	for i := len(keys) - 1; i >= 0; i-- {
		if len([]rune(keys[i].Help().Key)) == 1 {
			return i
		}
	}
	if slices.Contains(keys[drop].Keys(), "esc") && drop > 0 {
		drop--
	}
	return drop
}

// fullHelpView is ?'s list: every key of the map, in as many columns as the width takes.
func (m *Model) fullHelpView(k keyMap) string {
	h := m.help
	h.Width = 0
	all := slices.Concat(k.screen, k.frame, k.more)
	var v string
	for _, cols := range []int{3, 2, 1} {
		groups := keyColumns(all, cols)
		if v = h.FullHelpView(groups); lipgloss.Width(v) <= m.width {
			break
		}
	}
	return v
}

// keyColumns splits keys into n columns of about the same length, in order.
func keyColumns(keys []key.Binding, n int) [][]key.Binding {
	per := (len(keys) + n - 1) / n
	var out [][]key.Binding
	for per > 0 && len(keys) > 0 {
		c := min(per, len(keys))
		out = append(out, keys[:c])
		keys = keys[c:]
	}
	return out
}
