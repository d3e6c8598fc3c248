package signin

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/idme-okta/idme-okta/okta"
)

// PortalURL is where the guide's Option 1 starts: the org's own sign-in page, which shows
// "Sign in with ID.me" once the routing rule is active, and leads to the End-User Dashboard.
func PortalURL(orgURL string) string {
	org, err := okta.NormalizeOrgURL(orgURL)
	if err != nil {
		org = strings.TrimRight(strings.TrimSpace(orgURL), "/")
	}
	return org + "/"
}

// PortalCheck is what the System Log says about sign-ins through the IdP since a time.
type PortalCheck struct {
	SignedIn bool      // a sign-in through the IdP succeeded
	At       time.Time // when (the latest one)
	UserID   string    // who: the Okta user
	Login    string
	Name     string
	// Created: Okta created the user just in time during the window. Otherwise an existing
	// user signed in; ProfileUpdated says whether ID.me's attributes changed their profile.
	Created        bool
	ProfileUpdated bool
	User           map[string]any // the Okta user's profile now
	IdPUser        map[string]any // what Okta extracted from ID.me
	Problems       []Problem      // failed sign-ins through the IdP in the window, explained
	Events         []okta.LogEvent
	Notes          []string
}

// ConfirmPortalSignIn looks in the System Log (and the IdP's users) for a sign-in through the
// identity provider since the given time, for the guide's Option 1 where idme-okta does not
// see the browser: who signed in, and whether Okta created or updated the user. It reads the
// log once; ConfirmPortalSignInWaiting waits for late events.
func ConfirmPortalSignIn(ctx context.Context, client *okta.Client, idpID string, since time.Time) (*PortalCheck, error) {
	return ConfirmPortalSignInWaiting(ctx, client, idpID, since, -1, nil)
}

// ConfirmPortalSignInWaiting is ConfirmPortalSignIn polling for up to settle (<= 0: one
// read), telling waiting (may be nil) of each pause so the wait can be shown.
func ConfirmPortalSignInWaiting(ctx context.Context, client *okta.Client, idpID string, since time.Time, settle time.Duration, waiting func(waited, deadline time.Duration)) (*PortalCheck, error) {
	return confirmPortal(ctx, client, idpID, since, time.Now, settle, waiting)
}

func confirmPortal(ctx context.Context, rd reader, idpID string, since time.Time, now func() time.Time, settle time.Duration, waiting func(waited, deadline time.Duration)) (*PortalCheck, error) {
	events, err := pollLog(ctx, settle, waiting, func(ctx context.Context) ([]okta.LogEvent, error) {
		return readLog(ctx, rd, idpEventFilter, since, now())
	}, func(events []okta.LogEvent) bool {
		return slices.ContainsFunc(events, func(e okta.LogEvent) bool { return idpSignIn(e) && targets(e, idpID) })
	})
	if err != nil {
		return nil, err
	}
	pc := &PortalCheck{Events: events}
	var latest *okta.LogEvent
	var failures []okta.LogEvent
	failedTxns := map[string]bool{}
	for i, e := range events {
		if !idpSignIn(e) || !targets(e, idpID) {
			continue
		}
		if failed(e) {
			failures = append(failures, e)
			failedTxns[e.TransactionID] = true
			continue
		}
		if strings.EqualFold(e.OutcomeResult, "SUCCESS") && (latest == nil || !e.Published.Before(latest.Published)) {
			latest = &events[i]
		}
	}
	// Why a user could not be created is logged beside the failed sign-in, in its transaction
	// (another user's failed create in the window is not this IdP's).
	for _, e := range events {
		if jitCause(e) && (e.TransactionID == "" || failedTxns[e.TransactionID]) {
			failures = append(failures, e)
		}
	}
	if latest == nil {
		var idpRedirect string
		if idp, err := rd.GetIdP(ctx, idpID); err == nil {
			idpRedirect = idp.RedirectURI
		}
		var r Result
		r.add(eventProblems(failures, idpRedirect)...)
		pc.Problems = r.Problems
		return pc, nil
	}
	pc.SignedIn, pc.At, pc.UserID, pc.Name = true, latest.Published, latest.ActorID, latest.ActorName
	for _, e := range events {
		if !targets(e, pc.UserID) && e.ActorID != pc.UserID {
			continue
		}
		// Okta gives every event of one sign-in the same transaction id: with it, an earlier
		// sign-in of the same person in the window does not count as this one's.
		if latest.TransactionID != "" && e.TransactionID != latest.TransactionID {
			continue
		}
		switch e.EventType {
		case "user.lifecycle.create":
			pc.Created = pc.Created || targets(e, pc.UserID)
		case "user.account.update_profile":
			pc.ProfileUpdated = true
		}
	}
	if u, err := rd.GetUser(ctx, pc.UserID); err == nil {
		pc.User, pc.Login = u.Profile, u.Login
	} else {
		pc.Notes = append(pc.Notes, "The user could not be read: "+err.Error())
	}
	if iu, err := rd.GetIdPUser(ctx, idpID, pc.UserID); err == nil {
		pc.IdPUser = iu.Profile
	} else {
		pc.Notes = append(pc.Notes, "What Okta received from ID.me could not be read: "+err.Error())
	}
	return pc, nil
}

// targets reports whether the event names id among its targets.
func targets(e okta.LogEvent, id string) bool {
	for _, t := range e.Targets {
		if t.ID == id {
			return true
		}
	}
	return false
}
