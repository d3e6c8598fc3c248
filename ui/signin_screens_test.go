package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/steps/signin"
)

// The test sign-in screens in every phase, drawn synchronously at many sizes: nothing wider
// or taller than the terminal, and the authorize URL, however narrow the screen, is on lines
// of its own that join back into exactly the URL.

const longAuthorizeURL = "https://dev-12345678.okta.com/oauth2/v1/authorize?client_id=0oab1c2d3e4F5g6H7i8j&code_challenge=SnGShqbZFszUlN-GjKLaUaZmF5s-3IghgXnBXJS92N0&code_challenge_method=S256&idp=0oa9z8y7x6W5v4U3t2s1&nonce=KDBI3QNGPJG5RBIAM7S3JRF4LL&redirect_uri=http%3A%2F%2F127.0.0.1%3A53682%2Fcallback&response_type=code&scope=openid%20profile%20email&state=CD4XQJUMTX2XURWUHTPEXUL2EY"

func passingResult() *signin.Result {
	return &signin.Result{
		Pass: true,
		Claims: map[string]any{"iss": "https://dev-12345678.okta.com", "aud": "0oab1c2d3e4F5g6H7i8j", "sub": "00u1",
			"email": "jane.veteran@example.com", "idp": "0oa9z8y7x6W5v4U3t2s1", "amr": []any{"fed"}},
		User:  map[string]any{"login": "jane.veteran@example.com", "idme_uuid": "5f0c8e3a9b1d4c7e8a2f6b0d3e9c1a74", "firstName": "JANE", "streetAddress": strings.Repeat("145 N Hayden Bay Dr ", 8)},
		Notes: []string{"middleName is empty (optional: many people have none)."},
	}
}

func failingResult() *signin.Result {
	return &signin.Result{
		Problems: []signin.Problem{
			{Code: signin.CodeInvalidScope, Message: "Okta reported invalid_scope: " + strings.Repeat("the scope is not allowed ", 6), Hint: "ID.me accepts only the scope \"openid <policy handle>\": run idme-okta apply."},
			{Code: signin.CodeTimeout, Message: "Nobody came back.", Hint: "Open " + longAuthorizeURL},
		},
		Events: []okta.LogEvent{{EventType: "user.authentication.auth_via_IDP", DisplayMessage: "Authenticate user via IDP", OutcomeResult: "FAILURE", OutcomeReason: strings.Repeat("invalid_scope ", 12), Published: time.Now()}},
	}
}

func TestSignInScreensFitAtManySizes(t *testing.T) {
	w := newFakeWorld(t)
	w.opts.Steps = append(w.opts.Steps, steps.TestApp())
	w.opts.DemoBrowser = demoBrowser
	m := newModel(t.Context(), w.opts)
	m.sess.setup().Answers.OrgURL = "https://dev-12345678.okta.com"
	m.sess.setup().Record(func(o *steps.Objects) {
		o.IdPID, o.TestAppID, o.TestAppClientID = "0oa9z8y7x6W5v4U3t2s1", "0oaAPP", "0oab1c2d3e4F5g6H7i8j"
	})

	live := func(phase livePhase, res *signin.Result, err error) *signInLiveScreen {
		s := newSignInLiveScreen(m.sess, flow.Page{Way: flow.WayOwn, Response: signin.FlowCode})
		s.phase, s.url, s.left, s.res, s.err = phase, longAuthorizeURL, 272*time.Second, res, err
		if res != nil || err != nil {
			s.menu = newChoice(flow.LiveResultMenu(false))
		}
		return s
	}
	found := newSignInPortalScreen(m.sess, flow.Page{})
	found.phase, found.check = portalChecked, &signin.PortalCheck{SignedIn: true, At: time.Now(), UserID: "00u1", Login: "jane.veteran@example.com", Name: "Jane Veteran", Created: true, User: passingResult().User}
	notFound := newSignInPortalScreen(m.sess, flow.Page{})
	notFound.phase, notFound.check = portalChecked, &signin.PortalCheck{Problems: failingResult().Problems}
	screens := map[string]screen{
		"choice":           newSignInChoiceScreen(m.sess, flow.Page{}),
		"waiting":          live(liveWaiting, nil, nil),
		"pass":             live(liveResult, passingResult(), nil),
		"fail":             live(liveResult, failingResult(), nil),
		"could not run":    live(liveFailed, nil, &okta.APIError{Op: "get app", Status: 404, Code: "E0000007", Summary: "Not found"}),
		"portal":           newSignInPortalScreen(m.sess, flow.Page{}),
		"portal found":     found,
		"portal not found": notFound,
	}
	for name, s := range screens {
		for _, size := range [][2]int{{80, 24}, {60, 20}, {100, 30}, {40, 12}, {200, 50}} {
			m.screen, m.scroll = s, 0
			m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			for _, p := range frameProblems(m.View(), size[0], size[1]) {
				t.Errorf("%s at %dx%d: %s", name, size[0], size[1], p)
			}
			// The frame cuts what overflows; the screen must not rely on it (a cut URL or
			// hint loses its end).
			w, _ := m.contentSize()
			for _, l := range strings.Split(s.body(w)+"\n"+s.actions(w), "\n") {
				if ansi.StringWidth(l) > w {
					t.Errorf("%s at %dx%d: a %d-cell line in a %d-cell content area: %q", name, size[0], size[1], ansi.StringWidth(l), w, ansi.Strip(l))
				}
			}
		}
	}

	for _, width := range []int{30, 57, 80, 400} {
		body := ansi.Strip(live(liveWaiting, nil, nil).body(width))
		got := shownURL(body)
		if strings.Join(got, "") != longAuthorizeURL {
			t.Errorf("at width %d the URL lines join into %q", width, strings.Join(got, ""))
		}
		// Broken after ? or & only (a parameter is never split) unless it alone is wider.
		for _, l := range got[:len(got)-1] {
			if !strings.HasSuffix(l, "&") && !strings.HasSuffix(l, "?") && len(l) != width {
				t.Errorf("at width %d a URL line breaks mid-parameter: %q", width, l)
			}
		}
	}
}

// shownURL are the lines from the one starting with https:// up to the next blank line.
func shownURL(body string) []string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		switch {
		case strings.HasPrefix(l, "https://"):
			out = append(out, l)
		case len(out) > 0 && strings.TrimSpace(l) == "":
			return out
		case len(out) > 0:
			out = append(out, l)
		}
	}
	return out
}

// The choice follows what Okta has: nothing to test without the identity provider, only
// Option 1 without the test app, and the demo's walker first when there is one.
func TestSignInChoiceFollowsWhatExists(t *testing.T) {
	w := newFakeWorld(t)
	m := newModel(t.Context(), w.opts)
	labels := func(s *signInChoiceScreen) []string {
		var out []string
		for _, o := range s.menu.options {
			out = append(out, o.Label)
		}
		return out
	}
	cases := []struct {
		name  string
		known steps.Objects
		demo  bool
		want  []string
	}{
		{"no IdP", steps.Objects{}, false, []string{"Continue to the summary"}},
		{"no test app", steps.Objects{IdPID: "0oaI"}, false, []string{"Sign in on the Okta page yourself", "Skip for now"}},
		{"all", steps.Objects{IdPID: "0oaI", TestAppClientID: "0oaC"}, false, []string{"Run a test sign-in (verified end to end)", "Sign in on the Okta page yourself", "Skip for now"}},
		{"demo", steps.Objects{IdPID: "0oaI", TestAppClientID: "0oaC"}, true, []string{"Let idme-okta click through the simulated pages", "Run a test sign-in (verified end to end)", "Sign in on the Okta page yourself", "Skip for now"}},
	}
	for _, tc := range cases {
		m.sess.setup().Record(func(o *steps.Objects) { *o = tc.known })
		m.sess.opts.DemoBrowser = nil
		if tc.demo {
			m.sess.opts.DemoBrowser = demoBrowser
		}
		s := newSignInChoiceScreen(m.sess, flow.Page{})
		if got := labels(s); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: options %q, want %q", tc.name, got, tc.want)
		}
		if s.menu.focus != 0 {
			t.Errorf("%s: the focus is on option %d, want the first", tc.name, s.menu.focus)
		}
	}
}

// esc before the URL arrived: the screen still waits for the run to end (the listener to
// close) and only then goes back to the choice.
func TestEscBeforeTheURLWaitsForTheRunToEnd(t *testing.T) {
	w := newFakeWorld(t)
	m := newModel(t.Context(), w.opts)
	s := newSignInLiveScreen(m.sess, flow.Page{Way: flow.WayOwn, Response: signin.FlowCode})
	run := &liveRun{ticket: m.sess.ticket(), cancel: func() {}, events: make(chan tea.Msg, 3), shown: make(chan struct{})}
	s.run = run
	s.update(tea.KeyMsg{Type: tea.KeyEsc})
	if s.phase != liveStopping {
		t.Fatalf("phase after esc = %d, want stopping", s.phase)
	}
	cmd := s.update(signInURLMsg{ticket: run.ticket, url: longAuthorizeURL})
	if cmd == nil {
		t.Fatal("the URL that came after esc ended the screen's wait: the run's end would never be read")
	}
	run.events <- signInResultMsg{ticket: run.ticket, err: context.Canceled}
	res := cmd()
	if _, ok := res.(signInResultMsg); !ok {
		t.Fatalf("the next message is %T, want the run's result", res)
	}
	back := s.update(res)
	if back == nil {
		t.Fatal("no way back after the run ended")
	}
	msg := back()
	if fm, ok := msg.(finishedMsg); !ok || fm.from != screen(s) {
		t.Fatalf("after the run ended the screen sent %T, want its finish", msg)
	} else if _, ok := fm.event.(flow.SignInBack); !ok {
		t.Errorf("the screen finished with %T, want back to the choice", fm.event)
	}
}
