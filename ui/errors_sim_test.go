package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// connectWith goes from the welcome screen to the connect screen's verdict with token.
func (w *simWorld) connectWith(d *driver, token string) {
	d.waitFor("Nothing is written")
	d.enter()
	w.connect(d, token)
}

func TestConnectRejectedTokenShowsOktaAnswerAndWritesNothing(t *testing.T) {
	w := startSimWorld(t)
	const bad = "canary-not-a-token-0c91"
	d := drive(t, New(w.options(t)), 80, 24, bad)
	w.connectWith(d, bad)
	d.waitFor("did not accept the API token", "E0000011", "What to do:", "Nothing was written to Okta", "Retry", "Edit")

	// Edit: a fresh form, the org URL kept; a good token then gets through.
	d.press('e')
	connectKeys(d, "", w.org.AdminToken())
	d.waitFocus("ID.me environment")
	ctrlC(d)
	if m := d.final(); !m.Aborted() {
		t.Error("ctrl+c did not abort")
	}
	if n := w.writes(); n != 0 {
		t.Errorf("%d writes, want none", n)
	}
	noSecretsIn(t, "the screen", d.text(), bad)
}

func TestConnectReadOnlyAdminIsStoppedBeforeAnyWrite(t *testing.T) {
	w := startSimWorld(t)
	d := drive(t, New(w.options(t)), 80, 24, w.org.ReadOnlyToken())
	w.connectWith(d, w.org.ReadOnlyToken())
	d.waitFor("Read-Only Administrator", "Nothing was written to Okta", "Retry")
	// Retrying asks Okta again (the frame may not change: same answer, same text).
	asked := len(w.org.Requests())
	d.press('r')
	waitUntil(t, func() bool { return len(w.org.Requests()) > asked })
	ctrlC(d)
	m := d.final()
	if cs, ok := m.screen.(*connectScreen); !ok || cs.phase == connectAsking {
		t.Errorf("after retrying, the screen is %T, want the connect screen still refusing", m.screen)
	}
	if n := w.writes(); n != 0 {
		t.Errorf("%d writes, want none", n)
	}
	if _, err := os.Stat(w.statePath); err == nil {
		t.Error("a run that never connected saved a progress file")
	}
}

func TestCorruptProgressFileSaysSoAndStartOverWorks(t *testing.T) {
	w := startSimWorld(t)
	if err := os.MkdirAll(filepath.Dir(w.statePath), 0o700); err != nil {
		t.Fatal(err)
	}
	const garbage = `{"version":1,"org_url":"http://127.0.0.1:1","answ`
	if err := os.WriteFile(w.statePath, []byte(garbage), 0o600); err != nil {
		t.Fatal(err)
	}
	d := drive(t, New(w.options(t)), 80, 24)
	d.waitFor("The saved progress cannot be read", "File:", "Problem:", "Start over")
	d.press('n')
	w.connect(d, w.org.AdminToken())
	d.waitFocus("ID.me environment")
	ctrlC(d)
	if m := d.final(); !m.Aborted() {
		t.Fatal("not aborted")
	}

	baks, _ := filepath.Glob(w.statePath + ".*.bak")
	if len(baks) != 1 {
		t.Fatalf("backups: %v, want the damaged file set aside once", baks)
	}
	if b, _ := os.ReadFile(baks[0]); string(b) != garbage {
		t.Error("the set-aside copy is not the damaged file")
	}
	b, err := os.ReadFile(w.statePath)
	if err != nil || !strings.Contains(string(b), `"org_url": "`+w.org.URL()) {
		t.Errorf("after start over and connect, the progress file is %q (%v)", b, err)
	}
}

func TestCorruptProgressFileIsLeftAloneOnQuit(t *testing.T) {
	w := startSimWorld(t)
	if err := os.MkdirAll(filepath.Dir(w.statePath), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(w.statePath, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	d := drive(t, New(w.options(t)), 80, 24)
	d.waitFor("The saved progress cannot be read")
	d.press('q')
	d.final()
	if b, _ := os.ReadFile(w.statePath); string(b) != "hello" {
		t.Errorf("quitting changed the damaged file to %q", b)
	}
}
