// Package daytwotest sets up simulated orgs for the tests of the day-two commands (doctor,
// promote, remove): an org (spec-checked by simtest), the sandbox ID.me stand-in registered
// for the org's callback, optionally a production one, and the setup's progress file in a
// temporary directory, so each test starts from "the guide was done" and breaks or removes
// what it wants. It is imported by tests only.
package daytwotest

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/simbrowser"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/discover"
)

// Handle is the policy handle the stand-ins let the client use; it releases every claim.
const Handle = simtest.WorldPolicyHandle

// Org is a simulated org with ID.me beside it (a simtest.World), on a clock of its own, and
// the setup's progress file.
type Org struct {
	*sim.Org
	World      *simtest.World // for its seeds: the guide done by hand, a day of sign-ins
	Sandbox    simtest.IDme
	Production *simtest.IDme // nil unless started WithProduction
	StatePath  string
	Clock      *simtest.Clock
}

// Option adjusts Start.
type Option = simtest.WorldOption

// WithProduction also starts a production stand-in with a client of its own.
func WithProduction() Option { return simtest.WithProduction() }

// WithOrg passes options to the org, e.g. WithOrg(simtest.Classic).
func WithOrg(opts ...func(*sim.Options)) Option { return simtest.WithOrg(opts...) }

// Start starts the world on a clock of its own; all of it closes at cleanup.
func Start(t testing.TB, opts ...Option) *Org {
	t.Helper()
	clock := simtest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	w := simtest.StartWorld(t, append(opts, simtest.WithClock(clock))...)
	t.Cleanup(http.DefaultTransport.(*http.Transport).CloseIdleConnections)
	return &Org{Org: w.Org, World: w, Sandbox: w.Sandbox, Production: w.Production, Clock: clock,
		StatePath: filepath.Join(t.TempDir(), "state", "org.json")}
}

// Envs names the stand-ins as the ID.me environments they stand in for.
func (o *Org) Envs() []discover.Env {
	envs := []discover.Env{{ID: "sandbox", BaseURL: o.Sandbox.BaseURL()}}
	if o.Production != nil {
		envs = append(envs, discover.Env{ID: "production", BaseURL: o.Production.BaseURL()})
	}
	return envs
}

// Answers are complete answers for the sandbox stand-in.
func (o *Org) Answers() steps.Answers {
	a := steps.DefaultAnswers()
	a.OrgURL = o.URL()
	a.IDmeEnv, a.IDmeBaseURL = "custom", o.Sandbox.BaseURL()
	a.IDmeClientID = o.Sandbox.ClientID
	a.PolicyHandle = Handle
	a.JITConfirmed = true
	return a
}

// Setup is a Setup as a new process builds it: from the progress file when there is one
// (its answers), else from Answers; the secret is the sandbox one.
func (o *Org) Setup(t testing.TB) *steps.Setup {
	t.Helper()
	return o.SetupWith(t, o.Sandbox.ClientSecret)
}

// SetupWith is Setup with the given ID.me client secret in memory ("" for none).
func (o *Org) SetupWith(t testing.TB, secret string) *steps.Setup {
	t.Helper()
	a := o.Answers()
	sec := steps.Secrets{APIToken: o.AdminToken(), IDmeClientSecret: secret}
	if p, err := steps.FindProgress(o.StatePath); err != nil {
		t.Fatal(err)
	} else if p != nil {
		a = p.Answers
	}
	c, err := steps.Dial(a, sec, "idme-okta-test")
	if err != nil {
		t.Fatal(err)
	}
	loc := steps.Location{Org: o.URL(), StatePath: o.StatePath}
	loc.Progress, _ = steps.FindProgress(o.StatePath)
	s := loc.Setup(c, a, sec)
	s.Now = o.Clock.Now
	return s
}

// Apply runs the steps (all of the guide when none are named) on a fresh Setup, saving
// progress, then clears the org's request log: a test counts only what follows.
func (o *Org) Apply(t testing.TB, list ...steps.Step) {
	t.Helper()
	if len(list) == 0 {
		list = steps.All()
	}
	if err := steps.Run(context.Background(), o.Setup(t), list, steps.RunOptions{AllowOverwrite: true}); err != nil {
		t.Fatalf("set the org up: %v", err)
	}
	o.ResetRequests()
}

// SignIn signs the ID.me test person identity ("verified", "partial", "no-email") in through
// the IdP at the org's portal, as the sign-in page's button does, and returns where the
// browser stopped (the End-User Dashboard after a success).
func (o *Org) SignIn(t testing.TB, idpID, identity string) *simbrowser.Page {
	t.Helper()
	return o.signIn(t, idpID, identity, false)
}

// Deny is SignIn where the person presses Deny on ID.me's page.
func (o *Org) Deny(t testing.TB, idpID, identity string) *simbrowser.Page {
	t.Helper()
	return o.signIn(t, idpID, identity, true)
}

func (o *Org) signIn(t testing.TB, idpID, identity string, deny bool) *simbrowser.Page {
	t.Helper()
	b := simbrowser.New()
	b.Identity, b.Deny = identity, deny
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := b.Open(ctx, o.URL()+"/sso/idps/"+idpID)
	if err != nil {
		t.Fatalf("sign in as %q: %v", identity, err)
	}
	return p
}

// Call is one management API request as the Super Admin, decoded into out (may be nil);
// anything but 2xx fails the test. The request log is cleared after it.
func (o *Org) Call(t testing.TB, method, path string, body, out any) {
	t.Helper()
	simtest.AdminCall(t, o.Org, method, path, body, out)
	o.ResetRequests()
}

// Client is an Okta client of the Super Admin, for a test to make objects by hand (as an
// admin does in the console); call ResetRequests after, to count only the code under test.
func (o *Org) Client(t testing.TB) *okta.Client {
	t.Helper()
	c, err := okta.New(okta.Config{OrgURL: o.URL(), Token: o.AdminToken(), UserAgent: "admin-console"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// HandIdP is an ID.me IdP as an admin types it into the console for env, named name.
func HandIdP(name string, env simtest.IDme) okta.IdP {
	base := env.BaseURL()
	return okta.IdP{
		Name: name, Scopes: []string{"openid", Handle}, ClientID: env.ClientID, ClientSecret: env.ClientSecret,
		IssuerURL: base + "oidc", AuthorizationURL: base + "oauth/authorize", TokenURL: base + "oauth/token",
		JWKSURL: base + "oidc/.well-known/jwks", UsernameTemplate: "idpuser.email", MatchType: "USERNAME_OR_EMAIL",
		AccountLinkAction: "AUTO", ProvisioningAction: "AUTO", ProfileMaster: true,
	}
}

// Writes are the write requests the org saw since the log was last cleared, as "METHOD path".
func (o *Org) Writes() []string {
	var out []string
	for _, r := range o.Requests() {
		if r.Write {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}
