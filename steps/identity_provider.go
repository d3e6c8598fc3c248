package steps

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/idme-okta/idme-okta/okta"
)

// identityProvider is the guide's "Create an Identity Provider" (okta-api.md §1).
type identityProvider struct{}

// IdentityProvider returns the step that creates (or adopts and repairs) the ID.me IdP.
func IdentityProvider() Step { return identityProvider{} }

func (identityProvider) ID() string      { return IDIdentityProvider }
func (identityProvider) Title() string   { return "Create the ID.me identity provider" }
func (identityProvider) checkPhase() int { return phaseIdP }
func (identityProvider) Facts() Facts {
	return Facts{ShortTitle: "Identity provider", KeepsClientSecret: true}
}

// ErrNoClientSecret means the IdP must be created but the ID.me client secret was not given.
var ErrNoClientSecret = errors.New("the ID.me client secret is needed to create the identity provider: set IDME_CLIENT_SECRET or enter the client secret your ID.me Solution Consultant gave you")

// idpField is one field of the IdP the guide wants: what people call it, its value in an
// okta.IdP, and the guide's value for it. The table drives the desired IdP, the description
// of a new one and the diff against an existing one, so one field is one row.
type idpField struct {
	label string
	show  func(okta.IdP) string        // the value, for people ("" shows as "(none)")
	want  func(i *okta.IdP, a Answers) // sets the guide's value
	// createOnly: the guide's value when creating; afterwards the field is the admin's
	// (neither described nor compared, and a replace leaves it as Okta stores it).
	createOnly bool
}

// str is a row for a plain string field.
func str(label string, field func(*okta.IdP) *string, want func(Answers) string) idpField {
	return idpField{
		label: label,
		show:  func(i okta.IdP) string { return *field(&i) },
		want:  func(i *okta.IdP, a Answers) { *field(i) = want(a) },
	}
}

func fixed(v string) func(Answers) string { return func(Answers) string { return v } }

func createOnly(f idpField) idpField { f.createOnly = true; return f }

// idpFields are the guide's IdP (okta-api.md §1), in the order people read them.
var idpFields = []idpField{
	str("name", func(i *okta.IdP) *string { return &i.Name }, func(a Answers) string { return a.IdPName }),
	{
		label: "scopes",
		show:  func(i okta.IdP) string { return strings.Join(i.Scopes, " ") },
		want:  func(i *okta.IdP, a Answers) { i.Scopes = a.Scopes() },
	},
	str("client ID", func(i *okta.IdP) *string { return &i.ClientID }, func(a Answers) string { return a.IDmeClientID }),
	str("issuer", func(i *okta.IdP) *string { return &i.IssuerURL }, func(a Answers) string { return a.Endpoints().Issuer }),
	str("authorization endpoint", func(i *okta.IdP) *string { return &i.AuthorizationURL }, func(a Answers) string { return a.Endpoints().Authorization }),
	str("token endpoint", func(i *okta.IdP) *string { return &i.TokenURL }, func(a Answers) string { return a.Endpoints().Token }),
	str("JWKS endpoint", func(i *okta.IdP) *string { return &i.JWKSURL }, func(a Answers) string { return a.Endpoints().JWKS }),
	// ID.me puts every claim in the ID token; a userinfo URL breaks the sign-in.
	str("userinfo endpoint", func(i *okta.IdP) *string { return &i.UserInfoURL }, fixed("")),
	str("IdP username", func(i *okta.IdP) *string { return &i.UsernameTemplate }, fixed("idpuser.email")),
	str("match against", func(i *okta.IdP) *string { return &i.MatchType }, fixed("USERNAME_OR_EMAIL")),
	str("account link", func(i *okta.IdP) *string { return &i.AccountLinkAction }, fixed("AUTO")),
	str("JIT provisioning", func(i *okta.IdP) *string { return &i.ProvisioningAction }, fixed("AUTO")),
	{
		label: "update attributes for existing users (profileMaster)",
		show:  func(i okta.IdP) string { return strconv.FormatBool(i.ProfileMaster) },
		want:  func(i *okta.IdP, _ Answers) { i.ProfileMaster = true },
	},
	createOnly(str("issuer mode", func(i *okta.IdP) *string { return &i.IssuerMode }, fixed("ORG_URL"))),
	createOnly(str("group assignments", func(i *okta.IdP) *string { return &i.GroupsAction }, fixed("NONE"))),
	createOnly(str("when deprovisioned in ID.me", func(i *okta.IdP) *string { return &i.DeprovisionedAction }, fixed("NONE"))),
	createOnly(str("when suspended in ID.me", func(i *okta.IdP) *string { return &i.SuspendedAction }, fixed("NONE"))),
	createOnly(idpField{
		label: "max clock skew",
		show: func(i okta.IdP) string {
			if i.MaxClockSkew == nil {
				return ""
			}
			return strconv.FormatInt(*i.MaxClockSkew, 10) + " ms"
		},
		want: func(i *okta.IdP, _ Answers) { i.MaxClockSkew = new(int64) },
	}),
}

// desiredIdP is the IdP the guide asks for, from the answers: every field when creating;
// for a replace, only those idme-okta keeps in line with the guide. The client secret is left
// out: it is compared and sent separately so it cannot leak into a diff.
func desiredIdP(a Answers, creating bool) okta.IdP {
	var i okta.IdP
	for _, f := range idpFields {
		if creating || !f.createOnly {
			f.want(&i, a)
		}
	}
	return i
}

// idpObservation is what Check found, for Apply.
type idpObservation struct {
	found   *okta.IdP // nil: to be created
	replace bool      // found differs from the guide
}

func idpObject(name string) string { return fmt.Sprintf("identity provider %q", name) }

func keyIdPsByName(name string) string { return "idps-by-name:" + name }
func keyIdP(id string) string          { return "idp:" + id }

// idpsNamed reads the OIDC identity providers named like ours.
func idpsNamed(ctx context.Context, s *Setup) ([]okta.IdP, error) {
	name := s.Answers.IdPName
	return cachedRead(ctx, s, keyIdPsByName(name), func(ctx context.Context) ([]okta.IdP, error) {
		return s.Okta.FindIdPsByName(ctx, name)
	})
}

func (identityProvider) prefetch(ctx context.Context, s *Setup) error {
	_, err := idpsNamed(ctx, s)
	return err
}

func (st identityProvider) Check(ctx context.Context, s *Setup) (Report, error) {
	a := s.Answers
	all, err := idpsNamed(ctx, s)
	if err != nil {
		return Report{}, fmt.Errorf("look for the identity provider: %w", err)
	}
	found, notes, err := st.pick(ctx, s, all)
	if err != nil {
		return Report{}, err
	}
	want := desiredIdP(a, false)

	if found == nil {
		s.Record(func(o *Objects) { o.IdPID, o.RedirectURI = "", "" })
		r := Report{
			Status: StatusMissing,
			Detail: fmt.Sprintf("no OIDC identity provider named %q yet", a.IdPName),
			Changes: []Change{{
				Action:  "create",
				Object:  idpObject(a.IdPName),
				Details: describeIdP(want),
			}},
			Notes:    notes,
			observed: &idpObservation{},
		}
		if s.Secrets.IDmeClientSecret == "" {
			r.Notes = append(r.Notes, ErrNoClientSecret.Error()+".")
		}
		return r, nil
	}

	s.Record(func(o *Objects) { o.IdPID, o.RedirectURI = found.ID, found.RedirectURI })
	obs := &idpObservation{found: found}
	r := Report{Notes: notes, observed: obs}
	if diffs := diffIdP(*found, want, s.Secrets.IDmeClientSecret); len(diffs) > 0 {
		obs.replace = true
		r.Changes = append(r.Changes, Change{
			Action:    "replace",
			Object:    idpObject(found.Name),
			Details:   diffs,
			Overwrite: true,
		})
	}
	if found.Status != "ACTIVE" {
		// An admin may have switched the IdP off on purpose (to stop ID.me sign-ins during
		// an incident, say), so turning it back on waits for their confirmation. Routing
		// rules are different: the console leaves them inactive by default (the guide's trap).
		r.Changes = append(r.Changes, Change{
			Action:    "activate",
			Object:    idpObject(found.Name),
			Details:   []string{fmt.Sprintf("status: %s → ACTIVE", found.Status)},
			Overwrite: true,
		})
	}
	switch {
	case len(r.Changes) == 0:
		r.Status = StatusDone
		r.Detail = fmt.Sprintf("%s (%s) matches the guide", idpObject(found.Name), found.ID)
	default:
		r.Status = StatusDrifted
		r.Detail = fmt.Sprintf("%s (%s) differs from the guide", idpObject(found.Name), found.ID)
	}
	return r, nil
}

// pick chooses the IdP to manage among those named like ours: the one from the progress
// file if it still exists (even if it was renamed since), else the first ACTIVE one, else
// the first. Several with our name are never a reason to create yet another.
func (identityProvider) pick(ctx context.Context, s *Setup, named []okta.IdP) (*okta.IdP, []string, error) {
	var notes []string
	hint := s.Known().IdPID
	var found *okta.IdP
	if hint != "" {
		for i := range named {
			if named[i].ID == hint {
				found = &named[i]
			}
		}
		if found == nil {
			idp, err := cachedRead(ctx, s, keyIdP(hint), func(ctx context.Context) (*okta.IdP, error) {
				return s.Okta.GetIdP(ctx, hint)
			})
			switch {
			case okta.IsNotFound(err):
				notes = append(notes, fmt.Sprintf("The identity provider %s from the last run no longer exists; looking for one named %q instead.", hint, s.Answers.IdPName))
			case err != nil:
				return nil, nil, fmt.Errorf("read the identity provider from the last run: %w", err)
			case idp.Type != "OIDC":
				notes = append(notes, fmt.Sprintf("Identity provider %s from the last run is of type %s, not OIDC; it is left alone.", hint, idp.Type))
			default:
				found = idp
			}
		}
	}
	if found == nil {
		for i := range named {
			if named[i].Status == "ACTIVE" {
				found = &named[i]
				break
			}
		}
	}
	if found == nil && len(named) > 0 {
		found = &named[0]
	}
	if len(named) > 1 {
		ids := make([]string, len(named))
		for i, idp := range named {
			ids[i] = idp.ID
		}
		notes = append(notes, fmt.Sprintf("%d identity providers are named %q (%s): idme-okta uses %s and creates no other. Delete the ones you do not use in Security > Identity Providers.",
			len(named), s.Answers.IdPName, strings.Join(ids, ", "), found.ID))
	}
	return found, notes, nil
}

// describeIdP lists what a new IdP will look like (no secret).
func describeIdP(want okta.IdP) []string {
	var d []string
	for _, f := range idpFields {
		if !f.createOnly {
			d = append(d, f.label+": "+orNone(f.show(want)))
		}
	}
	return d
}

// diffIdP names every field of have that differs from want, one line each, as
// "field: have → want". newSecret, when given, is compared with the stored client secret
// (have holds only its hash); neither value is ever shown.
func diffIdP(have, want okta.IdP, newSecret string) []string {
	var d []string
	for _, f := range idpFields {
		if h, w := f.show(have), f.show(want); !f.createOnly && h != w {
			d = append(d, fmt.Sprintf("%s: %s → %s", f.label, orNone(h), orNone(w)))
		}
	}
	if newSecret != "" && have.HasStoredSecret() && !have.SecretMatches(newSecret) {
		d = append(d, "client secret: the stored one → the one you entered (values not shown)")
	}
	return d
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func (st identityProvider) Apply(ctx context.Context, s *Setup, r Report) (Result, error) {
	obs, err := observation[*idpObservation](ctx, s, st, r)
	if err != nil {
		return Result{}, err
	}
	defer s.forget(keyIdPsByName(s.Answers.IdPName))

	var res Result
	idp := obs.found
	want := desiredIdP(s.Answers, idp == nil)
	if idp == nil {
		if s.Secrets.IDmeClientSecret == "" {
			return Result{}, fmt.Errorf("create identity provider %q: %w", want.Name, ErrNoClientSecret)
		}
		want.ClientSecret = s.Secrets.IDmeClientSecret
		created, err := s.Okta.CreateIdP(ctx, want)
		if err != nil {
			return Result{}, fmt.Errorf("%s: %w", idpObject(want.Name), err)
		}
		idp = created
		res.Writes++
		res.Detail = fmt.Sprintf("created %s (%s)", idpObject(idp.Name), idp.ID)
	} else {
		if obs.replace {
			want.ID = idp.ID
			want.ClientSecret = s.Secrets.IDmeClientSecret // empty keeps the stored secret
			replaced, err := s.Okta.ReplaceIdP(ctx, want)
			if err != nil {
				return Result{}, fmt.Errorf("%s: %w", idpObject(idp.Name), err)
			}
			idp = replaced
			res.Writes++
			res.Detail = fmt.Sprintf("updated %s (%s) to match the guide", idpObject(idp.Name), idp.ID)
		}
		s.forget(keyIdP(idp.ID))
	}
	s.Record(func(o *Objects) { o.IdPID, o.RedirectURI = idp.ID, idp.RedirectURI })

	if idp.Status != "ACTIVE" {
		activated, err := s.Okta.ActivateIdP(ctx, idp.ID)
		if err != nil {
			return res, fmt.Errorf("%s: %w", idpObject(idp.Name), err)
		}
		idp = activated
		res.Writes++
		if res.Detail == "" {
			res.Detail = fmt.Sprintf("activated %s (%s)", idpObject(idp.Name), idp.ID)
		}
	}
	if idp.RedirectURI == "" {
		return res, fmt.Errorf("identity provider %s: Okta returned no redirect URI (_links.clientRedirectUri): the handoff sheet cannot be made", idp.ID)
	}
	s.Record(func(o *Objects) { o.RedirectURI = idp.RedirectURI })
	res.Objects = []Object{{Kind: "identity provider", Name: idp.Name, ID: idp.ID}}
	return res, nil
}
