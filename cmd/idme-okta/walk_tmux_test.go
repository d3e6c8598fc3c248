package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta/sim/simbrowser"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// session is one tmux session of the built binary, read as the admin sees it.
type session struct {
	x    tmux
	name string
}

func (s session) screen() string { return s.x.run("capture-pane", "-p", "-t", s.name) }

// keys sends tmux key names (Enter, Down, BTab, …).
func (s session) keys(k ...string) { s.x.run(append([]string{"send-keys", "-t", s.name}, k...)...) }

// typed sends text literally, as typed.
func (s session) typed(text string) { s.x.run("send-keys", "-t", s.name, "-l", text) }

// waitFor polls the screen until every substring is on it.
func (s session) waitFor(subs ...string) string {
	s.x.t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		screen := s.screen()
		missing := ""
		for _, sub := range subs {
			if !strings.Contains(screen, sub) {
				missing = sub
				break
			}
		}
		if missing == "" {
			return screen
		}
		if time.Now().After(deadline) {
			s.x.t.Fatalf("waited for %q; the screen:\n%s", missing, screen)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// press sends one key and waits for the screen it leads to.
func (s session) press(key string, subs ...string) string {
	s.x.t.Helper()
	s.keys(key)
	return s.waitFor(subs...)
}

// apply says yes (a) to the step whose plan is shown (Apply, or an attestation's confirm)
// and continues from its result.
func (s session) apply(short string) {
	s.x.t.Helper()
	s.waitFor("› "+short, "(a)")
	s.press("a", "› "+short, "Continue")
	s.keys("Enter")
}

// A first run typed by hand against a simulated org and ID.me (org URL, token, a custom ID.me
// base URL, client, secret, handle), Esc from a plan back to the page before it, a skipped
// step followed by its consequence (the mapping fails with Okta's 400 E0000001 and offers the
// skipped step, which fixes it), a quit, a resume that goes straight to the first unfinished
// step, passing the finished ones, and from there the go-live order to the summary.
func TestWalkFirstRunSkipQuitResumeGoLiveUnderTmux(t *testing.T) {
	simtest.RequireTool(t, "tmux")
	bin := buildBinary(t)
	w := simtest.StartWorld(t)
	dir := t.TempDir()
	x := tmux{t: t, socket: filepath.Join(dir, "tmux.sock")}
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", x.socket, "kill-server").Run() })
	// The desktop's URL opener does nothing here (no browser window on the machine running
	// the tests): the person of the test sign-in opens the URL shown on screen.
	opener := filepath.Join(dir, "opener")
	for _, name := range []string{"xdg-open", "open"} {
		if err := os.MkdirAll(opener, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(opener, name), []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	start := func(name string) session {
		script := fmt.Sprintf("cd %s && PATH=%s:$PATH XDG_STATE_HOME=%s OKTA_CLIENT_TOKEN= IDME_CLIENT_SECRET= %s; echo EXIT=$?; sleep 600", dir, opener, dir, bin)
		args := []string{"new-session", "-d", "-s", name, "-x", "160", "-y", "45", "sh", "-c", script}
		if name == "first" {
			args = append([]string{"-f", "/dev/null"}, args...)
		}
		x.run(args...)
		return session{x: x, name: name}
	}
	token := w.Org.AdminToken()

	s := start("first")
	s.waitFor("Nothing is written to your Okta org before you confirm it")
	s.keys("Enter")
	s.waitFor("┃ Okta org URL")
	s.typed(w.Org.URL())
	s.keys("Enter")
	s.waitFor("┃ Sign in to Okta with")
	s.keys("Enter")
	s.waitFor("┃ API token")
	s.typed(token)
	s.keys("Enter")
	// What connecting verified is on the next page.
	s.waitFor("✓ Connected to", "┃ ID.me environment", "Custom: another base URL")
	s.keys("Down", "Down", "Enter")
	s.waitFor("┃ ID.me base URL")
	s.typed(w.Sandbox.BaseURL())
	s.keys("Enter")
	s.waitFor("┃ ID.me client ID")
	s.typed(w.Sandbox.ClientID)
	s.keys("Enter")
	s.waitFor("┃ ID.me client secret")
	s.typed(w.Sandbox.ClientSecret)
	s.keys("Enter")
	s.waitFor("┃ ID.me policy handle")
	s.typed(w.PolicyHandle)
	s.keys("Enter")
	s.waitFor("┃ Change the names")
	s.keys("Enter")

	s.apply("Identity provider")
	// The mapping table comes before the attributes it needs; keeping it goes on to them.
	s.waitFor("› Profile mappings", "Keep guide's table")
	s.keys("Enter")
	s.waitFor("› User attributes", "Apply (a)")
	// Esc from a plan goes back to the page before it, the table; Enter there goes on again.
	s.press("Escape", "› Profile mappings", "Keep guide's table")
	s.keys("Enter")
	s.apply("User attributes")
	s.waitFor("› IdP attributes", "Skip (s)")
	s.keys("s") // the skip whose consequence follows
	s.waitFor("› Profile mappings", "Apply (a)")
	s.keys("a")
	failed := s.waitFor("E0000001", "Go to IdP attributes")
	if strings.Contains(failed, "in brackets") {
		t.Errorf("the failure still advises brackets that are not there:\n%s", failed)
	}
	s.keys("Enter") // Enter's default: the skipped step
	s.apply("IdP attributes")
	s.apply("Profile mappings")
	s.waitFor("Handoff sheet for your ID.me Solution Consultant", "Copy again (c)") // full width: no side panel
	s.keys("q")
	s.waitFor("EXIT=")

	// Resume: the progress file is found, the org URL kept; only the token is asked (it is
	// never on disk), no ID.me settings (the client secret stays in Okta), and the first page
	// that stops is the first step not done.
	r := start("resume")
	r.waitFor("You have started this before", "6 of 10 steps done")
	r.keys("Enter")
	r.waitFor("┃ Okta org URL", w.Org.URL())
	r.keys("Enter")
	r.waitFor("┃ Sign in to Okta with")
	r.keys("Enter")
	r.waitFor("┃ API token")
	r.typed(token)
	r.keys("Enter")
	r.waitFor("Resume the setup")
	r.keys("Enter")
	screen := r.waitFor("› Routing rule", "passed: Identity provider, User attributes, IdP attributes, Profile mappings, Handoff sheet")
	if strings.Contains(screen, "ID.me client secret") {
		t.Errorf("the resume asked the ID.me settings again:\n%s", screen)
	}
	goLiveAfterTheTest(t, r, w)
}

// goLiveAfterTheTest walks the end of the guide from the routing rule's page in the go-live
// order: the rule held back (h), so it is INACTIVE in the org while the test sign-in runs
// (which needs no rule: its URL names the IdP) and the Okta page's Option 1 is not offered;
// a person signs in with the URL shown on screen; after the pass the wizard offers to go
// live, the rule is ACTIVE once accepted, and the summary says so, with its clean-up line.
func goLiveAfterTheTest(t *testing.T, r session, w *simtest.World) {
	t.Helper()
	plan := strings.Join(strings.Fields(besidePanel(r.waitFor("› Routing rule", "Go live now: ID.me is ready (a)"))), " ")
	for _, said := range []string{"every user sees “Sign in with ID.me”", "Hold it back (inactive) until the test passes (h)"} {
		if !strings.Contains(plan, said) {
			t.Errorf("the routing rule's plan does not say %q:\n%s", said, plan)
		}
	}
	r.press("h", "› Routing rule", "held back, nobody sees it", "Continue")
	r.keys("Enter")
	r.apply("JIT provisioning") // It is on: record it (a)
	r.apply("Test app")
	ways := r.waitFor("› Test sign-in", "Run a test sign-in (verified end to end) (t)")
	if strings.Contains(ways, "Sign in on the Okta page yourself") {
		t.Errorf("Option 1 is offered while the routing rule is held back:\n%s", ways)
	}
	authorize := urlOnScreen(t, r.press("t", "Waiting for the browser"), w.Org.URL()+"/oauth2/v1/authorize?")
	if got := simtest.OwnRuleStatus(t, w.Org); got != "INACTIVE" {
		t.Fatalf("routing rule %v while the test sign-in waits, want INACTIVE (held back)", got)
	}
	page, err := simbrowser.New().Open(context.Background(), authorize)
	if err != nil {
		t.Fatalf("the person's browser: %v", err)
	}
	r.waitFor("✓ PASS", "Continue")
	if got := simtest.OwnRuleStatus(t, w.Org); got != "INACTIVE" {
		t.Fatalf("routing rule %v after the test, before going live (browser ended on %q)", got, page.Title)
	}
	r.press("Enter", "› Routing rule", "The test sign-in passed. Go live?", "Go live now (a)")
	r.press("a", "› Routing rule", "Continue")
	if got := simtest.OwnRuleStatus(t, w.Org); got != "ACTIVE" {
		t.Fatalf("routing rule %v after going live, want ACTIVE", got)
	}
	summary := r.press("Enter", "Summary", "Clean up when you are done testing: idme-okta remove", "Routing rule — done")
	said := strings.Join(strings.Fields(besidePanel(summary[strings.Index(summary, "Routing rule — done"):])), " ")
	if !strings.Contains(said, "Live (ACTIVE): every user sees “Sign in with ID.me” on the Okta sign-in page. To hold it back again: idme-okta apply --rule-status inactive --yes.") {
		t.Errorf("the summary does not say the rule is live, and how to take it back:\n%s", summary)
	}
	for _, stale := range []string{"held back", "passed: Identity provider"} {
		if strings.Contains(summary, stale) {
			t.Errorf("the summary says %q after going live:\n%s", stale, summary)
		}
	}
	r.press("Enter", "EXIT=0")
}

// urlOnScreen joins the URL that starts with prefix from the lines it was laid out on (broken
// only after ? and &, up to the blank line after it), as an admin copying it would.
func urlOnScreen(t *testing.T, screen, prefix string) string {
	t.Helper()
	start := strings.Index(screen, prefix)
	if start < 0 {
		t.Fatalf("no %s… on the screen:\n%s", prefix, screen)
	}
	var u strings.Builder
	for _, line := range strings.Split(screen[start:], "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			break
		}
		u.WriteString(line)
	}
	return u.String()
}

// besidePanel is the screen without the side panel of steps: what is right of its border.
func besidePanel(screen string) string {
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if _, right, ok := strings.Cut(l, "│"); ok {
			lines[i] = right
		}
	}
	return strings.Join(lines, "\n")
}
