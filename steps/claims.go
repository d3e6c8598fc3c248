package steps

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/agext/levenshtein"

	"github.com/idme-okta/idme-okta/assets"
)

// ID.me policies do not all release the guide's claim names: some release OpenID Connect's
// (given_name, family_name, birthdate, address.*, …; idme.md §9). A mapping row therefore
// reads whichever of the two its person's token carried, so one setup, made before anyone
// signed in, is right for either style.

// Claim styles: which names an ID.me policy releases.
const (
	ClaimStyleGuide = "guide" // fname, lname, … as in Okta's guide
	ClaimStyleOIDC  = "oidc"  // given_name, family_name, … as in OpenID Connect
)

// ClaimSource is one place a mapping row reads: an attribute of the IdP's own user profile
// and the ID token claim it is filled from.
type ClaimSource struct {
	Attribute string // the IdP profile attribute (appuser.<Attribute> in the mapping)
	Claim     string // the claim it reads (its externalName); dotted names walk into objects
	Style     string // ClaimStyleGuide or ClaimStyleOIDC; "" when both styles use the name
	// Base: one of Okta's base attributes of every OIDC IdP profile, which idme-okta does not
	// add. unverified: Okta's base attributes read the standard claims (given_name → firstName,
	// address.street_address → street_address …), as the default mapping's names suggest
	// (okta-api.md §3, open question 4).
	Base bool
}

var (
	pairsOnce sync.Once
	byGuide   map[string]assets.Claim // guide claim → its catalogue row (with OIDCClaim)
	byOIDC    map[string]assets.Claim // OIDC claim → the catalogue row naming it
)

func loadPairs() {
	pairsOnce.Do(func() {
		byGuide, byOIDC = map[string]assets.Claim{}, map[string]assets.Claim{}
		for _, c := range assets.Claims() {
			if c.OIDCClaim == "" {
				continue
			}
			byGuide[c.Claim] = c
			byOIDC[c.OIDCClaim] = c
		}
	})
}

// oidcSource is where the IdP profile holds an OIDC claim.
func oidcSource(c assets.Claim) ClaimSource {
	if c.OIDCAttribute != "" {
		return ClaimSource{Attribute: c.OIDCAttribute, Claim: c.OIDCClaim, Style: ClaimStyleOIDC, Base: true}
	}
	return ClaimSource{Attribute: c.OIDCClaim, Claim: c.OIDCClaim, Style: ClaimStyleOIDC}
}

// Sources are the places the row reads, first choice first: the guide's claim and, where the
// catalogue knows one, its OpenID Connect twin. A row written with the OIDC name reads that
// one only.
func (m MappingRow) Sources() []ClaimSource {
	loadPairs()
	if c, ok := byGuide[m.Claim]; ok {
		return []ClaimSource{{Attribute: m.Claim, Claim: m.Claim, Style: ClaimStyleGuide}, oidcSource(c)}
	}
	if c, ok := byOIDC[m.Claim]; ok {
		return []ClaimSource{oidcSource(c)}
	}
	return []ClaimSource{{Attribute: m.Claim, Claim: m.Claim}}
}

// EveryPolicy reports whether every ID.me policy releases the row's claim for every person
// (uuid, fname, lname, zip and their OpenID Connect twins): its absence is then the
// configuration's fault, where a missing phone or middle name may be the person's.
func (m MappingRow) EveryPolicy() bool {
	loadPairs()
	if c, ok := byOIDC[m.Claim]; ok {
		return c.EveryPolicy
	}
	for _, c := range assets.Claims() {
		if c.Claim == m.Claim {
			return c.EveryPolicy
		}
	}
	return false
}

// Expression is the Okta expression for the row. IdP → user mappings read the IdP profile
// through the appuser prefix (okta-api.md §4); idpuser is only for the username template.
// With two sources it takes the first that is set, in the form of Okta's own default mapping
// (`appuser.zoneinfo == null ? "America/Los_Angeles" : appuser.zoneinfo`, okta-api.md §3).
// unverified: that an unreleased claim leaves its IdP attribute null rather than "".
func (m MappingRow) Expression() string {
	src := m.Sources()
	expr := "appuser." + src[len(src)-1].Attribute
	for i := len(src) - 2; i >= 0; i-- {
		a := "appuser." + src[i].Attribute
		expr = a + " == null ? " + expr + " : " + a
	}
	return expr
}

// guideExpression is the row as the guide writes it: the guide's claim alone.
func (m MappingRow) guideExpression() string { return "appuser." + m.Claim }

// Reads says plainly which claims the row reads, for the mapping table on screen:
// "fname, else given_name (OpenID Connect)".
func (m MappingRow) Reads() string {
	var parts []string
	for i, s := range m.Sources() {
		part := s.Claim
		if i > 0 && s.Style == ClaimStyleOIDC {
			part += " (OpenID Connect)"
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, ", else ")
}

// otherDocumentedClaims are claim names ID.me's documentation, sandbox payloads and SAML
// metadata show beyond the catalogue's (shared/reference/idme.md §2.4 and §9). They may be
// mapped without a warning; anything else is likely a typo or another provider's name.
var otherDocumentedClaims = []string{
	"sub", "name", "full_name", "social", "social_short", "itin", "SSN", "identity_document_number",
	"credential_ial_highest", "credential_aal_highest", "level_of_assurance", "multifactor",
	"address", "address.formatted", "address.country", "status",
}

// documentedClaims are every claim name ID.me is known to release, in either claim style.
func documentedClaims() []string {
	var out []string
	for _, c := range assets.Claims() {
		out = append(out, c.Claim)
		if c.OIDCClaim != "" {
			out = append(out, c.OIDCClaim)
		}
	}
	return append(out, otherDocumentedClaims...)
}

// ClaimNote is a warning about a claim name a mapping row reads, or "" when there is none to
// give: a name ID.me does not document (with the documented name it most resembles), or an
// OpenID Connect name whose guide twin the row would read too if it named that one instead.
// The row is accepted either way: claim names vary by ID.me policy (idme.md §9), and only the
// Solution Consultant knows what a policy releases.
func ClaimNote(claim string) string {
	loadPairs()
	if c, ok := byOIDC[claim]; ok {
		return fmt.Sprintf("%s is OpenID Connect's name for ID.me's %s: this row reads %s only, so a policy that releases %s leaves it empty; the row with %s reads either.",
			claim, c.Claim, claim, c.Claim, c.Claim)
	}
	known := documentedClaims()
	if slices.Contains(known, claim) {
		return ""
	}
	note := fmt.Sprintf("ID.me does not document a claim named %q: the attribute stays empty unless your ID.me policy releases it; check the name with your ID.me Solution Consultant.", claim)
	if like := closestClaim(claim, known); like != "" {
		note = fmt.Sprintf("ID.me does not document a claim named %q; did you mean %s? Claim names are case-sensitive, and an unknown one leaves the attribute empty.", claim, like)
	}
	return note
}

// closestClaim is the known name within two edits of claim (ignoring case), or "".
func closestClaim(claim string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := levenshtein.Distance(strings.ToLower(claim), strings.ToLower(k), nil); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}
