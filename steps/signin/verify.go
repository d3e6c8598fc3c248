package signin

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
)

// clockLeeway forgives a clock on this machine that runs a little ahead of Okta's.
const clockLeeway = time.Minute

// tokenCheck verifies Okta ID tokens for one attempt.
type tokenCheck struct {
	provider *oidc.Provider // the org authorization server, from its discovery document
	clientID string
	nonce    string
	idpID    string
	now      func() time.Time
}

// verify checks raw the way a relying party must: RS256 only (alg "none" and every other
// algorithm refused before anything else), signature against the org's published keys,
// issuer, audience = the test app, expiry, and the nonce of this attempt, which go-oidc
// leaves to the caller. It returns the token's claims, or the Problem that explains why the
// token cannot be trusted.
func (c tokenCheck) verify(ctx context.Context, raw string) (map[string]any, *Problem) {
	alg, err := jwtAlgorithm(raw)
	if err != nil {
		return nil, &Problem{Code: CodeTokenInvalid, Message: "The ID token is not a signed JWT: " + err.Error() + ".", Hint: hintNotFromOrg}
	}
	if alg != oidc.RS256 {
		what := fmt.Sprintf("is signed with %s", alg)
		if strings.EqualFold(alg, "none") {
			what = `is not signed at all (alg "none")`
		}
		return nil, &Problem{Code: CodeBadAlgorithm,
			Message: "The ID token " + what + "; Okta signs ID tokens with RS256, and nothing else is accepted.",
			Hint:    hintNotFromOrg}
	}
	v := c.provider.Verifier(&oidc.Config{
		ClientID:             c.clientID,
		SupportedSigningAlgs: []string{oidc.RS256},
		Now:                  func() time.Time { return c.now().Add(-clockLeeway) },
	})
	tok, err := v.Verify(ctx, raw)
	if err != nil {
		p := classifyVerifyError(err, c.clientID)
		return nil, &p
	}
	if tok.Nonce != c.nonce {
		return nil, &Problem{Code: CodeBadNonce,
			Message: "The ID token's nonce is not the one this test sent: it was issued for another sign-in.",
			Hint:    "A token from an earlier or foreign sign-in was replayed. " + hintNotFromOrg}
	}
	var claims map[string]any
	if err := tok.Claims(&claims); err != nil {
		return nil, &Problem{Code: CodeTokenInvalid, Message: "The ID token's claims could not be read: " + err.Error() + ".", Hint: hintNotFromOrg}
	}
	// Okta names the identity provider that authenticated the user in "idp": the org's own id
	// when Okta signed the user in itself, which would mean ID.me was never asked.
	if idp, ok := claims["idp"].(string); ok && idp != c.idpID {
		return claims, &Problem{Code: CodeNotViaIdP,
			Message: fmt.Sprintf("The ID token says identity provider %s signed the user in, not ID.me (%s).", idp, c.idpID),
			Hint:    "Okta signed the user in without ID.me (an existing Okta session, or another identity provider). Sign out of Okta, or use a private browser window, and run the test again."}
	}
	return claims, nil
}

// jwtAlgorithm reads the alg of a compact JWS header without trusting anything else in it.
func jwtAlgorithm(raw string) (string, error) {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return "", fmt.Errorf("%d parts instead of 3", len(parts))
	}
	header, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return "", errors.New("its header is not base64url")
	}
	var h struct {
		Alg string `json:"alg"`
	}
	if err := json.Unmarshal(header, &h); err != nil {
		return "", errors.New("its header is not JSON")
	}
	if h.Alg == "" {
		return "", errors.New("its header names no algorithm")
	}
	return h.Alg, nil
}

// classifyVerifyError turns go-oidc's errors, which are plain strings apart from expiry,
// into Problems.
func classifyVerifyError(err error, clientID string) Problem {
	var expired *oidc.TokenExpiredError
	msg := err.Error()
	switch {
	case errors.As(err, &expired):
		return Problem{Code: CodeExpired,
			Message: fmt.Sprintf("The ID token expired at %s.", expired.Expiry.UTC().Format(time.RFC3339)),
			Hint:    "Okta's ID tokens live an hour, so an expired one is an old token replayed, or this machine's clock is far off: check the clock (timedatectl / date) and sign in again."}
	case strings.Contains(msg, "fetching keys"), strings.Contains(msg, "get keys"):
		return Problem{Code: CodeTokenInvalid,
			Message: "The org's signing keys could not be read to check the ID token: " + msg + ".",
			Hint:    "Check that this machine can reach the org's /oauth2/v1/keys, then sign in again."}
	case strings.Contains(msg, "different provider"):
		return Problem{Code: CodeBadIssuer,
			Message: "The ID token was issued by someone else: " + strings.TrimPrefix(msg, "oidc: ") + ".",
			Hint:    hintNotFromOrg + " If the org uses a custom domain, enter that domain as the org URL."}
	case strings.Contains(msg, "expected audience"):
		return Problem{Code: CodeBadAudience,
			Message: fmt.Sprintf("The ID token is not for the test app (client id %s): %s.", clientID, strings.TrimPrefix(msg, "oidc: ")),
			Hint:    "The token was issued to another application. " + hintNotFromOrg}
	case strings.Contains(msg, "signature"):
		return Problem{Code: CodeBadSignature,
			Message: "The ID token's signature does not match any of the org's published keys.",
			Hint:    hintNotFromOrg}
	}
	return Problem{Code: CodeTokenInvalid, Message: "The ID token was refused: " + msg + ".", Hint: hintNotFromOrg}
}
