package okta

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"strings"
)

// withStoredSecret records the hash of the client secret Okta returned ("" = none).
func (idp *IdP) withStoredSecret(secret string) *IdP {
	if secret != "" {
		sum := sha256.Sum256([]byte(secret))
		idp.storedSecretSum = &sum
	}
	return idp
}

// HasStoredSecret reports whether Okta returned a client secret when this IdP was read.
func (idp IdP) HasStoredSecret() bool { return idp.storedSecretSum != nil }

// SecretMatches reports whether candidate is the client secret Okta stores for this IdP.
// It is false when Okta returned no secret (see HasStoredSecret).
func (idp IdP) SecretMatches(candidate string) bool {
	if idp.storedSecretSum == nil {
		return false
	}
	sum := sha256.Sum256([]byte(candidate))
	return subtle.ConstantTimeCompare(sum[:], idp.storedSecretSum[:]) == 1
}

// idpFields is IdP without its methods, so that Format can print it the way fmt would.
type idpFields IdP

// Format prints an IdP as fmt would with any verb (%v, %+v, %#v, %s …) but with the
// ClientSecret redacted: an IdP built for CreateIdP or ReplaceIdP carries the secret to send.
func (idp IdP) Format(f fmt.State, verb rune) {
	shown := idpFields(idp)
	if shown.ClientSecret != "" {
		shown.ClientSecret = "[redacted]"
	}
	out := fmt.Sprintf(fmt.FormatString(f, verb), shown)
	_, _ = f.Write([]byte(strings.Replace(out, "okta.idpFields{", "okta.IdP{", 1)))
}
