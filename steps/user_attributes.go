package steps

import (
	"cmp"
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/idme-okta/idme-okta/assets"
	"github.com/idme-okta/idme-okta/okta"
)

// userAttributes is the guide's "Configure attribute mappings" 1–3: custom attributes on
// the Okta User (default) profile for the ID.me claims Okta has no attribute for.
type userAttributes struct{}

// UserAttributes returns the step that adds the custom Okta user attributes.
func UserAttributes() Step { return userAttributes{} }

func (userAttributes) ID() string    { return IDUserAttributes }
func (userAttributes) Title() string { return "Add ID.me attributes to the Okta user profile" }
func (userAttributes) Facts() Facts  { return Facts{ShortTitle: "User attributes"} }

// wantedUserAttribute is a custom attribute the setup needs, and why.
type wantedUserAttribute struct {
	okta.Attribute
	mapped bool   // a mapping row writes it: a conflict blocks the mapping
	claim  string // the catalogue's ID.me claim for it; "" when it is not in the catalogue
}

// wantedUserAttributes lists the attribute names the setup needs on the Okta user profile,
// in a stable order: every target of the mapping table (so the attribute list follows the
// table), then the admin's extra picks. Nothing else: an attribute no row fills would stay
// empty (the guide names birth_date and transaction_ial only as examples of what may be
// added). Whether a name is a base attribute (nothing to add) is decided against the org's
// schema.
func wantedUserAttributes(a Answers) []wantedUserAttribute {
	catalogue := map[string]assets.Claim{}
	for _, c := range assets.Claims() {
		if _, dup := catalogue[c.OktaAttribute]; !dup {
			catalogue[c.OktaAttribute] = c
		}
	}
	var order []string
	mapped := map[string]bool{}
	for _, m := range a.Mappings {
		order = append(order, m.Attribute)
		mapped[m.Attribute] = true
	}
	order = append(order, a.ExtraAttributes...)

	seen := map[string]bool{}
	var out []wantedUserAttribute
	for _, name := range order {
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		w := wantedUserAttribute{Attribute: okta.Attribute{Name: name, Title: name, Type: "string"}, mapped: mapped[name]}
		if c, ok := catalogue[name]; ok {
			w.Title = c.Title
			w.Description = c.Description
			w.claim = c.Claim
		}
		out = append(out, w)
	}
	return out
}

// UserAttributeNames are the Okta user attributes the setup needs, in the order the step
// adds them: every target of the mapping table, then the admin's extra picks. Those that are Okta's base attributes are not added; the others are the custom
// attributes idme-okta adds (or adopts, when they exist already).
func UserAttributeNames(a Answers) []string {
	wanted := wantedUserAttributes(a)
	names := make([]string, len(wanted))
	for i, w := range wanted {
		names[i] = w.Name
	}
	return names
}

// OwnUserAttributes are the custom attributes of the Okta user profile (schema) that belong
// to the setup, in the order the step adds them: those the answers need (UserAttributeNames)
// that the org has as custom attributes, then those an older idme-okta added to every setup
// whatever the mapping table filled (the catalogue's default attributes: birth_date,
// transaction_ial) when this setup's progress recorded the user-attributes step (setUp) and
// the attribute is exactly as idme-okta created it (a string with the catalogue's title and
// description). An admin's look-alike (another type, title or description) is not ours.
func OwnUserAttributes(a Answers, schema map[string]okta.Attribute, setUp bool) []okta.Attribute {
	var out []okta.Attribute
	seen := map[string]bool{}
	for _, w := range wantedUserAttributes(a) {
		if have, ok := schema[w.Name]; ok && !have.Base {
			out = append(out, have)
		}
		seen[w.Name] = true
	}
	if !setUp {
		return out
	}
	for _, c := range assets.Claims() {
		if !c.DefaultAttribute || !c.Custom || seen[c.OktaAttribute] {
			continue
		}
		seen[c.OktaAttribute] = true
		have, ok := schema[c.OktaAttribute]
		if ok && !have.Base && have.Type == "string" && have.Title == c.Title && have.Description == c.Description {
			out = append(out, have)
		}
	}
	return out
}

// SetUpUserAttributes reports whether s's progress records the user-attributes step: an
// idme-okta run checked or added this setup's attributes. Read it before checking anew.
func SetUpUserAttributes(s *Setup) bool {
	return s.StepRecords()[IDUserAttributes].Status != ""
}

type userAttributesObservation struct {
	missing   []okta.Attribute
	conflicts []string // mapped attributes that exist with another type
}

const keyUserSchema = "user-schema"

func userSchema(ctx context.Context, s *Setup) (map[string]okta.Attribute, error) {
	return cachedRead(ctx, s, keyUserSchema, s.Okta.UserSchema)
}

func (userAttributes) prefetch(ctx context.Context, s *Setup) error {
	_, err := userSchema(ctx, s)
	return err
}

func (userAttributes) Check(ctx context.Context, s *Setup) (Report, error) {
	schema, err := userSchema(ctx, s)
	if err != nil {
		return Report{}, fmt.Errorf("read the Okta user profile: %w", err)
	}
	obs := &userAttributesObservation{}
	var notes, present []string
	for _, w := range wantedUserAttributes(s.Answers) {
		have, ok := schema[w.Name]
		if !w.mapped && !have.Base {
			notes = append(notes, unfilledNote(w))
		}
		switch {
		case !ok:
			obs.missing = append(obs.missing, w.Attribute)
		case have.Base:
			// Okta's own attribute (firstName, email …): nothing to add.
		case have.Type != w.Type:
			msg := fmt.Sprintf("Okta user attribute %q already exists as type %s, not %s: idme-okta does not retype or delete attributes.", w.Name, have.Type, w.Type)
			if w.mapped {
				obs.conflicts = append(obs.conflicts, w.Name)
				other := freeAttributeName(w.Name, schema)
				msg += fmt.Sprintf(" The mapping writes a string to it: map the claim to another attribute instead, e.g. %s (the mapping table in the wizard, or --map %s=%s --map %s= to take the row for %s out), or change its type in Directory > Profile Editor, and run again.",
					other, other, cmp.Or(w.claim, "<claim>"), w.Name, w.Name)
			}
			notes = append(notes, msg)
		default:
			present = append(present, w.Name)
		}
	}

	r := Report{Notes: notes, observed: obs}
	if len(obs.missing) > 0 {
		details := make([]string, len(obs.missing))
		for i, m := range obs.missing {
			details[i] = fmt.Sprintf("%s (%s, %s)", m.Name, m.Type, m.Title)
		}
		r.Changes = []Change{{Action: "add", Object: "custom attributes to the Okta user profile", Details: details}}
	}
	switch {
	case len(obs.missing) > 0:
		r.Status = StatusMissing
		r.Detail = fmt.Sprintf("%d custom attribute(s) to add: %s", len(obs.missing), strings.Join(attributeNames(obs.missing), ", "))
	case len(obs.conflicts) > 0:
		r.Status = StatusDrifted
		r.Detail = fmt.Sprintf("attribute(s) with another type: %s", strings.Join(obs.conflicts, ", "))
	default:
		r.Status = StatusDone
		r.Detail = "the Okta user profile has every attribute the mapping needs"
		if len(present) > 0 {
			sort.Strings(present)
			r.Detail = "custom attributes present: " + strings.Join(present, ", ")
		}
	}
	return r, nil
}

// freeAttributeName is name_2 (or _3 …), whichever the schema does not have.
func freeAttributeName(name string, schema map[string]okta.Attribute) string {
	for n := 2; ; n++ {
		if other := fmt.Sprintf("%s_%d", name, n); !hasKey(schema, other) {
			return other
		}
	}
}

// unfilledNote says that a custom attribute the admin asked for (--attribute) stays empty
// until a mapping row fills it, and how to fill it.
func unfilledNote(w wantedUserAttribute) string {
	msg := fmt.Sprintf("Custom attribute %s stays empty: no row of the mapping table fills it.", w.Name)
	if w.claim == "" {
		return msg + fmt.Sprintf(" To fill it, add a row %s ← <ID.me claim> in the mapping table (or pass --map %s=<claim>).", w.Name, w.Name)
	}
	return msg + fmt.Sprintf(" To fill it from the ID.me claim %s, add the row %s ← %s in the mapping table (or pass --map %s=%s).",
		w.claim, w.Name, w.claim, w.Name, w.claim)
}

func attributeNames(attrs []okta.Attribute) []string {
	names := make([]string, len(attrs))
	for i, a := range attrs {
		names[i] = a.Name
	}
	return names
}

func (st userAttributes) Apply(ctx context.Context, s *Setup, r Report) (Result, error) {
	obs, err := observation[*userAttributesObservation](ctx, s, st, r)
	if err != nil {
		return Result{}, err
	}
	var res Result
	if len(obs.missing) > 0 {
		// One POST for all: Okta's schema POST is a partial update, so attributes not in it
		// are untouched, and a repeat after a crash is harmless.
		schema, err := s.Okta.AddUserAttributes(ctx, obs.missing)
		s.forget(keyUserSchema)
		if err != nil {
			return Result{}, fmt.Errorf("Okta user attributes %s: %w", strings.Join(attributeNames(obs.missing), ", "), err)
		}
		s.remember(keyUserSchema, schema)
		res.Writes = 1
		res.Detail = "added " + strings.Join(attributeNames(obs.missing), ", ")
		for _, m := range obs.missing {
			res.Objects = append(res.Objects, Object{Kind: "user attribute", Name: m.Name})
		}
	}
	if len(obs.conflicts) > 0 {
		return res, fmt.Errorf("Okta user attribute(s) %s exist with another type than string and are mapped from ID.me claims: change them in Directory > Profile Editor, or map the claims elsewhere, then run again",
			strings.Join(obs.conflicts, ", "))
	}
	return res, nil
}

func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}
