package ui

import (
	"testing"

	"github.com/charmbracelet/bubbles/spinner"
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
