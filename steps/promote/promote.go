// Package promote moves a finished setup on: from ID.me's sandbox to production in the same
// org (new client ID and secret, optionally a new policy handle, the four endpoints and the
// issuer switched), or to another org (a preview org's answers carried to production's). It
// writes nothing itself: it changes the answers, and the normal steps converge Okta with
// them (the identity-provider step's field table makes the switch, the handoff step writes
// the new sheet), so a move is planned, confirmed and resumed exactly like `apply`.
//
// The IdP is not deactivated for the switch: Okta replaces an ACTIVE IdP's endpoints in place
// (terraform-provider-okta's recorded TestAccResourceOktaIdpOidc_crud, oie-00.yaml
// interaction 10: PUT /api/v1/idps/{id} with new authorization, token, JWKS and userinfo URLs
// on an ACTIVE IdP, answered 200 and still ACTIVE; the provider never deactivates before an
// update). unverified: the same for a new client ID, client secret and issuer in one PUT; no
// source says Okta requires the IdP inactive for them. Deactivating would cost more than the
// switch: Okta deactivates the routing rules whose only IdP it is (Okta's API team in
// okta-sdk-dotnet#589), so the sign-in page would lose its button until they were
// reactivated.
package promote

import (
	"context"
	"errors"
	"fmt"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
)

// ToProduction is the only environment a setup is promoted to.
const ToProduction = "production"

// Options say where the setup goes.
type Options struct {
	// To is ToProduction to move to ID.me production; "" keeps the ID.me side as it is (a
	// move to another org only).
	To string
	// BaseURL is production's base URL; "" is ID.me's own (https://api.id.me/), another is a
	// stand-in on this machine.
	BaseURL string
	// ClientID and ClientSecret are the production client's (required with To); the secret
	// stays in memory.
	ClientID, ClientSecret string
	// PolicyHandle is production's policy handle; "" keeps the current one.
	PolicyHandle string
	// From is the progress file of a finished setup in another org, whose answers are
	// carried to this one (see Carry); nil for a move in place.
	From *steps.Progress
}

// InvalidError is an option that cannot be used; nothing was read or written.
type InvalidError struct{ Err error }

func (e *InvalidError) Error() string { return e.Err.Error() }
func (e *InvalidError) Unwrap() error { return e.Err }

func invalid(format string, args ...any) error {
	return &InvalidError{fmt.Errorf(format, args...)}
}

// ErrNothingToPromote means the org has no identity provider to move: there is no finished
// sandbox setup here.
var ErrNothingToPromote = errors.New("this org has no ID.me identity provider to promote: finish the setup first (idme-okta apply), or use --from-state to bring another org's setup here")

// Carry returns the answers of a finished setup (from, in another org) to apply in this one:
// what was decided about the integration — the ID.me environment, client and policy handle,
// the names, the mapping table with its edits, the extra attributes, the test app's label and
// callback port — over into's, which keep what belongs to this org: its URL, how to connect
// to it, its test group and the JIT confirmation made for it.
func Carry(from, into steps.Answers) steps.Answers {
	a := from.Clone()
	a.OrgURL = into.OrgURL
	a.AuthMethod, a.ServiceAppClientID, a.ServiceAppKeyID, a.PrivateKeyFile = into.AuthMethod, into.ServiceAppClientID, into.ServiceAppKeyID, into.PrivateKeyFile
	a.TestGroupID = into.TestGroupID
	a.JITConfirmed = into.JITConfirmed
	return a
}

// Answers returns cur moved as o says, or an *InvalidError.
func Answers(cur steps.Answers, o Options) (steps.Answers, error) {
	a := cur.Clone()
	if o.From != nil {
		if same, err := sameOrg(o.From.OrgURL, cur.OrgURL); err != nil || same {
			return a, invalid("the progress file to carry is this org's own (%s): --from-state brings another org's setup here", o.From.OrgURL)
		}
		a = Carry(o.From.Answers, cur)
	}
	switch o.To {
	case "":
		if o.From == nil {
			return a, invalid("nothing to do: say where to go, --to production (or --from-state FILE to bring another org's setup here)")
		}
		return a, nil
	case ToProduction:
	default:
		return a, invalid("--to %q: a setup is promoted to production only", o.To)
	}
	if err := steps.ValidateClientID(o.ClientID); err != nil {
		return a, invalid("the production client ID: %w", err)
	}
	if o.ClientSecret == "" {
		return a, invalid("the production client secret is missing: ID.me's production client has a secret of its own")
	}
	env, base, err := steps.ResolveIDmeBaseURL(ToProduction, o.BaseURL)
	if err != nil {
		return a, &InvalidError{err}
	}
	// The same client on production already is a move being finished (or repeated).
	if o.ClientID == a.IDmeClientID && a.IDmeBaseURL != base {
		return a, invalid("the production client ID %q is the one the setup uses now: ID.me issues separate credentials for production; ask your Solution Consultant for them", o.ClientID)
	}
	a.IDmeEnv, a.IDmeBaseURL, a.IDmeClientID = env, base, o.ClientID
	if o.PolicyHandle != "" {
		if err := steps.ValidatePolicyHandle(o.PolicyHandle); err != nil {
			return a, &InvalidError{err}
		}
		a.PolicyHandle = o.PolicyHandle
	}
	return a, nil
}

func sameOrg(a, b string) (bool, error) {
	na, err := okta.NormalizeOrgURL(a)
	if err != nil {
		return false, err
	}
	nb, err := okta.NormalizeOrgURL(b)
	return na == nb, err
}

// Prepare returns the Setup that converges the org to the move: s's client, progress file,
// learned objects and step records, with the moved answers and the new client secret.
func Prepare(s *steps.Setup, o Options) (*steps.Setup, error) {
	a, err := Answers(s.Answers, o)
	if err != nil {
		return nil, err
	}
	sec := s.Secrets
	if o.ClientSecret != "" {
		sec.IDmeClientSecret = o.ClientSecret
	}
	next := steps.ResumeSetup(s.Okta, s.Progress(), sec, s.StatePath)
	next.Answers = a
	next.Version, next.Now = s.Version, s.Now
	return next, nil
}

// Plan checks every step against the moved answers and reports, through onEvent (may be
// nil), what converging would write; it writes nothing, not even the progress file. A move
// in place (no From) needs the identity provider to exist: ErrNothingToPromote otherwise.
func Plan(ctx context.Context, next *steps.Setup, o Options, onEvent func(steps.Event)) error {
	idpMissing := false
	err := steps.Run(ctx, next, steps.All(), steps.RunOptions{PlanOnly: true, OnEvent: func(e steps.Event) {
		if e.StepID == steps.IDIdentityProvider && e.Kind == steps.EventChecked && e.Err == nil {
			idpMissing = e.Report.Status == steps.StatusMissing
		}
		if onEvent != nil {
			onEvent(e)
		}
	}})
	if err == nil && o.From == nil && idpMissing {
		return ErrNothingToPromote
	}
	return err
}

// Apply converges the org with the moved answers, as `apply --yes` does: the plan was
// confirmed, so its changes to existing configuration are made. Progress is saved after each
// step; a move that stops half way is finished by running it again.
func Apply(ctx context.Context, next *steps.Setup, onEvent func(steps.Event)) error {
	return steps.Run(ctx, next, steps.All(), steps.RunOptions{AllowOverwrite: true, OnEvent: onEvent})
}
