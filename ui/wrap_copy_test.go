package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Text wraps between words only: a flag or a hyphenated name stays whole.
func TestWrapKeepsHyphenatedWordsWhole(t *testing.T) {
	s := "To fill it from the ID.me claim birth_date, add the row in the mapping table (or pass --map birth_date=birth_date) for dev-123456.okta-emea.com."
	for width := 30; width <= 100; width++ { // from 30: every word fits on a line
		lines := wrap(s, width, "", "  ")
		if got := strings.Join(strings.Fields(strings.Join(lines, " ")), " "); got != s {
			t.Fatalf("width %d: words changed:\n%s", width, got)
		}
		for _, l := range lines {
			if strings.HasSuffix(strings.TrimSpace(l), "-") || ansi.StringWidth(l) > width {
				t.Errorf("width %d: line %q", width, l)
			}
		}
	}
}

// A URL breaks only after ? and &, a path only after a separator; each line fits.
func TestURLAndPathLinesBreakOnlyAtSeams(t *testing.T) {
	url := "https://dev-123456.okta.com/oauth2/v1/authorize?client_id=0oa3zx3gtqsuinjzOopm&code_challenge=Hu69CzuwNu2JOQhKUl0tlSFSfnNI_Yn2g4E9gauAKF0&code_challenge_method=S256&idp=0oaPYXkptPDDOGLObHGP&redirect_uri=http%3A%2F%2F127.0.0.1%3A53682%2Fcallback&response_type=code&scope=openid%20profile%20email&state=LXRIYNTTPFN6I6S2ILIKYMTBTF"
	for _, width := range []int{60, 69, 80, 100} {
		lines := urlLines(url, width)
		if strings.Join(lines, "") != url {
			t.Fatalf("width %d: %q", width, lines)
		}
		for i, l := range lines {
			if ansi.StringWidth(l) > width || (i < len(lines)-1 && !strings.HasSuffix(l, "&") && !strings.HasSuffix(l, "?")) {
				t.Errorf("width %d: line %q", width, l)
			}
		}
	}
	path := "/home/admin.person/.local/state/idme-okta/dev-123456.okta.com-handoff.md"
	if got := pathLines(path, 100); len(got) != 1 {
		t.Errorf("a path that fits was broken: %q", got)
	}
	lines := pathLines(path, 40)
	if strings.Join(lines, "") != path || len(lines) < 2 {
		t.Fatalf("%q", lines)
	}
	for _, l := range lines[:len(lines)-1] {
		if !strings.HasSuffix(l, "/") {
			t.Errorf("path broken mid-name: %q", lines)
		}
	}
}

// The summary's paths are never broken inside a name, however narrow.
func TestSummaryPathsStayWhole(t *testing.T) {
	w := newFakeWorld(t)
	w.opts.Setup.StatePath = "/home/admin.person/.local/state/idme-okta/dev-12345678.okta-emea.com.json"
	m := newModel(t.Context(), w.opts)
	for _, width := range []int{40, 60, 80} {
		text := summaryText(m.sess, plainStyles(), width)
		if !strings.Contains(text, "\ndev-12345678.okta-emea.com.json") && !strings.Contains(text, "/dev-12345678.okta-emea.com.json") {
			t.Errorf("width %d: the progress file's name is broken:\n%s", width, text)
		}
		for _, l := range strings.Split(text, "\n") {
			if ansi.StringWidth(l) > width {
				t.Errorf("width %d: %q is too wide", width, l)
			}
		}
	}
}
