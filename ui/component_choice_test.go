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
