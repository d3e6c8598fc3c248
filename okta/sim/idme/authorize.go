package idme

import (
	"github.com/idme-okta/idme-okta/okta/sim/internal/oauthwire"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// errScope is ID.me's wording for every scope that is not exactly "openid <handle of this client>".
const errScope = "scope can't be resolved to an existing policy for the client"

// handleAuthorize validates an authorization request (idme.md §3) and shows the consent page.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirectURI, state := q.Get("redirect_uri"), q.Get("state")
	if !usableRedirect(redirectURI) {
		// Nowhere safe to send the error, so tell the person in the browser.
		renderError(w, http.StatusBadRequest, "invalid_request",
			"redirect_uri is missing or is not an absolute http(s) URL without a fragment")
		return
	}
	req, oerr := s.validateAuthorize(q)
	if oerr != nil {
		// ID.me's error table sends even invalid_client and invalid_redirect_uri back to the
		// redirect_uri it was given, unverified. A real IdP should not redirect there; the
		// simulator copies ID.me because relying parties (and the wizard) see exactly this.
		oerr.redirect(w, r, redirectURI, state)
		return
	}
	renderConsent(w, s.consentPage(req, s.savePending(req)))
}

func (s *Server) validateAuthorize(q url.Values) (authRequest, *oauthError) {
	fail := func(code, description string) (authRequest, *oauthError) {
		return authRequest{}, newOAuthError(http.StatusFound, code, description)
	}
	clientID := q.Get("client_id")
	if clientID == "" {
		return fail("invalid_request", "client_id is missing")
	}
	client, ok := s.client(clientID)
	if !ok {
		return fail("invalid_client", "client_id can't be resolved to an application")
	}
	redirectURI := q.Get("redirect_uri")
	if !slices.Contains(client.RedirectURIs, redirectURI) {
		return fail("invalid_redirect_uri", "redirect_uri is not registered for the client")
	}
	switch q.Get("response_type") {
	case "code":
	case "":
		return fail("invalid_request", "response_type is missing")
	default:
		return fail("unsupported_response_type", "response_type must be code")
	}
	policy, ok := s.resolveScope(client, q.Get("scope"))
	if !ok {
		return fail("invalid_scope", errScope)
	}
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	if challenge != "" || method != "" {
		if method != "S256" {
			return fail("invalid_request", "code_challenge_method must be S256")
		}
		if len(challenge) != 43 { // base64url of a SHA-256 digest, unpadded
			return fail("invalid_request", "code_challenge must be a base64url SHA-256 digest")
		}
	}
	return authRequest{
		clientID:    clientID,
		redirectURI: redirectURI,
		state:       q.Get("state"),
		nonce:       q.Get("nonce"),
		scope:       q.Get("scope"),
		policy:      policy,
		challenge:   challenge,
	}, nil
}

// resolveScope accepts exactly two tokens, "openid" and a policy handle registered for the
// client. Extra tokens such as email or profile (Okta's defaults) are refused, as ID.me does.
func (s *Server) resolveScope(c Client, scope string) (Policy, bool) {
	tokens := strings.Fields(scope)
	if len(tokens) != 2 || !slices.Contains(tokens, "openid") {
		return Policy{}, false
	}
	handle := tokens[0]
	if handle == "openid" {
		handle = tokens[1]
	}
	if !slices.Contains(c.Policies, handle) {
		return Policy{}, false
	}
	p, ok := s.policies[handle]
	return p, ok
}

// handleConsent takes the consent form: Continue issues a code, Deny returns access_denied.
func (s *Server) handleConsent(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		renderError(w, http.StatusBadRequest, "invalid_request", "the form could not be read")
		return
	}
	req, ok := s.takePending(r.PostForm.Get("transaction"))
	if !ok {
		renderError(w, http.StatusBadRequest, "invalid_request",
			"this sign-in request has expired or was already answered; start again from the application")
		return
	}
	switch r.PostForm.Get("action") {
	case "deny":
		newOAuthError(http.StatusFound, "access_denied", "The user denied the request").
			redirect(w, r, req.redirectURI, req.state)
	case "continue":
		id, ok := s.identity(r.PostForm.Get("identity"))
		if !ok {
			renderError(w, http.StatusBadRequest, "invalid_request", "no test identity was chosen")
			return
		}
		params := url.Values{"code": {s.issueCode(req, id)}}
		if req.state != "" {
			params.Set("state", req.state)
		}
		http.Redirect(w, r, oauthwire.WithQuery(req.redirectURI, params), http.StatusFound)
	default:
		renderError(w, http.StatusBadRequest, "invalid_request", "choose Continue or Deny")
	}
}

// usableRedirect reports whether an error may be sent to the URI at all.
func usableRedirect(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && !strings.Contains(raw, "#")
}
