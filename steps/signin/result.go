package signin

import (
	"encoding/json"
	"slices"

	"github.com/idme-okta/idme-okta/okta"
)

// Verdicts of a test sign-in: a contract of `test-signin --json` ("verdict").
const (
	VerdictPass             = "pass"               // it worked, and every mapped attribute arrived
	VerdictPassWithWarnings = "pass_with_warnings" // it worked; this person lacks a claim (no phone …)
	VerdictFail             = "fail"               // the configuration or the token is at fault
)

// Result is what the test sign-in found.
type Result struct {
	// Pass: the sign-in worked and the token verified. It holds with warnings too: a claim
	// this person lacks is not a fault of the configuration.
	Pass    bool
	Claims  map[string]any // the verified Okta ID token's claims
	User    map[string]any // the Okta user's profile (GET /api/v1/users/{sub})
	IdPUser map[string]any // what Okta extracted from ID.me (GET /api/v1/idps/{id}/users/{uid})
	// ClaimStyle is which claim names this ID.me policy released: steps.ClaimStyleGuide,
	// steps.ClaimStyleOIDC, ClaimStyleMixed, or "" when the IdP user could not tell.
	ClaimStyle string
	Problems   []Problem // empty on pass
	// Warnings do not fail the test: claims this person lacks while the configuration that
	// would carry them is right (CodeClaimNotSent).
	Warnings []Problem
	Events   []okta.LogEvent // System Log since the test started
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

// Verdict is VerdictPass, VerdictPassWithWarnings or VerdictFail.
func (r *Result) Verdict() string {
	switch {
	case !r.Pass:
		return VerdictFail
	case len(r.Warnings) > 0:
		return VerdictPassWithWarnings
	}
	return VerdictPass
}

// VerdictLine says the verdict in words, for both the wizard and test-signin.
func VerdictLine(r *Result) string {
	switch r.Verdict() {
	case VerdictPass:
		return "PASS: the sign-in through Okta and ID.me worked and the ID token verified."
	case VerdictPassWithWarnings:
		return "PASS with warnings: the sign-in through Okta and ID.me worked and the ID token verified; this person lacks some claims (below), which is not a fault of the configuration."
	}
	return "FAIL: the test sign-in did not work: the configuration or the token is at fault (below)."
}

// resultJSON is the `test-signin --json` contract.
type resultJSON struct {
	Result   string         `json:"result"`  // "pass" (with or without warnings) or "fail"
	Verdict  string         `json:"verdict"` // "pass", "pass_with_warnings" or "fail"
	Claims   map[string]any `json:"claims"`
	User     map[string]any `json:"user"`
	Problems []Problem      `json:"problems"`
	Warnings []Problem      `json:"warnings"`
	// ClaimStyle: "guide" | "oidc" | "mixed"; left out when unknown.
	ClaimStyle string `json:"claim_style,omitempty"`
}

// MarshalJSON renders the `test-signin --json` contract:
// {"result":"pass"|"fail","verdict":"pass"|"pass_with_warnings"|"fail","claims":{…},"user":{…},
// "problems":[{"code","message","hint"}…],"warnings":[…]}. Claims and user are {}, problems
// and warnings [] when there are none, never null.
func (r Result) MarshalJSON() ([]byte, error) {
	out := resultJSON{Result: "fail", Verdict: r.Verdict(), Claims: r.Claims, User: r.User, Problems: r.Problems, Warnings: r.Warnings, ClaimStyle: r.ClaimStyle}
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
	if out.Warnings == nil {
		out.Warnings = []Problem{}
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
