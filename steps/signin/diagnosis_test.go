package signin

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
)

func TestAttributeDiagnosis(t *testing.T) {
	const sub, idp = "00u1", "0oaIDP"
	cases := []struct {
		name      string
		change    func(s *stubReader)
		want      []string // problem codes
		wantInMsg string
		warnings  []string // warning codes: the test still passes
		wantWarn  string   // in the first warning's message
	}{
		{name: "all filled", change: func(*stubReader) {}},
		{name: "mapping row missing", change: func(s *stubReader) {
			delete(s.users[sub].Profile, "firstName")
		}, want: []string{CodeNotMapped}, wantInMsg: "firstName (claim fname or given_name)"},
		{name: "a claim this person lacks is a warning", change: func(s *stubReader) {
			s.users[sub].Profile["mobilePhone"] = nil
			delete(s.idpUsers[sub].Profile, "phone")
			s.users[sub].Profile["streetAddress"] = ""
			delete(s.idpUsers[sub].Profile, "street")
		}, warnings: []string{CodeClaimNotSent}, wantWarn: "ID.me sent no phone or phone_number; street or address.street_address claim for this person, so the Okta user's attributes are empty"},
		{name: "a claim every policy releases is a failure", change: func(s *stubReader) {
			delete(s.users[sub].Profile, "lastName")
			delete(s.idpUsers[sub].Profile, "lname")
		}, want: []string{CodeAttributeEmpty}, wantInMsg: "ID.me sent no lname or family_name claim"},
		{name: "IdP profile lacks the attribute", change: func(s *stubReader) {
			delete(s.users[sub].Profile, "city")
			delete(s.idpUsers[sub].Profile, "city")
			delete(s.schema, "city")
		}, want: []string{CodeIdPAttrMissing}, wantInMsg: "city (claim city or address.locality)"},
		{name: "IdP attribute reads another claim", change: func(s *stubReader) {
			delete(s.users[sub].Profile, "lastName")
			delete(s.idpUsers[sub].Profile, "lname")
			s.schema["lname"] = okta.Attribute{Name: "lname", ExternalName: "last_name"}
		}, want: []string{CodeIdPAttrWrongRef}, wantInMsg: `reads claim "last_name"`},
		{name: "no middle name is a warning", change: func(s *stubReader) {
			delete(s.users[sub].Profile, "middleName")
			delete(s.idpUsers[sub].Profile, "mname")
		}, warnings: []string{CodeClaimNotSent}, wantWarn: "middleName"},
		{name: "middle name sent but not mapped fails", change: func(s *stubReader) {
			delete(s.users[sub].Profile, "middleName")
		}, want: []string{CodeNotMapped}, wantInMsg: "middleName"},
		{name: "several causes at once", change: func(s *stubReader) {
			delete(s.users[sub].Profile, "firstName")
			delete(s.users[sub].Profile, "zipCode")
			delete(s.idpUsers[sub].Profile, "zip")
		}, want: []string{CodeNotMapped, CodeAttributeEmpty}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := healthyStub("0oaAPP", idp, sub, "")
			tc.change(s)
			ac := attributeCheck{rd: s, idpID: idp, user: s.users[sub].Profile, idpUser: s.idpUsers[sub].Profile}
			problems, warnings, _ := ac.run(context.Background(), steps.DefaultMappings())
			var codes, warned []string
			for _, w := range warnings {
				warned = append(warned, w.Code)
			}
			if strings.Join(warned, ",") != strings.Join(tc.warnings, ",") {
				t.Fatalf("warnings = %v, want %v (%+v)", warned, tc.warnings, warnings)
			}
			if tc.wantWarn != "" && !strings.Contains(warnings[0].Message, tc.wantWarn) {
				t.Errorf("warning %q lacks %q", warnings[0].Message, tc.wantWarn)
			}
			for _, p := range problems {
				codes = append(codes, p.Code)
				if p.Hint == "" {
					t.Errorf("%s has no hint", p.Code)
				}
			}
			if strings.Join(codes, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("problems = %v, want %v (%+v)", codes, tc.want, problems)
			}
			if tc.wantInMsg != "" && !strings.Contains(problems[0].Message, tc.wantInMsg) {
				t.Errorf("message %q lacks %q", problems[0].Message, tc.wantInMsg)
			}
		})
	}
}

func TestAttributeDiagnosisWithoutTheIdPUser(t *testing.T) {
	s := healthyStub("0oaAPP", "0oaIDP", "00u1", "")
	delete(s.users["00u1"].Profile, "state")
	delete(s.users["00u1"].Profile, "middleName")
	ac := attributeCheck{rd: s, idpID: "0oaIDP", user: s.users["00u1"].Profile}
	problems, warnings, _ := ac.run(context.Background(), steps.DefaultMappings())
	if len(problems) != 1 || problems[0].Code != CodeAttributeEmpty || !strings.Contains(problems[0].Hint, "Either") {
		t.Fatalf("problems = %+v, want one attribute_empty naming both causes", problems)
	}
	if want := "The Okta user's attribute is empty: state (claim state or address.region)."; problems[0].Message != want {
		t.Errorf("message = %q, want %q", problems[0].Message, want)
	}
	if len(warnings) != 1 || warnings[0].Code != CodeClaimNotSent || !strings.Contains(warnings[0].Message, "middleName") {
		t.Errorf("warnings = %+v, want the optional middleName", warnings)
	}
}

// One sign-in is several events of one transaction: an IdP sign-in that failed because its
// user could not be created is explained by the create's failure, once; a failure of another
// transaction is still explained by its own reason.
func TestEventProblemsByTransaction(t *testing.T) {
	const missing = "Unable to create the user. The following required properties are missing: firstName, lastName"
	events := []okta.LogEvent{
		{EventType: "user.authentication.auth_via_social", OutcomeResult: "FAILURE", OutcomeReason: "Unable to JIT user from the Identity Provider", TransactionID: "t1"},
		{EventType: "user.authentication.auth_via_IDP", OutcomeResult: "FAILURE", OutcomeReason: "Unable to JIT user from the Identity Provider", TransactionID: "t1"},
		{EventType: "user.lifecycle.create", OutcomeResult: "FAILURE", OutcomeReason: missing, TransactionID: "t1"},
		{EventType: "user.authentication.auth_via_IDP", OutcomeResult: "FAILURE", OutcomeReason: "User Not Found", TransactionID: "t2"},
	}
	got := eventProblems(events, "")
	if len(got) != 2 || got[0].Code != CodeJITError || !strings.Contains(got[0].Message, missing) || !strings.Contains(got[0].Hint, "Map each") {
		t.Fatalf("problems %+v, want the create's reason as a JIT error, then JIT off", got)
	}
	if got[1].Code != CodeJITDisabled || !strings.Contains(got[1].Message, "User Not Found") {
		t.Errorf("the other transaction: %+v", got[1])
	}
	for _, p := range got {
		if strings.Contains(p.Hint+p.Message, "JIT not enabled at org level") {
			t.Errorf("a problem tells the admin Okta said words it does not say: %+v", p)
		}
	}
	// Without the create's event (not read yet), the sign-in's own reason still says JIT ran.
	if got := eventProblems(events[:1], ""); len(got) != 1 || got[0].Code != CodeJITError {
		t.Errorf("auth_via_social alone: %+v", got)
	}
}

func TestEventProblems(t *testing.T) {
	ev := func(typ, result, reason string) okta.LogEvent {
		return okta.LogEvent{EventType: typ, DisplayMessage: typ, OutcomeResult: result, OutcomeReason: reason}
	}
	cases := []struct {
		event okta.LogEvent
		want  string // "" = no problem
	}{
		{ev("user.authentication.auth_via_IDP", "SUCCESS", ""), ""},
		{ev("user.authentication.auth_via_IDP", "FAILURE", "User Not Found"), CodeJITDisabled},               // what Okta logs with JIT off
		{ev("user.authentication.auth_via_IDP", "FAILURE", "JIT not enabled at org level"), CodeJITDisabled}, // no public source; recognised if seen
		// JIT ran and failed: not "JIT is off" (okta-api.md §13).
		{ev("user.authentication.auth_via_social", "FAILURE", "Unable to JIT user from the Identity Provider"), CodeJITError},
		{ev("user.lifecycle.create", "FAILURE", "Unable to create the user. The following required properties are missing: firstName, lastName"), CodeJITError},
		{ev("user.authentication.auth_via_IDP", "FAILURE", "Unable to create the user. The following required properties are missing: email"), CodeJITError},
		{ev("user.authentication.auth_via_IDP", "FAILURE", "Unable to transform email to username"), CodeNoEmail},
		{ev("user.authentication.auth_via_IDP", "FAILURE", "Unable to match the transformed username"), CodeNoEmail},
		{ev("user.authentication.auth_via_IDP", "FAILURE", "invalid_scope: scope cant be resolved to an existing policy for the client"), CodeInvalidScope},
		{ev("user.authentication.auth_via_IDP", "FAILURE", "Unable to parse the userinfo response"), CodeUserinfo},
		{ev("user.lifecycle.jit.error.read_only", "FAILURE", "Failed to JIT create user"), CodeJITError},
		{ev("app.oauth2.authorize", "FAILURE", "User is not assigned to the client application."), CodeUserNotAssigned},
		{ev("app.oauth2.authorize", "FAILURE", "redirect_uri must be a Login redirect URI in the client app settings"), CodeRedirectNotRegistered},
		{ev("user.authentication.auth_via_IDP", "FAILURE", `Identity provider "ID.me" returned error access_denied: The user denied the request`), CodeAccessDenied},
		{ev("policy.evaluate_sign_on", "DENY", "Access denied by policy rule"), CodeSignInFailed},
	}
	for _, tc := range cases {
		got := eventProblems([]okta.LogEvent{tc.event}, "")
		switch {
		case tc.want == "" && len(got) != 0:
			t.Errorf("%s %s: problems %+v, want none", tc.event.EventType, tc.event.OutcomeResult, got)
		case tc.want != "" && (len(got) != 1 || got[0].Code != tc.want):
			t.Errorf("%s %q: problems %+v, want %s", tc.event.EventType, tc.event.OutcomeReason, got, tc.want)
		case tc.want != "" && !strings.Contains(got[0].Message, tc.event.OutcomeReason):
			t.Errorf("message %q does not quote Okta's reason", got[0].Message)
		}
	}
}

func TestConfigProblems(t *testing.T) {
	const uri = "http://127.0.0.1:53682/callback"
	s := healthyStub("0oaAPP", "0oaIDP", "00u1", uri)
	if p, redirect, notes := configProblems(context.Background(), s, "0oaIDP", "0oaAPP", uri, false); len(p) != 0 || redirect == "" || len(notes) != 0 {
		t.Fatalf("healthy config: %+v %q %v", p, redirect, notes)
	}
	s.idp.Status, s.idp.UserInfoURL, s.idp.Scopes = "INACTIVE", "https://api.idmelabs.com/api/public/v3/userinfo", []string{"openid", "profile", "email"}
	s.app.RedirectURIs = nil
	p, _, _ := configProblems(context.Background(), s, "0oaIDP", "0oaAPP", uri, false)
	var codes []string
	for _, x := range p {
		codes = append(codes, x.Code)
	}
	if strings.Join(codes, ",") != "idp_inactive,idp_userinfo,idme_invalid_scope,redirect_uri_not_registered" {
		t.Errorf("problems = %v", codes)
	}
	// After a callback, the app's redirect URI is evidently fine: not read.
	if p, _, _ := configProblems(context.Background(), s, "0oaIDP", "0oaAPP", uri, true); len(p) != 3 {
		t.Errorf("with a callback: %+v", p)
	}
	if p, _, _ := configProblems(context.Background(), s, "0oaGONE", "0oaAPP", uri, true); len(p) != 1 || p[0].Code != CodeIdPMissing {
		t.Errorf("missing IdP: %+v", p)
	}
	for _, good := range [][]string{{"openid", "teacher"}, {"openid", "http://idmanagement.gov/ns/assurance/ial/2/aal/2"}, {"teacher", "openid"}} {
		if !scopesLookRight(good) {
			t.Errorf("%v refused", good)
		}
	}
	for _, bad := range [][]string{{"openid"}, {"openid", "profile"}, {"openid", "teacher", "email"}, {"teacher", "military"}, {"openid", "openid"}} {
		if scopesLookRight(bad) {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestConfirmPortalSignIn(t *testing.T) {
	since := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	s := healthyStub("0oaAPP", "0oaIDP", "00u1", "")
	idpTarget := []okta.LogTarget{{ID: "0oaIDP", Type: "IdentityProvider"}}
	userTarget := []okta.LogTarget{{ID: "00u1", Type: "User"}}
	s.events = []okta.LogEvent{
		{EventType: "user.authentication.auth_via_IDP", Published: since.Add(-time.Minute), OutcomeResult: "SUCCESS", ActorID: "00uOLD", Targets: idpTarget},
		{EventType: "user.lifecycle.create", Published: since.Add(time.Second), ActorID: "00u1", Targets: userTarget, OutcomeResult: "SUCCESS"},
		{EventType: "user.authentication.auth_via_IDP", Published: since.Add(2 * time.Second), OutcomeResult: "SUCCESS", ActorID: "00u1", ActorName: "Jane Veteran", Targets: idpTarget},
		{EventType: "user.authentication.auth_via_IDP", Published: since.Add(3 * time.Second), OutcomeResult: "SUCCESS", ActorID: "00uOTHERIDP",
			Targets: []okta.LogTarget{{ID: "0oaOTHER"}}},
	}
	pc, err := confirmPortal(context.Background(), s, "0oaIDP", since, func() time.Time { return since.Add(time.Minute) }, -1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !pc.SignedIn || pc.UserID != "00u1" || pc.Name != "Jane Veteran" || !pc.Created || pc.Login != "jane.veteran@example.com" || pc.IdPUser["fname"] != "JANE" {
		t.Errorf("check = %+v", pc)
	}

	// An existing user whose profile ID.me updated, and the old creation is out of the window.
	s.events = []okta.LogEvent{
		{EventType: "user.lifecycle.create", Published: since.Add(-time.Hour), ActorID: "00u1", Targets: userTarget, OutcomeResult: "SUCCESS"},
		{EventType: "user.authentication.auth_via_IDP", Published: since.Add(time.Second), OutcomeResult: "SUCCESS", ActorID: "00u1", Targets: idpTarget},
		{EventType: "user.account.update_profile", Published: since.Add(time.Second), ActorID: "00u1", Targets: userTarget, OutcomeResult: "SUCCESS"},
	}
	pc, _ = confirmPortal(context.Background(), s, "0oaIDP", since, func() time.Time { return since.Add(time.Minute) }, -1, nil)
	if !pc.SignedIn || pc.Created || !pc.ProfileUpdated {
		t.Errorf("existing user: %+v", pc)
	}
	if q := s.queries[len(s.queries)-1]; q.Filter != idpEventFilter || q.Since.Before(since.Add(-time.Minute)) || q.Until.Before(since.Add(time.Minute)) {
		t.Errorf("log query = %+v, want the IdP sign-in filter over a window around since..now", q)
	}

	// Two sign-ins of the same person in the window: only the latest one's events count when
	// Okta correlates them by transaction.
	s.events = []okta.LogEvent{
		{EventType: "user.lifecycle.create", Published: since.Add(time.Second), Targets: userTarget, TransactionID: "t1"},
		{EventType: "user.authentication.auth_via_IDP", Published: since.Add(time.Second), OutcomeResult: "SUCCESS", ActorID: "00u1", Targets: idpTarget, TransactionID: "t1"},
		{EventType: "user.authentication.auth_via_IDP", Published: since.Add(5 * time.Second), OutcomeResult: "SUCCESS", ActorID: "00u1", Targets: idpTarget, TransactionID: "t2"},
	}
	pc, _ = confirmPortal(context.Background(), s, "0oaIDP", since, func() time.Time { return since.Add(time.Minute) }, -1, nil)
	if !pc.SignedIn || pc.Created || !pc.At.Equal(since.Add(5*time.Second)) {
		t.Errorf("second sign-in in the window: %+v", pc)
	}

	// Only a failure: not signed in, and why.
	s.events = []okta.LogEvent{{EventType: "user.authentication.auth_via_IDP", Published: since.Add(time.Second), OutcomeResult: "FAILURE",
		OutcomeReason: "User Not Found", Targets: idpTarget}}
	pc, _ = confirmPortal(context.Background(), s, "0oaIDP", since, func() time.Time { return since.Add(time.Minute) }, -1, nil)
	if pc.SignedIn || len(pc.Problems) != 1 || pc.Problems[0].Code != CodeJITDisabled {
		t.Errorf("failure: %+v", pc)
	}

	if got := PortalURL("dev-123.okta.com/"); got != "https://dev-123.okta.com/" {
		t.Errorf("PortalURL = %s", got)
	}
}
