package ui

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/ui/clipboard"
)

func init() {
	// Pin the colour profile: frames must not depend on how `go test` was started.
	lipgloss.SetColorProfile(termenv.Ascii)
}

// waitTimeout bounds every wait for a frame. Generous: the race detector and a shared
// 2-core machine slow everything down; a passing test never waits this long.
const waitTimeout = 15 * time.Second

// driver runs the wizard in a real tea.Program (teatest) and reads what it draws. Frames are
// diffs, so it keeps everything drawn (for canary checks) and a cursor: waitFor looks only at
// what was drawn since the last thing it found.
type driver struct {
	t    testing.TB
	tm   *teatest.TestModel
	raw  bytes.Buffer // every byte drawn
	seen int          // offset in the stripped text up to which waits have matched
}

func drive(t testing.TB, m tea.Model, w, h int) *driver {
	t.Helper()
	return &driver{t: t, tm: teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))}
}

func (d *driver) read() {
	b, _ := io.ReadAll(d.tm.Output())
	d.raw.Write(b)
}

// text is everything drawn so far without escape sequences.
func (d *driver) text() string { return ansi.Strip(d.raw.String()) }

// waitFor polls until every substring has been drawn since the last successful wait.
func (d *driver) waitFor(subs ...string) {
	d.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		d.read()
		txt := d.text()
		rest := txt[min(d.seen, len(txt)):]
		end, ok := 0, true
		for _, s := range subs {
			i := strings.Index(rest, s)
			if i < 0 {
				ok = false
				break
			}
			end = max(end, i+len(s))
		}
		if ok {
			d.seen += end
			return
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("waited for %q; drawn since the last match:\n%s", subs, rest)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitFocus waits until the huh field with that title has the focus: the focused field is
// drawn with a thick left border, and fields of a group are drawn before they get the focus.
func (d *driver) waitFocus(title string) {
	d.t.Helper()
	d.waitFor("┃ " + title)
}

func (d *driver) key(k tea.KeyType) { d.tm.Send(tea.KeyMsg{Type: k}) }

func (d *driver) enter() { d.key(tea.KeyEnter) }

func (d *driver) typeText(s string) {
	d.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
}

func (d *driver) press(r rune) { d.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}) }

// final waits for the program to end and returns the root model.
func (d *driver) final() *Model {
	d.t.Helper()
	m := d.tm.FinalModel(d.t, teatest.WithFinalTimeout(waitTimeout))
	d.read()
	return m.(*Model)
}

// fakeStep is a step whose Check reports what the test says, and whose Apply flips it done.
type fakeStep struct {
	id, title string

	mu       sync.Mutex
	report   steps.Report // what Check returns until applied
	checkErr error
	applyErr error
	applied  int
	checks   int
	result   steps.Result
}

func (f *fakeStep) ID() string    { return f.id }
func (f *fakeStep) Title() string { return f.title }

func (f *fakeStep) Check(ctx context.Context, s *steps.Setup) (steps.Report, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.checks++
	if f.checkErr != nil {
		return steps.Report{}, f.checkErr
	}
	if f.applied > 0 {
		return steps.Report{Status: steps.StatusDone, Detail: f.title + " is in place"}, nil
	}
	return f.report, nil
}

func (f *fakeStep) Apply(ctx context.Context, s *steps.Setup, r steps.Report) (steps.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.applyErr != nil {
		return steps.Result{}, f.applyErr
	}
	f.applied++
	return f.result, nil
}

func (f *fakeStep) appliedCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.applied
}

func missing(detail string, changes ...steps.Change) steps.Report {
	return steps.Report{Status: steps.StatusMissing, Detail: detail, Changes: changes}
}

// fakeDial builds a real client for a URL nobody listens on: fake steps never use it.
func fakeDial(ctx context.Context, a steps.Answers, s steps.Secrets) (*okta.Client, error) {
	return okta.New(okta.Config{OrgURL: a.OrgURL, Token: s.APIToken})
}

// recordingCopy is a fake clipboard that remembers what it was given.
type recordingCopy struct {
	mu    sync.Mutex
	texts []string
}

func (c *recordingCopy) copy(text string) clipboard.Result {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.texts = append(c.texts, text)
	return clipboard.Result{Method: clipboard.MethodOSC52, Tool: "OSC 52"}
}

func (c *recordingCopy) all() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.texts...)
}

// checkFrameFits fails when a line of the view is wider than the terminal or the view is
// taller than it.
func checkFrameFits(t testing.TB, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("view is %d lines tall on a %d-line terminal", len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got > w {
			t.Errorf("line %d is %d cells wide on a %d-column terminal: %q", i+1, got, w, ansi.Strip(l))
		}
	}
}
