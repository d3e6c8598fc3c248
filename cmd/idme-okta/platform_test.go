package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestBrowserCommandPerOS(t *testing.T) {
	const u = "https://dev-1.okta.com/oauth2/v1/authorize?idp=0oa1&state=x&nonce=y"
	cases := []struct {
		goos, name string
		args       []string
	}{
		{"darwin", "open", []string{u}},
		// The URL stays one argument that no shell parses: the & must not end a command.
		{"windows", "rundll32", []string{"url.dll,FileProtocolHandler", u}},
		{"linux", "xdg-open", []string{u}},
		{"freebsd", "xdg-open", []string{u}},
	}
	for _, tc := range cases {
		name, args := browserCommand(tc.goos, u)
		if name != tc.name || !slices.Equal(args, tc.args) {
			t.Errorf("%s: %s %q, want %s %q", tc.goos, name, args, tc.name, tc.args)
		}
	}
}

func TestOpenBrowserRefusesOtherSchemes(t *testing.T) {
	for _, u := range []string{"file:///etc/passwd", "javascript:alert(1)", "-a", "C:\\Windows\\notepad.exe"} {
		if err := openBrowser(u); err == nil {
			t.Errorf("openBrowser(%q) started something", u)
		}
	}
}

func TestShutdownSignalsPerOS(t *testing.T) {
	has := func(sigs []os.Signal, s os.Signal) bool { return slices.Contains(sigs, s) }
	for _, goos := range []string{"linux", "darwin", "windows"} {
		sigs := shutdownSignals(goos, false)
		if !has(sigs, os.Interrupt) || !has(sigs, syscall.SIGTERM) {
			t.Errorf("%s: %v lacks interrupt or SIGTERM (console close on Windows)", goos, sigs)
		}
		if want := goos != "windows"; has(sigs, syscall.SIGHUP) != want {
			t.Errorf("%s: SIGHUP caught = %v, want %v", goos, !want, want)
		}
	}
	if has(shutdownSignals("linux", true), syscall.SIGHUP) {
		t.Error("a hangup ignored by the parent (nohup) is caught again")
	}
}

func TestTerminalAdviceForMinttyOnly(t *testing.T) {
	if terminalAdvice("windows", false) != "" || terminalAdvice("linux", true) != "" {
		t.Error("advice given outside Git Bash's mintty")
	}
	c := &cli{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, getenv: func(string) string { return "" },
		ttyAdvice: terminalAdvice("windows", true)}
	var errOut bytes.Buffer
	c.stderr = &errOut
	isolate(t)
	if code := c.main(context.Background(), nil); code != exitUsage || !strings.Contains(errOut.String(), "winpty idme-okta") {
		t.Errorf("wizard under mintty: code %d, %q", code, errOut.String())
	}
}

// The real process on this machine: a hangup (the terminal closed) stops `sim` cleanly, unless
// it was started with the hangup ignored (nohup), when only SIGTERM stops it.
func TestHangupStopsSimUnlessIgnored(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGHUP on Windows")
	}
	bin := buildBinary(t)
	start := func(ignoreHangup bool) (*exec.Cmd, chan error) {
		t.Helper()
		script := `exec "$0" sim --json`
		if ignoreHangup {
			script = `trap '' HUP; ` + script
		}
		cmd := exec.Command("sh", "-c", script, bin)
		cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill() })
		// The first line means the servers are up and the signal handlers are installed.
		if _, err := bufio.NewReader(out).ReadString('\n'); err != nil {
			t.Fatalf("sim printed no line: %v", err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		return cmd, done
	}
	exited := func(done chan error, within time.Duration) (error, bool) {
		select {
		case err := <-done:
			return err, true
		case <-time.After(within):
			return nil, false
		}
	}

	cmd, done := start(false)
	_ = cmd.Process.Signal(syscall.SIGHUP)
	if err, ok := exited(done, 20*time.Second); !ok || err != nil {
		t.Fatalf("after SIGHUP: exited=%v err=%v, want a clean exit", ok, err)
	}

	cmd, done = start(true)
	_ = cmd.Process.Signal(syscall.SIGHUP)
	if err, ok := exited(done, 2*time.Second); ok {
		t.Fatalf("nohup'd sim stopped on SIGHUP: %v", err)
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	if err, ok := exited(done, 20*time.Second); !ok || err != nil {
		t.Fatalf("after SIGTERM: exited=%v err=%v, want a clean exit", ok, err)
	}
}
