package ui

import (
	"testing"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
)

func TestNonEmptyRefusesBlankInput(t *testing.T) {
	check := nonEmpty("the client ID of the API Services app")
	for _, blank := range []string{"", "   ", "\t\n"} {
		if err := check(blank); err == nil || err.Error() != "enter the client ID of the API Services app" {
			t.Errorf("nonEmpty(%q) = %v", blank, err)
		}
	}
	if err := check(" 0oa1 "); err != nil {
		t.Errorf("a client ID was refused: %v", err)
	}
}

func TestSpinTickTurnsOnlyWhileBusy(t *testing.T) {
	spin := newSpinner(plainStyles())
	tick, ok := spin.Tick().(spinner.TickMsg)
	if !ok {
		t.Fatalf("Tick() = %T", spin.Tick())
	}
	before := spin.View()
	if cmd := spinTick(&spin, tick, false); cmd != nil || spin.View() != before {
		t.Error("an idle screen turned its spinner or kept the tick chain going")
	}
	if cmd := spinTick(&spin, tick, true); cmd == nil {
		t.Error("a busy screen ended the tick chain")
	}
	if spin.View() == before {
		t.Error("the spinner of a busy screen did not turn")
	}
}

// huh's own abort (its ctrl+c) becomes the wizard's quit in updateForm itself, so a screen
// with a form cannot forget it. (Completion is reported on every form of the flow tests.)
func TestUpdateFormTurnsAnAbortIntoQuit(t *testing.T) {
	var v string
	f := defineForm(group(inputField("Okta org URL", "", &v, nil))).tui()
	f.Init()
	f, cmd, completed := updateForm(f, tea.KeyMsg{Type: tea.KeyCtrlC})
	if completed || f.State != huh.StateAborted {
		t.Fatalf("ctrl+c: completed=%v state=%v, want an aborted form", completed, f.State)
	}
	if cmd == nil {
		t.Fatal("an aborted form returned no command")
	}
	if _, ok := cmd().(quitMsg); !ok {
		t.Errorf("an aborted form's command sends %T, want quitMsg", cmd())
	}
}
