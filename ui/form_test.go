package ui

import "testing"

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
