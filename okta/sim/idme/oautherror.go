package idme

import (
	"encoding/json"
	"github.com/idme-okta/idme-okta/okta/sim/internal/oauthwire"
	"net/http"
	"net/url"
)

// oauthError is an RFC 6749 error as ID.me words it.
type oauthError struct {
	Code        string `json:"error"`
	Description string `json:"error_description"`
	status      int    // HTTP status when answered as JSON
}

func newOAuthError(status int, code, description string) *oauthError {
	return &oauthError{Code: code, Description: description, status: status}
}

func invalidRequest(description string) *oauthError {
	return newOAuthError(http.StatusBadRequest, "invalid_request", description)
}

func invalidGrant(description string) *oauthError {
	return newOAuthError(http.StatusBadRequest, "invalid_grant", description)
}

func (e *oauthError) writeJSON(w http.ResponseWriter) {
	writeJSON(w, e.status, e)
}

// redirect sends the error back to the relying party's redirect_uri, which is how ID.me
// reports authorize errors.
func (e *oauthError) redirect(w http.ResponseWriter, r *http.Request, redirectURI, state string) {
	params := url.Values{"error": {e.Code}, "error_description": {e.Description}}
	if state != "" {
		params.Set("state", state)
	}
	http.Redirect(w, r, oauthwire.WithQuery(redirectURI, params), http.StatusFound)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body) // the client hung up; nothing to do
}
