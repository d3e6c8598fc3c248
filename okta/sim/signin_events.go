package sim

// System Log events of the sign-in flow. Every event of one sign-in carries the same
// transaction.id (the state sent to the IdP), so GET /api/v1/logs with
// filter=transaction.id eq "…" tells the whole story of one attempt.

// signInEvent is one event of a sign-in.
type signInEvent struct {
	eventType string
	message   string
	failure   string // outcome.reason of a FAILURE; "" = SUCCESS
	user      *user  // the actor once known
	username  string // the actor's alternateId while the user is not known yet
	targets   []logTarget
	txnID     string
	debug     JSON // never codes, tokens or secrets
}

// logSignIn records a sign-in event. Call with mu held.
func (o *Org) logSignIn(c *call, e signInEvent) {
	actor := logActor{id: "unknown", typ: "User", alternateID: "unknown", displayName: "unknown"}
	if e.username != "" {
		actor.alternateID = e.username
	}
	if e.user != nil {
		actor = userActor(e.user)
	}
	debug := JSON{"requestId": c.requestID, "requestUri": c.req.URL.Path}
	for k, v := range e.debug {
		debug[k] = v
	}
	in := logInput{
		eventType:      e.eventType,
		displayMessage: e.message,
		actor:          actor,
		targets:        e.targets,
		transactionID:  e.txnID,
		clientIP:       clientIP(c.req),
		userAgent:      c.req.UserAgent(),
		debugData:      debug,
		authContext:    JSON{"authenticationProvider": "FEDERATION", "credentialProvider": nil, "interface": nil},
	}
	if e.failure != "" {
		in.result, in.reason, in.severity = "FAILURE", e.failure, "WARN"
	}
	o.logEvent(in, c.now)
}

func userTarget(u *user) logTarget {
	a := userActor(u)
	return logTarget{id: a.id, typ: "User", alternateID: a.alternateID, displayName: a.displayName}
}
