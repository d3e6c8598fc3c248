package signin

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/idme-okta/idme-okta/steps"
)

// ErrNoIdP means the org has no ID.me identity provider yet: there is nothing to sign in
// through until the setup has run.
var ErrNoIdP = errors.New("there is no ID.me identity provider yet: run idme-okta (or idme-okta apply) first")

// Ready makes the setup ready for a test sign-in, as the test-signin command needs: the
// credentials work and the IdP exists (it is not this function's to create), and the test
// app is created or repaired, with the step's record saved. say is told what it prepares.
func Ready(ctx context.Context, s *steps.Setup, say func(string)) error {
	list := []steps.Step{steps.Connect(), steps.IdentityProvider(), steps.TestApp()}
	for _, o := range steps.CheckAll(ctx, s, list) {
		switch {
		case o.Err != nil:
			return fmt.Errorf("%s: %w", o.Step.Title(), o.Err)
		case o.Step.ID() == steps.IDIdentityProvider && o.Report.Status == steps.StatusMissing:
			return fmt.Errorf("%s: %w", s.OrgURL(), ErrNoIdP)
		case o.Step.ID() == steps.IDTestApp && o.Report.Status != steps.StatusDone:
			say("Preparing the test app: " + o.Report.Detail)
			res, err := o.Step.Apply(ctx, s, o.Report)
			if err != nil {
				return fmt.Errorf("%s: %w", o.Step.Title(), err)
			}
			s.RecordStep(o.Step.ID(), steps.StatusDone, res.Detail)
			if err := s.Save(); err != nil {
				return err
			}
		}
	}
	return nil
}

// OptionsFor is what Run needs from the setup, copied now so that the run reads only its
// own copy while the caller goes on: the org, the test app, the IdP, the preferred callback
// port and the mapping table to expect. The preferred port may be taken, so EnsurePort
// registers the port really bound on the test app (Okta compares redirect URIs exactly).
// The caller sets Flow, Timeout, Show and OpenBrowser.
func OptionsFor(s *steps.Setup) Options {
	known := s.Known()
	client := s.Okta
	preferred := s.Answers.CallbackPort
	return Options{
		Okta:     client,
		OrgURL:   client.OrgURL(),
		ClientID: known.TestAppClientID,
		IdPID:    known.IdPID,
		Port:     preferred,
		Expect:   slices.Clone(s.Answers.Mappings),
		EnsurePort: func(ctx context.Context, port int) error {
			_, err := steps.EnsureTestAppCallback(ctx, client, known.TestAppID, preferred, port)
			return err
		},
	}
}
