package doctor

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/signin"
)

// SignIns are the ID.me sign-ins the System Log recorded in the window. The JSON keys since,
// total, succeeded, failed and reasons (code, count, message, hint) are the contract.
type SignIns struct {
	Since     time.Time `json:"since"`
	Until     time.Time `json:"until"`
	Total     int       `json:"total"`
	Succeeded int       `json:"succeeded"`
	Failed    int       `json:"failed"`
	Reasons   []Reason  `json:"reasons"`
	// Truncated: the window held more events than doctor reads; the counts are of the
	// oldest ones.
	Truncated bool `json:"truncated,omitempty"`
	// Error is why the System Log could not be read ("" when it was).
	Error string `json:"error,omitempty"`
}

// Reason is one reason sign-ins failed, explained with the test sign-in's problem codes.
type Reason struct {
	Code    string    `json:"code"`
	Count   int       `json:"count"`
	Message string    `json:"message"` // Okta's reason, as the System Log words it
	Hint    string    `json:"hint"`
	First   time.Time `json:"first"`
	Last    time.Time `json:"last"`
	Example string    `json:"example_user,omitempty"` // one person it happened to
}

// Line says the reason on one line for people: "3× idp_inactive: <Okta's reason> (first
// 01-02 09:14, last 01-02 11:40, e.g. jane@example.com)". Message and Example come from the
// System Log: the caller makes the line safe to print.
func (r Reason) Line() string {
	line := fmt.Sprintf("%d× %s: %s (first %s, last %s", r.Count, r.Code, r.Message,
		r.First.Local().Format("01-02 15:04"), r.Last.Local().Format("01-02 15:04"))
	if r.Example != "" {
		line += ", e.g. " + r.Example
	}
	return line + ")"
}

// readSignIns reads the window's IdP sign-in events (bounded since and until, never a poll;
// at most MaxEvents) and sorts the ID.me ones into outcomes and reasons.
func readSignIns(ctx context.Context, s *steps.Setup, f *facts, o Options) SignIns {
	until := o.Now().UTC()
	out := SignIns{Since: until.Add(-o.Since), Until: until, Reasons: []Reason{}}
	filter := signin.IdPSignInFilter + " or " + signin.JITCauseFilter
	events, more, err := s.Okta.ReadLog(ctx, okta.LogQuery{Since: out.Since, Until: until, Filter: filter, Limit: 1000}, o.MaxEvents)
	if err != nil {
		out.Error = err.Error()
		return out
	}
	out.Truncated = more
	ids := map[string]bool{}
	for _, idp := range f.idps {
		ids[idp.ID] = true
	}
	redirectURI := ""
	if f.primary != nil {
		redirectURI = f.primary.RedirectURI
	}
	tally(&out, attempts(events, ids), redirectURI)
	return out
}

// attempt is one sign-in: the events of one transaction.
type attempt struct {
	events []okta.LogEvent
}

// attempts groups the events about the ID.me IdPs by transaction, in the order they began:
// a sign-in is counted once, however many events Okta wrote for it (auth_via_IDP and
// auth_via_social). Why a user could not be created just in time is logged in the same
// transaction without naming the IdP, so it joins the sign-in it belongs to.
func attempts(events []okta.LogEvent, idps map[string]bool) []*attempt {
	var order []*attempt
	byTxn := map[string]*attempt{}
	for _, e := range events {
		if !slices.ContainsFunc(e.Targets, func(t okta.LogTarget) bool { return idps[t.ID] }) {
			continue // another IdP's sign-in, or not a sign-in
		}
		key := e.TransactionID
		if key == "" {
			key = "event:" + e.UUID // unverified: Okta gives every IdP sign-in a transaction
		}
		a := byTxn[key]
		if a == nil {
			a = &attempt{}
			byTxn[key] = a
			order = append(order, a)
		}
		a.events = append(a.events, e)
	}
	for _, e := range events {
		if a := byTxn[e.TransactionID]; a != nil && e.TransactionID != "" && signin.JITCause(e) {
			a.events = append(a.events, e)
		}
	}
	return order
}

// failure is the event that says why a failed attempt failed: the failed create of the
// just-in-time user when there is one (the sign-in's own reason then only says JIT failed),
// else auth_via_IDP's (it is written at every stage), else auth_via_social's; nil when the
// attempt succeeded.
func (a *attempt) failure() *okta.LogEvent {
	rank := func(e okta.LogEvent) int {
		switch {
		case signin.JITCause(e):
			return 2
		case e.EventType == signin.EventAuthViaIdP:
			return 1
		}
		return 0
	}
	var found *okta.LogEvent
	for i, e := range a.events {
		if !signin.Failed(e) && !signin.JITCause(e) {
			continue
		}
		if found == nil || rank(e) > rank(*found) {
			found = &a.events[i]
		}
	}
	return found
}

// who is the person an event is about: their login, else their name.
func who(e okta.LogEvent) string {
	for _, v := range []string{e.ActorLogin, e.ActorName} {
		if v != "" && v != "unknown" {
			return v
		}
	}
	for _, t := range e.Targets {
		if t.Type == "User" && t.AlternateID != "" {
			return t.AlternateID
		}
	}
	return ""
}

// tally counts the attempts and groups the failures by problem code and Okta's reason.
func tally(out *SignIns, list []*attempt, redirectURI string) {
	index := map[string]int{}
	for _, a := range list {
		out.Total++
		e := a.failure()
		if e == nil {
			out.Succeeded++
			continue
		}
		out.Failed++
		p, _ := signin.Explain(*e, redirectURI)
		message := strings.TrimSpace(e.OutcomeReason)
		if message == "" {
			message = e.DisplayMessage
		}
		key := p.Code + "\x00" + message
		i, seen := index[key]
		if !seen {
			i = len(out.Reasons)
			index[key] = i
			out.Reasons = append(out.Reasons, Reason{Code: p.Code, Message: message, Hint: p.Hint, First: e.Published, Example: who(*e)})
		}
		r := &out.Reasons[i]
		r.Count++
		if e.Published.Before(r.First) {
			r.First = e.Published
		}
		if e.Published.After(r.Last) {
			r.Last = e.Published
		}
		if r.Example == "" {
			r.Example = who(*e)
		}
	}
	slices.SortStableFunc(out.Reasons, func(a, b Reason) int { return b.Count - a.Count })
}

// signInCheck turns the window's sign-ins into a check: failures are worth a warning (they
// are history, not configuration; the checks above say what to fix).
func signInCheck(si SignIns) Check {
	c := Check{ID: CheckSignIns, Title: "ID.me sign-ins in the System Log", Status: OK}
	window := fmt.Sprintf("since %s", si.Since.Format(time.RFC3339))
	switch {
	case si.Error != "":
		c.Status = Warn
		c.Evidence = "the System Log could not be read: " + si.Error
		c.Fix = "the credentials need okta.logs.read (a Read-Only Administrator's token has it)"
	case si.Total == 0:
		c.Evidence = "no ID.me sign-ins " + window
	case si.Failed == 0:
		c.Evidence = fmt.Sprintf("%d ID.me sign-in(s) %s, all succeeded", si.Total, window)
	default:
		c.Status = Warn
		var parts []string
		for _, r := range si.Reasons {
			parts = append(parts, fmt.Sprintf("%d× %s", r.Count, r.Code))
		}
		c.Evidence = fmt.Sprintf("%d of %d ID.me sign-in(s) failed %s: %s", si.Failed, si.Total, window, strings.Join(parts, ", "))
		c.Fix = "see the reasons below: each says what to do"
	}
	if si.Truncated {
		c.Evidence += " (the window holds more events than doctor reads: the counts are of the oldest; narrow --since)"
	}
	return c
}
