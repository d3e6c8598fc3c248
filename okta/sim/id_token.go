package sim

import (
	"slices"
	"strings"
	"time"
)

// profileClaims are the standard claims of a user that the scopes release. Only standard
// claims: the org authorization server never puts custom profile attributes (idme_uuid …)
// into tokens or userinfo without an app-profile mapping, which this org does not model
// (okta-api.md §6, "Surprise").
func profileClaims(u *user, scopes []string) JSON {
	claims := JSON{}
	if slices.Contains(scopes, "profile") {
		first, last := strAt(u.profile, "firstName"), strAt(u.profile, "lastName")
		claims["name"] = strings.TrimSpace(first + " " + last)
		claims["given_name"] = first
		claims["family_name"] = last
		claims["preferred_username"] = strAt(u.profile, "login")
		if tz := strAt(u.profile, "timezone"); tz != "" {
			claims["zoneinfo"] = tz
		}
	}
	if slices.Contains(scopes, "email") {
		claims["email"] = strAt(u.profile, "email")
	}
	return claims
}

// idTokenFor builds and signs the ID token an app receives. Call with mu held.
func (o *Org) idTokenFor(clientID string, u *user, idpID, nonce string, scopes []string, authTime, now time.Time) (string, error) {
	claims := profileClaims(u, scopes)
	claims["sub"] = u.id
	claims["ver"] = 1
	claims["iss"] = o.baseURL
	claims["aud"] = clientID
	claims["iat"] = now.Unix()
	claims["exp"] = now.Add(idTokenLifetime).Unix()
	claims["jti"] = "ID." + randomString(43)
	claims["amr"] = []string{"fed"} // value unverified: what Okta reports after a federated sign-in
	claims["idp"] = idpID
	claims["auth_time"] = authTime.Unix()
	if nonce != "" {
		claims["nonce"] = nonce
	}
	return o.signIDToken(claims)
}
