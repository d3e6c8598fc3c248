package sim

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

func init() { registerGrant("authorization_code", (*Org).authorizationCodeGrant) }

// authorizationCodeGrant redeems a code an app received from /oauth2/v1/authorize. Public
// clients (token_endpoint_auth_method none) prove possession with the PKCE code_verifier;
// confidential ones send their secret (client_secret_basic or client_secret_post). Codes are
// single-use, bound to the app and the redirect_uri.
func (o *Org) authorizationCodeGrant(c *call, form url.Values) reply {
	a, rep, bad := o.authenticateAppClient(c, form)
	if bad {
		return rep
	}
	if !slices.Contains(stringList(at(a.body, "settings", "oauthClient", "grant_types")), "authorization_code") {
		return oauthFail(http.StatusBadRequest, "unauthorized_client", "The client is not authorized to use the provided grant type. Configured grant types: ["+
			strings.Join(stringList(at(a.body, "settings", "oauthClient", "grant_types")), ", ")+"].")
	}
	invalidGrant := func() reply {
		return oauthFail(http.StatusBadRequest, "invalid_grant", "The authorization code is invalid or has expired.")
	}
	code := o.fed.codes[form.Get("code")]
	delete(o.fed.codes, form.Get("code")) // burnt on first presentation, whatever the outcome
	if code == nil || c.now.After(code.expires) || code.req.appID != a.id {
		return invalidGrant()
	}
	if form.Get("redirect_uri") != code.req.redirectURI {
		return oauthFail(http.StatusBadRequest, "invalid_grant", "The 'redirect_uri' does not match the redirection URI used in the authorization request.")
	}
	verifier := form.Get("code_verifier")
	switch {
	case code.req.challenge != "" && verifier == "":
		return oauthFail(http.StatusBadRequest, "invalid_grant", "PKCE verification failed.") // exact text unverified
	case code.req.challenge != "" && !pkceVerifies(verifier, code.req.challenge):
		return oauthFail(http.StatusBadRequest, "invalid_grant", "PKCE verification failed.")
	case code.req.challenge == "" && verifier != "":
		return oauthFail(http.StatusBadRequest, "invalid_request", "'code_verifier' was sent but the authorization request had no code_challenge.") // exact text unverified
	}
	u := o.userByKey(code.userID)
	if u == nil || u.status != "ACTIVE" {
		return invalidGrant()
	}
	idToken, err := o.idTokenFor(a.id, u, code.idpID, code.req.nonce, code.req.scopes, code.authTime, c.now)
	if err != nil {
		return oauthFail(http.StatusInternalServerError, "server_error", "The ID token could not be signed.")
	}
	access := "eyJ" + randomString(80)
	o.fed.userTokens[access] = &userAccessToken{clientID: a.id, userID: u.id, scopes: code.req.scopes, expires: c.now.Add(userTokenLifetime)}
	targets := []logTarget{appTarget(a)}
	o.logSignIn(c, signInEvent{eventType: "app.oauth2.token.grant.access_token", message: "OAuth2 access token is granted", user: u, targets: targets, txnID: c.requestID})
	o.logSignIn(c, signInEvent{eventType: "app.oauth2.token.grant.id_token", message: "OIDC id token is granted", user: u, targets: targets, txnID: c.requestID})
	return reply{status: http.StatusOK, body: JSON{
		"token_type":   "Bearer",
		"expires_in":   int(userTokenLifetime / time.Second),
		"access_token": access,
		"scope":        strings.Join(code.req.scopes, " "),
		"id_token":     idToken,
	}, header: http.Header{"Cache-Control": {"no-store"}, "Pragma": {"no-cache"}}}
}

// authenticateAppClient finds the app making a token request and checks its credentials.
func (o *Org) authenticateAppClient(c *call, form url.Values) (*app, reply, bool) {
	invalid := func() (*app, reply, bool) {
		return nil, oauthFail(http.StatusUnauthorized, "invalid_client", "Client authentication failed. Either the client or the client credentials are invalid."), true
	}
	clientID, secret, basic := c.req.BasicAuth()
	if basic {
		var err1, err2 error
		clientID, err1 = url.QueryUnescape(clientID)
		secret, err2 = url.QueryUnescape(secret)
		if err1 != nil || err2 != nil {
			return invalid()
		}
	} else {
		clientID, secret = form.Get("client_id"), form.Get("client_secret")
	}
	a := o.appByClientID(clientID)
	if a == nil || a.status != "ACTIVE" {
		return invalid()
	}
	switch method := strAt(a.body, "credentials", "oauthClient", "token_endpoint_auth_method"); method {
	case "none":
		if basic || secret != "" {
			return invalid()
		}
	case "client_secret_basic", "client_secret_post":
		if basic != (method == "client_secret_basic") && secret != "" {
			return nil, oauthFail(http.StatusBadRequest, "invalid_request", "The client authentication method does not match the one configured for the client ("+method+")."), true // exact text unverified
		}
		if a.secret == "" || subtle.ConstantTimeCompare([]byte(a.secret), []byte(secret)) != 1 {
			return invalid()
		}
	default:
		// private_key_jwt apps (the service app) use client_credentials only here.
		return invalid()
	}
	return a, reply{}, false
}

// pkceVerifies checks an RFC 7636 S256 code_verifier against the challenge.
func pkceVerifies(verifier, challenge string) bool {
	if len(verifier) < 43 || len(verifier) > 128 {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	return subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(challenge)) == 1
}

// userinfo serves GET and POST /oauth2/v1/userinfo for an access token of a signed-in user:
// sub and the standard claims its scopes release.
func (o *Org) userinfo(c *call) reply {
	scheme, token, _ := strings.Cut(c.req.Header.Get("Authorization"), " ")
	tok := o.fed.userTokens[strings.TrimSpace(token)]
	if !strings.EqualFold(scheme, "Bearer") || tok == nil || c.now.After(tok.expires) {
		rep := oauthFail(http.StatusUnauthorized, "invalid_token", "The access token is invalid.")
		rep.header = http.Header{"WWW-Authenticate": {`Bearer error="invalid_token", error_description="The access token is invalid."`}}
		return rep
	}
	u := o.userByKey(tok.userID)
	if u == nil {
		return oauthFail(http.StatusUnauthorized, "invalid_token", "The access token is invalid.")
	}
	claims := profileClaims(u, tok.scopes)
	claims["sub"] = u.id
	return okReply(claims)
}
