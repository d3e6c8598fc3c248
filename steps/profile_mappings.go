package steps

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/idme-okta/idme-okta/okta"
)

// profileMappings is the guide's "Edit Profile and Mappings" (okta-api.md §4): the mapping
// from the IdP's profile to the default Okta user type, one row per line of the mapping
// table, each `appuser.<claim>` with push status PUSH (the guide's "Update attributes for
// existing users").
type profileMappings struct{}

// ProfileMappings returns the step that maps the ID.me claims onto Okta user attributes.
func ProfileMappings() Step { return profileMappings{} }

func (profileMappings) ID() string    { return IDProfileMappings }
func (profileMappings) Title() string { return "Map ID.me claims to Okta user attributes" }

// Facts: the mapping table is reviewed first; a row it adds may target an attribute neither
// attribute step has created, so they come again before the mapping.
func (profileMappings) Facts() Facts {
	return Facts{ShortTitle: "Profile mappings", Page: PageMappingTable, Prerequisites: []string{IDUserAttributes, IDIdPAttributes}}
}

// NoteApplyUpdatesNow explains the guide step idme-okta cannot automate.
const NoteApplyUpdatesNow = "Okta's console button 'Apply updates now' has no public API: mappings apply to each user at their next sign-in."

// oktaDefaultIdPMapping is what Okta puts in the mapping of a new OIDC IdP (okta-api.md §3).
// Replacing these rows is the point of the guide; replacing anything else means replacing an
// admin's choice, which needs confirmation.
var oktaDefaultIdPMapping = map[string]string{
	"login": "appuser.email", "email": "appuser.email",
	"displayName": "appuser.displayName", "nickName": "appuser.nickname",
	"firstName": "appuser.firstName", "middleName": "appuser.middleName", "lastName": "appuser.lastName",
	"profileUrl":    "appuser.profile",
	"timezone":      `appuser.zoneinfo == null ? "America/Los_Angeles" : appuser.zoneinfo`,
	"primaryPhone":  "appuser.phoneNumber",
	"streetAddress": "appuser.street_address", "city": "appuser.locality", "state": "appuser.region",
	"zipCode": "appuser.postalCode", "countryCode": "appuser.country",
}

// desiredMappingRows are the rows the mapping table asks for, keyed by Okta attribute.
func desiredMappingRows(a Answers) map[string]okta.MappingProperty {
	rows := map[string]okta.MappingProperty{}
	for _, m := range a.Mappings {
		rows[m.Attribute] = okta.MappingProperty{Expression: m.Expression(), PushStatus: "PUSH"}
	}
	return rows
}

const keyDefaultUserType = "default-user-type"

func keyMapping(idpID, typeID string) string { return "mapping:" + idpID + ":" + typeID }

func defaultUserType(ctx context.Context, s *Setup) (string, error) {
	return cachedRead(ctx, s, keyDefaultUserType, s.Okta.DefaultUserTypeID)
}

// idpMapping reads the profile mapping from the IdP to the user type (nil: none).
func idpMapping(ctx context.Context, s *Setup, idpID, typeID string) (*okta.Mapping, error) {
	return cachedRead(ctx, s, keyMapping(idpID, typeID), func(ctx context.Context) (*okta.Mapping, error) {
		return s.Okta.FindMapping(ctx, idpID, typeID)
	})
}

// prefetch reads the default user type and, with an IdP id from the last run, guesses that
// IdP's mapping: a failure of the guess says nothing about the credentials (the IdP may be
// gone), so it is left for Check to meet again, and explain, if it matters.
func (profileMappings) prefetch(ctx context.Context, s *Setup) error {
	typeID, err := defaultUserType(ctx, s)
	if hint := s.Known().IdPID; err == nil && hint != "" {
		_, _ = idpMapping(ctx, s, hint, typeID)
	}
	return err
}

// replaceable reports whether a row Okta holds may be replaced without asking: Okta's
// default, the guide's own single-claim row (which the row for both claim styles extends), or
// a row idme-okta wrote itself (mine).
func replaceable(attr, expr string, guide, mine map[string]string) bool {
	return expr == oktaDefaultIdPMapping[attr] || expr == guide[attr] || expr == mine[attr]
}

type mappingsObservation struct {
	mappingID string
	set       map[string]okta.MappingProperty
	remove    []string // rows idme-okta set earlier that have left the mapping table
}

func (st profileMappings) Check(ctx context.Context, s *Setup) (Report, error) {
	want := desiredMappingRows(s.Answers)
	idpID := s.Known().IdPID
	notes := []string{NoteApplyUpdatesNow}
	if idpID == "" {
		var details []string
		for _, attr := range slices.Sorted(maps.Keys(want)) {
			details = append(details, fmt.Sprintf("%s ← %s (%s)", attr, want[attr].Expression, want[attr].PushStatus))
		}
		return Report{
			Status:  StatusMissing,
			Detail:  "waits for the identity provider to be created",
			Changes: []Change{{Action: "update", Object: "profile mapping ID.me → Okta user", Details: details}},
			Notes:   notes,
		}, nil
	}

	typeID, err := defaultUserType(ctx, s)
	if err != nil {
		return Report{}, fmt.Errorf("find the default Okta user type: %w", err)
	}
	m, err := idpMapping(ctx, s, idpID, typeID)
	if err != nil {
		return Report{}, fmt.Errorf("read the profile mapping of identity provider %s: %w", idpID, err)
	}
	if m == nil {
		// Okta creates this mapping with the IdP; its absence is not ours to fix.
		return Report{}, fmt.Errorf("identity provider %s has no profile mapping to the default user type %s: Okta creates it with the identity provider, so wait a minute and check again; if it stays missing, open Security > Identity Providers > Edit Profile and Mappings once", idpID, typeID)
	}
	obs := &mappingsObservation{mappingID: m.ID, set: map[string]okta.MappingProperty{}}
	removed, mine, removalNotes := st.removals(s, m, want, obs)
	notes = append(notes, removalNotes...)
	s.Record(func(o *Objects) { o.UserTypeID, o.MappingID, o.MappedRows = typeID, m.ID, mine })

	guide := map[string]string{}
	for _, r := range s.Answers.Mappings {
		guide[r.Attribute] = r.guideExpression()
	}
	var fresh, replaced []string
	for _, attr := range slices.Sorted(maps.Keys(want)) {
		w := want[attr]
		have, ok := m.Properties[attr]
		if ok && have.Expression == w.Expression && have.PushStatus == w.PushStatus {
			continue
		}
		obs.set[attr] = w
		line := fmt.Sprintf("%s ← %s (%s)", attr, w.Expression, w.PushStatus)
		if ok {
			line = fmt.Sprintf("%s: %s (%s) → %s (%s)", attr, have.Expression, have.PushStatus, w.Expression, w.PushStatus)
		}
		if ok && have.Expression != w.Expression && !replaceable(attr, have.Expression, guide, mine) {
			replaced = append(replaced, line)
		} else {
			fresh = append(fresh, line)
		}
	}

	r := Report{Notes: notes, observed: obs}
	object := fmt.Sprintf("profile mapping %s → Okta user (%s)", idpName(ctx, s, idpID), m.ID)
	if len(fresh) > 0 {
		r.Changes = append(r.Changes, Change{Action: "update", Object: object, Details: fresh})
	}
	if len(replaced) > 0 {
		r.Changes = append(r.Changes, Change{Action: "replace", Object: object, Details: replaced, Overwrite: true})
	}
	if len(removed) > 0 {
		// Deleting a row deletes configuration, so it waits for the admin's confirmation.
		r.Changes = append(r.Changes, Change{Action: "remove rows from", Object: object, Details: removed, Overwrite: true})
	}
	switch {
	case len(obs.set) == 0 && len(obs.remove) == 0:
		r.Status = StatusDone
		r.Detail = fmt.Sprintf("all %d rows of the mapping table are in place", len(want))
	case len(obs.remove) > 0 && len(obs.set) == 0:
		r.Status = StatusDrifted
		r.Detail = fmt.Sprintf("%d row(s) idme-okta set earlier to remove: %s", len(obs.remove), strings.Join(obs.remove, ", "))
	case len(obs.remove) > 0:
		r.Status = StatusDrifted
		r.Detail = fmt.Sprintf("%d row(s) to set, %d of them replacing an admin's mapping; %d row(s) idme-okta set earlier to remove: %s",
			len(obs.set), len(replaced), len(obs.remove), strings.Join(obs.remove, ", "))
	case len(replaced) > 0:
		r.Status = StatusDrifted
		r.Detail = fmt.Sprintf("%d row(s) to set, %d of them replacing an admin's mapping", len(obs.set), len(replaced))
	default:
		r.Status = StatusMissing
		r.Detail = fmt.Sprintf("%d row(s) to set", len(obs.set))
	}
	return r, nil
}

// removals finds the rows idme-okta set on an earlier run (Objects.MappedRows) that are no
// longer in the mapping table, and puts them in obs.remove with one detail line each. It
// returns the rows that are still idme-okta's, for the progress file: a row that is gone
// from Okta, or that someone changed since, is no longer idme-okta's to remove.
func (profileMappings) removals(s *Setup, m *okta.Mapping, want map[string]okta.MappingProperty, obs *mappingsObservation) (details []string, mine map[string]string, notes []string) {
	known := s.Known()
	if known.MappingID != "" && known.MappingID != m.ID {
		return nil, nil, nil // rows of another mapping (the IdP was recreated): none are in this one
	}
	mine = map[string]string{}
	for _, attr := range slices.Sorted(maps.Keys(known.MappedRows)) {
		set := known.MappedRows[attr]
		have, inOkta := m.Properties[attr]
		_, inTable := want[attr]
		switch {
		case !inOkta:
			// Removed already (by an earlier run or in the console).
		case have.Expression != set:
			if !inTable {
				notes = append(notes, fmt.Sprintf("Mapping row %s was changed in Okta since idme-okta set it (now %s); it is left as it is.", attr, have.Expression))
			}
		case inTable:
			mine[attr] = set
		case attr == "login":
			// Okta needs a login mapping to create users. ValidateMappings keeps login in the
			// table, so this only happens with answers that skipped validation.
			mine[attr] = set
			notes = append(notes, "Mapping row login stays in Okta although it is not in the mapping table: Okta needs it to create users.")
		default:
			mine[attr] = set
			obs.remove = append(obs.remove, attr)
			details = append(details, fmt.Sprintf("%s ← %s (%s): set by idme-okta, no longer in the mapping table", attr, have.Expression, have.PushStatus))
		}
	}
	if len(mine) == 0 {
		mine = nil
	}
	return details, mine, notes
}

func (st profileMappings) Apply(ctx context.Context, s *Setup, r Report) (Result, error) {
	obs, err := observation[*mappingsObservation](ctx, s, st, r)
	if err != nil {
		return Result{}, err
	}
	if len(obs.set) == 0 && len(obs.remove) == 0 {
		return Result{Detail: "nothing to change"}, nil
	}
	// Only differing rows are sent. Rows that left the table are deleted only when
	// idme-okta set them (obs.remove); others may be Okta's defaults or an admin's.
	m, err := s.Okta.UpdateMapping(ctx, obs.mappingID, obs.set, obs.remove)
	idpID, typeID := s.Known().IdPID, s.Known().UserTypeID
	s.forget(keyMapping(idpID, typeID))
	if err != nil {
		return Result{}, fmt.Errorf("profile mapping %s: %w", obs.mappingID, err)
	}
	s.Record(func(o *Objects) {
		rows := maps.Clone(o.MappedRows)
		if rows == nil {
			rows = map[string]string{}
		}
		for attr, p := range obs.set {
			rows[attr] = p.Expression
		}
		for _, attr := range obs.remove {
			delete(rows, attr)
		}
		o.MappedRows = rows
	})
	if m != nil && m.ID != "" {
		s.remember(keyMapping(idpID, typeID), m)
	}
	var done []string
	if len(obs.set) > 0 {
		done = append(done, fmt.Sprintf("set %d mapping row(s): %s", len(obs.set), strings.Join(slices.Sorted(maps.Keys(obs.set)), ", ")))
	}
	if len(obs.remove) > 0 {
		done = append(done, fmt.Sprintf("removed %d row(s) no longer in the table: %s", len(obs.remove), strings.Join(obs.remove, ", ")))
	}
	return Result{
		Writes:  1,
		Detail:  strings.Join(done, "; "),
		Objects: []Object{{Kind: "profile mapping", Name: idpName(ctx, s, s.Known().IdPID) + " → Okta user", ID: obs.mappingID}},
	}, nil
}
