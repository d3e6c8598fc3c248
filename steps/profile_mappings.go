package steps

import (
	"context"
	"fmt"
	"sort"
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

type mappingsObservation struct {
	mappingID string
	set       map[string]okta.MappingProperty
}

func (profileMappings) Check(ctx context.Context, s *Setup) (Report, error) {
	want := desiredMappingRows(s.Answers)
	idpID := s.Known().IdPID
	notes := []string{NoteApplyUpdatesNow}
	if idpID == "" {
		var details []string
		for _, attr := range sortedKeys(want) {
			details = append(details, fmt.Sprintf("%s ← %s (%s)", attr, want[attr].Expression, want[attr].PushStatus))
		}
		return Report{
			Status:  StatusMissing,
			Detail:  "waits for the identity provider to be created",
			Changes: []Change{{Action: "update", Object: "profile mapping ID.me → Okta user", Details: details}},
			Notes:   notes,
		}, nil
	}

	typeID, err := cachedRead(ctx, s, keyDefaultUserType, s.Okta.DefaultUserTypeID)
	if err != nil {
		return Report{}, fmt.Errorf("find the default Okta user type: %w", err)
	}
	m, err := cachedRead(ctx, s, keyMapping(idpID, typeID), func(ctx context.Context) (*okta.Mapping, error) {
		return s.Okta.FindMapping(ctx, idpID, typeID)
	})
	if err != nil {
		return Report{}, fmt.Errorf("read the profile mapping of identity provider %s: %w", idpID, err)
	}
	if m == nil {
		// Okta creates this mapping with the IdP; its absence is not ours to fix.
		return Report{}, fmt.Errorf("identity provider %s has no profile mapping to the default user type %s: Okta creates it with the identity provider, so wait a minute and check again; if it stays missing, open Security > Identity Providers > Edit Profile and Mappings once", idpID, typeID)
	}
	s.Record(func(o *Objects) { o.UserTypeID, o.MappingID = typeID, m.ID })

	obs := &mappingsObservation{mappingID: m.ID, set: map[string]okta.MappingProperty{}}
	var fresh, replaced []string
	for _, attr := range sortedKeys(want) {
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
		if ok && have.Expression != w.Expression && have.Expression != oktaDefaultIdPMapping[attr] {
			replaced = append(replaced, line)
		} else {
			fresh = append(fresh, line)
		}
	}

	r := Report{Notes: notes, observed: obs}
	object := fmt.Sprintf("profile mapping %s → Okta user (%s)", s.Answers.IdPName, m.ID)
	if len(fresh) > 0 {
		r.Changes = append(r.Changes, Change{Action: "update", Object: object, Details: fresh})
	}
	if len(replaced) > 0 {
		r.Changes = append(r.Changes, Change{Action: "replace", Object: object, Details: replaced, Overwrite: true})
	}
	switch {
	case len(obs.set) == 0:
		r.Status = StatusDone
		r.Detail = fmt.Sprintf("all %d rows of the mapping table are in place", len(want))
	case len(replaced) > 0:
		r.Status = StatusDrifted
		r.Detail = fmt.Sprintf("%d row(s) to set, %d of them replacing an admin's mapping", len(obs.set), len(replaced))
	default:
		r.Status = StatusMissing
		r.Detail = fmt.Sprintf("%d row(s) to set", len(obs.set))
	}
	return r, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (st profileMappings) Apply(ctx context.Context, s *Setup, r Report) (Result, error) {
	obs, err := observation[*mappingsObservation](ctx, s, st, r)
	if err != nil {
		return Result{}, err
	}
	if len(obs.set) == 0 {
		return Result{Detail: "nothing to change"}, nil
	}
	// Only differing rows are sent; rows the admin removed from the table are left in Okta
	// (they may be Okta's own defaults), so nothing is ever deleted.
	m, err := s.Okta.UpdateMapping(ctx, obs.mappingID, obs.set, nil)
	idpID, typeID := s.Known().IdPID, s.Known().UserTypeID
	s.forget(keyMapping(idpID, typeID))
	if err != nil {
		return Result{}, fmt.Errorf("profile mapping %s: %w", obs.mappingID, err)
	}
	if m != nil && m.ID != "" {
		s.remember(keyMapping(idpID, typeID), m)
	}
	return Result{
		Writes:  1,
		Detail:  fmt.Sprintf("set %d mapping row(s): %s", len(obs.set), strings.Join(sortedKeys(obs.set), ", ")),
		Objects: []Object{{Kind: "profile mapping", Name: s.Answers.IdPName + " → Okta user", ID: obs.mappingID}},
	}, nil
}
