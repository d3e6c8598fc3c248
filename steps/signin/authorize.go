package signin

import (
	"crypto/rand"
	"net/url"
	"strings"

	"golang.org/x/oauth2"
)

// authRequest is one sign-in attempt: its random values and where it returns.
type authRequest struct {
	flow        string
	clientID    string
	idpID       string
	redirectURI string
	state       string // binds the callback to this attempt (CSRF)
	nonce       string // binds the ID token to this attempt (replay of a token)
	verifier    string // PKCE code verifier; code flow only
}

func newAuthRequest(flow, clientID, idpID, redirectURI string) authRequest {
	r := authRequest{flow: flow, clientID: clientID, idpID: idpID, redirectURI: redirectURI,
		state: rand.Text(), nonce: rand.Text()}
	if flow == FlowCode {
		r.verifier = oauth2.GenerateVerifier()
	}
	return r
}

// url is the authorize URL at endpoint (the org authorization server's authorize endpoint).
// idp= sends the browser straight to ID.me, and prompt=login makes Okta do so even when the
// browser already has an Okta session (otherwise the test could pass without ID.me).
func (r authRequest) url(endpoint string) string {
	q := url.Values{
		"client_id":    {r.clientID},
		"idp":          {r.idpID},
		"prompt":       {"login"},
		"redirect_uri": {r.redirectURI},
		"scope":        {"openid profile email"},
		"state":        {r.state},
		"nonce":        {r.nonce},
	}
	switch r.flow {
	case FlowIDToken:
		q.Set("response_type", "id_token")
		q.Set("response_mode", "form_post")
	default:
		q.Set("response_type", "code")
		q.Set("code_challenge", oauth2.S256ChallengeFromVerifier(r.verifier))
		q.Set("code_challenge_method", "S256")
	}
	// Spaces as %20, as in the guide's URL (Encode writes "+", which Okta reads the same; a
	// literal "+" in a value is already %2B, so the swap is safe).
	return endpoint + "?" + strings.ReplaceAll(q.Encode(), "+", "%20")
}
