package signin

import (
	"fmt"
	"strings"

	"github.com/idme-okta/idme-okta/steps"
)

// Problem codes. They are part of the `test-signin --json` contract: add, never rename.
const (
	// The callback brought an error (Okta's own, or ID.me's passed on by Okta).
	CodeInvalidScope       = "idme_invalid_scope"        // the IdP's scopes are not "openid <policy handle>"
	CodeIDmeRedirectURI    = "idme_invalid_redirect_uri" // ID.me does not know Okta's redirect URI yet
	CodeIDmeInvalidClient  = "idme_invalid_client"       // wrong client ID/secret or environment
	CodeUserNotAssigned    = "user_not_assigned"         // the user may not use the test app
	CodeAccessDenied       = "access_denied"             // denied at ID.me, or by an Okta policy
	CodeUserinfo           = "idp_userinfo"              // the IdP has a userinfo endpoint (the guide's trap)
	CodeJITDisabled        = "jit_disabled"              // no Okta user, and JIT did not create one
	CodeJITError           = "jit_error"                 // JIT tried and failed
	CodeNoEmail            = "idme_no_email"             // ID.me sent no email, Okta has no username
	CodeIdPInactive        = "idp_inactive"              // the identity provider is not active
	CodeIdPMissing         = "idp_missing"               // the identity provider does not exist
	CodeCallbackError      = "callback_error"            // any other error on the callback
	CodeCallbackIncomplete = "callback_incomplete"       // neither code nor id_token nor error
	CodeSignInFailed       = "okta_signin_failed"        // a failed System Log event not otherwise explained

	// The browser never came back.
	CodeTimeout               = "timeout"
	CodeRedirectNotRegistered = "redirect_uri_not_registered" // Okta refuses our callback URI

	// The response came back but is not trustworthy.
	CodeStateMismatch   = "state_mismatch"
	CodeTokenExchange   = "token_exchange_failed"
	CodeBadSignature    = "token_bad_signature"
	CodeBadAudience     = "token_bad_audience"
	CodeBadIssuer       = "token_bad_issuer"
	CodeExpired         = "token_expired"
	CodeBadAlgorithm    = "token_bad_algorithm"
	CodeBadNonce        = "token_bad_nonce"
	CodeTokenInvalid    = "token_invalid"
	CodeNotViaIdP       = "not_via_idp" // the token says another identity provider signed the user in
	CodeUserUnreadable  = "user_unreadable"
	CodeAttributeEmpty  = "attribute_empty"           // ID.me sent no such claim, though every policy releases it (or the cause cannot be told)
	CodeNotMapped       = "attribute_not_mapped"      // ID.me sent it, the Okta user lacks it
	CodeIdPAttrMissing  = "idp_attribute_missing"     // the IdP profile has no attribute for the claim
	CodeIdPAttrWrongRef = "idp_attribute_wrong_claim" // the IdP attribute reads another claim

	// A warning, not a failure: the configuration is right, this person lacks the claim.
	CodeClaimNotSent = "claim_not_sent" // ID.me sent no such claim for this person (no phone, no middle name …)
)

const hintNotFromOrg = "The token is not from your org's authorization server, or was changed on the way: do not trust it. Check that the org URL is your Okta org (not a proxy or another org) and sign in again."

// callbackProblem explains an error that came back on the callback. Okta passes ID.me's
// own errors on (invalid_scope …) or words them in error_description, so both are read.
func callbackProblem(code, description, idpRedirectURI string) Problem {
	said := code
	if description != "" {
		said += ": " + strings.TrimRight(description, ". ")
	}
	msg := "Okta reported " + said + "."
	if p, ok := classify(strings.ToLower(code+" "+description), msg, idpRedirectURI); ok {
		return p
	}
	if code == "access_denied" {
		return Problem{Code: CodeAccessDenied, Message: msg,
			Hint: "The sign-in was denied: the person chose Deny at ID.me, or an Okta sign-on policy refused it. The System Log events below say which."}
	}
	return Problem{Code: CodeCallbackError, Message: msg,
		Hint: "See the System Log events below for what Okta did, and sign in again."}
}

// classify recognises the known causes of a failed IdP sign-in in lower-case text (an OAuth
// error and its description, or a System Log reason). message becomes the Problem's message.
func classify(text, message, idpRedirectURI string) (Problem, bool) {
	has := func(words ...string) bool {
		for _, w := range words {
			if !strings.Contains(text, w) {
				return false
			}
		}
		return true
	}
	switch {
	case has("invalid_scope"), has("scope", "policy"):
		return scopeProblem(message), true
	case has("invalid_redirect_uri"):
		return idmeRedirectProblem(message, idpRedirectURI), true
	case has("invalid_client"):
		return Problem{Code: CodeIDmeInvalidClient, Message: message,
			Hint: "ID.me did not recognise the client: sandbox credentials used against production (or the reverse), or a typo in the ID.me client ID or secret on the identity provider. Check the environment and re-enter both exactly as your Solution Consultant gave them."}, true
	case has("not assigned"):
		return notAssignedProblem(message), true
	case has("userinfo"), has("user info"):
		return userinfoProblem(message), true
	case has("user not found"), has("jit", "not enabled"), has("jit", "disabled"):
		// "User Not Found" is what Okta logs with JIT off (okta-api.md §13); the other
		// wording has no public source but says the same if it is ever seen.
		return jitProblem(message), true
	case has("jit"), has("just in time"), has("just-in-time"), has("unable to create the user"):
		// "Unable to JIT user from the Identity Provider": JIT ran and failed. The cause is
		// the user.lifecycle.create of the same transaction, when it was read.
		return jitErrorProblem(message, "", text), true
	case has("username"), has("email", "missing"):
		return noEmailProblem(message), true
	case has("not active"), has("inactive"):
		return idpInactiveProblem(message), true
	case has("denied the request"):
		return Problem{Code: CodeAccessDenied, Message: message,
			Hint: "The person chose Deny on ID.me's page. Sign in again and allow ID.me to share the information."}, true
	}
	return Problem{}, false
}

func scopeProblem(message string) Problem {
	return Problem{Code: CodeInvalidScope, Message: message,
		Hint: "ID.me accepts only the scope \"openid <policy handle>\": the identity provider's scopes must be exactly openid plus the handle your Solution Consultant gave you (no profile, no email). Run idme-okta apply to set them."}
}

func idmeRedirectProblem(message, idpRedirectURI string) Problem {
	where := "the identity provider's redirect URI (shown in the handoff sheet)"
	if idpRedirectURI != "" {
		where = idpRedirectURI
	}
	return Problem{Code: CodeIDmeRedirectURI, Message: message,
		Hint: "Your ID.me Solution Consultant has not registered Okta's redirect URI yet: send them " + where + " (exactly, it must match character for character) and try again once they confirm."}
}

func notAssignedProblem(message string) Problem {
	return Problem{Code: CodeUserNotAssigned, Message: message,
		Hint: "The signed-in user may not use the test app: assign the test app to a group the user is in (idme-okta assigns Everyone, which includes users created by ID.me sign-in). Run idme-okta apply for the test-app step."}
}

func userinfoProblem(message string) Problem {
	return Problem{Code: CodeUserinfo, Message: message,
		Hint: "The identity provider has a UserInfo endpoint: Okta then calls ID.me's userinfo, which answers with a JWT Okta cannot read, and the sign-in fails. Clear the UserInfo endpoint (ID.me puts every claim in the ID token); idme-okta apply removes it."}
}

func jitProblem(message string) Problem {
	return Problem{Code: CodeJITDisabled, Message: message,
		Hint: "Okta found no user for this ID.me identity and did not create one. Make sure the identity provider creates users (Security > Identity Providers > ID.me: \"If no match is found: Create new user (JIT)\"; idme-okta apply sets it) and that the org-wide Just-In-Time provisioning switch (" + steps.JITSettingPath + ") is on."}
}

func noEmailProblem(message string) Problem {
	return Problem{Code: CodeNoEmail, Message: message,
		Hint: "ID.me sent no email, so Okta could not make a username (the IdP username is idpuser.email). Sign in with an ID.me account that has an email, or ask your Solution Consultant to have the policy release email."}
}

func idpInactiveProblem(message string) Problem {
	return Problem{Code: CodeIdPInactive, Message: message,
		Hint: "Activate the identity provider (Security > Identity Providers), or run idme-okta apply, which activates it."}
}

func timeoutProblem(timeout, redirectURI string, port int, browserErr error) Problem {
	hint := fmt.Sprintf("Did a browser open? Open the printed URL yourself (use --no-browser to skip opening one). Over SSH the browser must run on this machine, or forward the port first (ssh -L %d:127.0.0.1:%d). If the browser showed an Okta or ID.me error page, the problems below say why; check also that nothing else answers on port %d.", port, port, port)
	if browserErr != nil {
		hint = fmt.Sprintf("The browser could not be opened (%v): open the printed URL yourself. ", browserErr) + hint
	}
	return Problem{Code: CodeTimeout,
		Message: fmt.Sprintf("No sign-in response reached %s within %s.", redirectURI, timeout),
		Hint:    hint}
}
