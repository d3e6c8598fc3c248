package sim

import (
	"net/http"
	"net/url"
)

// idpCallback serves /oauth2/v1/authorize/callback, the IdP's _links.clientRedirectUri: the
// user comes back from the identity provider with a code (or an error). It runs without the
// org's lock held around the upstream calls: first it takes the transaction under the lock,
// then talks to the IdP, then finishes the sign-in under the lock.
func (o *Org) idpCallback(c *call) reply {
	params := callbackParams(c)

	o.mu.Lock()
	txn, cfg, early := o.beginCallback(c, params)
	o.mu.Unlock()
	if early != nil {
		return *early
	}

	identity, failure := o.fetchUpstreamIdentity(c.req.Context(), cfg, txn, params.Get("code"), c.now)

	o.mu.Lock()
	defer o.mu.Unlock()
	if failure != nil {
		return o.failSignIn(c, txn, failure)
	}
	return o.completeSignIn(c, txn, identity)
}

// callbackParams merges the query and, for a form_post from the IdP, the form body.
func callbackParams(c *call) url.Values {
	params := url.Values{}
	for k, v := range c.query {
		params[k] = v
	}
	if c.req.Method == http.MethodPost {
		if form, err := url.ParseQuery(string(c.body)); err == nil {
			for k, v := range form {
				params[k] = v
			}
		}
	}
	return params
}

// beginCallback takes the transaction the state names (each is answered once) and handles
// everything that needs no upstream call. early is the reply when the sign-in ends here.
// Call with mu held.
func (o *Org) beginCallback(c *call, params url.Values) (*upstreamTxn, idpConfig, *reply) {
	stop := func(r reply) (*upstreamTxn, idpConfig, *reply) { return nil, idpConfig{}, &r }
	txn := o.fed.upstream[params.Get("state")]
	delete(o.fed.upstream, params.Get("state"))
	if txn == nil || c.now.After(txn.expires) {
		return stop(errorPage(http.StatusBadRequest, "Sign-in expired",
			"This sign-in request has expired or was already answered. Start again from the application."))
	}
	p := o.idpByID(txn.idpID)
	switch {
	case p == nil:
		return stop(o.failSignIn(c, txn, failf(reasonIdPDeleted)))
	case p.status != "ACTIVE":
		return stop(o.failSignIn(c, txn, failf("%s", idpNotActive(p))))
	}
	cfg := o.idpConfigOf(p)
	if code := params.Get("error"); code != "" {
		// The IdP refused (ID.me: invalid_scope, invalid_redirect_uri, invalid_client,
		// access_denied …). Its code and description stay readable in the reason.
		return stop(o.failSignIn(c, txn, failf("%s returned error %s: %s", cfg.displayPrefix, code, params.Get("error_description"))))
	}
	if params.Get("code") == "" {
		return stop(o.failSignIn(c, txn, failf("%s answered without a code or an error.", cfg.displayPrefix)))
	}
	return txn, cfg, nil
}

// failSignIn records the failure and tells the app, or the person when there is no app.
//
// The app receives error=access_denied and error_description=<reason>. access_denied is the
// RFC 6749 code for "the sign-in was refused"; passing the IdP's own code through as the
// error would make an IdP-side invalid_client or invalid_scope read as a fault of the app's
// own request. The IdP's code and description are kept verbatim inside the reason
// (`Identity provider "<name>" returned error <code>: <description>`, or "… token endpoint
// returned error …" for the code exchange), so nothing ID.me said is lost.
// Call with mu held.
func (o *Org) failSignIn(c *call, txn *upstreamTxn, f *signInFailure) reply {
	o.logIdPAuthentication(c, txn, idpOutcome{failure: f.reason, socialReason: f.socialReason, userStage: f.userStage,
		user: f.user, username: f.username})
	if txn.app != nil {
		return deliverError(txn.app.delivery(), "access_denied", f.reason)
	}
	return errorPage(http.StatusBadRequest, "Sign-in failed", f.reason)
}
