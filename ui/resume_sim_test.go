package ui

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
)

// screenScript is one screen of a run: how to know it is shown, and how to get past it.
type screenScript struct {
	name   string
	arrive func(d *driver)
	act    func(d *driver)
}

// clearAndType replaces the value of the focused input (a prefilled value from a previous
// run would otherwise be extended).
func clearAndType(d *driver, s string) {
	d.key(tea.KeyCtrlU)
	d.typeText(s)
}

// passStep gets past a step's screen whatever Okta's state: continue when the step is in
// place, apply (or confirm) it when not.
func passStep(d *driver, st steps.Step) {
	if planned(d, st) {
		d.press('a')
		d.waitFor("Okta writes:")
	}
	d.enter()
}

// planned waits until a step's screen says where the step stands: false when it is in place,
// true when it plans changes (or asks the checklist's confirmation). The texts waited for
// name the step: a row identical to the one the previous screen had there is not redrawn.
func planned(d *driver, st steps.Step) bool {
	return d.waitAny(steps.FactsOf(st).ShortTitle+" is already in place", "What will be written to Okta", "What you confirm") > 0
}

// fullRun is every screen of a run, first run or resumed, following steps.All(): steps added
// later get the generic step screen and need no change here.
func (w *simWorld) fullRun(resumed bool) []screenScript {
	step := func(id string) screenScript {
		st, _ := steps.StepByID(id)
		return screenScript{name: id, arrive: func(d *driver) { d.waitFor(st.Title()) }, act: func(d *driver) { passStep(d, st) }}
	}
	script := []screenScript{
		{name: "welcome or resume",
			arrive: func(d *driver) {
				if resumed {
					d.waitFor("You have started this before", "Resume where I left off")
				} else {
					d.waitFor("Nothing is written to your Okta org before you confirm it")
				}
			},
			act: func(d *driver) {
				if resumed {
					d.press('r')
				} else {
					d.enter()
				}
			}},
		{name: "connect",
			arrive: func(d *driver) { d.waitFocus("Okta org URL") },
			act: func(d *driver) {
				clearAndType(d, w.org.URL())
				d.enter()
				d.waitFocus("Sign in to Okta with")
				d.enter()
				d.waitFocus("API token")
				d.typeText(w.org.AdminToken())
				d.enter()
			}},
		{name: "settings",
			arrive: func(d *driver) {
				// A progress file that knows the identity provider: the day-two menu first
				// (Enter resumes the setup).
				if resumed && d.waitAny("Sign in with ID.me is set up here", "┃ ID.me environment") > 0 {
					return
				} else if resumed {
					d.enter()
				}
				d.waitFocus("ID.me environment")
			},
			act: func(d *driver) {
				d.waitFor("Custom (http://127.0.0.1:")
				d.enter()
				d.waitFocus("ID.me client ID")
				clearAndType(d, idmeClientID)
				d.enter()
				d.waitFocus("ID.me client secret")
				d.typeText(canaryClientSecret)
				d.enter()
				d.waitFocus("ID.me policy handle")
				clearAndType(d, w.handle)
				d.enter()
				d.waitFocus("Change the names")
				d.enter()
			}},
	}
	for _, st := range steps.All() {
		switch st.ID() {
		case steps.IDConnect:
		case steps.IDUserAttributes:
			// The mapping table comes before the attributes it needs.
			script = append(script, screenScript{name: "mapping table",
				arrive: func(d *driver) { d.waitFor("Okta attribute", "ID.me claim") },
				act:    func(d *driver) { d.enter() }},
				step(st.ID()))
		case steps.IDHandoff:
			script = append(script, screenScript{name: "handoff",
				arrive: func(d *driver) { d.waitFor("Handoff sheet for your ID.me Solution Consultant", "Saved to ") },
				act:    func(d *driver) { d.enter() }})
		default:
			script = append(script, step(st.ID()))
		}
	}
	script = append(script, screenScript{name: "test sign-in",
		arrive: func(d *driver) { d.waitFor("Test the integration", "Skip for now") },
		act:    func(d *driver) { d.press('s') }})
	return append(script, screenScript{name: "summary",
		arrive: func(d *driver) { d.waitFor("Summary", "Left to do") },
		act:    func(d *driver) { d.enter() }})
}

// resumedRun drives a resumed run from its first screen: resume, connect, then whatever
// stops — the day-two menu, the ID.me settings (only while the identity provider is not
// known), a step not done, the mapping table, the handoff sheet, the test, the summary. The
// steps known done pass without a stop, so which of those come cannot be listed in advance.
// It quits with ctrl+c on screen quitAt (counting from 0; -1: never) and reports whether the
// run got to the summary (where ctrl+c ends a finished run).
func (w *simWorld) resumedRun(d *driver, quitAt int) (summary bool) {
	script := w.fullRun(true)
	for i, sc := range script[:2] { // resume, connect
		sc.arrive(d)
		if i == quitAt {
			ctrlC(d)
			return false
		}
		sc.act(d)
	}
	settings := script[2].act
	for i := 2; ; i++ {
		at := d.waitAny("Sign in with ID.me is set up here", "┃ ID.me environment", "Okta attribute",
			"What will be written to Okta", "What you confirm", "is already in place",
			"Saved to ", "Skip for now", "Left to do") // a handoff sheet passed is drawn, never saved
		if i == quitAt || at == 8 {
			ctrlC(d)
			return at == 8
		}
		switch at {
		case 0, 2, 5:
			d.enter()
		case 1:
			settings(d)
		case 3, 4:
			d.press('a')
			d.waitFor("Okta writes:")
			d.enter()
		case 6:
			d.enter()
		case 7:
			d.press('s')
		}
	}
}

// assertObjects fails when the org holds a duplicate of any object the guide makes and, with
// exactlyOne, when the guide's IdP or routing rule is missing.
func (w *simWorld) assertObjects(t *testing.T, exactlyOne bool) {
	t.Helper()
	snap := w.org.Snapshot()
	count := func(list []map[string]any, name string) int {
		n := 0
		for _, o := range list {
			if o["name"] == name {
				n++
			}
		}
		return n
	}
	pairs := map[string]int{}
	for _, mp := range snap.Mappings {
		pairs[simtest.Str(mp, "source", "id")+"→"+simtest.Str(mp, "target", "id")]++
	}
	for pair, n := range pairs {
		if n > 1 {
			t.Errorf("%d mappings %s", n, pair)
		}
	}
	idps, rules := count(snap.IdPs, steps.DefaultIdPName), count(snap.Rules, steps.DefaultRuleName)
	if idps > 1 || rules > 1 || len(snap.IdPs) > 1 {
		t.Errorf("%d IdPs (%d named %q), %d rules named %q: want at most one of each", len(snap.IdPs), idps, steps.DefaultIdPName, rules, steps.DefaultRuleName)
	}
	if exactlyOne && (idps != 1 || rules != 1) {
		t.Errorf("%d IdPs and %d rules of the guide, want exactly one of each", idps, rules)
	}
}

// Quit (ctrl+c) at every screen in turn, each time starting again from the saved progress:
// resuming always gets further, nothing is ever duplicated, the secrets are never saved, and
// once finished a full run writes nothing.
func TestQuitAtEveryScreenThenResume(t *testing.T) {
	w := startSimWorld(t)
	n := len(w.fullRun(false))
	for quitAt := 0; quitAt < n; quitAt++ {
		resumed := false
		if _, err := os.Stat(w.statePath); err == nil {
			resumed = true
		}
		opts := w.options(t)
		if resumed {
			opts = w.optionsFromProgress(t)
		}
		script := w.fullRun(false)
		name := script[quitAt].name
		d := drive(t, New(opts), 100, 30, w.org.AdminToken(), canaryClientSecret)
		last := quitAt == n-1 // ctrl+c on the summary ends a finished run
		if resumed {
			name = fmt.Sprintf("screen %d of a resumed run", quitAt)
			last = w.resumedRun(d, quitAt)
		} else {
			for i, sc := range script {
				sc.arrive(d)
				if i == quitAt {
					ctrlC(d)
					break
				}
				sc.act(d)
			}
		}
		m := d.final()
		if m.Aborted() == last || m.Finished() != last {
			t.Fatalf("quit at %s: aborted=%v finished=%v", name, m.Aborted(), m.Finished())
		}
		w.assertObjects(t, false)
		noSecretsIn(t, "the screen (quit at "+name+")", d.text(), w.org.AdminToken(), canaryClientSecret)
		if b, err := os.ReadFile(w.statePath); err == nil {
			noSecretsIn(t, "the progress file", string(b), w.org.AdminToken(), canaryClientSecret)
		}
		// Before connecting nothing is learned, so nothing is saved.
		if _, err := os.Stat(w.statePath); (err == nil) != (quitAt >= 2) {
			t.Errorf("quit at %s: progress file exists = %v", name, err == nil)
		}
	}
	w.assertObjects(t, true)

	before := w.writes()
	d := drive(t, New(w.optionsFromProgress(t)), 100, 30, w.org.AdminToken(), canaryClientSecret)
	w.resumedRun(d, -1)
	if m := d.final(); !m.Finished() {
		t.Fatal("the final run did not finish")
	}
	if got := w.writes() - before; got != 0 {
		t.Errorf("a full run over a finished org made %d writes, want 0", got)
	}
	if strings.Contains(d.text(), "What will be written to Okta") {
		t.Error("the final run planned a write")
	}
}

// ctrl+c while a write is on its way: the call is cancelled, the program ends at once, and the
// next run adopts whatever reached Okta instead of creating it again.
func TestQuitWhileWritingThenResume(t *testing.T) {
	w := startSimWorld(t)
	script := w.fullRun(false)
	d := drive(t, New(w.options(t)), 100, 30, w.org.AdminToken(), canaryClientSecret)
	for _, sc := range script[:3] { // welcome, connect, settings
		sc.arrive(d)
		sc.act(d)
	}
	d.waitFor("What will be written to Okta")
	w.org.SetLatency(500 * time.Millisecond)
	d.press('a')
	d.waitFor("Writing to Okta…")
	ctrlC(d)
	if m := d.final(); !m.Aborted() {
		t.Fatal("not aborted")
	}
	w.org.SetLatency(0)
	w.assertObjects(t, false)

	d = drive(t, New(w.optionsFromProgress(t)), 100, 30, w.org.AdminToken(), canaryClientSecret)
	w.resumedRun(d, -1)
	if m := d.final(); !m.Finished() {
		t.Fatal("the resumed run did not finish")
	}
	w.assertObjects(t, true)
}
