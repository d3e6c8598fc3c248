package idme

import (
	"net/http"
	"strings"
)

// handleUserinfo answers the way ID.me does (idme.md §5.1): the claims come back as a signed
// JWT wrapped in a JSON string, under Content-Type application/json. A relying party that
// expects a JSON object of claims fails to parse it, which is why the Okta guide says to leave
// the UserInfo endpoint blank. The access token is single-use, so a second call fails too.
func (s *Server) handleUserinfo(w http.ResponseWriter, r *http.Request) {
	token, ok := bearerToken(r)
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="ID.me"`)
		newOAuthError(http.StatusUnauthorized, "invalid_request", "a bearer access token is required").writeJSON(w)
		return
	}
	grant, ok := s.takeAccess(token)
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="ID.me", error="invalid_token"`)
		newOAuthError(http.StatusUnauthorized, "invalid_token", "the access token is unknown, expired or already used").writeJSON(w)
		return
	}
	claims := grant.claims
	now := s.now()
	claims["iss"] = s.Issuer()
	claims["sub"] = grant.subject
	claims["aud"] = grant.clientID
	claims["iat"] = now.Unix()
	claims["exp"] = now.Add(accessLifetime).Unix()
	jwt, err := s.keys.sign(claims)
	if err != nil {
		newOAuthError(http.StatusInternalServerError, "server_error", "the userinfo JWT could not be made").writeJSON(w)
		return
	}
	writeJSON(w, http.StatusOK, jwt)
}

func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return strings.TrimSpace(token), true
}
