package signin

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/idme-okta/idme-okta/okta"
)

// logSkew widens the System Log window on both sides: Okta stamps events with its own clock.
const logSkew = 5 * time.Second

// A sign-in through the IdP: Okta logs one through a generic OIDC IdP as auth_via_social as
// well as auth_via_IDP (okta-api.md §13), so both are read everywhere.
const (
	eventAuthViaIdP    = "user.authentication.auth_via_IDP"
	eventAuthViaSocial = "user.authentication.auth_via_social"
)

// idpSignIn reports whether e records a sign-in through an IdP (either event type).
func idpSignIn(e okta.LogEvent) bool {
	return e.EventType == eventAuthViaIdP || e.EventType == eventAuthViaSocial
}

// A user Okta could not create just in time (okta-api.md §8, §13): the create's FAILURE or
// the read-only JIT error, in the sign-in's transaction. The sign-in's own reason then says
// only that JIT failed (auth_via_social: "Unable to JIT user from the Identity Provider"),
// which does not mean JIT is off: with JIT off Okta says "User Not Found" and logs no JIT
// event at all.
const (
	eventUserCreate  = "user.lifecycle.create"
	eventJITReadOnly = "user.lifecycle.jit.error.read_only"
)

// jitCause reports whether e says why a just-in-time user could not be created.
func jitCause(e okta.LogEvent) bool {
	return e.EventType == eventJITReadOnly || e.EventType == eventUserCreate && failed(e)
}

// JITCauseFilter selects the events that say why a just-in-time user could not be created
// (a System Log filter expression). Okta's filter groups with parentheses (SCIM); only the
// creates that failed are read, so a busy org's other new users do not fill the window.
const JITCauseFilter = `(eventType eq "` + eventUserCreate + `" and outcome.result eq "FAILURE")` +
	` or eventType eq "` + eventJITReadOnly + `"`

// idpEventFilter selects the IdP sign-ins and what they did to users (okta-api.md §8): the
// federation, the just-in-time user, the profile update. The portal check reads only these.
const idpEventFilter = `eventType eq "` + eventAuthViaIdP + `"` +
	` or eventType eq "` + eventAuthViaSocial + `"` +
	` or eventType sw "user.lifecycle."` +
	` or eventType eq "user.account.update_profile"`

// signInEventFilter adds what the live test also sees: the session, the test app's
// authorize and token requests.
const signInEventFilter = idpEventFilter +
	` or eventType eq "user.session.start"` +
	` or eventType eq "user.authentication.sso"` +
	` or eventType eq "policy.evaluate_sign_on"` +
	` or eventType eq "application.user_membership.add"` +
	` or eventType sw "app.oauth2."`

// failed reports whether an event records something that went wrong.
func failed(e okta.LogEvent) bool {
	switch strings.ToUpper(e.OutcomeResult) {
	case "FAILURE", "DENY":
		return true
	}
	return strings.Contains(e.EventType, ".error")
}

// readLog reads the events that match filter between since and until, both widened by
// logSkew.
func readLog(ctx context.Context, rd reader, filter string, since, until time.Time) ([]okta.LogEvent, error) {
	events, err := rd.ListLogEvents(ctx, okta.LogQuery{Since: since.Add(-logSkew), Until: until.Add(logSkew), Filter: filter})
	if err != nil {
		return nil, fmt.Errorf("read the System Log: %w", err)
	}
	return events, nil
}

// readSignInEvents reads the sign-in events between since and until, keeping the test app's
// OAuth events and dropping other apps' (for example the service app's own token requests,
// which fail once per run by design of the SDK).
func readSignInEvents(ctx context.Context, rd reader, since, until time.Time, clientID string) ([]okta.LogEvent, error) {
	events, err := readLog(ctx, rd, signInEventFilter, since, until)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(events, func(e okta.LogEvent) bool {
		return strings.HasPrefix(e.EventType, "app.oauth2.") && aboutOtherApp(e, clientID)
	}), nil
}

// aboutOtherApp: the event names apps, and ours is not among them.
func aboutOtherApp(e okta.LogEvent, clientID string) bool {
	apps := 0
	for _, t := range e.Targets {
		if t.Type != "AppInstance" {
			continue
		}
		apps++
		if t.ID == clientID || t.AlternateID == clientID {
			return false
		}
	}
	return apps > 0
}

// pollLog reads the System Log with read until done says the events tell enough, or for up
// to wait: Okta writes events late, often by many seconds (okta-api.md §13). Each wait
// between reads is announced through waiting (may be nil) with the time waited so far, so the
// person sees why nothing happens; a cancelled ctx ends the wait with what was read.
// A wait <= 0 reads once.
func pollLog(ctx context.Context, wait time.Duration, waiting func(waited, deadline time.Duration), read func(context.Context) ([]okta.LogEvent, error), done func([]okta.LogEvent) bool) ([]okta.LogEvent, error) {
	start := time.Now()
	for pause := logPollFirst; ; pause = logPollEvery {
		events, err := read(ctx)
		waited := time.Since(start)
		if err != nil || done(events) || wait <= 0 || waited+pause > wait {
			return events, err
		}
		if waiting != nil {
			waiting(waited, wait)
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return events, nil
		case <-t.C:
		}
	}
}

// The pauses between System Log reads: a quick second look, then one every few seconds
// (the log's rate limit is lower than other endpoints'). Variables for the tests.
var (
	logPollFirst = 2 * time.Second
	logPollEvery = 5 * time.Second
)

// settledSignInEvents polls the System Log for up to settle until it shows how the sign-in
// ended (a failure, or the IdP sign-in itself).
func settledSignInEvents(ctx context.Context, o Options, rd reader, since time.Time, settle time.Duration) ([]okta.LogEvent, error) {
	return pollLog(ctx, settle, o.LogWaiting, func(ctx context.Context) ([]okta.LogEvent, error) {
		return readSignInEvents(ctx, rd, since, o.Now(), o.ClientID)
	}, conclusive)
}

func conclusive(events []okta.LogEvent) bool {
	for _, e := range events {
		if failed(e) || idpSignIn(e) {
			return true
		}
	}
	return false
}

// DescribeEvent is one System Log event in words, for the terminal:
// "12:01:02 Authenticate user via IDP — FAILURE: User Not Found (jane@example.com)".
func DescribeEvent(e okta.LogEvent) string {
	var b strings.Builder
	if !e.Published.IsZero() {
		b.WriteString(e.Published.Local().Format("15:04:05 "))
	}
	if e.DisplayMessage != "" {
		b.WriteString(e.DisplayMessage)
	} else {
		b.WriteString(e.EventType)
	}
	if e.OutcomeResult != "" {
		b.WriteString(" — " + e.OutcomeResult)
		if e.OutcomeReason != "" {
			b.WriteString(": " + e.OutcomeReason)
		}
	}
	if e.ActorName != "" && e.ActorName != "unknown" {
		b.WriteString(" (" + e.ActorName + ")")
	}
	return b.String()
}

// eventProblems explains each failed event; the ones that tell nothing specific become one
// okta_signin_failed problem each. Okta logs one sign-in as several events of one
// transaction: an IdP sign-in that failed because its user could not be created is explained
// by the create's failure in the same transaction, not by its own reason.
func eventProblems(events []okta.LogEvent, idpRedirectURI string) []Problem {
	explained := map[string]bool{} // transactions whose JIT failure has its cause logged
	for _, e := range events {
		if jitCause(e) && e.TransactionID != "" {
			explained[e.TransactionID] = true
		}
	}
	var out []Problem
	for _, e := range events {
		if !failed(e) || idpSignIn(e) && explained[e.TransactionID] {
			continue
		}
		msg := "System Log: " + strings.TrimRight(DescribeEvent(e), ". ") + "."
		text := strings.ToLower(e.OutcomeReason + " " + e.DisplayMessage)
		switch {
		case jitCause(e):
			out = append(out, jitErrorProblem(msg, e.EventType, text))
		case strings.HasPrefix(e.EventType, "app.oauth2.") && strings.Contains(text, "redirect"):
			out = append(out, Problem{Code: CodeRedirectNotRegistered, Message: msg,
				Hint: "Okta refused the callback URI of this test: add it to the test app's sign-in redirect URIs (run idme-okta apply, or let the test register its port)."})
		default:
			if p, ok := classify(text, msg, idpRedirectURI); ok {
				out = append(out, p)
			} else {
				out = append(out, Problem{Code: CodeSignInFailed, Message: msg,
					Hint: "Okta's reason above is all the System Log says; the event's details are in Reports > System Log of the Admin Console."})
			}
		}
	}
	return out
}

// jitErrorProblem explains why Okta could not create the user just in time, from an event
// that says so (eventType, "" for a callback's error) and Okta's words in lower case: what
// they name, when the wording is one we know.
func jitErrorProblem(message, eventType, text string) Problem {
	hint := "Okta tried to create the user from the ID.me profile and could not (JIT is on). Why is in the user.lifecycle.create event of the same transaction (Reports > System Log): usually a required Okta attribute (login, email, firstName, lastName) got no value from the mapping."
	switch {
	case eventType == eventJITReadOnly:
		hint = "Okta could not create the user from the ID.me profile: a required Okta attribute (login, email, firstName, lastName) has no value, or the attribute it maps to is read-only. Check the mapping table and what ID.me released."
	case strings.Contains(text, "required properties are missing"):
		hint = "Okta could not create the user: the attributes named above are required and got no value. Map each from an ID.me claim this policy releases (the mapping table, or --map), or have the person add it at ID.me."
	case strings.Contains(text, "already exists"):
		hint = "An Okta user already has this login, and the identity provider did not link to it: set the IdP's account link to match by username or email (idme-okta apply sets the guide's), or sign in with another ID.me account."
	case eventType == eventUserCreate:
		hint = "Okta could not create the user from the ID.me profile; its reason is above. Check the mapping table (a required Okta attribute needs a value from a claim this policy releases) and what ID.me released."
	}
	return Problem{Code: CodeJITError, Message: message, Hint: hint}
}
