package steps

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/idme-okta/idme-okta/assets"
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
	// hidden: sent with every write, never described or compared (okta writes it only
	// where the IdP has none).
	hidden bool
	// unsetOK: an IdP without a value here is not drift (what Okta does without one is
	// undocumented); another value is.
	unsetOK bool
}

// shown reports whether the row is described and compared.
func (f idpField) shown() bool { return !f.createOnly && !f.hidden }

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
func hidden(f idpField) idpField     { f.hidden = true; return f }
func unsetOK(f idpField) idpField    { f.unsetOK = true; return f }

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
	// Okta signs nothing it sends to ID.me: the SDK's and Terraform's default (HS256, scope
	// REQUEST) sends signed request objects, which ID.me's discovery does not advertise; the
	// console makes them opt-in. NONE is one of the spec's values for the scope
	// (ProtocolAlgorithmTypeSignatureScope); HS256 is sent beside it only where the IdP has
	// no algorithm, as the recorded IdPs pair them. unverified: that real Okta stores scope
	// NONE as "no signed request" for a generic OIDC IdP.
	unsetOK(str("signed request objects (protocol.algorithms.request.signature.scope)",
		func(i *okta.IdP) *string { return &i.RequestSignatureScope }, fixed("NONE"))),
	hidden(str("request signature algorithm", func(i *okta.IdP) *string { return &i.RequestSignatureAlgorithm }, fixed("HS256"))),
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
	adopt   bool      // found was made by hand: taking it on is part of the change
	name    string    // the name to create the IdP with (ours may be taken)
}

func idpObject(name string) string { return fmt.Sprintf("identity provider %q", name) }

const keyOIDCIdPs = "idps:oidc"

// oidcIdPs reads every OIDC identity provider of the org: ours is found by what it is (its
// ID.me endpoints and client ID), whatever its name.
func oidcIdPs(ctx context.Context, s *Setup) ([]okta.IdP, error) {
	return cachedRead(ctx, s, keyOIDCIdPs, s.Okta.ListOIDCIdPs)
}

func keyIdPName(id string) string { return "idp-name:" + id }

// idpName is the name of the IdP id as this run's check found it (one made by hand keeps its
// own), else the answers' name; it never asks Okta.
func idpName(ctx context.Context, s *Setup, id string) string {
	name, _ := cachedRead(ctx, s, keyIdPName(id), func(context.Context) (string, error) { return s.Answers.IdPName, nil })
	return name
}

func (identityProvider) prefetch(ctx context.Context, s *Setup) error {
	_, err := oidcIdPs(ctx, s)
	return err
}

// IdPChoiceError means several identity providers use the ID.me client ID and none is known
// to be idme-okta's: the admin picks one (apply --idp-id, or the wizard), since idme-okta
// never makes a second one for the same client.
type IdPChoiceError struct {
	ClientID   string
	Candidates []okta.IdP // ID, Name and Status tell them apart
}

func (e *IdPChoiceError) Error() string {
	list := make([]string, len(e.Candidates))
	for i, c := range e.Candidates {
		list[i] = fmt.Sprintf("%s %q (%s)", c.ID, c.Name, c.Status)
	}
	if e.ClientID == "" {
		return fmt.Sprintf("%d ID.me identity providers and no ID.me client ID to tell them apart: %s. Give the setup's client ID (--idme-client-id, or IDME_CLIENT_ID for status) or choose the one to adopt with --idp-id <id>",
			len(e.Candidates), strings.Join(list, ", "))
	}
	return fmt.Sprintf("%d identity providers use the ID.me client ID %s: %s. Choose the one to adopt with --idp-id <id>; idme-okta creates no other for this client (ID.me registers one redirect URI per client)",
		len(e.Candidates), e.ClientID, strings.Join(list, ", "))
}

// idpSurvey sorts the org's OIDC IdPs for the answers: ours (from the progress file), the
// candidates to adopt (same ID.me client on the chosen environment, or the one the admin
// chose), other ID.me integrations (another client or environment: left alone), and the
// names in use.
type idpSurvey struct {
	ours       *okta.IdP
	candidates []okta.IdP
	others     []string // notes about other ID.me integrations
	names      map[string]bool
}

func surveyIdPs(a Answers, hint string, all []okta.IdP) idpSurvey {
	sv := idpSurvey{names: map[string]bool{}}
	for i := range all {
		idp := all[i]
		sv.names[idp.Name] = true
		onChosen := OnIDme(idp, a.IDmeBaseURL)
		otherEnv := ""
		for _, e := range assets.Environments() {
			if !onChosen && e.BaseURL != a.IDmeBaseURL && OnIDme(idp, e.BaseURL) {
				otherEnv = e.Title
			}
		}
		sameClient := a.IDmeClientID != "" && idp.ClientID == a.IDmeClientID
		switch {
		case hint != "" && idp.ID == hint:
			sv.ours = &all[i]
		case a.IdPID != "" && idp.ID == a.IdPID:
			sv.candidates = append(sv.candidates, idp)
		case otherEnv != "":
			sv.others = append(sv.others, fmt.Sprintf("%s (%s) is an ID.me integration on %s: another environment, left alone.", idpObject(idp.Name), idp.ID, otherEnv))
		case sameClient, a.IDmeClientID == "" && onChosen:
			// Without a client ID (status with no progress file), every ID.me IdP of the
			// chosen environment may be the setup's: it is found rather than reported missing.
			sv.candidates = append(sv.candidates, idp)
		case onChosen:
			sv.others = append(sv.others, fmt.Sprintf("%s (%s) is an ID.me integration with another client ID (%s): left alone.", idpObject(idp.Name), idp.ID, idp.ClientID))
		}
	}
	return sv
}

// OnIDme reports whether the IdP's issuer or endpoints are on the ID.me base URL (how an ID.me
// IdP is told by what it is: here, and by the day-two commands through steps/discover).
func OnIDme(idp okta.IdP, base string) bool {
	if base == "" {
		return false
	}
	for _, u := range []string{idp.IssuerURL, idp.AuthorizationURL, idp.TokenURL, idp.JWKSURL} {
		if u != "" && strings.HasPrefix(u, base) {
			return true
		}
	}
	return false
}

func (st identityProvider) Check(ctx context.Context, s *Setup) (Report, error) {
	a := s.Answers
	all, err := oidcIdPs(ctx, s)
	if err != nil {
		return Report{}, fmt.Errorf("look for the identity provider: %w", err)
	}
	hint := s.Known().IdPID
	if s.isPending(adoptedIdP, hint) {
		// An adoption not confirmed yet is not ours: checked again (by Run, or after the
		// admin chose another ID.me client), it is a candidate again, which still needs the
		// yes, never an IdP of ours to rename to the guide's.
		hint = ""
	}
	sv := surveyIdPs(a, hint, all)
	notes := sv.others
	if hint != "" && sv.ours == nil {
		notes = append(notes, fmt.Sprintf("The identity provider %s from the last run no longer exists (or is no OIDC identity provider); looking for the ID.me one instead.", hint))
	}
	found, adopt := sv.ours, false
	switch {
	case found != nil:
		for _, c := range sv.candidates {
			notes = append(notes, fmt.Sprintf("%s (%s) also uses this ID.me client ID; idme-okta manages %s and leaves it alone. Delete the one you do not use in Security > Identity Providers.", idpObject(c.Name), c.ID, found.ID))
		}
	case a.IdPID != "" && !slices.ContainsFunc(sv.candidates, func(c okta.IdP) bool { return c.ID == a.IdPID }):
		return Report{}, fmt.Errorf("--idp-id %s: there is no OIDC identity provider with that id in the org", a.IdPID)
	case a.IdPID != "":
		for i, c := range sv.candidates {
			if c.ID == a.IdPID {
				found, adopt = &sv.candidates[i], true
			} else {
				notes = append(notes, fmt.Sprintf("%s (%s) also uses this ID.me client ID: left alone.", idpObject(c.Name), c.ID))
			}
		}
	case len(sv.candidates) == 1:
		found, adopt = &sv.candidates[0], true
	case len(sv.candidates) > 1:
		return Report{}, &IdPChoiceError{ClientID: a.IDmeClientID, Candidates: sv.candidates}
	}

	if found == nil {
		name := a.IdPName
		if sv.names[name] {
			name = freeName(name, sv.names)
			notes = append(notes, fmt.Sprintf("%s already exists and is not idme-okta's (not this ID.me client): it stays as it is; the new one is named %q.", idpObject(a.IdPName), name))
		}
		s.Record(func(o *Objects) { o.IdPID, o.RedirectURI = "", "" })
		want := desiredIdP(a, true)
		want.Name = name
		r := Report{
			Status: StatusMissing,
			Detail: fmt.Sprintf("no identity provider for this ID.me client yet; %s will be created", idpObject(name)),
			Changes: []Change{{
				Action:  "create",
				Object:  idpObject(name),
				Details: describeIdP(want),
			}},
			Notes:    notes,
			observed: &idpObservation{name: name},
		}
		if s.Secrets.IDmeClientSecret == "" {
			r.Notes = append(r.Notes, ErrNoClientSecret.Error()+".")
		}
		return r, nil
	}

	s.Record(func(o *Objects) { o.IdPID, o.RedirectURI = found.ID, found.RedirectURI })
	s.remember(keyIdPName(found.ID), found.Name)
	s.setPending(adoptedIdP, "")
	want := desiredIdP(a, false)
	if adopt {
		want.Name = found.Name // an adopted IdP keeps its name
	}
	if a.IDmeClientID == "" {
		// No client ID given (status on a machine without the progress file): the IdP's own
		// is the setup's, not one to remove.
		want.ClientID = found.ClientID
	}
	obs := &idpObservation{found: found, adopt: adopt}
	r := Report{Notes: notes, observed: obs}
	diffs := diffIdP(*found, want, s.Secrets.IDmeClientSecret)
	if adopt && found.Name == a.IdPName && len(diffs) == 0 && found.Status == "ACTIVE" {
		// Exactly what idme-okta makes, under its name: most likely its own create whose
		// answer was lost (a crash, a dropped connection). Taking it on changes nothing in it,
		// so it needs no question.
		notes = append(notes, fmt.Sprintf("%s (%s) is exactly the guide's identity provider for this ID.me client, under idme-okta's name: it is taken on as idme-okta's.", idpObject(found.Name), found.ID))
		r.Notes = notes
	} else if adopt {
		// Taking on an IdP made by hand: nothing after this step may write until the admin
		// agrees, since every later step builds on it.
		r.Blocks = true
		s.setPending(adoptedIdP, found.ID)
		details := []string{fmt.Sprintf("%s (%s) uses this ID.me client ID: idme-okta takes it on instead of creating a second one", idpObject(found.Name), found.ID)}
		if a.IDmeClientID == "" {
			details[0] = fmt.Sprintf("%s (%s) is an ID.me identity provider (client ID %s) and no other client ID was given: idme-okta takes it on instead of creating a second one", idpObject(found.Name), found.ID, found.ClientID)
		}
		if len(diffs) == 0 {
			details = append(details, "it matches the guide")
		} else {
			details = append(details, "the repairs below make it match the guide")
		}
		r.Changes = append(r.Changes, Change{Action: "adopt", Object: idpObject(found.Name), Details: details, Overwrite: true})
	}
	if len(diffs) > 0 {
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
		if s.Known().Adopted[adoptedIdP] == found.ID {
			r.Detail += " (adopted)"
		}
	case adopt:
		r.Status = StatusDrifted
		r.Detail = fmt.Sprintf("%s (%s) was made by hand: adopt it", idpObject(found.Name), found.ID)
	default:
		r.Status = StatusDrifted
		r.Detail = fmt.Sprintf("%s (%s) differs from the guide", idpObject(found.Name), found.ID)
	}
	return r, nil
}

// Keys of Objects.Adopted.
const (
	adoptedIdP  = "identity provider"
	adoptedRule = "routing rule"
)

// describeIdP lists what a new IdP will look like (no secret).
func describeIdP(want okta.IdP) []string {
	var d []string
	for _, f := range idpFields {
		if f.shown() {
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
		if h, w := f.show(have), f.show(want); f.shown() && h != w && (h != "" || !f.unsetOK) {
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
	defer s.forget(keyOIDCIdPs)

	var res Result
	idp := obs.found
	want := desiredIdP(s.Answers, idp == nil)
	if idp == nil {
		want.Name = cmp.Or(obs.name, want.Name)
		if s.Secrets.IDmeClientSecret == "" {
			return Result{}, fmt.Errorf("create identity provider %q: %w", want.Name, ErrNoClientSecret)
		}
		want.ClientSecret = s.Secrets.IDmeClientSecret
		created, healed, err := createOnce(ctx, idpObject(want.Name), func(ctx context.Context) (*okta.IdP, error) {
			return s.Okta.CreateIdP(ctx, want)
		}, func(ctx context.Context) (*okta.IdP, error) {
			named, err := s.Okta.FindIdPsByName(ctx, want.Name)
			for i := range named {
				if named[i].ClientID == want.ClientID {
					return &named[i], err
				}
			}
			return nil, err
		})
		if err != nil {
			return Result{}, fmt.Errorf("%s: %w", idpObject(want.Name), err)
		}
		idp = created
		res.Writes++
		res.Detail = fmt.Sprintf("created %s (%s)", idpObject(idp.Name), idp.ID)
		if healed != "" {
			res.Detail += " (" + healed + ")"
		}
	} else {
		if obs.adopt {
			want.Name = idp.Name
		}
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
	}
	s.Record(func(o *Objects) { o.IdPID, o.RedirectURI = idp.ID, idp.RedirectURI })
	s.remember(keyIdPName(idp.ID), idp.Name)
	if obs.adopt {
		// From now on it is ours, under its own name: later runs find it by id and do not
		// rename it to the default.
		s.Answers.IdPName, s.Answers.IdPID = idp.Name, ""
		s.Record(func(o *Objects) { o.Adopted = withAdopted(o.Adopted, adoptedIdP, idp.ID) })
		s.setPending(adoptedIdP, "")
		if res.Detail == "" {
			res.Detail = fmt.Sprintf("adopted %s (%s)", idpObject(idp.Name), idp.ID)
		} else {
			res.Detail = "adopted and " + res.Detail
		}
	}
	if idp.Name != s.Answers.IdPName && obs.found == nil {
		s.Answers.IdPName = idp.Name // created under another name: ours was taken
	}

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
