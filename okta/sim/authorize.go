package sim

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// GET /oauth2/v1/authorize: an OIDC app of the org asks the org authorization server to sign a
// user in. Errors about the client or its redirect_uri are shown on Okta's error page (there
// is no trusted place to send them); every other error goes back to the redirect_uri in the
// response mode asked for. Texts marked unverified follow Okta's wording where it is known.

func (o *Org) appByClientID(clientID string) *app {
	if clientID == "" {
		return nil
	}
	for _, a := range o.apps {
		if strAt(a.body, "credentials", "oauthClient", "client_id") == clientID {
			return a
		}
	}
	return nil
}

func (o *Org) authorizeEndpoint(c *call) reply {
	o.fed.prune(c.now)
	q := c.query
	a := o.appByClientID(q.Get("client_id"))
	if a == nil || a.status != "ACTIVE" || strAt(a.body, "name") != "oidc_client" {
		return errorPage(http.StatusBadRequest, "invalid_client", "Invalid value for 'client_id' parameter.") // exact text unverified
	}
	redirectURI := q.Get("redirect_uri")
	// Exact match, port included: Okta does not implement RFC 8252's any-port loopback rule.
	if !slices.Contains(stringList(at(a.body, "settings", "oauthClient", "redirect_uris")), redirectURI) {
		return errorPage(http.StatusBadRequest, "invalid_request",
			"The 'redirect_uri' parameter must be a Login redirect URI in the client app settings: "+
				o.baseURL+"/admin/app/oidc_client/instance/"+a.id+"#tab-general")
	}
	req, problem := parseAppRequest(a, q, c.now)
	if problem != nil {
		return deliverError(problem.to, problem.code, problem.description)
	}
	prompt := q.Get("prompt")
	if s := o.sessionOf(c); s != nil && prompt != "login" {
		// "idp: identity provider to use if there's no Okta session": with one, the app gets
		// its answer straight away.
		if u := o.userByKey(s.userID); u != nil {
			return o.issueToApp(c, req, u, s, "")
		}
	}
	if prompt == "none" {
		return deliverError(req.delivery(), "login_required", "The client specified not to prompt, but the user is not logged in.")
	}
	if idpID := q.Get("idp"); idpID != "" {
		return o.redirectToIdP(c, idpID, req)
	}
	o.fed.appRequests[req.key] = req
	return redirectReply(o.baseURL + "/login/login.htm?" + url.Values{"okta_key": {req.key}}.Encode())
}

// authorizeProblem is an authorize error to send to the app.
type authorizeProblem struct {
	to                delivery
	code, description string
}

// parseAppRequest checks an authorize request of a known client with a registered
// redirect_uri.
func parseAppRequest(a *app, q url.Values, now time.Time) (*appRequest, *authorizeProblem) {
	settings := objAt(a.body, "settings", "oauthClient")
	responseType := q.Get("response_type")
	mode := q.Get("response_mode")
	// Errors found before the response mode is known go where the response type's default
	// mode would send them.
	to := delivery{redirectURI: q.Get("redirect_uri"), mode: defaultResponseMode(responseType), state: q.Get("state")}
	bad := func(code, description string) (*appRequest, *authorizeProblem) {
		return nil, &authorizeProblem{to: to, code: code, description: description}
	}
	switch responseType {
	case "code", "id_token":
	case "":
		return bad("invalid_request", "The 'response_type' parameter is missing.") // exact text unverified
	default:
		return bad("unsupported_response_type", "The response type is not supported by the authorization server. Configured response types: [code, id_token].")
	}
	if configured := stringList(at(settings, "response_types")); !slices.Contains(configured, responseType) {
		return bad("unsupported_response_type", "The response type is not supported by the authorization server. Configured response types: ["+strings.Join(configured, ", ")+"].")
	}
	if grants := stringList(at(settings, "grant_types")); !slices.Contains(grants, responseTypeGrant[responseType]) {
		return bad("unauthorized_client", "The client is not authorized to use the provided grant type. Configured grant types: ["+strings.Join(grants, ", ")+"].")
	}
	switch {
	case mode == "":
		mode = to.mode
	case mode != "query" && mode != "fragment" && mode != "form_post":
		return bad("invalid_request", fmt.Sprintf("The 'response_mode' parameter value %q is not supported.", mode)) // exact text unverified
	case mode == "query" && responseType == "id_token":
		return bad("invalid_request", "The 'response_mode' query is not allowed for the 'id_token' response type.") // exact text unverified
	}
	to.mode = mode
	if q.Get("state") == "" {
		return bad("invalid_request", "The authentication request has an invalid 'state' parameter.")
	}
	scopes := strings.Fields(q.Get("scope"))
	switch {
	case len(scopes) == 0:
		return bad("invalid_scope", "The authorization server resource does not have any configured default scopes, 'scope' must be provided.")
	case !slices.Contains(scopes, "openid"):
		return bad("invalid_scope", "The requested scope is invalid, unknown, or malformed.") // exact text unverified for a missing openid
	}
	for _, s := range scopes {
		if !slices.Contains(orgScopes, s) {
			return bad("invalid_scope", "One or more scopes are not configured for the authorization server resource.")
		}
	}
	if responseType == "id_token" && q.Get("nonce") == "" {
		return bad("invalid_request", "The 'nonce' parameter is required for authorize requests with either the 'id_token' or 'token' response types.")
	}
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	if responseType == "code" {
		pkceRequired, _ := at(a.body, "credentials", "oauthClient", "pkce_required").(bool)
		switch {
		case challenge == "" && pkceRequired:
			return bad("invalid_request", "PKCE code challenge is required when the token endpoint authentication method is 'NONE'.")
		case challenge != "" && method != "S256":
			return bad("invalid_request", "PKCE code challenge method is not supported: use S256.") // exact text unverified
		case challenge != "" && (len(challenge) < 43 || len(challenge) > 128):
			return bad("invalid_request", "PKCE code challenge must be 43 to 128 characters.") // exact text unverified
		}
	}
	switch p := q.Get("prompt"); p {
	case "", "none", "login", "consent":
	default:
		return bad("invalid_request", fmt.Sprintf("The 'prompt' parameter value %q is not supported.", p)) // exact text unverified
	}
	return &appRequest{
		key:          randomString(32),
		appID:        a.id,
		redirectURI:  to.redirectURI,
		responseType: responseType,
		responseMode: mode,
		state:        q.Get("state"),
		nonce:        q.Get("nonce"),
		scopes:       scopes,
		challenge:    challenge,
		idpScopes:    strings.Fields(q.Get("idp_scope")),
		expires:      now.Add(appRequestLifetime),
	}, nil
}

// defaultResponseMode is where a response type's results go when response_mode is absent.
func defaultResponseMode(responseType string) string {
	if responseType == "code" {
		return "query"
	}
	return "fragment"
}

// pendingAppRequest finds the app request a hosted page or /sso/idps link carries; ok is
// false when the key is unknown or expired. Call with mu held.
func (o *Org) pendingAppRequest(key string, now time.Time) (req *appRequest, ok bool) {
	if key == "" {
		return nil, true
	}
	req = o.fed.appRequests[key]
	if req == nil || now.After(req.expires) {
		delete(o.fed.appRequests, key)
		return nil, false
	}
	return req, true
}
