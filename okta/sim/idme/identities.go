package idme

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
)

// Policy is an ID.me policy: the handle a relying party sends as its second scope token, and
// the claims that policy releases into tokens.
type Policy struct {
	Handle string   // e.g. "teacher", "http://idmanagement.gov/ns/assurance/ial/2/aal/2"
	Claims []string // claims released beyond iss/sub/aud/exp/iat/nonce; nil = all of the identity's
}

// Identity is a test person offered on the consent page.
type Identity struct {
	Key    string         // stable form value, e.g. "verified"
	Label  string         // shown on the consent page
	Claims map[string]any // ID.me claim names and formats; "uuid" (32 lowercase hex) becomes sub
}

// IAL2Handle is the NIST IAL2/AAL2 policy handle. It is a URI, which is exactly what trips up
// code that assumes handles are plain words.
const IAL2Handle = "http://idmanagement.gov/ns/assurance/ial/2/aal/2"

// Every ID.me policy releases at least these (ID.me's "default properties").
var baseClaims = []string{"uuid", "fname", "lname", "zip"}

// DefaultPolicies returns the policies a simulated ID.me tenant knows: the two identity
// verification handles the Okta guide mentions (releasing everything) and a few community and
// login handles that release only a subset, so claim filtering is observable.
func DefaultPolicies() []Policy {
	community := append(slices.Clone(baseClaims), "email")
	return []Policy{
		{Handle: IAL2Handle},
		{Handle: "nist_aal2_ial2"},
		{Handle: "teacher", Claims: community},
		{Handle: "military", Claims: slices.Clone(community)},
		{Handle: "login", Claims: append(slices.Clone(baseClaims), "email")},
	}
}

// DefaultIdentities returns three test people. Values follow the formats seen in ID.me
// sandbox tokens: upper-case names, birth_date as YYYY-MM-DD, phone as digits with the country
// code and no "+", two-letter state.
func DefaultIdentities() []Identity {
	return []Identity{
		{
			Key:   "verified",
			Label: "Jane Quinn Veteran — fully verified (IAL2), every claim the guide maps",
			Claims: map[string]any{
				"uuid":            "5f0c8e3a9b1d4c7e8a2f6b0d3e9c1a74",
				"fname":           "JANE",
				"mname":           "QUINN",
				"lname":           "VETERAN",
				"email":           "jane.veteran@example.com",
				"birth_date":      "1970-10-10",
				"phone":           "12065550143",
				"street":          "145 N Hayden Bay Dr Apt 2350",
				"city":            "Portland",
				"state":           "OR",
				"zip":             "97217",
				"transaction_ial": "2",
				"credential_ial":  "2",
			},
		},
		{
			Key:   "partial",
			Label: "Sam Teacher — verified, no middle name and no phone",
			Claims: map[string]any{
				"uuid":            "a41b7c2d9e0f4a8b8c3d2e1f0a9b8c7d",
				"fname":           "SAM",
				"lname":           "TEACHER",
				"email":           "sam.teacher@example.org",
				"birth_date":      "1985-03-22",
				"street":          "12 Elm St",
				"city":            "Austin",
				"state":           "TX",
				"zip":             "78701",
				"transaction_ial": "2",
				"credential_ial":  "2",
			},
		},
		{
			// No email: Okta's idpuser.email username template has nothing to work with, which
			// is a real way a federated sign-in fails after ID.me has succeeded.
			Key:   "no-email",
			Label: "Alex Noemail — verified, but ID.me returns no email",
			Claims: map[string]any{
				"uuid":            "0d9c8b7a6f5e4d3c2b1a09f8e7d6c5b4",
				"fname":           "ALEX",
				"lname":           "NOEMAIL",
				"birth_date":      "1992-07-04",
				"phone":           "15125550188",
				"city":            "Denver",
				"state":           "CO",
				"zip":             "80202",
				"transaction_ial": "1",
				"credential_ial":  "1",
			},
		},
	}
}

// releasedClaims is the part of an identity a policy lets through.
func releasedClaims(id Identity, p Policy) map[string]any {
	if p.Claims == nil {
		return maps.Clone(id.Claims)
	}
	out := make(map[string]any, len(p.Claims))
	for _, name := range p.Claims {
		if v, ok := id.Claims[name]; ok {
			out[name] = v
		}
	}
	return out
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// subject is the identity's uuid, which ID.me also uses as sub.
func (id Identity) subject() string {
	s, _ := id.Claims["uuid"].(string)
	return s
}

func validateIdentities(ids []Identity) error {
	if len(ids) == 0 {
		return fmt.Errorf("no identities: the consent page needs at least one")
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if id.Key == "" {
			return fmt.Errorf("identity %q: empty key", id.Label)
		}
		if seen[id.Key] {
			return fmt.Errorf("identity %q: duplicate key", id.Key)
		}
		seen[id.Key] = true
		if !uuidPattern.MatchString(id.subject()) {
			return fmt.Errorf("identity %q: claim uuid must be 32 lowercase hex digits", id.Key)
		}
	}
	return nil
}

func validatePolicies(ps []Policy) error {
	seen := map[string]bool{}
	for _, p := range ps {
		if p.Handle == "" {
			return fmt.Errorf("policy with empty handle")
		}
		if seen[p.Handle] {
			return fmt.Errorf("policy %q: duplicate handle", p.Handle)
		}
		seen[p.Handle] = true
	}
	return nil
}
