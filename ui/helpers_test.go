package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
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
	"github.com/idme-okta/idme-okta/steps/flow"
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
// what was drawn since the last thing it found. Every frame the program asks for is checked
// too (frameChecker): none may be larger than the terminal or contain a secret.
type driver struct {
	t      testing.TB
	tm     *teatest.TestModel
	frames *frameChecker
	raw    bytes.Buffer // every byte drawn
	seen   int          // offset in the stripped text up to which waits have matched
	sent   int          // keys sent to the program (frameChecker.keys counts those it took)
}

// drive starts the wizard at w×h. secrets must never appear in a frame.
func drive(t testing.TB, m tea.Model, w, h int, secrets ...string) *driver {
	t.Helper()
	fc := &frameChecker{model: m, width: w, height: h, secrets: secrets}
	d := &driver{t: t, frames: fc, tm: teatest.NewTestModel(t, fc, teatest.WithInitialTermSize(w, h))}
	t.Cleanup(func() {
		for _, p := range fc.problems() {
			t.Error(p)
		}
	})
	return d
}

// frameChecker wraps the root model and checks every View the program draws: no line wider
// than the terminal, no more lines than it has, and no secret.
type frameChecker struct {
	model   tea.Model
	secrets []string

	mu            sync.Mutex
	width, height int
	frames        int
	found         []string
	last          string // the last frame drawn, without escape sequences
	ended         bool   // the wizard quit (aborted or finished)
	keys          int    // key messages taken by Update …
	drawnKeys     int    // … of which the last frame drawn shows the effect
}

func (f *frameChecker) Init() tea.Cmd { return f.model.Init() }

func (f *frameChecker) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		f.mu.Lock()
		f.width, f.height = msg.Width, msg.Height
		f.mu.Unlock()
	case tea.KeyMsg:
		f.mu.Lock()
		f.keys++
		f.mu.Unlock()
	}
	var cmd tea.Cmd
	f.model, cmd = f.model.Update(msg)
	cmd = delayCmd(cmd)
	if m, ok := f.model.(*Model); ok && (m.Aborted() || m.Finished()) {
		f.mu.Lock()
		f.ended = true
		f.mu.Unlock()
	}
	return f, cmd
}

func (f *frameChecker) View() string {
	v := f.model.View()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.frames++
	f.last = ansi.Strip(v)
	f.drawnKeys = f.keys // the program draws after every message it takes
	if len(f.found) < 20 {
		f.found = append(f.found, frameProblems(v, f.width, f.height)...)
		for _, s := range f.secrets {
			if s != "" && strings.Contains(v, s) {
				f.found = append(f.found, "a frame shows a secret")
			}
		}
	}
	return v
}

func (f *frameChecker) problems() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.found...)
}

// frameProblems lists lines wider than the terminal, rows beyond its height, and anything
// but the wizard's own styling that a terminal would interpret (text from Okta or ID.me that
// did not pass termtext).
func frameProblems(view string, w, h int) []string {
	var out []string
	if raw := interpreted(view); raw != "" {
		out = append(out, fmt.Sprintf("a frame sends %q to the terminal: %q", raw, ansi.Strip(view)))
	}
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		out = append(out, fmt.Sprintf("a %d-line frame on a %d-line terminal", len(lines), h))
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got > w {
			out = append(out, fmt.Sprintf("line %d is %d cells wide on a %d-column terminal: %q", i+1, got, w, ansi.Strip(l)))
		}
	}
	return out
}

// interpreted returns the first control character in view, outside the wizard's own
// styling (sgr: colours, bold), that a terminal would act on ("" when there is none): ESC (OSC 52 sets the
// clipboard, CSI moves the cursor), BEL, CR, DEL or a C1 control.
func interpreted(view string) string {
	for _, r := range sgr.ReplaceAllString(view, "") {
		if r != '\n' && r != '\t' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0)) {
			return string(r)
		}
	}
	return ""
}

func (d *driver) read() {
	b, _ := io.ReadAll(d.tm.Output())
	d.raw.Write(b)
}

// text is everything drawn so far without escape sequences.
func (d *driver) text() string { return ansi.Strip(d.raw.String()) }

// waitDrawn polls the text drawn since the last match until match finds what it wants there
// and says where that ends; the next wait reads on from there. what names it on failure.
func (d *driver) waitDrawn(what string, match func(rest string) (end int, ok bool)) {
	d.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		d.read()
		txt := d.text()
		rest := txt[min(d.seen, len(txt)):]
		if end, ok := match(rest); ok {
			d.seen += end
			return
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("waited for %s; drawn since the last match:\n%s", what, rest)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitFor polls until every substring has been drawn since the last successful wait.
func (d *driver) waitFor(subs ...string) {
	d.t.Helper()
	d.waitDrawn(fmt.Sprintf("%q", subs), func(rest string) (int, bool) {
		end := 0
		for _, s := range subs {
			i := strings.Index(rest, s)
			if i < 0 {
				return 0, false
			}
			end = max(end, i+len(s))
		}
		return end, true
	})
}

// lastFrame is the frame of the program's present state, settled or not (a spinner never
// settles): the View drawn after the last message it took, without escape sequences.
func (d *driver) lastFrame() string {
	d.frames.mu.Lock()
	defer d.frames.mu.Unlock()
	return d.frames.last
}

// waitShown polls the frame of the program's present state (the View drawn after the last
// message it took) until it shows every substring. waitFor reads what was sent to the
// terminal, which can be a state the program is about to leave: huh blurs a field and moves
// the focus (or gives it back) in two messages, and a key sent in between goes to no field.
// Wait with this before keys that only the state shown takes.
func (d *driver) waitShown(subs ...string) {
	d.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		last := d.lastFrame()
		missing := ""
		for _, s := range subs {
			if !strings.Contains(last, s) {
				missing = s
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("waited for %q in the frame shown; it is:\n%s", missing, last)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitUntil polls cond until it holds.
func waitUntil(t testing.TB, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in time")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitAny polls until one of the substrings is drawn (since the last match) and returns
// the index of the one drawn first.
func (d *driver) waitAny(subs ...string) int {
	d.t.Helper()
	best := -1
	d.waitDrawn(fmt.Sprintf("any of %q", subs), func(rest string) (int, bool) {
		at := len(rest)
		best = -1
		for i, s := range subs {
			if j := strings.Index(rest, s); j >= 0 && j < at {
				best, at = i, j
			}
		}
		if best < 0 {
			return 0, false
		}
		return at + len(subs[best]), true
	})
	return best
}

// waitFocus waits until the huh field with that title has the focus: the focused field is
// drawn with a thick left border, and fields of a group are drawn before they get the focus.
func (d *driver) waitFocus(title string) {
	d.t.Helper()
	d.waitFor("┃ " + title)
}

func (d *driver) key(k tea.KeyType) { d.send(tea.KeyMsg{Type: k}) }

func (d *driver) send(k tea.KeyMsg) {
	d.sent++
	d.tm.Send(k)
}

// keysTaken waits until the program has taken every key sent: the frame shown (frames.last)
// is then drawn after the last key, whatever the load of the machine.
func (d *driver) keysTaken() {
	d.t.Helper()
	waitUntil(d.t, func() bool {
		d.frames.mu.Lock()
		defer d.frames.mu.Unlock()
		return d.frames.drawnKeys >= d.sent || d.frames.ended
	})
}

func (d *driver) enter() { d.key(tea.KeyEnter) }

func (d *driver) typeText(s string) {
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
}

func (d *driver) press(r rune) { d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}) }

// connectKeys fills the connect form from its first field with an API token: orgURL typed
// after what the field holds ("" types nothing), "an API token" kept, token typed.
func connectKeys(d *driver, orgURL, token string) {
	d.waitFocus("Okta org URL")
	if orgURL != "" {
		d.typeText(orgURL)
	}
	d.enter()
	d.waitFocus("Sign in to Okta with")
	d.enter()
	d.waitFocus("API token")
	d.typeText(token)
	d.enter()
}

// idmeSettingsKeys fills the ID.me settings form: the preselected environment, the client
// ID, the secret ("" types nothing) and the policy handle typed, and the guide's names for
// the Okta objects.
func idmeSettingsKeys(d *driver, clientID, secret, handle string) {
	d.waitFocus("ID.me environment")
	d.enter()
	d.waitFocus("ID.me client ID")
	d.typeText(clientID)
	d.enter()
	d.waitFocus("ID.me client secret")
	if secret != "" {
		d.typeText(secret)
	}
	d.enter()
	d.waitFocus("ID.me policy handle")
	d.typeText(handle)
	d.enter()
	d.waitFocus("Change the names")
	d.enter()
}

// final waits for the program to end and returns the root model.
func (d *driver) final() *Model {
	d.t.Helper()
	fc := d.tm.FinalModel(d.t, teatest.WithFinalTimeout(waitTimeout)).(*frameChecker)
	d.read()
	return fc.model.(*Model)
}

// resize tells the program the terminal changed size.
func (d *driver) resize(w, h int) { d.tm.Send(tea.WindowSizeMsg{Width: w, Height: h}) }

// fakeStep is a step whose Check reports what the test says, and whose Apply flips it done.
// Its facts are what it declares to the flow, as a real step's Facts method does.
type fakeStep struct {
	id, title string
	facts     steps.Facts

	mu       sync.Mutex
	report   steps.Report // what Check returns until applied
	checkErr error
	applyErr error
	applied  int
	checks   int
	result   steps.Result
}

func (f *fakeStep) ID() string         { return f.id }
func (f *fakeStep) Title() string      { return f.title }
func (f *fakeStep) Facts() steps.Facts { return f.facts }

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

// pageOf is the first page a run over step alone shows for it, once connected and past the
// ID.me settings: its flow.Task (or flow.Table), as the flow makes them.
func pageOf(t testing.TB, step steps.Step) flow.Page {
	t.Helper()
	f := flow.New(flow.Options{Setup: steps.NewSetup(nil, steps.DefaultAnswers(), steps.Secrets{}, steps.Objects{}), Steps: []steps.Step{step}})
	f.Start()
	f.Next(flow.Began{})
	f.Next(flow.Connected{Report: steps.Report{Status: steps.StatusDone}})
	p := f.Next(flow.IDmeDone{}).Page
	if p.Step != step {
		t.Fatalf("the run over %s shows page %v", step.ID(), p.Kind)
	}
	return p
}

// cmdDelay, from IDME_OKTA_TEST_CMD_DELAY (a Go duration), holds back every command's
// message by a random time up to it, as a loaded machine may: a test that only passes when
// huh's and the wizard's own messages arrive at once (a key sent between a blur and the
// focus that follows it) fails with it set. Unset in make test.
var cmdDelay = func() time.Duration {
	d, _ := time.ParseDuration(os.Getenv("IDME_OKTA_TEST_CMD_DELAY"))
	return d
}()

func delayCmd(cmd tea.Cmd) tea.Cmd {
	if cmd == nil || cmdDelay <= 0 {
		return cmd
	}
	return func() tea.Msg {
		time.Sleep(rand.N(cmdDelay))
		return cmd()
	}
}
