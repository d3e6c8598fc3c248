package sim

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"github.com/idme-okta/idme-okta/okta/sim/internal/oauthwire"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// idpConfig is what a sign-in reads from an IdP object, exactly as it was configured through
// the API. It is copied out under the lock so the upstream calls can run without it.
type idpConfig struct {
	id, name      string
	authorizeURL  string
	tokenURL      string
	jwksURL       string
	userinfoURL   string // "" unless configured: the guide says to leave it blank
	issuer        string
	clientID      string
	clientSecret  string
	authMethod    string // credentials.client.token_endpoint_auth_method; "" = client_secret_post
	pkce          bool
	scopes        []string
	maxClockSkew  time.Duration
	callbackURL   string
	displayPrefix string // `Identity provider "<name>"`, the start of every failure text
}

func (o *Org) idpConfigOf(p *idp) idpConfig {
	b := p.body
	skew, _ := intAt(b, "policy", "maxClockSkew")
	pkce, _ := at(b, "protocol", "credentials", "client", "pkce_required").(bool)
	return idpConfig{
		id:            p.id,
		name:          p.name(),
		authorizeURL:  strAt(b, "protocol", "endpoints", "authorization", "url"),
		tokenURL:      strAt(b, "protocol", "endpoints", "token", "url"),
		jwksURL:       strAt(b, "protocol", "endpoints", "jwks", "url"),
		userinfoURL:   strAt(b, "protocol", "endpoints", "userInfo", "url"),
		issuer:        strAt(b, "protocol", "issuer", "url"),
		clientID:      strAt(b, "protocol", "credentials", "client", "client_id"),
		clientSecret:  strAt(b, "protocol", "credentials", "client", "client_secret"),
		authMethod:    strAt(b, "protocol", "credentials", "client", "token_endpoint_auth_method"),
		pkce:          pkce,
		scopes:        stringList(at(b, "protocol", "scopes")),
		maxClockSkew:  time.Duration(skew) * time.Millisecond,
		callbackURL:   o.baseURL + "/oauth2/v1/authorize/callback",
		displayPrefix: fmt.Sprintf("Identity provider %q", p.name()),
	}
}

// redirectToIdP starts a sign-in at an identity provider: for an app's authorize request
// with idp=, for a button of the hosted page, or for /sso/idps/{idpId} (req nil: a sign-in to
// the org itself). Call with mu held.
func (o *Org) redirectToIdP(c *call, idpID string, req *appRequest) reply {
	p := o.idpByID(idpID)
	if p == nil {
		var targets []logTarget
		if a := o.appOf(req); a != nil {
			targets = []logTarget{appTarget(a)}
		}
		o.logSignIn(c, signInEvent{eventType: "user.authentication.auth_via_IDP", message: "Authenticate user via IDP",
			failure: "No identity provider has the id " + idpID + ".", targets: targets, txnID: randomString(27)})
		if req != nil {
			return deliverError(req.delivery(), "invalid_request", "The 'idp' parameter does not name an identity provider of this org.") // exact text unverified
		}
		return errorPage(http.StatusNotFound, "Not found", "No identity provider has the id "+idpID+".")
	}
	txnID := randomString(27)
	if p.status != "ACTIVE" {
		reason := idpNotActive(p)
		o.logSignIn(c, signInEvent{eventType: "user.authentication.auth_via_IDP", message: "Authenticate user via IDP",
			failure: reason, targets: o.signInTargets(p, req), txnID: txnID})
		if req != nil {
			return deliverError(req.delivery(), "access_denied", reason)
		}
		return errorPage(http.StatusBadRequest, "Sign-in failed", reason)
	}
	cfg := o.idpConfigOf(p)
	txn := &upstreamTxn{id: txnID, idpID: p.id, nonce: randomString(32), app: req, expires: c.now.Add(upstreamLifetime)}
	params := url.Values{
		"client_id":     {cfg.clientID},
		"response_type": {"code"},
		"scope":         {strings.Join(append(append([]string(nil), cfg.scopes...), idpScopes(req)...), " ")},
		"redirect_uri":  {cfg.callbackURL},
		"state":         {txn.id},
		"nonce":         {txn.nonce},
	}
	if cfg.pkce {
		txn.verifier = randomString(64)
		sum := sha256.Sum256([]byte(txn.verifier))
		params.Set("code_challenge", base64.RawURLEncoding.EncodeToString(sum[:]))
		params.Set("code_challenge_method", "S256")
	}
	o.fed.upstream[txn.id] = txn
	if req != nil {
		delete(o.fed.appRequests, req.key) // the transaction carries it from here on
	}
	return redirectReply(oauthwire.WithQuery(cfg.authorizeURL, params))
}

// idpScopes are the extra scopes an app asked to send to the IdP (idp_scope).
func idpScopes(req *appRequest) []string {
	if req == nil {
		return nil
	}
	return req.idpScopes
}

// signInTargets are the targets of an auth_via_IDP event: the IdP and, when there is one,
// the app the user is signing in to.
func (o *Org) signInTargets(p *idp, req *appRequest) []logTarget {
	targets := []logTarget{idpTarget(p)}
	if a := o.appOf(req); a != nil {
		targets = append(targets, appTarget(a))
	}
	return targets
}

// appOf is the app of a request, or nil (no request, or the app was deleted).
func (o *Org) appOf(req *appRequest) *app {
	if req == nil {
		return nil
	}
	return o.appByID(req.appID)
}

// ssoIdP serves GET /sso/idps/{idpId}, Okta's IdP-initiated sign-in path, which the hosted
// page's buttons use; okta_key keeps an app's authorize request.
func (o *Org) ssoIdP(c *call) reply {
	o.fed.prune(c.now)
	req, ok := o.pendingAppRequest(c.query.Get("okta_key"), c.now)
	if !ok {
		return errorPage(http.StatusBadRequest, "Sign-in expired", "This sign-in request has expired. Start again from the application.")
	}
	return o.redirectToIdP(c, c.param("idpId"), req)
}
