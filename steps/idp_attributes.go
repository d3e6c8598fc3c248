package steps

import (
	"context"
	"fmt"
	"strings"

	"github.com/idme-okta/idme-okta/okta"
)

// idpAttributes gives the IdP's own user profile an attribute for every mapped ID.me claim
// it does not have (okta-api.md §3). Okta fills an IdP attribute from the ID token claim
// named by its externalName, and a mapping can only read (appuser.<name>) what exists here.
type idpAttributes struct{}

// IdPAttributes returns the step that adds the ID.me claims to the IdP's user profile.
func IdPAttributes() Step { return idpAttributes{} }

func (idpAttributes) ID() string    { return IDIdPAttributes }
func (idpAttributes) Title() string { return "Add ID.me claims to the identity provider profile" }
func (idpAttributes) Facts() Facts  { return Facts{ShortTitle: "IdP attributes"} }

// wantedIdPAttributes are the IdP profile attributes the mapping table reads that are not
// Okta's base attributes: one per claim source, named like the claim and filled from it
// (externalName), in table order.
func wantedIdPAttributes(rows []MappingRow) []okta.Attribute {
	seen := map[string]bool{}
	var out []okta.Attribute
	for _, r := range rows {
		for _, src := range r.Sources() {
			if src.Base || seen[src.Attribute] {
				continue
			}
			seen[src.Attribute] = true
			out = append(out, okta.Attribute{
				Name:         src.Attribute,
				Title:        "ID.me " + src.Claim,
				Type:         "string",
				ExternalName: src.Claim,
				Scope:        "NONE",
			})
		}
	}
	return out
}

func keyIdPSchema(idpID string) string { return "idp-schema:" + idpID }

func idpSchema(ctx context.Context, s *Setup, idpID string) (map[string]okta.Attribute, error) {
	return cachedRead(ctx, s, keyIdPSchema(idpID), func(ctx context.Context) (map[string]okta.Attribute, error) {
		return s.Okta.IdPSchema(ctx, idpID)
	})
}

// prefetch guesses that the IdP from the last run is still ours and reads its profile; a
// failure is left for Check, as in profileMappings.prefetch.
func (idpAttributes) prefetch(ctx context.Context, s *Setup) error {
	if hint := s.Known().IdPID; hint != "" {
		_, _ = idpSchema(ctx, s, hint)
	}
	return nil
}

type idpAttributesObservation struct {
	idpID  string
	writes []okta.Attribute // missing ones, and existing ones with a wrong externalName
}

func (idpAttributes) Check(ctx context.Context, s *Setup) (Report, error) {
	wanted := wantedIdPAttributes(s.Answers.Mappings)
	idpID := s.Known().IdPID
	if idpID == "" {
		// Nothing to read before the IdP exists: everything that is not one of Okta's base
		// attributes of an OIDC IdP will be added.
		var details []string
		for _, w := range wanted {
			if !defaultIdPBaseAttributes[w.Name] {
				details = append(details, describeIdPAttribute(w))
			}
		}
		return Report{
			Status:  StatusMissing,
			Detail:  "waits for the identity provider to be created",
			Changes: []Change{{Action: "add", Object: "claims to the identity provider profile", Details: details}},
			Notes:   []string{"The exact list is settled against the identity provider's profile once it exists."},
		}, nil
	}

	schema, err := idpSchema(ctx, s, idpID)
	if err != nil {
		return Report{}, fmt.Errorf("read the identity provider's profile: %w", err)
	}
	obs := &idpAttributesObservation{idpID: idpID}
	var add, fix []string
	for _, want := range wanted {
		c := want.Name
		have, ok := schema[c]
		switch {
		case !ok:
			obs.writes = append(obs.writes, want)
			add = append(add, describeIdPAttribute(want))
		case have.Base:
			// One of Okta's attributes of every OIDC IdP (email …): mappings read it as is.
		case have.ExternalName != want.ExternalName:
			// Keep the admin's title and type; only the claim it reads is ours to fix.
			want.Title, want.Type, want.Description = have.Title, have.Type, have.Description
			obs.writes = append(obs.writes, want)
			fix = append(fix, fmt.Sprintf("%s reads claim: %s → %s", c, orNone(have.ExternalName), want.ExternalName))
		}
	}

	r := Report{observed: obs}
	if len(add) > 0 {
		r.Changes = append(r.Changes, Change{Action: "add", Object: "claims to the identity provider profile", Details: add})
	}
	if len(fix) > 0 {
		r.Changes = append(r.Changes, Change{Action: "update", Object: "identity provider profile attributes", Details: fix, Overwrite: true})
	}
	switch {
	case len(fix) > 0:
		r.Status = StatusDrifted
		r.Detail = fmt.Sprintf("%d attribute(s) read the wrong claim", len(fix))
	case len(add) > 0:
		r.Status = StatusMissing
		r.Detail = fmt.Sprintf("%d claim(s) to add", len(add))
	default:
		r.Status = StatusDone
		r.Detail = "the identity provider profile has every mapped claim"
	}
	return r, nil
}

func describeIdPAttribute(a okta.Attribute) string {
	return fmt.Sprintf("%s (%s, from claim %q)", a.Name, a.Type, a.ExternalName)
}

// defaultIdPBaseAttributes are the base attributes of a new OIDC IdP's profile, as its
// default mapping reads them (okta-api.md §3). Used only to plan before the IdP exists; once
// it does, its schema decides.
var defaultIdPBaseAttributes = map[string]bool{
	"email": true, "displayName": true, "nickname": true, "firstName": true, "middleName": true,
	"lastName": true, "profile": true, "zoneinfo": true, "phoneNumber": true,
	"street_address": true, "locality": true, "region": true, "postalCode": true, "country": true,
}

func (st idpAttributes) Apply(ctx context.Context, s *Setup, r Report) (Result, error) {
	obs, err := observation[*idpAttributesObservation](ctx, s, st, r)
	if err != nil {
		return Result{}, err
	}
	if len(obs.writes) == 0 {
		return Result{Detail: "nothing to add"}, nil
	}
	// One POST: a partial update that adds the missing attributes and corrects the
	// externalName of the others, leaving everything else as it is.
	schema, err := s.Okta.AddIdPAttributes(ctx, obs.idpID, obs.writes)
	s.forget(keyIdPSchema(obs.idpID))
	if err != nil {
		return Result{}, fmt.Errorf("identity provider profile attributes %s: %w", strings.Join(attributeNames(obs.writes), ", "), err)
	}
	s.remember(keyIdPSchema(obs.idpID), schema)
	res := Result{Writes: 1, Detail: "identity provider profile now reads " + strings.Join(attributeNames(obs.writes), ", ")}
	for _, a := range obs.writes {
		res.Objects = append(res.Objects, Object{Kind: "identity provider attribute", Name: a.Name})
	}
	return res, nil
}
