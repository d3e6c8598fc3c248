package signin

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/idme"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
)

// End to end: a simulated org set up by the real steps, federating to the ID.me stand-in,
// and a Go HTTP client in place of the person's browser. Nothing leaves loopback.

const (
	e2eIDmeClientID = "idme-client-0001"
	e2eIDmeSecret   = "canary-idme-secret-e2e-4b1d"
)

type e2eOptions struct {
	handle        string   // the IdP's policy handle; "" = the IAL2 handle (releases every claim)
	idmePolicies  []string // handles ID.me lets the client use; nil = [handle]
	noRedirectURI bool     // the Solution Consultant has not registered Okta's redirect URI yet
	skipTestApp   bool     // leave the test-app step out of the setup
	idmeClientID  string   // the client ID ID.me knows; "" = the one the IdP is configured with
	withoutRow    string   // an Okta attribute left out of the mapping table
}

type e2e struct {
	t       *testing.T
	org     *sim.Org
	idme    *idme.Server
	answers steps.Answers
	client  *okta.Client
	known   steps.Objects
}

func startE2E(t *testing.T, o e2eOptions) *e2e {
	t.Helper()
	org := simtest.Start(t)
	t.Cleanup(http.DefaultTransport.(*http.Transport).CloseIdleConnections)
	handle := o.handle
	if handle == "" {
		handle = idme.IAL2Handle
	}
	policies := o.idmePolicies
	if policies == nil {
		policies = []string{handle}
	}
	var redirects []string
	if !o.noRedirectURI {
		redirects = []string{org.URL() + "/oauth2/v1/authorize/callback"}
	}
	registered := o.idmeClientID
	if registered == "" {
		registered = e2eIDmeClientID
	}
	srv, err := idme.Start(idme.Options{Clients: []idme.Client{{ID: registered, Secret: e2eIDmeSecret, RedirectURIs: redirects, Policies: policies}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })

	a := steps.DefaultAnswers()
	a.OrgURL = org.URL()
	a.IDmeEnv, a.IDmeBaseURL = "custom", srv.BaseURL()
	a.IDmeClientID = e2eIDmeClientID
	a.PolicyHandle = handle
	a.JITConfirmed = true
	a.CallbackPort = freePort(t)
	a.Mappings = slices.DeleteFunc(a.Mappings, func(r steps.MappingRow) bool { return r.Attribute == o.withoutRow })
	sec := steps.Secrets{APIToken: org.AdminToken(), IDmeClientSecret: e2eIDmeSecret}
	client, err := steps.Dial(a, sec, "idme-okta-signin-test")
	if err != nil {
		t.Fatal(err)
	}
	list := steps.All()
	if o.skipTestApp {
		list = slices.DeleteFunc(list, func(s steps.Step) bool { return s.ID() == steps.IDTestApp })
	}
	s := steps.NewSetup(client, a, sec, steps.Objects{})
	if err := steps.Run(context.Background(), s, list, steps.RunOptions{}); err != nil {
		t.Fatalf("set the org up with the steps: %v", err)
	}
	return &e2e{t: t, org: org, idme: srv, answers: a, client: client, known: s.Known()}
}

// options are what the test-signin command would pass, with b as the browser.
func (e *e2e) options(flow string, b *browser) Options {
	o := Options{
		Okta: e.client, OrgURL: e.org.URL(), ClientID: e.known.TestAppClientID, IdPID: e.known.IdPID,
		Port: e.answers.CallbackPort, Flow: flow, Timeout: 30 * time.Second, Expect: e.answers.Mappings,
		LogSettle: -1, // the simulated org logs synchronously
		EnsurePort: func(ctx context.Context, port int) error {
			_, err := steps.EnsureTestAppCallback(ctx, e.client, e.known.TestAppID, e.answers.CallbackPort, port)
			return err
		},
	}
	if b != nil {
		o.OpenBrowser = b.open
	}
	return o
}

func (e *e2e) run(o Options) *Result {
	e.t.Helper()
	res, err := Run(context.Background(), o)
	if err != nil {
		e.t.Fatalf("Run: %v", err)
	}
	return res
}

// admin makes a management API call the wizard has no operation for (the test sets the
// org up wrongly on purpose).
func (e *e2e) admin(method, path string) {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.org.URL()+path, nil)
	req.Header.Set("Authorization", "SSWS "+e.org.AdminToken())
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		e.t.Fatalf("%s %s: %s", method, path, resp.Status)
	}
}

func wantProblem(t *testing.T, res *Result, code string, hintHas ...string) Problem {
	t.Helper()
	if res.Pass {
		t.Fatalf("passed; want problem %s", code)
	}
	for _, p := range res.Problems {
		if p.Code == code {
			for _, h := range hintHas {
				if !strings.Contains(p.Hint+" "+p.Message, h) {
					t.Errorf("%s: %q / %q lacks %q", code, p.Message, p.Hint, h)
				}
			}
			return p
		}
	}
	t.Fatalf("problems = %v (%+v), want %s", problemCodes(res), res.Problems, code)
	return Problem{}
}

func TestE2EHappyPath(t *testing.T) {
	for _, flow := range []string{FlowCode, FlowIDToken} {
		t.Run(flow, func(t *testing.T) {
			e := startE2E(t, e2eOptions{})
			b := newBrowser(t)
			res := e.run(e.options(flow, b))
			b.wait()
			if !res.Pass {
				t.Fatalf("problems = %+v\nnotes = %v\nbrowser:%s", res.Problems, res.Notes, b.trail())
			}
			if res.Claims["aud"] != e.known.TestAppClientID || res.Claims["iss"] != e.org.URL() || res.Claims["idp"] != e.known.IdPID {
				t.Errorf("claims = %v", res.Claims)
			}
			for attr, want := range map[string]string{"idme_uuid": "5f0c8e3a9b1d4c7e8a2f6b0d3e9c1a74", "firstName": "JANE",
				"lastName": "VETERAN", "middleName": "QUINN", "email": "jane.veteran@example.com", "login": "jane.veteran@example.com", "zipCode": "97217"} {
				if res.User[attr] != want {
					t.Errorf("user %s = %v, want %s", attr, res.User[attr], want)
				}
			}
			if res.IdPUser["uuid"] != "5f0c8e3a9b1d4c7e8a2f6b0d3e9c1a74" {
				t.Errorf("IdP user = %v", res.IdPUser)
			}
			if !slices.ContainsFunc(res.Events, func(ev okta.LogEvent) bool {
				return ev.EventType == "user.authentication.auth_via_IDP" && ev.OutcomeResult == "SUCCESS"
			}) {
				t.Errorf("events = %+v, want the successful IdP sign-in", res.Events)
			}
			if last := b.last(); !strings.Contains(last.Body, "Sign-in received") {
				t.Errorf("browser ended on %s", last.Body)
			}
			if out, _ := json.Marshal(res); strings.Contains(string(out)+strings.Join(res.Notes, " "), e2eIDmeSecret) {
				t.Error("the ID.me client secret reached the result")
			}
		})
	}
}

func TestE2EFailuresAreExplained(t *testing.T) {
	cases := []struct {
		name     string
		opts     e2eOptions
		breakIt  func(e *e2e)
		identity string // the test person chosen on ID.me's consent page; "" keeps the first
		deny     bool   // the person presses Deny at ID.me
		want     string
		hintHas  []string
	}{
		{name: "userinfo set on the IdP", breakIt: func(e *e2e) {
			idp, err := e.client.GetIdP(context.Background(), e.known.IdPID)
			if err != nil {
				e.t.Fatal(err)
			}
			idp.UserInfoURL = e.idme.BaseURL() + "api/public/v3/userinfo"
			if _, err := e.client.ReplaceIdP(context.Background(), *idp); err != nil {
				e.t.Fatal(err)
			}
		}, want: CodeUserinfo, hintHas: []string{"UserInfo"}},
		{name: "scope is not the client's policy handle", opts: e2eOptions{handle: "teacher", idmePolicies: []string{idme.IAL2Handle}},
			want: CodeInvalidScope, hintHas: []string{"openid <policy handle>"}},
		{name: "IdP inactive", breakIt: func(e *e2e) { e.admin(http.MethodPost, "/api/v1/idps/"+e.known.IdPID+"/lifecycle/deactivate") },
			want: CodeIdPInactive},
		{name: "user not assigned", opts: e2eOptions{skipTestApp: true}, breakIt: func(e *e2e) {
			app, err := e.client.CreateOIDCApp(context.Background(), okta.OIDCApp{Label: "unassigned test app", PKCERequired: true,
				RedirectURIs: []string{steps.CallbackURI(e.answers.CallbackPort)}})
			if err != nil {
				e.t.Fatal(err)
			}
			e.known.TestAppID, e.known.TestAppClientID = app.ID, app.ClientID
		}, want: CodeUserNotAssigned, hintHas: []string{"Everyone"}},
		{name: "JIT off", breakIt: func(e *e2e) { e.org.SetJITEnabled(false) }, want: CodeJITDisabled},
		{name: "no email", identity: "no-email", want: CodeNoEmail},
		{name: "Okta's redirect URI not registered at ID.me", opts: e2eOptions{noRedirectURI: true},
			want: CodeIDmeRedirectURI, hintHas: []string{"/oauth2/v1/authorize/callback"}},
		{name: "client ID unknown to ID.me", opts: e2eOptions{idmeClientID: "production-client-0001"},
			want: CodeIDmeInvalidClient, hintHas: []string{"sandbox"}},
		{name: "person denies at ID.me", deny: true, want: CodeAccessDenied},
		// A policy that does not release every claim: TestE2EPolicySubsetNamesTheClaims.
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := startE2E(t, tc.opts)
			if tc.breakIt != nil {
				tc.breakIt(e)
			}
			b := newBrowser(t)
			b.Identity, b.Deny = tc.identity, tc.deny
			res := e.run(e.options(FlowCode, b))
			b.wait()
			for _, p := range res.Problems {
				t.Logf("%s: %s — %s", p.Code, p.Message, p.Hint)
			}
			p := wantProblem(t, res, tc.want, tc.hintHas...)
			if p.Hint == "" {
				t.Errorf("%s has no hint", p.Code)
			}
			if len(res.Events) == 0 {
				t.Errorf("no System Log events to go with the failure")
			}
		})
	}
}

// A user Okta cannot create (a required attribute left out of the mapping) is a JIT error
// explained by the failed user.lifecycle.create of the sign-in's transaction, never "JIT is
// off": auth_via_social's reason, "Unable to JIT user from the Identity Provider", only says
// that JIT failed (okta-api.md §13). Both ways Okta may log the sign-in.
func TestE2EJITFailureIsNotJITOff(t *testing.T) {
	for _, socialOnly := range []bool{false, true} {
		t.Run(fmt.Sprintf("auth_via_social only %t", socialOnly), func(t *testing.T) {
			e := startE2E(t, e2eOptions{withoutRow: "firstName"})
			e.org.SetSocialEventsOnly(socialOnly)
			b := newBrowser(t)
			res := e.run(e.options(FlowCode, b))
			b.wait()
			for _, p := range res.Problems {
				t.Logf("%s: %s — %s", p.Code, p.Message, p.Hint)
			}
			p := wantProblem(t, res, CodeJITError, "required properties are missing: firstName", "Map each")
			if !strings.HasPrefix(p.Message, "System Log:") && !strings.Contains(p.Message, "Okta reported") {
				t.Errorf("message %q quotes neither the System Log nor the callback", p.Message)
			}
			if res.HasProblem(CodeJITDisabled) {
				t.Errorf("a JIT failure was read as JIT off: %v", problemCodes(res))
			}
			for _, p := range res.Problems {
				if strings.Contains(p.Message, "Unable to JIT user") {
					t.Errorf("the sign-in's own reason was reported though its transaction's create says why: %+v", p)
				}
			}
		})
	}
}

func TestE2EUnregisteredPortTimesOut(t *testing.T) {
	e := startE2E(t, e2eOptions{})
	b := newBrowser(t)
	o := e.options(FlowIDToken, b)
	o.EnsurePort = nil
	o.Port = freePort(t) // not the registered one
	o.Timeout = 2 * time.Second
	res := e.run(o)
	b.wait()
	for _, p := range res.Problems {
		t.Logf("%s: %s — %s", p.Code, p.Message, p.Hint)
	}
	wantProblem(t, res, CodeTimeout, "--no-browser")
	wantProblem(t, res, CodeRedirectNotRegistered, res.RedirectURI)
	if last := b.last(); !strings.Contains(last.Body, "redirect_uri") {
		t.Errorf("the browser should have stopped on Okta's error page, got %d %s", last.Status, last.Body)
	}
}

// A policy that releases a subset (teacher: no phone, no address) signs in: the sign-in
// passes with warnings naming the claims, since Okta's configuration is right.
func TestE2EPolicySubsetNamesTheClaims(t *testing.T) {
	e := startE2E(t, e2eOptions{handle: "teacher"})
	b := newBrowser(t)
	res := e.run(e.options(FlowCode, b))
	b.wait()
	if !res.Pass || res.Verdict() != VerdictPassWithWarnings {
		t.Fatalf("verdict %s, problems %+v", res.Verdict(), res.Problems)
	}
	if len(res.Warnings) != 1 || res.Warnings[0].Code != CodeClaimNotSent || res.Warnings[0].Hint == "" {
		t.Fatalf("warnings = %+v, want one %s", res.Warnings, CodeClaimNotSent)
	}
	p := res.Warnings[0]
	for _, claim := range []string{"phone", "street", "city", "state", "middleName"} {
		if !strings.Contains(p.Message, claim) {
			t.Errorf("warning %q does not name %s", p.Message, claim)
		}
	}
	if res.User["firstName"] != "JANE" || res.User["zipCode"] != "97217" {
		t.Errorf("what teacher releases should still arrive: %v", res.User)
	}
}

// The case: a verified person without a phone number (and without a middle name)
// signs in. Every System Log event says SUCCESS and the configuration is right, so the
// verdict is PASS with warnings, not FAIL.
func TestE2EPersonWithoutPhonePassesWithWarnings(t *testing.T) {
	e := startE2E(t, e2eOptions{})
	b := newBrowser(t)
	b.Identity = "partial"
	res := e.run(e.options(FlowCode, b))
	b.wait()
	if res.Verdict() != VerdictPassWithWarnings {
		t.Fatalf("verdict %s, problems %+v, warnings %+v", res.Verdict(), res.Problems, res.Warnings)
	}
	if len(res.Problems) != 0 || len(res.Warnings) != 1 {
		t.Fatalf("problems %+v, warnings %+v", res.Problems, res.Warnings)
	}
	w := res.Warnings[0].Message
	if !strings.Contains(w, "mobilePhone") || !strings.Contains(w, "middleName") || strings.Contains(w, "firstName") {
		t.Errorf("warning %q should name mobilePhone and middleName only", w)
	}
	for _, ev := range res.Events {
		if ev.OutcomeResult != "SUCCESS" {
			t.Errorf("System Log event %s = %s, want SUCCESS", ev.EventType, ev.OutcomeResult)
		}
	}
	out, _ := json.Marshal(res)
	if !strings.Contains(string(out), `"result":"pass","verdict":"pass_with_warnings"`) || !strings.Contains(string(out), `"code":"claim_not_sent"`) {
		t.Errorf("JSON = %s", out)
	}
}

// Where an attribute got lost, told apart on a real sign-in: the mapping row (ID.me sent the
// claim, the IdP profile has it, the user does not), the IdP profile (no attribute for the
// claim), or an IdP attribute reading another claim.
func TestE2EAttributeCauses(t *testing.T) {
	for _, tc := range []struct {
		name    string
		breakIt func(e *e2e)
		want    string
		msgHas  string
	}{
		{name: "mapping row removed", breakIt: func(e *e2e) {
			if _, err := e.client.UpdateMapping(context.Background(), e.known.MappingID, nil, []string{"city"}); err != nil {
				e.t.Fatal(err)
			}
		}, want: CodeNotMapped, msgHas: "city (claim city or address.locality)"},
		{name: "IdP attribute reads another claim", breakIt: func(e *e2e) {
			if _, err := e.client.AddIdPAttributes(context.Background(), e.known.IdPID, []okta.Attribute{{Name: "city", Title: "ID.me city", ExternalName: "town"}}); err != nil {
				e.t.Fatal(err)
			}
		}, want: CodeIdPAttrWrongRef, msgHas: `reads claim "town"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := startE2E(t, e2eOptions{})
			tc.breakIt(e)
			b := newBrowser(t)
			res := e.run(e.options(FlowCode, b))
			b.wait()
			p := wantProblem(t, res, tc.want, tc.msgHas)
			if len(res.Problems) != 1 {
				t.Errorf("problems = %+v, want only %s", res.Problems, p.Code)
			}
		})
	}

	// The mapping table without the street row: the IdP profile never gets a "street"
	// attribute, while the test still expects streetAddress.
	t.Run("IdP profile lacks the claim", func(t *testing.T) {
		e := startE2E(t, e2eOptions{withoutRow: "streetAddress"})
		b := newBrowser(t)
		o := e.options(FlowCode, b)
		o.Expect = steps.DefaultMappings()
		res := e.run(o)
		b.wait()
		wantProblem(t, res, CodeIdPAttrMissing, "streetAddress (claim street or address.street_address)")
	})
}

func TestE2ETokenFaults(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault sim.TokenFault
		want  string
	}{
		{"forged signature", sim.TokenFault{WrongKey: true}, CodeBadSignature},
		{"wrong audience", sim.TokenFault{WrongAudience: true}, CodeBadAudience},
		{"wrong issuer", sim.TokenFault{WrongIssuer: true}, CodeBadIssuer},
		{"expired", sim.TokenFault{Expired: true}, CodeExpired},
		{"alg none", sim.TokenFault{AlgNone: true}, CodeBadAlgorithm},
		{"wrong nonce", sim.TokenFault{Nonce: "nonce-of-another-sign-in"}, CodeBadNonce},
	} {
		for _, flow := range []string{FlowCode, FlowIDToken} {
			t.Run(tc.name+"/"+flow, func(t *testing.T) {
				e := startE2E(t, e2eOptions{})
				e.org.SetTokenFault(tc.fault)
				b := newBrowser(t)
				res := e.run(e.options(flow, b))
				b.wait()
				p := wantProblem(t, res, tc.want)
				if res.Problems[0] != p {
					t.Errorf("first problem %s, want %s", res.Problems[0].Code, tc.want)
				}
				if res.User != nil {
					t.Errorf("the user of an untrusted token was read")
				}
			})
		}
	}
}

func TestE2EOldCallbackIsRefused(t *testing.T) {
	e := startE2E(t, e2eOptions{})
	first := newBrowser(t)
	if res := e.run(e.options(FlowIDToken, first)); !res.Pass {
		t.Fatalf("first sign-in: %+v", res.Problems)
	}
	first.wait()
	subs := first.Submitted
	if len(subs) == 0 {
		t.Fatal("the first sign-in submitted no form")
	}
	old := subs[len(subs)-1] // Okta's form_post to the callback
	if old.Fields.Get("id_token") == "" {
		t.Fatalf("last submission is not the form_post: %s %s", old.Method, old.URL)
	}

	// The next test run gets the old response posted to it (a restored tab, or an attacker).
	replayed := make(chan int, 1)
	o := e.options(FlowIDToken, nil)
	o.Timeout = 2 * time.Second // it is ignored: the test waits for a response of its own
	o.OpenBrowser = func(string) error {
		resp, err := http.PostForm(old.URL, old.Fields)
		if err != nil {
			replayed <- 0
			return err
		}
		resp.Body.Close()
		replayed <- resp.StatusCode
		return nil
	}
	res := e.run(o)
	wantProblem(t, res, CodeTimeout)
	wantProblem(t, res, CodeStateMismatch)
	if status := <-replayed; status != http.StatusBadRequest {
		t.Errorf("replayed callback answered %d", status)
	}
	if res.Claims != nil {
		t.Error("the replayed token was used")
	}
}

func TestE2EBusyPortRegistersTheNewOne(t *testing.T) {
	e := startE2E(t, e2eOptions{})
	busy := newBusyPort(t, e.answers.CallbackPort)
	defer busy()
	b := newBrowser(t)
	res := e.run(e.options(FlowCode, b))
	b.wait()
	if !res.Pass || res.RedirectURI == steps.CallbackURI(e.answers.CallbackPort) {
		t.Fatalf("pass %v on %s: %+v", res.Pass, res.RedirectURI, res.Problems)
	}
	app, err := e.client.GetOIDCApp(context.Background(), e.known.TestAppID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(app.RedirectURIs, res.RedirectURI) || !slices.Contains(app.RedirectURIs, steps.CallbackURI(e.answers.CallbackPort)) {
		t.Errorf("app redirect URIs = %v, want the new one added to the registered one", app.RedirectURIs)
	}
}

func TestE2EPortalSignIn(t *testing.T) {
	e := startE2E(t, e2eOptions{})
	if page := portalPage(t, e.org.URL()); !strings.Contains(page, "Sign in with "+e.answers.IdPName) {
		t.Fatalf("the org's sign-in page offers no %q button:\n%s", "Sign in with "+e.answers.IdPName, page)
	}
	since := time.Now()
	b := newBrowser(t)
	if err := b.open(PortalURL(e.org.URL())); err != nil {
		t.Fatal(err)
	}
	if last := b.last(); !strings.Contains(last.Body, "End-User Dashboard") {
		t.Fatalf("the portal sign-in ended on:%s\n%s", b.trail(), last.Body)
	}
	pc, err := ConfirmPortalSignIn(context.Background(), e.client, e.known.IdPID, since)
	if err != nil {
		t.Fatal(err)
	}
	if !pc.SignedIn || !pc.Created || pc.Login != "jane.veteran@example.com" || pc.User["idme_uuid"] != "5f0c8e3a9b1d4c7e8a2f6b0d3e9c1a74" {
		t.Errorf("first portal sign-in: %+v", pc)
	}

	// The same person again: signed in, not created.
	since = time.Now()
	again := newBrowser(t)
	if err := again.open(PortalURL(e.org.URL())); err != nil {
		t.Fatal(err)
	}
	pc, err = ConfirmPortalSignIn(context.Background(), e.client, e.known.IdPID, since)
	if err != nil {
		t.Fatal(err)
	}
	if !pc.SignedIn || pc.Created {
		t.Errorf("second portal sign-in: %+v", pc)
	}
}

// portalPage is the text of the org's sign-in page, as a browser without a session gets it.
func portalPage(t *testing.T, orgURL string) string {
	t.Helper()
	resp, err := http.Get(PortalURL(orgURL))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return html.UnescapeString(string(body))
}

// newBusyPort occupies a loopback port, as another program would.
func newBusyPort(t *testing.T, port int) (release func()) {
	t.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		t.Fatal(err)
	}
	return func() { ln.Close() }
}
