package idme

import (
	"crypto/subtle"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
)

type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	Scope        string `json:"scope"`
	RefreshToken string `json:"refresh_token"`
	IDToken      string `json:"id_token"`
}

// handleToken exchanges an authorization code for tokens.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	form, err := readTokenRequest(w, r)
	if err != nil {
		invalidRequest("the request body could not be read as a form or JSON object").writeJSON(w)
		return
	}
	client, oerr := s.authenticateClient(r, form)
	if oerr != nil {
		if _, _, basic := r.BasicAuth(); basic && oerr.status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Basic realm="ID.me"`)
		}
		oerr.writeJSON(w)
		return
	}
	switch form.Get("grant_type") {
	case "authorization_code":
	case "":
		invalidRequest("grant_type is missing").writeJSON(w)
		return
	default:
		newOAuthError(http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code").writeJSON(w)
		return
	}
	code, redirectURI := form.Get("code"), form.Get("redirect_uri")
	if code == "" || redirectURI == "" {
		invalidRequest("code and redirect_uri are required").writeJSON(w)
		return
	}
	grant, oerr := s.redeemCode(code, client.ID, redirectURI, form.Get("code_verifier"))
	if oerr != nil {
		oerr.writeJSON(w)
		return
	}
	idToken, err := s.idToken(grant)
	if err != nil {
		newOAuthError(http.StatusInternalServerError, "server_error", "the ID token could not be made").writeJSON(w)
		return
	}
	writeJSON(w, http.StatusOK, tokenResponse{
		AccessToken:  grant.accessToken,
		TokenType:    "bearer",
		ExpiresIn:    int(accessLifetime.Seconds()),
		Scope:        grant.scope,
		RefreshToken: newToken(), // returned as ID.me does; this simulator has no refresh grant
		IDToken:      idToken,
	})
}

// authenticateClient accepts client_secret_basic or client_secret_post, never both at once.
func (s *Server) authenticateClient(r *http.Request, form url.Values) (Client, *oauthError) {
	id, secret, basic := r.BasicAuth()
	if basic {
		// RFC 6749 §2.3.1: the Basic credentials are form-url-encoded first.
		var err1, err2 error
		id, err1 = url.QueryUnescape(id)
		secret, err2 = url.QueryUnescape(secret)
		if err1 != nil || err2 != nil {
			return Client{}, invalidRequest("the Basic credentials are not form-url-encoded")
		}
		if form.Get("client_secret") != "" {
			return Client{}, invalidRequest("use one client authentication method, not both")
		}
		if formID := form.Get("client_id"); formID != "" && formID != id {
			return Client{}, invalidRequest("client_id in the body differs from the Basic credentials")
		}
	} else {
		id, secret = form.Get("client_id"), form.Get("client_secret")
	}
	if id == "" || secret == "" {
		return Client{}, invalidRequest("client_id or client_secret is missing")
	}
	c, ok := s.client(id)
	if !ok || subtle.ConstantTimeCompare([]byte(c.Secret), []byte(secret)) != 1 {
		return Client{}, newOAuthError(http.StatusUnauthorized, "invalid_client", "client authentication failed")
	}
	return c, nil
}

// readTokenRequest reads the body as a form or, as ID.me also accepts, a JSON object of strings.
func readTokenRequest(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "application/json" {
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		return r.PostForm, nil
	}
	var fields map[string]string
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&fields); err != nil {
		return nil, err
	}
	form := url.Values{}
	for k, v := range fields {
		form.Set(k, v)
	}
	return form, nil
}
