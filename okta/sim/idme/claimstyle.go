package idme

import (
	"fmt"
	"maps"
	"strings"
)

// ClaimStyle is the set of claim names a simulated ID.me releases. Which names a customer
// gets depends on the ID.me policy (idme.md §2.4, §9): the Okta guide maps the "guide" names
// (fname, lname, …), and public 2025–2026 sandbox payloads carry OpenID Connect's standard
// names instead (given_name, family_name, birthdate, phone_number, an address object).
type ClaimStyle string

const (
	ClaimsGuide ClaimStyle = "guide" // fname, lname, mname, phone, street, city, state, zip, birth_date (the default)
	ClaimsOIDC  ClaimStyle = "oidc"  // given_name, family_name, middle_name, name, phone_number, birthdate, address{…}
)

// ClaimStyles lists the styles, for flag help and errors.
var ClaimStyles = []ClaimStyle{ClaimsGuide, ClaimsOIDC}

// ParseClaimStyle reads a style by name; the error names the allowed values.
func ParseClaimStyle(s string) (ClaimStyle, error) {
	for _, c := range ClaimStyles {
		if strings.EqualFold(strings.TrimSpace(s), string(c)) {
			return c, nil
		}
	}
	return "", fmt.Errorf("claim style %q is not one of %s and %s", s, ClaimsGuide, ClaimsOIDC)
}

// guideToAddress names the address object's member each guide address claim becomes.
var guideToAddress = []struct{ guide, oidc string }{
	{"street", "street_address"},
	{"city", "locality"},
	{"state", "region"},
	{"zip", "postal_code"},
}

// guideToOIDC renames the guide's scalar claims; uuid and email keep their names in both
// styles (ID.me's uuid is not an OIDC claim, and the sandbox payloads carry it as is).
var guideToOIDC = map[string]string{
	"fname":      "given_name",
	"lname":      "family_name",
	"mname":      "middle_name",
	"phone":      "phone_number",
	"birth_date": "birthdate",
}

// styled turns claims released in the guide's names (how identities and policies are
// written) into the style's names. The OIDC style drops every guide name: what a policy
// releases as fname arrives as given_name, street/city/state/zip as one address object,
// and the full name as name. Claims that have no standard counterpart (transaction_ial,
// credential_ial, …) keep their names.
func (c ClaimStyle) styled(guide map[string]any) map[string]any {
	if c != ClaimsOIDC {
		return maps.Clone(guide)
	}
	out := make(map[string]any, len(guide))
	address := map[string]any{}
	for name, v := range guide {
		if to, ok := guideToOIDC[name]; ok {
			out[to] = oidcValue(to, v)
			continue
		}
		out[name] = v
	}
	for _, a := range guideToAddress {
		if v, ok := guide[a.guide]; ok {
			address[a.oidc] = v
			delete(out, a.guide)
		}
	}
	if len(address) > 0 {
		out["address"] = address
	}
	var full []string
	for _, part := range []string{"fname", "mname", "lname"} {
		if s, _ := guide[part].(string); s != "" {
			full = append(full, s)
		}
	}
	if len(full) > 0 {
		out["name"] = strings.Join(full, " ")
	}
	return out
}

// oidcValue converts a guide value to the format the OIDC-style payloads show: phone_number
// in E.164 with its "+" (the guide's phone is digits with the country code), birthdate as
// MM/DD/YYYY (as in the 2026 sandbox token, C-FAST in idme.md; OIDC Core would say
// YYYY-MM-DD — a mapping must not assume either).
func oidcValue(claim string, v any) any {
	s, ok := v.(string)
	if !ok {
		return v
	}
	switch claim {
	case "phone_number":
		if s != "" && !strings.HasPrefix(s, "+") {
			return "+" + s
		}
	case "birthdate":
		if y, md, ok := strings.Cut(s, "-"); ok && len(y) == 4 {
			if m, d, ok := strings.Cut(md, "-"); ok {
				return m + "/" + d + "/" + y
			}
		}
	}
	return s
}
