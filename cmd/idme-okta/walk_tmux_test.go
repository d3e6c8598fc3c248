package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// apply applies the step whose plan is shown and continues from its result.
func (s session) apply(short string) {
	s.x.t.Helper()
	s.waitFor("› "+short, "Apply (a)")
	s.keys("a")
	s.waitFor("› "+short, "Continue")
	s.keys("Enter")
}

// A first run typed by hand against a simulated org and ID.me (org URL, token, a custom ID.me
// base URL, client, secret, handle), a skipped step followed by its consequence (the mapping
// fails with Okta's 400 E0000001 and offers the skipped step, which fixes it), a quit, and a
// resume that goes straight to the first unfinished step, passing the finished ones.
func TestWalkFirstRunSkipQuitResumeUnderTmux(t *testing.T) {
	simtest.RequireTool(t, "tmux")
	bin := buildBinary(t)
	w := simtest.StartWorld(t)
	dir := t.TempDir()
	x := tmux{t: t, socket: filepath.Join(dir, "tmux.sock")}
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", x.socket, "kill-server").Run() })
	start := func(name string) session {
		script := fmt.Sprintf("cd %s && XDG_STATE_HOME=%s OKTA_CLIENT_TOKEN= IDME_CLIENT_SECRET= %s; echo EXIT=$?; sleep 600", dir, dir, bin)
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
	r.keys("q")
	r.waitFor("EXIT=")
}
