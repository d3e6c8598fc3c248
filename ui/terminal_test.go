package ui

import (
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
)

var sgr = regexp.MustCompile(`\x1b\[([0-9;]*)m`)

// colourSequences counts SGR sequences that set a colour (foreground or background, any
// palette); bold, underline and resets do not count.
func colourSequences(s string) int {
	n := 0
	for _, m := range sgr.FindAllStringSubmatch(s, -1) {
		for _, p := range strings.Split(m[1], ";") {
			v, err := strconv.Atoi(p)
			if err == nil && (v >= 30 && v <= 49 || v >= 90 && v <= 107) {
				n++
				break
			}
		}
	}
	return n
}

// driftAndErrorFrames drives the fake wizard through screens that use every colour: the
// panel, a drifted plan with its overwrite warning, and an error. It returns every byte drawn.
func driftAndErrorFrames(t *testing.T) string {
	w := newFakeWorld(t)
	w.idp.report = steps.Report{Status: steps.StatusDrifted, Detail: "differs", Changes: []steps.Change{{
		Action: "replace", Object: "identity provider", Overwrite: true, Details: []string{"scopes: a → b"}}}}
	w.attrs.checkErr = &okta.APIError{Op: "read user schema", Status: 403, Code: "E0000006", Summary: "You do not have permission", Hint: "use a Super Administrator token"}
	d := drive(t, New(w.opts), 100, 30)
	connectAndSettings(d, "tok", "sec")
	d.waitFor("replaces existing configuration")
	d.press('s')
	d.waitFor("E0000006")
	ctrlC(d)
	d.final()
	return d.raw.String()
}

// NO_COLOR: not one colour sequence, verified against the same run with colour forced on.
func TestNoColorMeansNoColourSequences(t *testing.T) {
	t.Cleanup(func() {
		lipgloss.SetDefaultRenderer(lipgloss.NewRenderer(os.Stdout))
		lipgloss.SetColorProfile(termenv.Ascii)
	})
	t.Setenv("CLICOLOR_FORCE", "1") // colour even though the output is not a terminal

	useRendererFor(io.Discard) // what Run does with Options.Out
	if n := colourSequences(driftAndErrorFrames(t)); n == 0 {
		t.Fatal("no colour even with CLICOLOR_FORCE: this test could not see a NO_COLOR failure")
	}

	t.Setenv("NO_COLOR", "1")
	useRendererFor(io.Discard)
	if n := colourSequences(driftAndErrorFrames(t)); n != 0 {
		t.Errorf("%d colour sequences with NO_COLOR set", n)
	}
}

// 80×24, then a resize to 60×20 in the middle of the flow: every frame fits (frameChecker),
// the side panel gives way to the one-line header, and the flow goes on.
func TestSmallTerminalAndResizeMidFlow(t *testing.T) {
	w := newFakeWorld(t)
	d := drive(t, New(w.opts), 80, 24)
	connectAndSettings(d, "tok", "sec")
	d.waitFor("What will be written to Okta")
	d.resize(60, 20)
	d.waitFor("Step 2 of 3")
	d.press('a')
	d.waitFor("Okta writes: 1")
	d.resize(120, 40)
	d.enter()
	d.waitFor("Steps", "✓ Identity provider") // the panel is back
	d.waitFor("idme_uuid (string)")           // the plan: a key pressed while checking is dropped
	d.press('a')
	d.waitFor("2 attributes added")
	d.enter()
	d.waitFor("Summary")
	d.resize(40, 12)
	d.enter()
	m := d.final()
	if !m.Finished() {
		t.Error("the run did not finish")
	}
	if d.frames.frames < 10 {
		t.Errorf("only %d frames were checked", d.frames.frames)
	}
}

// The frame itself, synchronously: at many sizes every screen kind fits.
func TestEveryScreenFitsAtManySizes(t *testing.T) {
	w := newFakeWorld(t)
	m := newModel(t.Context(), w.opts)
	st := &fakeStep{id: "x", title: strings.Repeat("A very long step title ", 5)}
	long := steps.Report{Status: steps.StatusDrifted, Detail: strings.Repeat("detail ", 40), Changes: []steps.Change{{
		Action: "replace", Object: strings.Repeat("object", 30), Overwrite: true,
		Details: []string{"url: https://" + strings.Repeat("x", 200) + ".example.com"}}}}
	screens := map[string]screen{
		"welcome":  newWelcomeScreen(m.sess, flow.Page{}),
		"connect":  newConnectScreen(m.sess, flow.Page{}),
		"settings": newIDmeScreen(m.sess, flow.Page{}),
		"mappings": newTableScreen(m.sess, pageOf(t, steps.ProfileMappings())),
		"summary":  newSummaryScreen(m.sess, flow.Page{}),
		"damaged":  newDamagedScreen(m.sess, flow.Page{Err: &steps.CorruptProgressError{Path: "/" + strings.Repeat("d/", 60) + "p.json", Err: io.ErrUnexpectedEOF}}),
	}
	plan := newStepScreen(m.sess, pageOf(t, st))
	plan.do(plan.task.Checked(long, nil))
	screens["plan"] = plan
	for name, s := range screens {
		for _, size := range [][2]int{{80, 24}, {60, 20}, {100, 30}, {40, 12}, {200, 50}} {
			m.screen = s
			m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			for _, p := range frameProblems(m.View(), size[0], size[1]) {
				t.Errorf("%s at %dx%d: %s", name, size[0], size[1], p)
			}
		}
	}
}
