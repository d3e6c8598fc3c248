package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// A flag in the wizard's text stays whole when the line breaks (issue 12: --map was split
// into "-" and "-map"); lines keep to the width, and a word longer than a line is broken hard.
func TestWrapKeepsFlagsWhole(t *testing.T) {
	s := "To fill it from the ID.me claim birth_date, add the row in the mapping table (or pass --map birth_date=birth_date)."
	for width := 20; width <= 100; width++ {
		lines := wrap(s, width, "", "  ")
		joined := strings.Join(lines, "\n")
		if !strings.Contains(joined, "--map") {
			t.Fatalf("width %d: --map broken:\n%s", width, joined)
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > width {
				t.Fatalf("width %d: line %q is wider", width, l)
			}
		}
		if got := strings.Join(strings.Fields(joined), ""); got != strings.ReplaceAll(s, " ", "") {
			t.Fatalf("width %d: words lost or changed: %q", width, got)
		}
	}
	long := "see https://dev-123456.okta.com/oauth2/v1/authorize?idp=0oa1b2c3d4e5f6g7h8i9&client_id=x now"
	for _, l := range wrap(long, 30, "", "") {
		if ansi.StringWidth(l) > 30 {
			t.Fatalf("long word overflows: %q", l)
		}
	}
}
