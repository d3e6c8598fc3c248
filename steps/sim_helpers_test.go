package steps

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// testClientSecret is a canary: it must never appear anywhere idme-okta writes or shows.
const testClientSecret = "canary-idme-secret-7f3a9c"

// simAnswers are complete answers for a simulated org.
func simAnswers(org *sim.Org) Answers {
	a := DefaultAnswers()
	a.OrgURL = org.URL()
	a.IDmeClientID = "idme-client-0001"
	a.PolicyHandle = "teacher"
	a.JITConfirmed = true
	return a
}

type simEnv struct {
	org       *sim.Org
	statePath string
	// storedSecret is the client secret the IdP should end up with; "" = testClientSecret.
	storedSecret string
}

func startSim(t testing.TB) *simEnv {
	t.Helper()
	org := simtest.Start(t)
	// Runs before the org closes (cleanups run last-in first-out). The shared transport may
	// hold a connection it dialed but never used; the server counts such a connection as
	// busy for 5 s and Close would time out on it.
	t.Cleanup(http.DefaultTransport.(*http.Transport).CloseIdleConnections)
	return &simEnv{org: org, statePath: filepath.Join(t.TempDir(), "state", "org.json")}
}

// client dials the org with a token.
func (e *simEnv) client(t testing.TB, token string) *okta.Client {
	t.Helper()
	a := simAnswers(e.org)
	c, err := Dial(a, Secrets{APIToken: token}, "idme-okta-test")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (e *simEnv) secrets() Secrets {
	return Secrets{APIToken: e.org.AdminToken(), IDmeClientSecret: testClientSecret}
}

// setup is a fresh Setup as a new process would build it: from the progress file if
// there is one.
func (e *simEnv) setup(t testing.TB) *Setup {
	t.Helper()
	return e.setupWith(t, simAnswers(e.org), e.secrets())
}

func (e *simEnv) setupWith(t testing.TB, a Answers, sec Secrets) *Setup {
	t.Helper()
	c, err := Dial(a, sec, "idme-okta-test")
	if err != nil {
		t.Fatal(err)
	}
	p, err := LoadProgress(e.statePath)
	if err == nil {
		p.Answers = a
		return ResumeSetup(c, p, sec, e.statePath)
	}
	s := NewSetup(c, a, sec, Objects{})
	s.StatePath = e.statePath
	return s
}

// run runs every step and fails the test on error.
func (e *simEnv) run(t testing.TB, s *Setup, opts RunOptions) {
	t.Helper()
	if err := Run(context.Background(), s, All(), opts); err != nil {
		t.Fatalf("run: %v", err)
	}
}

// writes are the write requests the org saw, as "METHOD path".
func writes(org *sim.Org) []string { return simtest.WriteLog(org) }

func joinLines(lines []string) string { return "\n  " + strings.Join(lines, "\n  ") }
