package signin

import (
	"encoding/json"
	"slices"

	"github.com/idme-okta/idme-okta/okta"
)

// Result is what the test sign-in found.
type Result struct {
	Pass    bool
	Claims  map[string]any // the verified Okta ID token's claims
	User    map[string]any // the Okta user's profile (GET /api/v1/users/{sub})
	IdPUser map[string]any // what Okta extracted from ID.me (GET /api/v1/idps/{id}/users/{uid})
	// ClaimStyle is which claim names this ID.me policy released: steps.ClaimStyleGuide,
	// steps.ClaimStyleOIDC, ClaimStyleMixed, or "" when the IdP user could not tell.
	ClaimStyle string
	Problems   []Problem       // empty on pass
	Events     []okta.LogEvent // System Log since the test started
	// Notes are what the admin should know that does not fail the test, e.g. an optional
	// attribute (middleName) that ID.me did not send, or a System Log that could not be read.
	Notes []string
	// AuthorizeURL is the URL that was shown; RedirectURI the callback it came back to.
	AuthorizeURL, RedirectURI string
}

// Problem is one reason the test failed. Code is stable (for --json and tests); Message says
// what happened, Hint what to do.
type Problem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Hint    string `json:"hint"`
}

// resultJSON is the `test-signin --json` contract.
type resultJSON struct {
	Result   string         `json:"result"` // "pass" or "fail"
	Claims   map[string]any `json:"claims"`
	User     map[string]any `json:"user"`
	Problems []Problem      `json:"problems"`
	// ClaimStyle: "guide" | "oidc" | "mixed"; left out when unknown.
	ClaimStyle string `json:"claim_style,omitempty"`
}

// MarshalJSON renders the `test-signin --json` contract:
// {"result":"pass"|"fail","claims":{…},"user":{…},"problems":[{"code","message","hint"}…]}.
// Claims and user are {} and problems [] when there are none, never null.
func (r Result) MarshalJSON() ([]byte, error) {
	out := resultJSON{Result: "fail", Claims: r.Claims, User: r.User, Problems: r.Problems, ClaimStyle: r.ClaimStyle}
	if r.Pass {
		out.Result = "pass"
	}
	if out.Claims == nil {
		out.Claims = map[string]any{}
	}
	if out.User == nil {
		out.User = map[string]any{}
	}
	if out.Problems == nil {
		out.Problems = []Problem{}
	}
	return json.Marshal(out)
}

// HasProblem reports whether the result carries a problem with the code.
func (r *Result) HasProblem(code string) bool {
	for _, p := range r.Problems {
		if p.Code == code {
			return true
		}
	}
	return false
}

// add appends p unless a problem with its code is already there (several sources, e.g. the
// callback and the System Log, often tell the same story). Unexplained log failures are
// kept apart: each says something different.
func (r *Result) add(ps ...Problem) {
	for _, p := range ps {
		if p.Code == CodeSignInFailed && !slices.Contains(r.Problems, p) || !r.HasProblem(p.Code) {
			r.Problems = append(r.Problems, p)
		}
	}
}
