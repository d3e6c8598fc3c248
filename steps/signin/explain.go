package signin

import "github.com/idme-okta/idme-okta/okta"

// The event types of a sign-in through an IdP, for readers of the System Log beside the
// test (doctor): Okta writes both for a generic OIDC IdP, so a sign-in is one transaction,
// not one event.
const (
	EventAuthViaIdP = eventAuthViaIdP
	// IdPSignInFilter selects them (a System Log filter expression).
	IdPSignInFilter = `eventType eq "` + eventAuthViaIdP + `" or eventType eq "` + eventAuthViaSocial + `"`
)

// Failed reports whether a System Log event records something that went wrong.
func Failed(e okta.LogEvent) bool { return failed(e) }

// JITCause reports whether a System Log event says why Okta could not create a user just in
// time (user.lifecycle.create FAILURE, user.lifecycle.jit.error.read_only): it explains the
// failed IdP sign-in of the same transaction, whose own reason only says that JIT failed.
func JITCause(e okta.LogEvent) bool { return jitCause(e) }

// Explain says why the failed System Log event e failed, with the problem codes, messages and
// hints of the test sign-in: `doctor` explains a day of sign-ins the way the test explains
// its own. idpRedirectURI, when known, goes into the hint for an unregistered redirect URI.
// ok is false when e did not fail.
func Explain(e okta.LogEvent, idpRedirectURI string) (p Problem, ok bool) {
	problems := eventProblems([]okta.LogEvent{e}, idpRedirectURI)
	if len(problems) == 0 {
		return Problem{}, false
	}
	return problems[0], true
}
