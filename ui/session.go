package ui

import (
	"context"
	"time"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/steps/signin"
	"github.com/idme-okta/idme-okta/ui/clipboard"
)

// session is what every page shares, in both renderers: the run's context (cancelled on
// quit), the options, the flow and the styles.
type session struct {
	ctx    context.Context
	opts   Options
	flow   *flow.Flow
	styles styles
	last   ticket // the TUI's last request for work

	// tokenTyped: the API token in the setup was typed on the connect page (not preset).
	tokenTyped bool
	// idmeDraft: the ID.me settings as typed when the admin went back from them (esc),
	// given to the form when it is shown again; dropped once they are stored.
	idmeDraft *idmeAnswers
}

// newSession starts the flow of a run, for either renderer.
func newSession(ctx context.Context, opts Options, sty styles) *session {
	if opts.Setup == nil {
		opts.Setup = steps.NewSetup(nil, steps.DefaultAnswers(), steps.Secrets{}, steps.Objects{})
	}
	if opts.Setup.Version == "" {
		opts.Setup.Version = opts.Version
	}
	f := flow.New(flow.Options{Setup: opts.Setup, Progress: opts.Progress, Steps: opts.Steps})
	return &session{ctx: ctx, opts: opts, flow: f, styles: sty}
}

// setup is the run's setup; resume and start over replace it, so it is asked for each time.
func (s *session) setup() *steps.Setup { return s.flow.Setup() }

func (s *session) board() *flow.Board { return s.flow.Board() }

// connected says where the run is connected, as the preflight found it ("connected to
// https://… (Identity Engine) as …"); "" before connecting.
func (s *session) connected() string {
	st := s.flow.Preflight()
	if st == nil {
		return ""
	}
	b := s.board()
	if i := b.Index(st.ID()); i >= 0 && b.Entries[i].Mark == flow.MarkDone {
		return b.Entries[i].Detail
	}
	return ""
}

func (s *session) ticket() ticket {
	s.last++
	return s.last
}

// tokenSource names where a preset API token came from, for "leave empty to use …".
func (s *session) tokenSource() string {
	if s.tokenTyped {
		return "the token typed before"
	}
	if s.opts.Demo {
		return "the demo org's admin token"
	}
	return "the token from OKTA_CLIENT_TOKEN"
}

// secretSource names where a preset ID.me client secret came from.
func (s *session) secretSource() string {
	if s.opts.Demo {
		return "the demo's ID.me client secret"
	}
	return "the secret from IDME_CLIENT_SECRET"
}

// signInTimeout is how long a live test waits for the browser.
func (s *session) signInTimeout() time.Duration {
	if s.opts.SignInTimeout > 0 {
		return s.opts.SignInTimeout
	}
	return signin.DefaultTimeout
}

// logSettle is how long a test sign-in waits for the System Log (signin.Options.LogSettle).
func (s *session) logSettle() time.Duration {
	if s.opts.LogSettle != 0 {
		return s.opts.LogSettle
	}
	return signin.DefaultLogSettle
}

// signInOptions are what signin.Run needs (signin.OptionsFor), for the response flow chosen.
// Show, OpenBrowser and LogWaiting are the caller's.
func (s *session) signInOptions(responseFlow string) signin.Options {
	o := signin.OptionsFor(s.setup())
	o.Flow, o.Timeout, o.LogSettle = responseFlow, s.signInTimeout(), s.logSettle()
	return o
}

// opener is what opens the authorize URL: the admin's browser or the demo's walker; nil when
// the admin opens it by hand.
func (s *session) opener(way flow.Way) func(ctx context.Context, url string) error {
	switch {
	case way == flow.WayDemo && s.opts.DemoBrowser != nil:
		return s.opts.DemoBrowser
	case way == flow.WayOwn && s.opts.OpenBrowser != nil:
		open := s.opts.OpenBrowser
		return func(_ context.Context, url string) error { return open(url) }
	}
	return nil
}

// copyNow copies text and says how; without a clipboard (Options.Copy is nil) nothing is
// copied, for the reason noClipboard.
func (s *session) copyNow(text string, noClipboard error) clipboard.Result {
	if s.opts.Copy == nil {
		return clipboard.Result{Method: clipboard.MethodNone, Err: noClipboard}
	}
	return s.opts.Copy(text)
}
