package sim

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// logEvent is one System Log event, kept as the JSON GET /api/v1/logs returns.
type logEvent struct {
	seq       int64
	published time.Time
	body      JSON
}

// LogActor and LogTarget are the actor and target[] entries of a LogEvent.
type logActor struct{ id, typ, alternateID, displayName string }
type logTarget struct{ id, typ, alternateID, displayName string }

// logInput is what logEvent records. Management writes fill it through audit; federation
// (sign-in) events build it themselves.
type logInput struct {
	eventType      string
	displayMessage string
	severity       string // "" = INFO
	result         string // "" = SUCCESS
	reason         string // outcome.reason; "" = null
	actor          logActor
	targets        []logTarget
	debugData      JSON
	authContext    JSON // authenticationContext overrides (e.g. authenticationProvider FEDERATION)
	transactionID  string
	clientIP       string
	userAgent      string
}

// logEvent appends an event to the System Log. Call with mu held.
func (o *Org) logEvent(in logInput, now time.Time) {
	severity, result := in.severity, in.result
	if severity == "" {
		severity = "INFO"
	}
	if result == "" {
		result = "SUCCESS"
	}
	var reason any
	if in.reason != "" {
		reason = in.reason
	}
	ip := in.clientIP
	if ip == "" {
		ip = "127.0.0.1"
	}
	targets := make([]any, 0, len(in.targets))
	for _, t := range in.targets {
		targets = append(targets, JSON{"id": t.id, "type": t.typ, "alternateId": t.alternateID, "displayName": t.displayName, "detailEntry": nil})
	}
	auth := JSON{"authenticationProvider": nil, "credentialProvider": nil, "credentialType": nil, "issuer": nil,
		"interface": nil, "authenticationStep": 0, "externalSessionId": "trs" + randomString(22)}
	for k, v := range in.authContext {
		auth[k] = v
	}
	debug := JSON{}
	for k, v := range in.debugData {
		debug[k] = deepCopy(v)
	}
	body := JSON{
		"uuid":            newUUID(),
		"published":       oktaTime(now),
		"eventType":       in.eventType,
		"version":         "0",
		"severity":        severity,
		"legacyEventType": nil,
		"displayMessage":  in.displayMessage,
		"actor": JSON{"id": in.actor.id, "type": in.actor.typ, "alternateId": in.actor.alternateID,
			"displayName": in.actor.displayName, "detailEntry": nil},
		"client": JSON{"userAgent": JSON{"rawUserAgent": in.userAgent, "os": "Unknown", "browser": "UNKNOWN"},
			"zone": "null", "device": "Unknown", "id": nil, "ipAddress": ip, "geographicalContext": nil},
		"device":                nil,
		"outcome":               JSON{"result": result, "reason": reason},
		"target":                targets,
		"transaction":           JSON{"type": "WEB", "id": in.transactionID, "detail": JSON{}},
		"debugContext":          JSON{"debugData": debug},
		"authenticationContext": auth,
		"securityContext":       JSON{"asNumber": nil, "asOrg": nil, "isp": nil, "domain": nil, "isProxy": nil},
		"request":               JSON{"ipChain": []any{JSON{"ip": ip, "geographicalContext": nil, "version": "V4", "source": nil}}},
	}
	o.events = append(o.events, &logEvent{seq: o.nextSeq(), published: now, body: body})
}

// audit records a management write made by the caller. Call with mu held.
func (o *Org) audit(c *call, eventType, message string, targets ...logTarget) {
	o.auditWith(c, eventType, message, nil, targets...)
}

// auditWith is audit with extra debugContext.debugData entries.
func (o *Org) auditWith(c *call, eventType, message string, debug JSON, targets ...logTarget) {
	data := JSON{
		"requestId":  c.requestID,
		"requestUri": c.req.URL.Path,
		"url":        c.req.URL.RequestURI(),
	}
	for k, v := range debug {
		data[k] = v
	}
	o.logEvent(logInput{
		eventType:      eventType,
		displayMessage: message,
		actor:          o.actorOf(c.principal),
		targets:        targets,
		transactionID:  c.requestID,
		userAgent:      c.req.UserAgent(),
		clientIP:       clientIP(c.req),
		debugData:      data,
	}, c.now)
}

func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndex(host, ":"); i > 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}

func (o *Org) actorOf(p *principal) logActor {
	if p == nil {
		return logActor{id: "unknown", typ: "User"}
	}
	if p.user != nil {
		return userActor(p.user)
	}
	a := logActor{id: p.clientID, typ: "PublicClientApp", alternateID: p.clientID, displayName: p.clientID}
	if app := o.appByID(p.clientID); app != nil {
		a.displayName = strAt(app.body, "label")
	}
	return a
}

func userActor(u *user) logActor {
	return logActor{id: u.id, typ: "User", alternateID: strAt(u.profile, "login"),
		displayName: strings.TrimSpace(strAt(u.profile, "firstName") + " " + strAt(u.profile, "lastName"))}
}

// listLogs serves GET /api/v1/logs: since (default 7 days ago), until, filter, q, sortOrder,
// limit (≤1000) and after. A request without until is a poll: it always carries a next link,
// even on an empty page, as Okta's does.
func (o *Org) listLogs(c *call) reply {
	since := c.now.Add(-7 * 24 * time.Hour)
	var until time.Time
	polling := true
	if s := c.query.Get("since"); s != "" {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return fail(invalidDate())
		}
		since = t
	}
	if s := c.query.Get("until"); s != "" {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return fail(invalidDate())
		}
		until, polling = t, false
	}
	f, ferr := c.filterQuery()
	if ferr != nil {
		return fail(ferr)
	}
	desc := strings.EqualFold(c.query.Get("sortOrder"), "DESCENDING")
	keywords := strings.Fields(strings.ToLower(c.query.Get("q")))
	pr, perr := c.parsePage(logsDefaultLimit, logsMaxLimit)
	if perr != nil {
		return fail(perr)
	}
	var hits []*logEvent
	visible := o.visibleEvents(c.now)
	for _, e := range visible {
		if e.published.Before(since) || (!until.IsZero() && !e.published.Before(until)) {
			continue
		}
		if f != nil && !f.match(e.body) {
			continue
		}
		if !matchesKeywords(e.body, keywords) {
			continue
		}
		hits = append(hits, e)
	}
	if desc {
		slices.Reverse(hits)
	}
	pg, more := page(hits, func(e *logEvent) int64 { return e.seq }, pr, desc)
	body := make([]JSON, 0, len(pg))
	for _, e := range pg {
		body = append(body, copyObject(e.body))
	}
	cursor := ""
	switch {
	case len(pg) > 0:
		cursor = encodeCursor(pg[len(pg)-1].seq)
	case pr.hasAfter:
		cursor = c.query.Get("after")
	case len(visible) > 0:
		// Nothing matched: the next poll starts after everything visible now (a later event,
		// or one still delayed, comes after it).
		cursor = encodeCursor(visible[len(visible)-1].seq)
	default:
		cursor = encodeCursor(0)
	}
	rep := okReply(body)
	rep.links = c.links(pr, cursor, more || polling)
	return rep
}

// SetLogDelay makes every System Log event show in GET /api/v1/logs only d after it
// happened, by the org's clock; its published time stays when it happened. Real Okta's log
// lags by seconds, sometimes more (okta-api.md §13): code that reads the log right after a
// sign-in must poll, and this is how a test shows it does.
func (o *Org) SetLogDelay(d time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.logDelay = d
}

// visibleEvents are the events a log query can see at now: with a delay, those published at
// least the delay ago, up to the first that is not (so a poll's cursor never passes an event
// that has yet to show). Call with mu held.
func (o *Org) visibleEvents(now time.Time) []*logEvent {
	if o.logDelay <= 0 {
		return o.events
	}
	cutoff := now.Add(-o.logDelay)
	for i, e := range o.events {
		if e.published.After(cutoff) {
			return o.events[:i]
		}
	}
	return o.events
}

// matchesKeywords is the q search: every keyword must appear somewhere in the event.
func matchesKeywords(ev JSON, keywords []string) bool {
	if len(keywords) == 0 {
		return true
	}
	raw, _ := json.Marshal(ev)
	text := strings.ToLower(string(raw))
	for _, k := range keywords {
		if !strings.Contains(text, k) {
			return false
		}
	}
	return true
}

func invalidDate() *apiError {
	return &apiError{status: http.StatusBadRequest, code: "E0000030",
		summary: "Dates must be of the form yyyy-MM-dd'T'HH:mm:ss.SSSZZ, e.g. 2013-01-01T12:00:00.000-07:00."}
}
