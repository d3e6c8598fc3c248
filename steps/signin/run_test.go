package signin

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
)

const unitClientID = "0oaTESTAPP"

// freePort returns a port nobody listens on right now.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port
}

// unit is one Run against the fake authorization server and the stub Okta.
type unit struct {
	t      *testing.T
	as     *fakeAS
	stub   *stubReader
	opts   Options
	shown  []string
	ports  []int
	events []string // "show", "ensure", "open": the order things happened in
	mu     sync.Mutex
}

func newUnit(t *testing.T, flow string) *unit {
	t.Helper()
	as := newFakeAS(t)
	port := freePort(t)
	u := &unit{t: t, as: as, stub: healthyStub(unitClientID, as.idp, as.sub, steps.CallbackURI(port))}
	client, err := okta.New(okta.Config{OrgURL: as.URL(), Token: "unit-test-token"})
	if err != nil {
		t.Fatal(err)
	}
	u.opts = Options{
		Okta: client, OrgURL: as.URL(), ClientID: unitClientID, IdPID: as.idp, Port: port, Flow: flow,
		Timeout: 30 * time.Second, Expect: steps.DefaultMappings(), LogSettle: -1,
		Show: func(s string) { u.note("show"); u.mu.Lock(); u.shown = append(u.shown, s); u.mu.Unlock() },
		EnsurePort: func(_ context.Context, p int) error {
			u.note("ensure")
			u.mu.Lock()
			u.ports = append(u.ports, p)
			u.mu.Unlock()
			return nil
		},
	}
	return u
}

func (u *unit) note(what string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.events = append(u.events, what)
}

// withBrowser makes OpenBrowser a headless browser that walks the sign-in.
func (u *unit) withBrowser() *browser {
	b := newBrowser(u.t)
	u.opts.OpenBrowser = func(s string) error { u.note("open"); return b.open(s) }
	return b
}

func (u *unit) run(ctx context.Context) (*Result, error) {
	u.t.Helper()
	o, err := u.opts.withDefaults()
	if err != nil {
		u.t.Fatal(err)
	}
	return run(ctx, o, u.stub)
}

func (u *unit) mustRun() *Result {
	u.t.Helper()
	res, err := u.run(context.Background())
	if err != nil {
		u.t.Fatalf("Run: %v", err)
	}
	return res
}

func problemCodes(r *Result) []string {
	var out []string
	for _, p := range r.Problems {
		out = append(out, p.Code)
	}
	return out
}

func TestRunPassesInBothFlows(t *testing.T) {
	for _, flow := range []string{FlowCode, FlowIDToken} {
		t.Run(flow, func(t *testing.T) {
			u := newUnit(t, flow)
			b := u.withBrowser()
			res := u.mustRun()
			b.wait()
			if !res.Pass || len(res.Problems) != 0 {
				t.Fatalf("pass = %v, problems = %+v, notes = %v", res.Pass, res.Problems, res.Notes)
			}
			if res.Claims["sub"] != u.as.sub || res.Claims["aud"] != unitClientID {
				t.Errorf("claims = %v", res.Claims)
			}
			if res.User["firstName"] != "JANE" || res.IdPUser["fname"] != "JANE" {
				t.Errorf("user = %v, IdP user = %v", res.User, res.IdPUser)
			}
			if got := b.last(); got.Status != http.StatusOK || !strings.Contains(got.Body, "Sign-in received — return to your terminal") {
				t.Errorf("browser ended on %d %s: %s", got.Status, got.URL, got.Body)
			}

			// Listener, then port registration, then the URL shown, then the browser.
			if strings.Join(u.events, ",") != "ensure,show,open" {
				t.Errorf("order = %v, want ensure,show,open", u.events)
			}
			if len(u.shown) != 1 || u.shown[0] != res.AuthorizeURL || len(u.ports) != 1 || u.ports[0] != u.opts.Port {
				t.Errorf("shown %v, ensured ports %v (preferred %d)", u.shown, u.ports, u.opts.Port)
			}
			reqs := u.as.authorizeRequests()
			if len(reqs) != 1 {
				t.Fatalf("%d authorize requests", len(reqs))
			}
			q := reqs[0]
			want := map[string]string{
				"client_id": unitClientID, "idp": u.as.idp, "prompt": "login", "scope": "openid profile email",
				"redirect_uri": "http://127.0.0.1:" + strconv.Itoa(u.opts.Port) + "/callback",
			}
			if flow == FlowCode {
				want["response_type"], want["code_challenge_method"] = "code", "S256"
			} else {
				want["response_type"], want["response_mode"] = "id_token", "form_post"
			}
			for k, v := range want {
				if q.Get(k) != v {
					t.Errorf("authorize %s = %q, want %q", k, q.Get(k), v)
				}
			}
			if len(q.Get("state")) < 20 || len(q.Get("nonce")) < 20 || q.Get("state") == q.Get("nonce") {
				t.Errorf("state %q / nonce %q are not fresh random values", q.Get("state"), q.Get("nonce"))
			}
		})
	}
}

func TestRunRejectsTokensNotFromTheOrg(t *testing.T) {
	_, other := testKeys(t)
	past := time.Now().Add(-3 * time.Hour)
	cases := []struct {
		name   string
		mutate func(c map[string]any)
		sign   func(t *testing.T) func(c map[string]any) string
		want   string
	}{
		{name: "forged signature", sign: func(t *testing.T) func(map[string]any) string {
			return func(c map[string]any) string { return signRS256(t, other, "org-key", c) }
		}, want: CodeBadSignature},
		{name: "unknown key", sign: func(t *testing.T) func(map[string]any) string {
			return func(c map[string]any) string { return signRS256(t, other, "attacker-key", c) }
		}, want: CodeBadSignature},
		{name: "wrong audience", mutate: func(c map[string]any) { c["aud"] = "0oaSOMEONEELSE" }, want: CodeBadAudience},
		{name: "wrong issuer", mutate: func(c map[string]any) { c["iss"] = "https://evil.example" }, want: CodeBadIssuer},
		{name: "expired", mutate: func(c map[string]any) { c["iat"], c["exp"] = past.Unix(), past.Add(time.Hour).Unix() }, want: CodeExpired},
		{name: "alg none", sign: func(*testing.T) func(map[string]any) string { return unsigned }, want: CodeBadAlgorithm},
		{name: "wrong nonce", mutate: func(c map[string]any) { c["nonce"] = "nonce-of-another-sign-in" }, want: CodeBadNonce},
		{name: "no nonce", mutate: func(c map[string]any) { delete(c, "nonce") }, want: CodeBadNonce},
		{name: "signed in by Okta, not ID.me", mutate: func(c map[string]any) { c["idp"] = "00oTHEORG" }, want: CodeNotViaIdP},
	}
	for _, flow := range []string{FlowCode, FlowIDToken} {
		for _, tc := range cases {
			t.Run(flow+"/"+tc.name, func(t *testing.T) {
				u := newUnit(t, flow)
				u.as.set(func(f *fakeAS) {
					f.mutate = tc.mutate
					if tc.sign != nil {
						f.sign = tc.sign(t)
					}
				})
				b := u.withBrowser()
				res := u.mustRun()
				b.wait()
				if res.Pass || len(res.Problems) == 0 || res.Problems[0].Code != tc.want {
					t.Fatalf("problems = %v, want first %s", problemCodes(res), tc.want)
				}
				if tc.want != CodeNotViaIdP && res.User != nil {
					t.Errorf("an untrusted token's user was read: %v", res.User)
				}
				if res.Problems[0].Hint == "" || res.Problems[0].Message == "" {
					t.Errorf("problem without words: %+v", res.Problems[0])
				}
			})
		}
	}
}

func TestRunExplainsCallbackErrors(t *testing.T) {
	cases := []struct {
		err, desc string
		want      string
		hintHas   string
	}{
		{"invalid_scope", "scope cant be resolved to an existing policy for the client", CodeInvalidScope, "openid <policy handle>"},
		{"access_denied", "ID.me: invalid_redirect_uri", CodeIDmeRedirectURI, "https://org.example/oauth2/v1/authorize/callback"},
		{"invalid_client", "", CodeIDmeInvalidClient, "sandbox"},
		{"access_denied", "User is not assigned to the client application.", CodeUserNotAssigned, "Everyone"},
		{"server_error", "Unable to read the UserInfo response", CodeUserinfo, "UserInfo"},
		{"access_denied", "JIT not enabled at org level", CodeJITDisabled, "Just-In-Time"},
		{"access_denied", "Unable to transform email to username", CodeNoEmail, "email"},
		{"access_denied", "The user denied the request", CodeAccessDenied, "Deny"},
		{"temporarily_unavailable", "", CodeCallbackError, "System Log"},
	}
	for _, tc := range cases {
		t.Run(tc.err+"/"+tc.desc, func(t *testing.T) {
			u := newUnit(t, FlowCode)
			u.as.set(func(f *fakeAS) { f.authError = url.Values{"error": {tc.err}, "error_description": {tc.desc}} })
			b := u.withBrowser()
			res := u.mustRun()
			b.wait()
			if res.Pass || len(res.Problems) == 0 || res.Problems[0].Code != tc.want {
				t.Fatalf("problems = %v, want first %s", problemCodes(res), tc.want)
			}
			if !strings.Contains(res.Problems[0].Hint, tc.hintHas) || !strings.Contains(res.Problems[0].Message, tc.err) {
				t.Errorf("problem %+v: want the error in the message and %q in the hint", res.Problems[0], tc.hintHas)
			}
			if got := b.last(); !strings.Contains(got.Body, "Sign-in failed") || !strings.Contains(got.Body, tc.err) {
				t.Errorf("browser page does not say what failed: %s", got.Body)
			}
		})
	}
}

// A callback with the right state and nothing else: the flow's own answer is named.
func TestRunExplainsAnEmptyCallback(t *testing.T) {
	for flow, missing := range map[string]string{FlowCode: "code", FlowIDToken: "id_token"} {
		t.Run(flow, func(t *testing.T) {
			u := newUnit(t, flow)
			u.as.set(func(f *fakeAS) { f.authError = url.Values{} }) // only the state comes back
			b := u.withBrowser()
			res := u.mustRun()
			b.wait()
			if got := problemCodes(res); len(got) == 0 || got[0] != CodeCallbackIncomplete {
				t.Fatalf("problems = %v, want first %s", got, CodeCallbackIncomplete)
			}
			if msg := res.Problems[0].Message; !strings.Contains(msg, "without the "+missing+" this test asked for") {
				t.Errorf("message %q does not name the missing %s", msg, missing)
			}
		})
	}
}

func TestRunReadsTheSystemLogOfItsOwnWindow(t *testing.T) {
	u := newUnit(t, FlowCode)
	before := time.Now()
	u.stub.events = []okta.LogEvent{
		{EventType: "user.authentication.auth_via_IDP", Published: before.Add(-time.Hour), OutcomeResult: "FAILURE", OutcomeReason: "an older failure"},
		{EventType: "user.authentication.auth_via_IDP", Published: before.Add(time.Second), DisplayMessage: "Authenticate user via IDP",
			OutcomeResult: "FAILURE", OutcomeReason: "User Not Found"},
		{EventType: "app.oauth2.token.grant", Published: before.Add(time.Second), OutcomeResult: "FAILURE", OutcomeReason: "DPoP proof required",
			Targets: []okta.LogTarget{{ID: "0oaSERVICEAPP", Type: "AppInstance"}}},
	}
	u.as.set(func(f *fakeAS) {
		f.authError = url.Values{"error": {"access_denied"}, "error_description": {"The sign-in failed."}}
	})
	b := u.withBrowser()
	res := u.mustRun()
	b.wait()

	if got := problemCodes(res); strings.Join(got, ",") != CodeJITDisabled+","+CodeAccessDenied {
		t.Errorf("problems = %v, want the log's cause before the callback's generic error", got)
	}
	if len(res.Events) != 1 || res.Events[0].OutcomeReason != "User Not Found" {
		t.Errorf("events = %+v, want only this test's sign-in event (not the older one, not another app's)", res.Events)
	}
	q := u.stub.queries[len(u.stub.queries)-1]
	if q.Since.After(before) || q.Until.Before(time.Now()) || q.Since.Before(before.Add(-time.Minute)) || q.Filter != signInEventFilter {
		t.Errorf("log query = %+v, want a bounded window around the test and the sign-in filter", q)
	}
}

func TestRunTimesOutWithHints(t *testing.T) {
	u := newUnit(t, FlowIDToken)
	u.opts.Timeout = 50 * time.Millisecond
	u.stub.app.RedirectURIs = []string{steps.CallbackURI(steps.DefaultCallbackPort)}
	u.opts.OpenBrowser = func(string) error { return errors.New("no display") }
	res := u.mustRun()

	if got := problemCodes(res); strings.Join(got, ",") != CodeTimeout+","+CodeRedirectNotRegistered {
		t.Fatalf("problems = %v", got)
	}
	if !strings.Contains(res.Problems[0].Hint, "no display") || !strings.Contains(res.Problems[0].Hint, "--no-browser") {
		t.Errorf("timeout hint = %q", res.Problems[0].Hint)
	}
	if !strings.Contains(res.Problems[1].Message, res.RedirectURI) {
		t.Errorf("redirect problem does not name the URI: %q", res.Problems[1].Message)
	}
}

func TestRunStopsWhenCancelled(t *testing.T) {
	u := newUnit(t, FlowCode)
	ctx, cancel := context.WithCancel(context.Background())
	u.opts.Show = func(string) { cancel() }
	res, err := u.run(ctx)
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Fatalf("Run after cancel = %v, %v; want context.Canceled", res, err)
	}
	// The listener is gone with it.
	if c, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(u.opts.Port))); err == nil {
		c.Close()
		t.Error("the callback port still answers after Run returned")
	}
}

func TestRunFallsBackFromABusyPort(t *testing.T) {
	u := newUnit(t, FlowCode)
	busy, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(u.opts.Port)))
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	b := u.withBrowser()
	res := u.mustRun()
	b.wait()

	if !res.Pass {
		t.Fatalf("problems = %+v", res.Problems)
	}
	if len(u.ports) != 1 || u.ports[0] == u.opts.Port || res.RedirectURI != steps.CallbackURI(u.ports[0]) {
		t.Errorf("EnsurePort got %v, redirect URI %s; want a new port, not the busy %d", u.ports, res.RedirectURI, u.opts.Port)
	}
	if q := u.as.authorizeRequests()[0]; q.Get("redirect_uri") != res.RedirectURI {
		t.Errorf("authorize redirect_uri = %s, want %s", q.Get("redirect_uri"), res.RedirectURI)
	}
	if len(res.Notes) == 0 || !strings.Contains(res.Notes[0], strconv.Itoa(u.opts.Port)) {
		t.Errorf("notes = %v, want one saying the preferred port was busy", res.Notes)
	}
}

func TestRunStopsWhenThePortCannotBeRegistered(t *testing.T) {
	u := newUnit(t, FlowCode)
	u.opts.EnsurePort = func(context.Context, int) error { return errors.New("E0000006 no permission") }
	opened := false
	u.opts.OpenBrowser = func(string) error { opened = true; return nil }
	if _, err := u.run(context.Background()); err == nil || !strings.Contains(err.Error(), "E0000006") {
		t.Fatalf("err = %v", err)
	}
	if opened || len(u.shown) != 0 {
		t.Error("the URL was shown or opened although Okta would refuse its redirect URI")
	}
}

// A response with a foreign state (another tab, a local process guessing) is turned away
// and the test keeps waiting: the real sign-in that follows passes. Had it ended the test,
// any process on this machine could stop a test sign-in with one request.
func TestRunIgnoresAForeignStateAndKeepsWaiting(t *testing.T) {
	u := newUnit(t, FlowCode)
	b := newBrowser(t)
	answered := make(chan int, 1)
	u.opts.OpenBrowser = func(authorize string) error {
		a, _ := url.Parse(authorize)
		resp, err := http.Get(a.Query().Get("redirect_uri") + "?code=stolen&state=not-this-tests")
		if err != nil {
			answered <- 0
			return err
		}
		resp.Body.Close()
		answered <- resp.StatusCode
		return b.open(authorize)
	}
	res := u.mustRun()
	b.wait()
	if status := <-answered; status != http.StatusBadRequest {
		t.Errorf("the foreign response was answered %d, want 400", status)
	}
	if !res.Pass {
		t.Fatalf("the real sign-in after a foreign response did not pass: %v", problemCodes(res))
	}
}

// When nothing but foreign responses arrive, the test times out and says they came.
func TestRunTimesOutNamingIgnoredResponses(t *testing.T) {
	u := newUnit(t, FlowCode)
	u.opts.Timeout = 300 * time.Millisecond
	u.opts.OpenBrowser = func(authorize string) error {
		a, _ := url.Parse(authorize)
		resp, err := http.Get(a.Query().Get("redirect_uri") + "?error=x")
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	res := u.mustRun()
	if got := problemCodes(res); len(got) < 2 || got[0] != CodeTimeout || got[1] != CodeStateMismatch {
		t.Fatalf("problems = %v, want timeout then %s", got, CodeStateMismatch)
	}
	if res.Claims != nil {
		t.Error("a callback with a foreign state was used")
	}
}

func TestResultJSONContract(t *testing.T) {
	for _, tc := range []struct {
		r    Result
		want string
	}{
		{Result{Pass: true, Claims: map[string]any{"sub": "00u1"}, User: map[string]any{"login": "a@b.c"}, Notes: []string{"not in JSON"}},
			`{"result":"pass","verdict":"pass","claims":{"sub":"00u1"},"user":{"login":"a@b.c"},"problems":[],"warnings":[]}`},
		{Result{Pass: true, Claims: map[string]any{"sub": "00u1"}, Warnings: []Problem{{Code: CodeClaimNotSent, Message: "m", Hint: "h"}}},
			`{"result":"pass","verdict":"pass_with_warnings","claims":{"sub":"00u1"},"user":{},"problems":[],"warnings":[{"code":"claim_not_sent","message":"m","hint":"h"}]}`},
		{Result{Problems: []Problem{{Code: CodeTimeout, Message: "m", Hint: "h"}}},
			`{"result":"fail","verdict":"fail","claims":{},"user":{},"problems":[{"code":"timeout","message":"m","hint":"h"}],"warnings":[]}`},
	} {
		got, err := json.Marshal(tc.r)
		if err != nil || string(got) != tc.want {
			t.Errorf("JSON = %s (%v)\nwant   %s", got, err, tc.want)
		}
		if got, _ := json.Marshal(&tc.r); string(got) != tc.want {
			t.Errorf("JSON of a pointer = %s", got)
		}
	}
}

func TestOptionsAreValidated(t *testing.T) {
	client, _ := okta.New(okta.Config{OrgURL: "https://org.example", Token: "t"})
	good := Options{Okta: client, OrgURL: "org.example", ClientID: "0oa1", IdPID: "0oa2"}
	o, err := good.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if o.Flow != FlowCode || o.Port != steps.DefaultCallbackPort || o.Timeout != DefaultTimeout || o.OrgURL != "https://org.example" {
		t.Errorf("defaults = flow %q port %d timeout %s org %s", o.Flow, o.Port, o.Timeout, o.OrgURL)
	}
	for name, mutate := range map[string]func(*Options){
		"no client":    func(o *Options) { o.Okta = nil },
		"no client id": func(o *Options) { o.ClientID = " " },
		"no IdP":       func(o *Options) { o.IdPID = "" },
		"bad flow":     func(o *Options) { o.Flow = "token" },
		"bad port":     func(o *Options) { o.Port = 70000 },
		"bad org":      func(o *Options) { o.OrgURL = "" },
	} {
		o := good
		mutate(&o)
		if _, err := Run(context.Background(), o); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
