package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim/idme"
	"github.com/idme-okta/idme-okta/okta/sim/simbrowser"
	"github.com/idme-okta/idme-okta/steps/signin"
)

// hostile is what an attacker who can write one value into Okta or ID.me (an object name, a
// claim, a callback parameter) would put there: OSC 52 (set the clipboard), OSC 0 (set the
// title), CSI 2J (clear the screen), CR LF and cursor-up (overwrite the previous line with a
// forged verdict), and a C1 CSI.
const hostile = "\x1b]52;c;cHduZWQ=\x07\x1b]0;owned\x07\x1b[2J\r\n\x1b[1APASS\u009b"

// assertInert fails when out contains anything of hostile a terminal would act on, and
// when the escaped form is not there to read (so the value was shown, not dropped).
func assertInert(t *testing.T, what, out string) {
	t.Helper()
	for _, raw := range []string{"\x1b", "\x07", "\r", "\u009b"} {
		if strings.Contains(out, raw) {
			t.Errorf("%s: a raw %q reached the terminal:\n%s", what, raw, out)
		}
	}
	if !strings.Contains(out, `\x1b]52;c;cHduZWQ=`) {
		t.Errorf("%s: the hostile value is not shown escaped:\n%s", what, out)
	}
	if strings.Contains(out, "\nPASS") {
		t.Errorf("%s: a forged PASS line:\n%s", what, out)
	}
}

// hostileIdentity is an ID.me person whose claims carry the attack. It has no ZIP code,
// which every ID.me policy releases, so a test sign-in with the guide's mapping fails
// (attribute_empty) and explains itself with the System Log, whose actor is this person.
func hostileIdentity() idme.Identity {
	return idme.Identity{
		Key:   "hostile",
		Label: "Hostile " + hostile,
		Claims: map[string]any{
			"uuid":   "7e3f1c2a9b8d4e6f8a1b2c3d4e5f6a7b",
			"fname":  "EVE" + hostile,
			"lname":  "MALLORY" + hostile,
			"email":  "eve@example.com",
			"street": "1 Main St" + hostile,
			"city":   "Portland",
			"state":  "OR",
		},
	}
}

// Values from Okta reach apply --plan and status through the steps' reports: an IdP scope
// and name, a routing rule's name and a mapping expression, each set by "someone else" in
// the org after a clean setup.
func TestOktaDataIsShownInertByApplyPlanAndStatus(t *testing.T) {
	isolate(t)
	w := newWorld(t)
	if out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--yes"); code != exitOK {
		t.Fatalf("apply: %d\n%s\n%s", code, out, errOut)
	}
	tamper(t, w)

	out, errOut, code := runCLI(t, w.env(), "apply", "--plan", "--idme-base-url", w.idme.BaseURL())
	if code != exitOK {
		t.Fatalf("apply --plan: %d\n%s\n%s", code, out, errOut)
	}
	assertInert(t, "apply --plan", out+errOut)
	for _, want := range []string{"scopes: openid nist_aal2_ial2" + `\x1b]52`, "name: Evil", "appuser.city" + `\x1b]52`} {
		if !strings.Contains(out, want) {
			t.Errorf("apply --plan does not show %q:\n%s", want, out)
		}
	}

	out, errOut, code = runCLI(t, w.env(), "status")
	if code != exitOK {
		t.Fatalf("status: %d\n%s\n%s", code, out, errOut)
	}
	assertInert(t, "status", out+errOut)
}

// tamper writes hostile values into the org the way an admin (or an attacker with an API
// token) could: the IdP's name and scope, the routing rule's name, a mapping expression.
func tamper(t *testing.T, w *world) {
	t.Helper()
	ctx := context.Background()
	c, err := okta.New(okta.Config{OrgURL: w.org.URL(), Token: w.org.AdminToken()})
	if err != nil {
		t.Fatal(err)
	}
	idps, err := c.FindIdPsByName(ctx, "ID.me IdP - OIDC")
	if err != nil || len(idps) != 1 {
		t.Fatalf("find the IdP: %v %v", idps, err)
	}
	idp := idps[0]
	idp.Name = "Evil" + hostile
	idp.Scopes = []string{"openid", "nist_aal2_ial2" + hostile}
	if _, err := c.ReplaceIdP(ctx, idp); err != nil {
		t.Fatal(err)
	}
	policy, err := c.IDPDiscoveryPolicy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := c.ListRules(ctx, policy.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		if r.Name == "ID.me IdP - Okta App Portal" {
			r.Name = "Rule" + hostile
			if _, err := c.ReplaceRule(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
	}
	userType, err := c.DefaultUserTypeID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.FindMapping(ctx, idp.ID, userType)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateMapping(ctx, m.ID, map[string]okta.MappingProperty{"city": {Expression: "appuser.city" + hostile, PushStatus: "PUSH"}}, nil); err != nil {
		t.Fatal(err)
	}
}

// test-signin prints what came back: claims and profile fields from ID.me (through Okta),
// the System Log of a failed test, and a callback's error_description. None of it may act
// on the terminal, and none may forge the verdict.
func TestSignInDataIsShownInert(t *testing.T) {
	isolate(t)
	w := newWorldWith(t, hostileIdentity())
	if out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--yes"); code != exitOK {
		t.Fatalf("apply: %d\n%s\n%s", code, out, errOut)
	}

	// A sign-in as the hostile person: it fails (no ZIP code) and shows claims, the profile
	// and the System Log.
	out, errOut, code := testSignIn(t, w, func(authorizeURL string) {
		b := simbrowser.New()
		b.Identity = "hostile"
		if _, err := b.Open(context.Background(), authorizeURL); err != nil {
			t.Errorf("browser: %v", err)
		}
	})
	if code != exitFailure || !strings.Contains(out, "FAIL") {
		t.Fatalf("test-signin as the hostile person: exit %d\n%s\n%s", code, out, errOut)
	}
	assertInert(t, "test-signin (claims, profile, System Log)", out+errOut)
	for _, want := range []string{"EVE" + `\x1b]52`, "1 Main St" + `\x1b]52`, "System Log since the test started"} {
		if !strings.Contains(out, want) {
			t.Errorf("test-signin does not show %q:\n%s", want, out)
		}
	}

	// A local page answers the callback itself, with this run's state (it can read the URL
	// from a shared browser history, say) and a hostile error_description.
	out, errOut, code = testSignIn(t, w, func(authorizeURL string) {
		u, err := url.Parse(authorizeURL)
		if err != nil {
			t.Error(err)
			return
		}
		q := u.Query()
		cb := q.Get("redirect_uri") + "?" + url.Values{"state": {q.Get("state")}, "error": {"access_denied" + hostile}, "error_description": {"denied" + hostile}}.Encode()
		resp, err := http.Get(cb)
		if err != nil {
			t.Error(err)
			return
		}
		resp.Body.Close()
	})
	if code != exitFailure {
		t.Fatalf("test-signin with a hostile callback: exit %d\n%s\n%s", code, out, errOut)
	}
	assertInert(t, "test-signin (callback error)", out+errOut)
}

// testSignIn runs test-signin --no-browser and hands the printed URL to browse.
func testSignIn(t *testing.T, w *world, browse func(authorizeURL string)) (stdout, stderr string, code int) {
	t.Helper()
	env := w.env()
	stderrR, stderrW := io.Pipe()
	var out, errOut bytes.Buffer
	c := &cli{stdin: strings.NewReader(""), stdout: &out, stderr: stderrW, getenv: func(k string) string { return env[k] }}
	done := make(chan int, 1)
	go func() {
		done <- c.main(context.Background(), []string{"test-signin", "--no-browser", "--timeout", "20s"})
		stderrW.Close()
	}()
	sc := bufio.NewScanner(stderrR)
	for sc.Scan() {
		line := sc.Text()
		errOut.WriteString(line + "\n")
		if strings.HasPrefix(line, "http") {
			browse(line)
			break
		}
	}
	rest, _ := io.ReadAll(stderrR)
	errOut.Write(rest)
	code = <-done
	return out.String(), errOut.String(), code
}

func TestSignInOutputShowsEachSystemLogTimeOnce(t *testing.T) {
	at := time.Date(2025, 3, 4, 15, 4, 5, 0, time.Local)
	var b bytes.Buffer
	printSignIn(&b, &signin.Result{Events: []okta.LogEvent{{
		Published: at, EventType: "user.authentication.auth_via_IDP", DisplayMessage: "Authenticate user via IDP",
		OutcomeResult: "FAILURE", OutcomeReason: "reason" + hostile, ActorName: "Eve" + hostile,
	}}})
	out := b.String()
	if n := strings.Count(out, "15:04:05"); n != 1 {
		t.Errorf("the event's time is shown %d times:\n%s", n, out)
	}
	assertInert(t, "System Log line", out)
}
