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

// buildBinary compiles idme-okta once per test binary. With -race the SDK is already compiled
// for the race detector, so building the same way avoids a second cold compile.
func buildBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "idme-okta")
	args := []string{"build", "-o", bin}
	if raceEnabled {
		args = append(args, "-race")
	}
	cmd := exec.Command("go", append(args, ".")...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// tmux drives one session on a private server socket.
type tmux struct {
	t      *testing.T
	socket string
}

func (x tmux) run(args ...string) string {
	x.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", x.socket}, args...)...).CombinedOutput()
	if err != nil {
		x.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (x tmux) screen() string { return x.run("capture-pane", "-p", "-t", "smoke") }

// The newcomer's path: `idme-okta demo` in a real terminal, pressing only Enter, reaches the
// summary with every step done and a passing live test sign-in (the demo clicks through the
// simulated pages), and exits cleanly, leaving the summary on screen.
func TestSmokeDemoWithOnlyEnterUnderTmux(t *testing.T) {
	simtest.RequireTool(t, "tmux")
	bin := buildBinary(t)
	dir := t.TempDir()
	demoWithOnlyEnter(t, fmt.Sprintf("XDG_STATE_HOME=%s %s demo", dir, bin))
}

// demoWithOnlyEnter runs the demo command line (sh syntax) in tmux at 100×30, presses Enter
// whenever the screen settles, and checks it ends at the summary with exit code 0.
func demoWithOnlyEnter(t *testing.T, command string) {
	t.Helper()
	dir := t.TempDir()
	x := tmux{t: t, socket: filepath.Join(dir, "tmux.sock")}
	script := command + "; echo EXIT=$?; sleep 600"
	x.run("-f", "/dev/null", "new-session", "-d", "-s", "smoke", "-x", "100", "-y", "30", "sh", "-c", script)
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", x.socket, "kill-server").Run() })

	// Generous: the whole walk of a race-enabled binary took 30-50 s on a 2-core machine
	// shared by other test runs; the deadline only stops a walk that is stuck.
	deadline := time.Now().Add(4 * time.Minute)
	var last string
	presses := 0
	for time.Now().Before(deadline) {
		last = x.screen()
		if strings.Contains(last, "EXIT=") {
			break
		}
		// Press Enter only once the screen has settled on something that takes it: a
		// spinner or a check in flight ignores keys, so a press then would be wasted.
		time.Sleep(250 * time.Millisecond)
		if again := x.screen(); again == last && !strings.Contains(last, "Checking") {
			x.run("send-keys", "-t", "smoke", "Enter")
			presses++
		}
	}
	if !strings.Contains(last, "EXIT=0") {
		t.Fatalf("demo did not exit 0 after %d Enter presses; last screen:\n%s", presses, last)
	}
	for _, want := range []string{"Identity provider id: 0oa", "Routing rule", "Test sign-in — passed"} {
		if !strings.Contains(last, want) {
			t.Errorf("final screen lacks %q:\n%s", want, last)
		}
	}
	t.Logf("demo finished with %d Enter presses", presses)
}
