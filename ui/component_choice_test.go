package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps/flow"
)

// A screen that is still working has no menu: keys pick nothing and nothing is drawn or bound.
func TestNilChoiceDrawsBindsAndPicksNothing(t *testing.T) {
	var c *choice
	if v, ok := c.update(tea.KeyMsg{Type: tea.KeyEnter}); ok {
		t.Errorf("a nil choice picked %d", v)
	}
	if got := c.view(plainStyles(), 80); got != "" {
		t.Errorf("a nil choice drew %q", got)
	}
	if got := c.bindings(); got != nil {
		t.Errorf("a nil choice bound %v", got)
	}
	// The same calls on a real choice do act, so the test above can fail.
	c = newChoice(flow.Menu{Options: []flow.Option{{Label: "Retry", Key: "r", Choice: flow.ChoiceRetry}}})
	if v, ok := c.update(tea.KeyMsg{Type: tea.KeyEnter}); !ok || v != flow.ChoiceRetry {
		t.Errorf("enter on Retry = %d, %v", v, ok)
	}
	if c.view(plainStyles(), 80) == "" || len(c.bindings()) == 0 {
		t.Error("a choice with an option draws and binds it")
	}
}

// The bug: after a passing test the go-live question's "Keep it held back (h)" did nothing,
// and before it "Hold it back (h)" only moved the focus, because h (and l) also move the
// focus vi-style. An accelerator picks; h and l still move where no option claims them.
func TestChoiceAcceleratorWinsOverViMoves(t *testing.T) {
	c := newChoice(flow.Menu{Options: []flow.Option{
		{Label: "Go live now", Key: "a", Choice: flow.ChoiceGoLive},
		{Label: "Keep it held back", Key: "h", Choice: flow.ChoiceHold},
		{Label: "Quit", Key: "q", Choice: flow.ChoiceQuit},
	}})
	if got, ok := c.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("h")}); !ok || got != flow.ChoiceHold {
		t.Errorf("h picked %v (%v), want Keep it held back", got, ok)
	}
	c = newChoice(flow.Menu{Options: []flow.Option{
		{Label: "Apply", Key: "a", Choice: flow.ChoiceApply},
		{Label: "Skip", Key: "s", Choice: flow.ChoiceSkip},
	}})
	if _, ok := c.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("l")}); ok {
		t.Error("l picked something in a menu without an l option")
	}
	if got, _ := c.update(tea.KeyMsg{Type: tea.KeyEnter}); got != flow.ChoiceSkip {
		t.Errorf("l then Enter picked %v, want Skip (l moves right)", got)
	}
}
