package ui

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/steps/signin"
)

const copySecret = "canary-copy-secret-41"

// handoffWorld is the fake world with the real handoff step after the identity provider, whose
// progress file sits where XDG puts it: deep in a hidden directory, under a long org name.
func handoffWorld(t *testing.T) *fakeWorld {
	w := newFakeWorld(t)
	w.opts.Steps = []steps.Step{w.connect, w.idp, steps.HandoffStep()}
	w.opts.Setup.StatePath = filepath.Join(t.TempDir(), ".local", "state", "idme-okta", "dev-12345678.okta-emea.com.json")
	w.opts.Setup.Record(func(o *steps.Objects) {
		o.IdPID, o.RedirectURI = "0oa9z8y7x6W5v4U3t2s1", "https://dev-12345678.okta-emea.com/oauth2/v1/authorize/callback"
	})
	return w
}

// The handoff sheet at 100×30, 80×24 and 60×20: on the full width (the side panel folds into
// the header), its lines as in the file (never re-wrapped inside a word), the saved path on
// lines of its own broken only after a separator; c copies again and says so; w saves a copy in
// the current directory (mode 0600, no secret in it).
func TestHandoffSheetIsCopyFriendly(t *testing.T) {
	for _, size := range [][2]int{{100, 30}, {80, 24}, {60, 20}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			t.Chdir(t.TempDir())
			w := handoffWorld(t)
			d := drive(t, New(w.opts), 80, 24, copySecret)
			connectAndSettings(d, "tok", copySecret)
			d.waitFor("What will be written")
			d.press('a')
			d.waitFor("identity provider created")
			d.resize(size[0], size[1])
			d.enter()
			// Every name of the path whole, the sheet's lines as they are.
			d.waitFor("Step 3 of 3 · Handoff sheet", "Saved to this file:", ".local/", "idme-okta/", "dev-12345678.okta-emea.com-handoff.md", "Sent to your terminal")
			file := w.opts.Setup.HandoffFile()
			if size[0] >= 80 {
				scrollUntil(d, "\n    https://dev-12345678.okta-emea.com/oauth2/v1/authorize/callback")
			} else { // broken after a slash, the piece under the indent
				scrollUntil(d, "\n    https://dev-12345678.okta-emea.com/oauth2/v1/authorize/")
				scrollUntil(d, "\n    callback")
			}
			if size[0] >= 80 {
				scrollUntil(d, "\n  - Sign the ID token (RS256) and do NOT encrypt it: Okta cannot decrypt an")
				scrollUntil(d, "\n    encrypted ID token from an identity provider.")
			} else {
				// Each line of the file wraps on its own, between words, under its own text.
				scrollUntil(d, "\n  - Sign the ID token (RS256) and do NOT encrypt it: Okta")
				scrollUntil(d, "\n    cannot decrypt an")
				scrollUntil(d, "\n    encrypted ID token from an identity provider.")
			}
			d.press('c')
			d.waitFor("Copy 2: Sent to your terminal")
			d.press('w')
			d.waitFor("A copy is in the current directory:", "./dev-12345678.okta-emea.com-handoff.md")
			ctrlC(d)
			d.final()

			text := d.text()
			if strings.Contains(text, "│ ID.me handoff sheet") || strings.Contains(text, "Steps                       │  Handoff") {
				t.Errorf("the sheet is drawn beside the panel or behind a prefix")
			}
			for _, l := range strings.Split(text, "\n") {
				if strings.HasSuffix(strings.TrimRight(l, " "), "-") {
					t.Errorf("a line ends with a hyphen (a word broken): %q", l)
				}
			}
			here, err := os.Stat("dev-12345678.okta-emea.com-handoff.md")
			if err != nil {
				t.Fatal(err)
			}
			if here.Mode().Perm() != 0o600 {
				t.Errorf("the copy has mode %v, want 0600", here.Mode().Perm())
			}
			got, _ := os.ReadFile("dev-12345678.okta-emea.com-handoff.md")
			want, _ := os.ReadFile(file)
			if !bytes.Equal(got, want) || bytes.Contains(got, []byte(copySecret)) || !bytes.Contains(got, []byte("oauth2/v1/authorize/callback")) {
				t.Errorf("the copy differs from the saved sheet or holds the secret:\n%s", got)
			}
		})
	}
}

// scrollUntil pages down until the screen shows sub, one page at a time: the next key only
// once the program has taken the last and its frame is looked at. (It read the text sent to
// the terminal after the last wait, pressing pgdn every 50 ms: on a loaded machine keys are
// taken in bursts, and a page between two frames the renderer flushes is never drawn; a line
// already on the first page was only found when a scroll happened to draw it again.)
func scrollUntil(d *driver, sub string) {
	d.t.Helper()
	for range 12 {
		if strings.Contains(d.lastFrame(), sub) {
			return
		}
		d.key(tea.KeyPgDown)
		d.keysTaken()
	}
	d.t.Fatalf("no page shows %q; the last:\n%s", sub, d.lastFrame())
}

// A file of the copy's name that is not a handoff sheet is left alone, and the screen says so.
func TestHandoffCopyLeavesAnotherFileAlone(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("dev-12345678.okta-emea.com-handoff.md", []byte("my notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w := handoffWorld(t)
	d := drive(t, New(w.opts), 100, 30)
	connectAndSettings(d, "tok", copySecret)
	d.waitFor("What will be written")
	d.press('a')
	d.waitFor("identity provider created")
	d.enter()
	d.waitFor("Saved to this file:")
	d.press('w')
	d.waitFor("No copy saved here:", "is not a handoff sheet")
	ctrlC(d)
	d.final()
	if b, _ := os.ReadFile("dev-12345678.okta-emea.com-handoff.md"); string(b) != "my notes\n" {
		t.Errorf("the admin's file was overwritten: %q", b)
	}
}

// The accessible mode offers the same: copy again (a line each time) and a copy here.
func TestAccessibleHandoffCopyAndSaveHere(t *testing.T) {
	t.Chdir(t.TempDir())
	w := handoffWorld(t)
	var out bytes.Buffer
	w.opts.Accessible, w.opts.Out = true, &out
	w.opts.In = lines(
		"dev-1.okta.com", "", "canary-copy-token", // connect
		"", "client-1", copySecret, "teacher", "", // ID.me settings
		"",  // apply the identity provider
		"2", // copy again
		"3", // save a copy here
		"1", // continue
	)
	if err := Run(t.Context(), w.opts); err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	text := out.String()
	if n := strings.Count(text, "Sent to your terminal's clipboard"); n != 2 {
		t.Errorf("copied %d times, want 2:\n%s", n, text)
	}
	if !strings.Contains(text, "A copy is in the current directory: ./dev-12345678.okta-emea.com-handoff.md") || strings.Contains(text, copySecret) {
		t.Errorf("output:\n%s", text)
	}
	if _, err := os.Stat("dev-12345678.okta-emea.com-handoff.md"); err != nil {
		t.Error(err)
	}
}

// While the authorize URL is shown the side panel folds away: the URL has the whole width, on
// lines of its own broken only after ? or &, and nothing else on them.
func TestAuthorizeURLOnTheFullWidth(t *testing.T) {
	w := newFakeWorld(t)
	w.opts.Steps = append(w.opts.Steps, steps.TestApp())
	m := newModel(t.Context(), w.opts)
	m.sess.setup().Record(func(o *steps.Objects) { o.IdPID, o.TestAppID, o.TestAppClientID = "0oa9", "0oaAPP", "0oab1" })
	s := newSignInLiveScreen(m.sess, flow.Page{Way: flow.WayOwn, Response: signin.FlowCode})
	s.phase, s.url, s.left = liveWaiting, longAuthorizeURL, 272*time.Second
	for _, size := range [][2]int{{100, 30}, {80, 24}, {60, 20}} {
		m.screen, m.scroll = s, 0
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		view := ansi.Strip(m.View())
		if strings.Contains(view, "│") {
			t.Errorf("%dx%d: the side panel is drawn beside the URL:\n%s", size[0], size[1], view)
		}
		var url []string
		for _, l := range strings.Split(view, "\n") {
			l = strings.TrimRight(l, " ")
			if strings.HasPrefix(l, "https://") || len(url) > 0 && l != "" && !strings.Contains(l, " ") {
				url = append(url, l)
			} else if len(url) > 0 {
				break
			}
		}
		if strings.Join(url, "") != longAuthorizeURL {
			t.Fatalf("%dx%d: the URL lines %q", size[0], size[1], url)
		}
		if size[0] == 100 && len(url) > 5 { // beside the panel it took 6
			t.Errorf("100 columns: the URL takes %d lines", len(url))
		}
		for _, l := range url[:len(url)-1] {
			if !strings.HasSuffix(l, "&") && !strings.HasSuffix(l, "?") {
				t.Errorf("%dx%d: a URL line breaks inside a parameter: %q", size[0], size[1], l)
			}
		}
	}
	// Once the result is in, the panel comes back.
	s.phase, s.res, s.menu = liveResult, passingResult(), newChoice(flow.LiveResultMenu(true))
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	if !strings.Contains(ansi.Strip(m.View()), "│") {
		t.Error("the side panel stays folded after the test")
	}
}
