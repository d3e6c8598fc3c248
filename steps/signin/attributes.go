package signin

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
)

// optionalAttributes may come back empty without failing the test even when what ID.me
// sent cannot be read: most people have no middle name or name suffix. Every other
// attribute but those every ID.me policy releases (steps.MappingRow.EveryPolicy) may be
// empty without failing the test once what ID.me sent shows the configuration is right: the
// person has no phone, or the policy does not release it (a warning, not a failure).
var optionalAttributes = map[string]bool{"middleName": true, "honorificSuffix": true}

// Filled reports whether a profile value counts as present: not nil, not blank, not an
// empty list. The terminal uses it too, so "(empty)" on screen means what the test means.
func Filled(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case string:
		return strings.TrimSpace(v) != ""
	case []any:
		return len(v) > 0
	}
	return true
}

// attributeCheck compares the Okta user with what the mapping table promises, and for each
// empty attribute finds where the value got lost: not sent by ID.me (policy), not kept by the
// IdP profile (schema), or not copied to the user (mapping).
type attributeCheck struct {
	rd      reader
	idpID   string
	user    map[string]any
	idpUser map[string]any // nil: unknown (could not be read)
}

// emptyRow is one expected attribute that came back empty.
type emptyRow struct {
	row    steps.MappingRow
	detail string // e.g. `reads claim "first_name"`
}

func (r emptyRow) String() string {
	s := fmt.Sprintf("%s (claim %s)", r.row.Attribute, claimNames(r.row))
	if r.detail != "" {
		s += ": " + r.detail
	}
	return s
}

// run returns the problems (the configuration is at fault: the test fails) and the warnings
// (a claim this person lacks while the configuration is right: the test passes with
// warnings).
func (c attributeCheck) run(ctx context.Context, expect []steps.MappingRow) (problems, warnings []Problem, notes []string) {
	byCode := map[string][]emptyRow{}
	var order []string
	add := func(code string, r emptyRow) {
		if _, ok := byCode[code]; !ok {
			order = append(order, code)
		}
		byCode[code] = append(byCode[code], r)
	}
	var schema map[string]okta.Attribute
	var schemaErr error
	schemaRead := false

	for _, row := range expect {
		if Filled(c.user[row.Attribute]) {
			continue
		}
		if c.idpUser == nil {
			if optionalAttributes[row.Attribute] {
				add(CodeClaimNotSent, emptyRow{row: row})
			} else {
				add(CodeAttributeEmpty, emptyRow{row: row})
			}
			continue
		}
		sources := row.Sources()
		if slices.ContainsFunc(sources, func(s steps.ClaimSource) bool { return Filled(c.idpUser[s.Attribute]) }) {
			add(CodeNotMapped, emptyRow{row: row})
			continue
		}
		if !schemaRead {
			schema, schemaErr = c.rd.IdPSchema(ctx, c.idpID)
			schemaRead = true
			if schemaErr != nil {
				notes = append(notes, "The identity provider's profile could not be read to tell the causes apart: "+schemaErr.Error())
			}
		}
		first := sources[0] // the attribute idme-okta adds for the row's own claim
		attr, known := schema[first.Attribute]
		switch {
		case schemaErr == nil && !known:
			add(CodeIdPAttrMissing, emptyRow{row: row})
		case schemaErr == nil && !attr.Base && attr.ExternalName != "" && attr.ExternalName != first.Claim:
			add(CodeIdPAttrWrongRef, emptyRow{row: row, detail: fmt.Sprintf("the IdP attribute %s reads claim %q", first.Attribute, attr.ExternalName)})
		case !row.EveryPolicy():
			// The IdP profile reads the claim and the mapping copies it: ID.me sent nothing
			// for this person. unverified: that Okta logs such a sign-in as SUCCESS on a
			// real org (the simulator does, and Okta's JIT needs only the username).
			add(CodeClaimNotSent, emptyRow{row: row})
		default:
			add(CodeAttributeEmpty, emptyRow{row: row})
		}
	}
	for _, code := range order {
		p := attributeProblem(code, byCode[code], c.idpUser != nil)
		if code == CodeClaimNotSent {
			warnings = append(warnings, p)
		} else {
			problems = append(problems, p)
		}
	}
	return problems, warnings, notes
}

// claimNames names the claims a row reads: "fname or given_name".
func claimNames(row steps.MappingRow) string {
	var names []string
	for _, s := range row.Sources() {
		names = append(names, s.Claim)
	}
	return strings.Join(names, " or ")
}

// claimStyle says which claim names ID.me released, from what Okta kept on the IdP's user
// profile: steps.ClaimStyleGuide (fname …), steps.ClaimStyleOIDC (given_name …), "mixed" when
// some rows were filled one way and some the other, "" when no row tells (only names both
// styles share, such as email and uuid, came back).
func claimStyle(idpUser map[string]any, rows []steps.MappingRow) string {
	seen := map[string]bool{}
	for _, row := range rows {
		for _, s := range row.Sources() {
			if s.Style != "" && Filled(idpUser[s.Attribute]) {
				seen[s.Style] = true
				break // the first source filled is the one the mapping reads
			}
		}
	}
	switch {
	case seen[steps.ClaimStyleGuide] && seen[steps.ClaimStyleOIDC]:
		return ClaimStyleMixed
	case seen[steps.ClaimStyleGuide]:
		return steps.ClaimStyleGuide
	case seen[steps.ClaimStyleOIDC]:
		return steps.ClaimStyleOIDC
	}
	return ""
}

// styleNote says what the claim style means for the admin.
func styleNote(style string) string {
	switch style {
	case steps.ClaimStyleGuide:
		return "This ID.me policy released the guide's claim names (fname, lname …)."
	case steps.ClaimStyleOIDC:
		return "This ID.me policy released OpenID Connect claim names (given_name, family_name …) instead of the guide's; the mapping reads either, so nothing needs changing."
	case ClaimStyleMixed:
		return "This ID.me policy released some claims under the guide's names and some under OpenID Connect's; the mapping reads either."
	}
	return ""
}

// ClaimStyleMixed: some claims came with the guide's names and some with OpenID Connect's.
const ClaimStyleMixed = "mixed"

func attributeProblem(code string, rows []emptyRow, idpUserKnown bool) Problem {
	list := make([]string, len(rows))
	claims := make([]string, len(rows))
	for i, r := range rows {
		list[i], claims[i] = r.String(), claimNames(r.row)
	}
	attrs := strings.Join(list, ", ")
	attrIs := "attribute is"
	if len(rows) > 1 {
		attrIs = "attributes are"
	}
	switch code {
	case CodeNotMapped:
		return Problem{Code: code,
			Message: fmt.Sprintf("ID.me sent the claim, Okta kept it on the identity provider's profile, but the Okta user's attribute is empty: %s.", attrs),
			Hint:    "The profile mapping (identity provider → Okta user) has no row for it, or a wrong one: run idme-okta apply (profile-mappings step). Mappings apply at the next sign-in, so sign in again afterwards."}
	case CodeIdPAttrMissing:
		return Problem{Code: code,
			Message: fmt.Sprintf("The identity provider's profile has no attribute for these claims, so Okta drops them: %s.", attrs),
			Hint:    "Add the claims to the identity provider's profile (Profile Editor, externalName = the claim name): run idme-okta apply (idp-attributes step), then sign in again."}
	case CodeClaimNotSent:
		msg := fmt.Sprintf("ID.me sent no %s claim for this person, so the Okta user's %s empty: %s.", strings.Join(claims, "; "), attrIs, attrs)
		if !idpUserKnown {
			msg = fmt.Sprintf("The Okta user's %s empty (optional: many people have none): %s.", attrIs, attrs)
		}
		return Problem{Code: code, Message: msg,
			Hint: "Nothing to fix in Okta: the identity provider and the mapping carry the claim when ID.me sends it. This person has no value (many have no middle name or phone), or the ID.me policy does not release it: if everyone should have it, ask your Solution Consultant to release it, or remove the row from the mapping table."}
	case CodeIdPAttrWrongRef:
		return Problem{Code: code,
			Message: fmt.Sprintf("An identity provider attribute reads the wrong ID.me claim (its externalName): %s.", attrs),
			Hint:    "Set each attribute's externalName to the exact ID.me claim name (fname, lname …): run idme-okta apply (idp-attributes step), then sign in again."}
	}
	if !idpUserKnown {
		return Problem{Code: CodeAttributeEmpty,
			Message: fmt.Sprintf("The Okta user's %s empty: %s.", attrIs, attrs),
			Hint:    "Either ID.me's policy did not release the claim (ask your Solution Consultant), or the identity provider's profile or mapping does not carry it (run idme-okta apply). What Okta received from ID.me could not be read to tell which."}
	}
	return Problem{Code: CodeAttributeEmpty,
		Message: fmt.Sprintf("ID.me sent no %s claim, so the Okta user's %s empty: %s.", strings.Join(claims, "; "), attrIs, attrs),
		Hint:    "Every ID.me policy releases these for every person, so the token carried them under a name the identity provider does not read: compare the claim names in the ID token with the mapping table (idme-okta reads the guide's names and OpenID Connect's), or ask your Solution Consultant which names the policy releases."}
}
