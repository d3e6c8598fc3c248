package ui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/idme-okta/idme-okta/steps"
)

// syncBuffer is an io.Writer the test can read while the program writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// outWaiter polls the program's output for text drawn after the last text it found.
type outWaiter struct {
	out  *syncBuffer
	seen int
}

func (w *outWaiter) wait(t *testing.T, text string) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		s := ansi.Strip(w.out.String())
		rest := s[min(w.seen, len(s)):]
		if i := strings.Index(rest, text); i >= 0 {
			w.seen += i + len(text)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited for %q; drawn since the last match:\n%s", text, rest)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Run itself (not teatest): keys arrive as bytes on In; the summary is printed after the
// program leaves the alternate screen, so it stays in the terminal.
func TestRunPrintsTheSummaryAfterTheProgram(t *testing.T) {
	w := newFakeWorld(t)
	// Everything is in place already: the run is Enter all the way.
	w.idp.applied, w.attrs.applied = 1, 1
	w.opts.Setup.Answers.OrgURL = "https://dev-1.okta.com"
	w.opts.Setup.Answers.IDmeClientID, w.opts.Setup.Answers.PolicyHandle = "client-1", "teacher"
	w.opts.Setup.Secrets = steps.Secrets{APIToken: "canary-run-token", IDmeClientSecret: "canary-run-secret"}
	in, keys := io.Pipe()
	out := &syncBuffer{}
	w.opts.In, w.opts.Out = in, out
	done := make(chan error, 1)
	go func() { done <- Run(context.Background(), w.opts) }()

	press := func(k string) { _, _ = keys.Write([]byte(k)) }
	ow := &outWaiter{out: out}
	ow.wait(t, "Nothing is written")
	press("\r")
	for _, field := range []string{"┃ Okta org URL", "┃ Sign in to Okta with", "┃ API token", "┃ ID.me environment", "┃ ID.me client ID", "┃ ID.me client secret", "┃ ID.me policy handle", "┃ Change the names"} {
		ow.wait(t, field)
		press("\r")
	}
	// Wait for each step's own status line: rows identical to the previous frame (such as
	// the "[ Continue ]" button) are not redrawn.
	for _, st := range []*fakeStep{w.idp, w.attrs} {
		ow.wait(t, st.title+" is in place")
		press("\r")
	}
	ow.wait(t, "Left to do")
	before := len(out.String())
	press("\r")
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run = %v", err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("Run did not return")
	}
	after := out.String()[before:]
	leave := strings.LastIndex(after, "\x1b[?1049l") // the alternate screen is left …
	if leave < 0 || !strings.Contains(after[leave:], "Left to do") {
		t.Errorf("the summary is not printed after leaving the alternate screen:\n%q", after)
	}
	noSecretsIn(t, "the output", out.String(), "canary-run-token", "canary-run-secret")
}

// Cancelling Run's context (SIGINT, SIGTERM in the CLI) stops the program: ErrAborted.
func TestRunStopsWhenItsContextEnds(t *testing.T) {
	w := newFakeWorld(t)
	in, _ := io.Pipe()
	out := &syncBuffer{}
	w.opts.In, w.opts.Out = in, out
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, w.opts) }()
	(&outWaiter{out: out}).wait(t, "Nothing is written")
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, ErrAborted) {
			t.Fatalf("Run = %v, want ErrAborted", err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("Run did not return")
	}
}
