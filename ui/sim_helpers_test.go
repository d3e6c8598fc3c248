package ui

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/idme"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
)

// Canaries: typed into the wizard, they must never be drawn or saved.
const (
	canaryClientSecret = "canary-idme-secret-3b7e11"
	idmeClientID       = "idme-client-ui-0001"
	policyHandle       = "teacher"
)

// verifiedHandle is an ID.me policy that releases every claim the guide maps: a test
// sign-in with it passes. The "teacher" policy releases a subset (no phone, no address).
const verifiedHandle = "nist_aal2_ial2"

// simWorld is a simulated Okta org and a simulated ID.me, as an admin would meet them.
type simWorld struct {
	org       *sim.Org
	idme      *idme.Server
	statePath string
	copies    *recordingCopy
	handle    string // the policy handle the scripts type: policyHandle unless a test says
}

func startSimWorld(t *testing.T, orgOpts ...func(*sim.Options)) *simWorld {
	t.Helper()
	org := simtest.Start(t, orgOpts...)
	// Registered after simtest's cleanup, so it runs before the org closes: a connection the
	// client dialled but never used (a lost race between concurrent reads) would otherwise
	// keep the org's Shutdown waiting for its 5 s "new connection" grace.
	t.Cleanup(closeIdleClientConns)
	srv, err := idme.Start(idme.Options{Clients: []idme.Client{{
		ID:           idmeClientID,
		Secret:       canaryClientSecret,
		RedirectURIs: []string{org.URL() + "/oauth2/v1/authorize/callback"},
		Policies:     []string{policyHandle, verifiedHandle},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return &simWorld{org: org, idme: srv, statePath: filepath.Join(t.TempDir(), "state", "org.json"), copies: &recordingCopy{}, handle: policyHandle}
}

// options are what the CLI would pass: the ID.me base URL prefilled (the simulated ID.me is
// reached through it), everything else typed. progress is the file of an earlier run.
func (w *simWorld) options(t *testing.T) Options {
	t.Helper()
	a := steps.DefaultAnswers()
	env, base, err := steps.ResolveIDmeBaseURL("", w.idme.BaseURL())
	if err != nil {
		t.Fatal(err)
	}
	a.IDmeEnv, a.IDmeBaseURL = env, base
	setup := steps.NewSetup(nil, a, steps.Secrets{}, steps.Objects{})
	setup.StatePath = w.statePath
	setup.Version = "test"
	return Options{
		Setup: setup,
		Steps: steps.All(),
		Dial: func(_ context.Context, a steps.Answers, s steps.Secrets) (*okta.Client, error) {
			return steps.Dial(a, s, "idme-okta-ui-test")
		},
		Copy:    w.copies.copy,
		Version: "test",
		// The simulated org writes its System Log at once: one read tells. Tests of the
		// wait for a late log set their own.
		LogSettle: -1,
	}
}

// optionsFromProgress are the options of a second run: the CLI found the progress file.
func (w *simWorld) optionsFromProgress(t *testing.T) Options {
	t.Helper()
	opts := w.options(t)
	p, err := steps.LoadProgress(w.statePath)
	if err != nil {
		t.Fatalf("load the progress of the first run: %v", err)
	}
	opts.Progress = p
	opts.Setup.Answers.OrgURL = p.OrgURL
	return opts
}

// writes are the management API writes the org has seen.
func (w *simWorld) writes() int { return simtest.Writes(w.org) }

// connect types the org URL and the token on the connect screen.
func (w *simWorld) connect(d *driver, token string) { connectKeys(d, w.org.URL(), token) }

// wizardToSummary drives a first run from the welcome screen to the summary, applying every
// step.
func (w *simWorld) wizardToSummary(t *testing.T, d *driver) {
	t.Helper()
	script := w.fullRun(false)
	for _, sc := range script[:len(script)-1] {
		sc.arrive(d)
		sc.act(d)
	}
	script[len(script)-1].arrive(d)
}

// noSecretsIn fails when a canary appears in s.
func noSecretsIn(t *testing.T, where, s string, secrets ...string) {
	t.Helper()
	for _, c := range secrets {
		if c != "" && strings.Contains(s, c) {
			t.Errorf("%s contains the secret %q", where, c[:min(len(c), 12)]+"…")
		}
	}
}

// closeIdleClientConns closes the idle connections of the transport the Okta client uses
// when given no HTTP client (steps.Dial gives none).
func closeIdleClientConns() {
	if tr, ok := http.DefaultTransport.(*http.Transport); ok {
		tr.CloseIdleConnections()
	}
}

func ctrlC(d *driver) { d.key(tea.KeyCtrlC) }
