package sim

import "net/url"

// The last step of every sign-in for an app: the assignment check, then a code or an ID token
// delivered in the response mode the app asked for.

// userAssignedToApp reports whether the user may use the app: through a group assignment.
// The simulated org has no group memberships other than Everyone, which every user is in.
func (o *Org) userAssignedToApp(u *user, a *app) bool {
	for _, ag := range a.groups {
		if g := o.groupByID(ag.groupID); g != nil && g.typ == "BUILT_IN" && g.name == "Everyone" {
			return true
		}
	}
	return false
}

// issueToApp answers an app's authorize request for a signed-in user: a code or an ID token
// in the response mode the app asked for. txnID correlates the events ("" = a new one).
// Call with mu held.
func (o *Org) issueToApp(c *call, req *appRequest, u *user, s *session, txnID string) reply {
	if txnID == "" {
		txnID = randomString(27)
	}
	d := req.delivery()
	eventType := "app.oauth2.authorize.code"
	if req.responseType == "id_token" {
		eventType = "app.oauth2.authorize.implicit.id_token"
	}
	a := o.appByID(req.appID)
	if a == nil || a.status != "ACTIVE" {
		return deliverError(d, "access_denied", "The client application is not active.") // exact text unverified
	}
	targets := []logTarget{appTarget(a)}
	if !o.userAssignedToApp(u, a) {
		const reason = "User is not assigned to the client application."
		o.logSignIn(c, signInEvent{eventType: eventType, message: "OAuth2 authorization request", failure: reason,
			user: u, targets: targets, txnID: txnID})
		return deliverError(d, "access_denied", reason)
	}
	switch req.responseType {
	case "code":
		code := randomString(43)
		o.fed.codes[code] = &authCode{req: req, userID: u.id, idpID: s.idpID, authTime: s.authTime,
			expires: c.now.Add(authCodeLifetime)}
		o.logSignIn(c, signInEvent{eventType: eventType, message: "OAuth2 authorization code request", user: u, targets: targets, txnID: txnID})
		return deliver(d, url.Values{"code": {code}})
	default:
		tok, err := o.idTokenFor(a.id, u, s.idpID, req.nonce, req.scopes, s.authTime, c.now)
		if err != nil {
			return deliverError(d, "server_error", "The ID token could not be signed.")
		}
		o.logSignIn(c, signInEvent{eventType: eventType, message: "OAuth2 implicit ID token request", user: u, targets: targets, txnID: txnID})
		return deliver(d, url.Values{"id_token": {tok}})
	}
}
