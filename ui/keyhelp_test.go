package ui

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// Key help is one key map per screen (keyMap): the footer's keys are all in ?'s list (f1 on a
// form, where ? is typed), and every key the footer shows does something there. The screens
// are the real program's, reached with keystrokes.

// frame is the last frame drawn, once the program has taken every key sent and nothing has
// changed for a moment (a screen settled). The moment is counted in polls as well as in
// time: after the whole process was paused (a loaded machine), the time is up at the first
// poll, before the program had a chance to draw.
func (d *driver) frame() string {
	d.t.Helper()
	d.keysTaken()
	last, since, still := "", time.Now(), 0
	deadline := time.Now().Add(waitTimeout)
	for time.Now().Before(deadline) {
		cur := d.lastFrame()
		if cur != last {
			last, since, still = cur, time.Now(), 0
		} else if still++; still >= 5 && time.Since(since) > 150*time.Millisecond {
			return cur
		}
		time.Sleep(20 * time.Millisecond)
	}
	return last
}

// changed waits for a frame other than before, or for the wizard to quit, once the program
// has taken the keys sent: the key's own change is then drawn, and what it started (a check,
// a copy) has a few seconds more.
func (d *driver) changed(before string) bool {
	d.t.Helper()
	d.keysTaken()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		d.frames.mu.Lock()
		cur, ended := d.frames.last, d.frames.ended
		d.frames.mu.Unlock()
		if ended || cur != before {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

// footerKeys are the footer's keys and what it says they do: its last line, "key desc • …".
func footerKeys(frame string) [][2]string {
	lines := strings.Split(strings.TrimRight(frame, "\n "), "\n")
	var keys [][2]string
	for _, item := range strings.Split(strings.TrimSpace(lines[len(lines)-1]), " • ") {
		k, desc, _ := strings.Cut(strings.TrimSpace(item), " ")
		keys = append(keys, [2]string{k, strings.TrimSpace(desc)})
	}
	return keys
}

// helpRegion is the part of a frame under the last blank line: the footer.
func helpRegion(frame string) string {
	lines := strings.Split(strings.TrimRight(frame, "\n "), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.TrimSpace(lines[i]) == "" {
			return strings.Join(lines[i+1:], "\n")
		}
	}
	return frame
}

// assertHelpListsFooter opens the full help on the screen shown, checks that every key of
// the footer is in it with the same words, and closes it again. It returns the footer's keys.
func assertHelpListsFooter(t *testing.T, d *driver, screen string) [][2]string {
	t.Helper()
	before := d.frame()
	keys := footerKeys(before)
	helpKey := "?"
	for _, k := range keys {
		if k[0] == "f1" {
			helpKey = "f1"
		}
	}
	if !strings.Contains(before, helpKey+" more keys") {
		t.Errorf("%s: the footer does not say how to see every key: %q", screen, keys)
	}
	pressKey(d, helpKey)
	if !d.changed(before) {
		t.Fatalf("%s: %s did nothing", screen, helpKey)
	}
	full := helpRegion(d.frame())
	for _, k := range keys {
		re := regexp.MustCompile(regexp.QuoteMeta(k[0]) + `\s+` + regexp.QuoteMeta(k[1]))
		if !re.MatchString(full) {
			t.Errorf("%s: the footer shows %q but %s does not list it:\n%s", screen, k[0]+" "+k[1], helpKey, full)
		}
	}
	opened := d.frame()
	pressKey(d, helpKey)
	if !d.changed(opened) {
		t.Errorf("%s: %s again did not close the list", screen, helpKey)
	}
	d.frame()
	return keys
}

// namedKeys are the keys the footer names by more than their rune; "←/→" and "↑/↓" press
// the first (keyProbes presses both).
var namedKeys = map[string]tea.KeyType{
	"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
	"ctrl+c": tea.KeyCtrlC, "f1": tea.KeyF1, "pgup": tea.KeyPgUp, "pgdn": tea.KeyPgDown,
	"←/→": tea.KeyLeft, "←": tea.KeyLeft, "→": tea.KeyRight, "↑/↓": tea.KeyUp, "↑": tea.KeyUp, "↓": tea.KeyDown,
}

// pressKey sends a key as the footer names it.
func pressKey(d *driver, name string) {
	if k, ok := namedKeys[name]; ok {
		d.key(k)
		return
	}
	if r := []rune(name); len(r) == 1 {
		d.press(r[0])
		return
	}
	d.t.Fatalf("the footer names a key the test cannot press: %q", name)
}

// keyProbes are the keys pressed before a moving key, so that it has somewhere to move
// (← at the first button, shift+tab on the first field, pgup at the top stay put by design).
var keyProbes = map[string][]string{
	"←/→":       {"→", "←"},
	"↑/↓":       {"↓", "↑"},
	"shift+tab": {"tab", "shift+tab"},
	"pgup":      {"pgdn", "pgup"},
}

// keyScreen is a screen of the fake world's wizard, reached with keys from the start.
type keyScreen struct {
	name  string
	world func(*fakeWorld) // what the world needs for the screen, before the run
	reach func(*driver)
}

func keyScreens(t *testing.T) []keyScreen {
	welcome := func(d *driver) { d.waitFor("Nothing is written to your Okta org before you confirm it") }
	connect := func(d *driver) { welcome(d); d.enter(); d.waitFocus("Okta org URL") }
	idme := func(d *driver) {
		welcome(d)
		d.enter()
		connectKeys(d, "dev-123.okta.com", "tok-k")
		d.waitFocus("ID.me environment")
	}
	plan := func(d *driver) { connectAndSettings(d, "tok-k", "sec-k"); d.waitFor("Apply (a)") }
	return []keyScreen{
		{name: "welcome", reach: welcome},
		{name: "connect form", reach: connect},
		{name: "ID.me settings form", reach: idme},
		{name: "a step's plan", reach: plan},
		{name: "a step's failure", world: func(w *fakeWorld) { w.idp.applyErr = errors.New("refused") },
			reach: func(d *driver) { plan(d); d.press('a'); d.waitFor("Edit ID.me settings (e)") }},
		{name: "a step's result", reach: func(d *driver) { plan(d); d.press('a'); d.waitFor("identity provider created") }},
		{name: "the summary", reach: func(d *driver) {
			plan(d)
			d.press('s')
			d.waitFor("2 attributes missing", "Apply (a)")
			d.press('s')
			d.waitFor("Summary")
		}},
		{name: "resume", world: func(w *fakeWorld) { writeProgress(t, w.opts.Setup.StatePath, nil) },
			reach: func(d *driver) { d.waitFor("Resume where I left off") }},
		{name: "damaged progress", world: func(w *fakeWorld) {
			if err := os.WriteFile(w.opts.Setup.StatePath, []byte("{not json"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, reach: func(d *driver) { d.waitFor("Start over") }},
	}
}

// Every screen kind of the fake world's run: the footer's keys are all in the full help, and
// each one does something (a fresh run per key: the screen is reached, the key pressed, and
// the frame changes or the wizard quits).
func TestKeyHelpIsCompleteAndTrue(t *testing.T) {
	for _, sc := range keyScreens(t) {
		t.Run(sc.name, func(t *testing.T) {
			start := func() *driver {
				w := newFakeWorld(t)
				if sc.world != nil {
					sc.world(w)
				}
				d := drive(t, New(w.opts), 100, 30)
				sc.reach(d)
				return d
			}
			assertEveryFooterKeyActs(t, sc.name, start)
		})
	}
}

// assertEveryFooterKeyActs checks the screen start reaches: its footer's keys are in the full
// help, and each one acts, pressed in a run of its own (the frame changes, or the wizard
// quits).
func assertEveryFooterKeyActs(t *testing.T, screen string, start func() *driver) {
	t.Helper()
	d := start()
	keys := assertHelpListsFooter(t, d, screen)
	ctrlC(d)
	d.final()
	for _, k := range keys {
		d := start()
		d.frame()
		presses := keyProbes[k[0]]
		if presses == nil {
			presses = []string{k[0]}
		}
		did := false
		for _, p := range presses {
			before := d.frame()
			pressKey(d, p)
			did = d.changed(before)
		}
		if !did {
			t.Errorf("%s: the footer shows %q, which did nothing", screen, k[0]+" "+k[1])
		}
		ctrlC(d)
		d.final()
	}
}

// The test sign-in's screens, where issue 12 found a key that did nothing: the ways to test
// and Option 1 in the demo, each footer key pressed in a run of its own.
func TestKeyHelpIsTrueOnTheTestSignIn(t *testing.T) {
	toWays := func(t *testing.T) *driver {
		w := startSimWorld(t)
		d := drive(t, New(w.demoOptions(t)), 100, 30, w.org.AdminToken(), canaryClientSecret)
		walkDemo(d, true) // Option 1 needs the routing rule live
		d.waitFor("Test the integration", "Sign in on the Okta page yourself (o)")
		return d
	}
	t.Run("the ways to test", func(t *testing.T) {
		assertEveryFooterKeyActs(t, "the ways to test", func() *driver { return toWays(t) })
	})
	t.Run("Option 1", func(t *testing.T) {
		assertEveryFooterKeyActs(t, "Option 1", func() *driver {
			d := toWays(t)
			d.press('o')
			d.waitFor("I have signed in: check")
			return d
		})
	})
}

// The demo's screens beyond the fake world's (the mapping table, the handoff sheet, each
// step's plan, the routing rule's go-live question, the ways to test, Option 1 and its
// result, the live test's result, the summary), at 100x30 and 80x24: every footer key is in
// the full help.
func TestKeyHelpListsTheFooterOnEveryDemoScreen(t *testing.T) {
	for _, size := range [][2]int{{100, 30}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			w := startSimWorld(t)
			d := drive(t, New(w.demoOptions(t)), size[0], size[1], w.org.AdminToken(), canaryClientSecret)
			walkDemoVisiting(d, true, func(screen string) { assertHelpListsFooter(t, d, screen) })
			d.waitFor("Test the integration", "Sign in on the Okta page yourself (o)")
			assertHelpListsFooter(t, d, "the ways to test")
			d.press('o')
			d.waitFor("I have signed in: check")
			assertHelpListsFooter(t, d, "Option 1")
			d.enter()
			d.waitFor("No sign-in through ID.me found since", "Other ways to test (b)")
			assertHelpListsFooter(t, d, "Option 1's result")
			d.press('b')
			d.waitFor("Test the integration")
			d.press('d')
			d.waitFor("✓ PASS", "Continue")
			assertHelpListsFooter(t, d, "the live test's result")
			d.enter()
			d.waitFor("Summary")
			assertHelpListsFooter(t, d, "the summary")
			d.enter()
			d.final()
		})
	}
}

// The day-two menu and a job (doctor's findings, remove's plan before its yes): every footer
// key is in the full help.
func TestKeyHelpListsTheFooterOnTheDayTwoScreens(t *testing.T) {
	w := startSimWorld(t)
	w.setUp(t)
	d := drive(t, New(w.optionsFromProgress(t)), 100, 30, w.org.AdminToken())
	w.toManage(t, d)
	assertHelpListsFooter(t, d, "the day-two menu")
	d.press('d')
	d.waitFor("Doctor", "Back to the menu")
	assertHelpListsFooter(t, d, "doctor's findings")
	d.press('b')
	d.waitFor("Sign in with ID.me is set up here")
	d.press('x')
	d.waitFor("What will be removed from Okta, in this order:")
	assertHelpListsFooter(t, d, "remove's plan")
	d.press('q')
	d.final()
}
