package ui

import "github.com/charmbracelet/bubbles/key"

// Global keys. ctrl+c always stops the wizard; q and ? only act when no text input has focus,
// so they can be typed into an org URL or a policy handle.
var (
	keyAbort = key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "stop"))
	keyQuit  = key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit"))
	keyHelp  = key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys"))
	keyUp    = key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up"))
	keyDown  = key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down"))
	keyPgUp  = key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "scroll up"))
	keyPgDn  = key.NewBinding(key.WithKeys("pgdown", "ctrl+d"), key.WithHelp("pgdn", "scroll down"))
	keyEnter = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "continue"))
	keyBack  = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back"))
	keySteps = key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "go to a step"))
)
