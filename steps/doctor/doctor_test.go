package doctor_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/doctor"
	"github.com/idme-okta/idme-okta/steps/internal/daytwotest"
	"github.com/idme-okta/idme-okta/steps/signin"
)

var ctx = context.Background()

// examine runs doctor as a new process would, and checks it wrote nothing at all.
func examine(t *testing.T, o *daytwotest.Org, opts doctor.Options) *doctor.Report {
	t.Helper()
	opts.Envs, opts.Now = o.Envs(), o.Clock.Now
	o.ResetRequests()
	r, err := doctor.Run(ctx, o.Setup(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	if n := simtest.Writes(o.Org); n != 0 {
		t.Fatalf("doctor made %d writes", n)
	}
	return r
}

func check(t *testing.T, r *doctor.Report, id string) doctor.Check {
	t.Helper()
	for _, c := range r.Checks {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no check %q in %+v", id, r.Checks)
	return doctor.Check{}
}

// expect holds the check to status, and its evidence to mention each of words.
func expect(t *testing.T, r *doctor.Report, id string, status doctor.Status, words ...string) doctor.Check {
	t.Helper()
	c := check(t, r, id)
	if c.Status != status {
		t.Errorf("%s: %s (%s), want %s", id, c.Status, c.Evidence, status)
	}
	for _, w := range words {
		if !strings.Contains(c.Evidence, w) {
			t.Errorf("%s: evidence %q does not mention %q", id, c.Evidence, w)
		}
	}
	if status != doctor.OK && c.Fix == "" {
		t.Errorf("%s: %s without a fix", id, status)
	}
	return c
}

// setUp is a finished setup (the guide through idme-okta) and its IdP.
func setUp(t *testing.T, opts ...daytwotest.Option) (*daytwotest.Org, steps.Objects, *okta.Client) {
	t.Helper()
	o := daytwotest.Start(t, opts...)
	o.Apply(t)
	return o, o.Setup(t).Known(), o.Client(t)
}

func TestDoctorOnAFinishedSetup(t *testing.T) {
	o, known, _ := setUp(t)
	r := examine(t, o, doctor.Options{})
	if r.Failed() || r.OrgURL != o.URL() || r.Engine != "identity" {
		t.Errorf("report %+v", r)
	}
	for _, c := range r.Checks {
		if c.Status != doctor.OK {
			t.Errorf("%s: %s: %s", c.ID, c.Status, c.Evidence)
		}
	}
	expect(t, r, doctor.CheckIdPFound, doctor.OK, known.IdPID)
	// The JSON keys are the contract.
	raw, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	_ = json.Unmarshal(raw, &doc)
	for _, k := range []string{"org_url", "engine", "checks", "signins"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("no %q in %s", k, raw)
		}
	}
	first := doc["checks"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "status", "title", "evidence", "fix", "apply_fixes"} {
		if _, ok := first[k]; !ok {
			t.Errorf("no %q in a check: %v", k, first)
		}
	}
	si := doc["signins"].(map[string]any)
	for _, k := range []string{"since", "total", "succeeded", "failed", "reasons"} {
		if _, ok := si[k]; !ok {
			t.Errorf("no %q in signins: %v", k, si)
		}
	}
}

func TestDoctorWithoutAnIDmeIdP(t *testing.T) {
	o := daytwotest.Start(t)
	partner := daytwotest.HandIdP("Partner", o.Sandbox)
	partner.ClientID, partner.IssuerURL = "partner", "https://sso.partner.example/oidc"
	partner.AuthorizationURL, partner.TokenURL, partner.JWKSURL = "https://sso.partner.example/a", "https://sso.partner.example/t", "https://sso.partner.example/k"
	if _, err := o.Client(t).CreateIdP(ctx, partner); err != nil {
		t.Fatal(err)
	}
	r := examine(t, o, doctor.Options{})
	expect(t, r, doctor.CheckIdPFound, doctor.Fail, "1 OIDC identity provider")
	if !r.Failed() {
		t.Error("no failure")
	}
	for _, id := range []string{doctor.CheckUserinfo, doctor.CheckScopes, doctor.CheckRoutingRule} {
		if slices.ContainsFunc(r.Checks, func(c doctor.Check) bool { return c.ID == id }) {
			t.Errorf("%s checked without an IdP", id)
		}
	}
}

// An org set up by hand, named nothing like idme-okta's: doctor finds the IdP by its
// endpoints and checks it all the same.
func TestDoctorOnAnOrgSetUpByHand(t *testing.T) {
	o := daytwotest.Start(t)
	hand := daytwotest.HandIdP("Login with ID.me", o.Sandbox)
	hand.UserInfoURL = o.Sandbox.BaseURL() + "api/public/v3/userinfo"
	hand.Scopes = []string{"openid", "profile", "email"}
	if _, err := o.Client(t).CreateIdP(ctx, hand); err != nil {
		t.Fatal(err)
	}
	s := o.Setup(t)
	s.Answers = steps.Answers{OrgURL: o.URL()} // no progress file, no answers: nothing known
	opts := doctor.Options{Envs: o.Envs(), Now: o.Clock.Now}
	o.ResetRequests()
	r, err := doctor.Run(ctx, s, opts)
	if err != nil {
		t.Fatal(err)
	}
	if simtest.Writes(o.Org) != 0 {
		t.Fatal("doctor wrote")
	}
	expect(t, r, doctor.CheckIdPFound, doctor.OK, "Login with ID.me")
	expect(t, r, doctor.CheckUserinfo, doctor.Fail, "userinfo")
	expect(t, r, doctor.CheckScopes, doctor.Fail, "openid profile email")
	expect(t, r, doctor.CheckRoutingRule, doctor.Fail, "no routing rule")
}

func TestDoctorIdPInactive(t *testing.T) {
	o, known, c := setUp(t)
	if err := c.DeactivateIdP(ctx, known.IdPID); err != nil {
		t.Fatal(err)
	}
	expect(t, examine(t, o, doctor.Options{}), doctor.CheckIdPActive, doctor.Fail, "INACTIVE")
}

func TestDoctorUserinfoEndpoint(t *testing.T) {
	o, known, c := setUp(t)
	expect(t, examine(t, o, doctor.Options{}), doctor.CheckUserinfo, doctor.OK)
	if _, err := c.ReplaceIdP(ctx, okta.IdP{ID: known.IdPID, ProfileMaster: true, UserInfoURL: o.Sandbox.BaseURL() + "api/public/v3/userinfo"}); err != nil {
		t.Fatal(err)
	}
	r := examine(t, o, doctor.Options{})
	if c := expect(t, r, doctor.CheckUserinfo, doctor.Fail, "api/public/v3/userinfo"); !c.ApplyFixes {
		t.Error("apply removes a userinfo endpoint")
	}
}

func TestDoctorScopes(t *testing.T) {
	o, known, c := setUp(t)
	expect(t, examine(t, o, doctor.Options{}), doctor.CheckScopes, doctor.OK, "openid "+daytwotest.Handle)
	if _, err := c.ReplaceIdP(ctx, okta.IdP{ID: known.IdPID, ProfileMaster: true, Scopes: []string{"openid", "profile", daytwotest.Handle}}); err != nil {
		t.Fatal(err)
	}
	expect(t, examine(t, o, doctor.Options{}), doctor.CheckScopes, doctor.Fail, "openid profile")
}

func TestDoctorEndpointsOnOneEnvironment(t *testing.T) {
	o, known, c := setUp(t, daytwotest.WithProduction())
	expect(t, examine(t, o, doctor.Options{}), doctor.CheckOneEnvironment, doctor.OK, "(sandbox)")
	// The token endpoint copied from production's page.
	if _, err := c.ReplaceIdP(ctx, okta.IdP{ID: known.IdPID, ProfileMaster: true, TokenURL: o.Production.BaseURL() + "oauth/token"}); err != nil {
		t.Fatal(err)
	}
	expect(t, examine(t, o, doctor.Options{}), doctor.CheckOneEnvironment, doctor.Fail, "token endpoint "+o.Production.BaseURL()+"oauth/token (production)")
}

func TestDoctorClaimsReadTheirAttributes(t *testing.T) {
	o, known, c := setUp(t)
	expect(t, examine(t, o, doctor.Options{}), doctor.CheckClaimsMapped, doctor.OK)
	// The IdP's uuid attribute made to read another claim.
	if _, err := c.AddIdPAttributes(ctx, known.IdPID, []okta.Attribute{{Name: "uuid", Title: "ID.me uuid", Type: "string", ExternalName: "sub"}}); err != nil {
		t.Fatal(err)
	}
	expect(t, examine(t, o, doctor.Options{}), doctor.CheckClaimsMapped, doctor.Fail, `idme_uuid reads appuser.uuid, whose attribute takes the claim "sub"`)
}

func TestDoctorRequiredAttributes(t *testing.T) {
	o, known, c := setUp(t)
	expect(t, examine(t, o, doctor.Options{}), doctor.CheckRequiredAttributes, doctor.OK)
	if _, err := c.UpdateMapping(ctx, known.MappingID, nil, []string{"firstName", "lastName"}); err != nil {
		t.Fatal(err)
	}
	expect(t, examine(t, o, doctor.Options{}), doctor.CheckRequiredAttributes, doctor.Fail, "firstName, lastName")
}

func TestDoctorSeveralIdPsForOneClient(t *testing.T) {
	o, known, c := setUp(t)
	expect(t, examine(t, o, doctor.Options{}), doctor.CheckSeveralIdPs, doctor.OK, "1 ID.me identity provider")
	twin, err := c.CreateIdP(ctx, daytwotest.HandIdP("ID.me (copy)", o.Sandbox))
	if err != nil {
		t.Fatal(err)
	}
	expect(t, examine(t, o, doctor.Options{}), doctor.CheckSeveralIdPs, doctor.Warn, twin.ID, known.IdPID)
}

func TestDoctorRoutingRule(t *testing.T) {
	o, known, c := setUp(t)
	expect(t, examine(t, o, doctor.Options{}), doctor.CheckRoutingRule, doctor.OK, "is active")

	// Shadowed: a rule before ours sends everyone to Okta.
	first, err := c.CreateRule(ctx, known.PolicyID, okta.Rule{Name: "Everyone to Okta", Priority: 1, SelectionType: "SPECIFIC",
		Providers: []okta.Provider{{Type: "OKTA"}}, NetworkConnection: "ANYWHERE"}, true)
	if err != nil {
		t.Fatal(err)
	}
	expect(t, examine(t, o, doctor.Options{}), doctor.CheckRoutingRule, doctor.Fail, `"Everyone to Okta" (priority 1) matches every sign-in`)
	if err := c.DeleteRule(ctx, known.PolicyID, first.ID); err != nil {
		t.Fatal(err)
	}

	if err := c.DeactivateRule(ctx, known.PolicyID, known.RuleID); err != nil {
		t.Fatal(err)
	}
	expect(t, examine(t, o, doctor.Options{}), doctor.CheckRoutingRule, doctor.Fail, "INACTIVE")

	// Held back on purpose (apply --rule-status inactive): said, and a warning, not a failure.
	held := o.Setup(t)
	held.Answers.RuleStatus = steps.RuleInactive
	o.ResetRequests()
	r, err := doctor.Run(ctx, held, doctor.Options{Envs: o.Envs(), Now: o.Clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	expect(t, r, doctor.CheckRoutingRule, doctor.Warn, "held back (INACTIVE) as chosen", "nobody sees")
	if fix := check(t, r, doctor.CheckRoutingRule).Fix; !strings.Contains(fix, "--rule-status active") {
		t.Errorf("fix %q does not say how to go live", fix)
	}
	if err := c.DeleteRule(ctx, known.PolicyID, known.RuleID); err != nil {
		t.Fatal(err)
	}
	expect(t, examine(t, o, doctor.Options{}), doctor.CheckRoutingRule, doctor.Fail, "no routing rule")
}

func TestDoctorClassicEngine(t *testing.T) {
	o, known, c := setUp(t, daytwotest.WithOrg(simtest.Classic))
	r := examine(t, o, doctor.Options{})
	if r.Engine != "classic" {
		t.Fatalf("engine %q", r.Engine)
	}
	// idme-okta made no rule on Classic without a scope (a decision): that is fine.
	expect(t, r, doctor.CheckEngine, doctor.OK, "Classic Engine")
	expect(t, r, doctor.CheckRoutingRule, doctor.OK, "by decision")
	// An admin adds a rule that sends everyone to ID.me.
	if _, err := c.CreateRule(ctx, known.PolicyID, okta.Rule{Name: "All to ID.me", Priority: 1, SelectionType: "SPECIFIC",
		Providers: []okta.Provider{{Type: "OIDC", ID: known.IdPID}}, NetworkConnection: "ANYWHERE"}, true); err != nil {
		t.Fatal(err)
	}
	expect(t, examine(t, o, doctor.Options{}), doctor.CheckEngine, doctor.Fail, "administrators")
}

func TestDoctorTestApp(t *testing.T) {
	o, known, _ := setUp(t)
	expect(t, examine(t, o, doctor.Options{}), doctor.CheckTestApp, doctor.OK, "assigned to Everyone")
	var groups []struct {
		ID string `json:"id"`
	}
	o.Call(t, http.MethodGet, "/api/v1/apps/"+known.TestAppID+"/groups", nil, &groups)
	for _, g := range groups {
		o.Call(t, http.MethodDelete, "/api/v1/apps/"+known.TestAppID+"/groups/"+g.ID, nil, nil)
	}
	expect(t, examine(t, o, doctor.Options{}), doctor.CheckTestApp, doctor.Warn, "not assigned to Everyone")
	c := o.Client(t)
	if err := c.DeactivateApp(ctx, known.TestAppID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteApp(ctx, known.TestAppID); err != nil {
		t.Fatal(err)
	}
	expect(t, examine(t, o, doctor.Options{}), doctor.CheckTestApp, doctor.Warn, "no app labelled")
}

// A day of ID.me sign-ins with mixed outcomes: counted once per sign-in (Okta logs two
// events for most), grouped by reason with the test sign-in's codes, outside the window left
// out.
func TestDoctorExplainsTheSignIns(t *testing.T) {
	o, known, _ := setUp(t)
	signIn := func(after time.Duration, identity string, deny, jitOff bool) {
		t.Helper()
		o.Clock.Advance(after)
		o.SetJITEnabled(!jitOff)
		defer o.SetJITEnabled(true)
		if deny {
			o.Deny(t, known.IdPID, identity)
		} else {
			o.SignIn(t, known.IdPID, identity)
		}
	}
	signIn(0, "verified", false, false)           // 30 h ago: outside a 24 h window
	signIn(10*time.Hour, "partial", false, true)  // JIT off: User Not Found
	signIn(2*time.Hour, "no-email", false, false) // no email, no username
	signIn(2*time.Hour, "no-email", false, false) // again
	signIn(6*time.Hour, "verified", false, false) // returning user
	signIn(3*time.Hour, "partial", false, false)  // JIT user
	signIn(5*time.Hour, "verified", true, false)  // Deny at ID.me
	o.Clock.Advance(2 * time.Hour)

	r := examine(t, o, doctor.Options{Since: 24 * time.Hour})
	si := r.SignIns
	if si.Total != 6 || si.Succeeded != 2 || si.Failed != 4 || si.Error != "" || si.Truncated {
		t.Fatalf("sign-ins %+v", si)
	}
	codes := map[string]doctor.Reason{}
	for _, reason := range si.Reasons {
		codes[reason.Code] = reason
		if reason.Hint == "" || reason.Message == "" || reason.First.IsZero() || reason.Last.Before(reason.First) {
			t.Errorf("reason %+v", reason)
		}
	}
	if n := codes[signin.CodeNoEmail]; n.Count != 2 || !n.Last.After(n.First) {
		t.Errorf("no-email reason %+v", n)
	}
	// Okta knew who it was (the transformed username) though it found no user.
	if jit := codes[signin.CodeJITDisabled]; jit.Count != 1 || !strings.Contains(jit.Example, "@") {
		t.Errorf("JIT reason %+v (all: %+v)", codes[signin.CodeJITDisabled], si.Reasons)
	}
	if codes[signin.CodeAccessDenied].Count != 1 {
		t.Errorf("deny reason %+v (all: %+v)", codes[signin.CodeAccessDenied], si.Reasons)
	}
	if si.Reasons[0].Code != signin.CodeNoEmail {
		t.Errorf("the most frequent reason comes first: %+v", si.Reasons)
	}
	expect(t, r, doctor.CheckSignIns, doctor.Warn, "4 of 6")
	if r.Failed() {
		t.Error("failed sign-ins alone fail the doctor")
	}

	// A shorter window sees only the last sign-ins.
	r = examine(t, o, doctor.Options{Since: 3 * time.Hour})
	if si := r.SignIns; si.Total != 1 || si.Failed != 1 {
		t.Errorf("last 3 hours: %+v", si)
	}
	// The read is bounded: the oldest events, and a word that there are more.
	r = examine(t, o, doctor.Options{MaxEvents: 2})
	if !r.SignIns.Truncated || r.SignIns.Total > 2 {
		t.Errorf("bounded read: %+v", r.SignIns)
	}
}

// The System Log is never polled: one bounded window, read page by page up to the bound.
func TestDoctorReadsTheLogOnce(t *testing.T) {
	o, _, _ := setUp(t)
	examine(t, o, doctor.Options{})
	logs := 0
	for _, req := range o.Requests() {
		if req.Path == "/api/v1/logs" {
			logs++
		}
	}
	if logs != 1 {
		t.Errorf("%d System Log requests for an empty window", logs)
	}
}

// The simulator's own day of sign-ins, counted by the simulator from its log: doctor agrees,
// reason by reason.
func TestDoctorAgreesWithTheSimulatorsHistory(t *testing.T) {
	o, known, _ := setUp(t)
	h := o.World.SignInHistory(t, o.Clock, known.IdPID)
	r := examine(t, o, doctor.Options{Since: 24 * time.Hour})
	si := r.SignIns
	if si.Total != h.Total || si.Succeeded != h.Succeeded || si.Failed != h.Failed || !si.Since.Equal(h.Since) {
		t.Errorf("doctor %d/%d/%d since %s, simulator %d/%d/%d since %s", si.Total, si.Succeeded, si.Failed, si.Since, h.Total, h.Succeeded, h.Failed, h.Since)
	}
	got := map[string]int{}
	for _, reason := range si.Reasons {
		got[reason.Message] += reason.Count
		if reason.Code == signin.CodeSignInFailed {
			t.Errorf("reason %q not explained: %+v", reason.Message, reason)
		}
	}
	for msg, n := range h.Reasons {
		if got[msg] != n {
			t.Errorf("reason %q: doctor %d, simulator %d (doctor: %v)", msg, got[msg], n, got)
		}
	}
}

// The guide followed by hand half way (the userinfo endpoint left set, the console's scopes,
// the rule saved but not activated): doctor names each thing the guide's troubleshooting
// names, and apply would fix them.
func TestDoctorOnTheGuideHalfFollowedByHand(t *testing.T) {
	o := daytwotest.Start(t)
	o.World.SeedHalfFollowedGuide(t)
	s := o.Setup(t)
	s.Answers = steps.Answers{OrgURL: o.URL()}
	o.ResetRequests()
	r, err := doctor.Run(ctx, s, doctor.Options{Envs: o.Envs(), Now: o.Clock.Now})
	if err != nil || simtest.Writes(o.Org) != 0 {
		t.Fatalf("%v, %d writes", err, simtest.Writes(o.Org))
	}
	for _, id := range []string{doctor.CheckUserinfo, doctor.CheckScopes, doctor.CheckRoutingRule} {
		if c := expect(t, r, id, doctor.Fail); !c.ApplyFixes {
			t.Errorf("%s: apply_fixes false", id)
		}
	}
	expect(t, r, doctor.CheckRoutingRule, doctor.Fail, "INACTIVE")
}

// A sign-in whose user Okta could not create (the firstName row gone from the mapping) is a
// JIT error whose message is the failed create's reason, matched by transaction, never "JIT
// is off": auth_via_social says only "Unable to JIT user from the Identity Provider"
// (okta-api.md §13). Each sign-in counts once, however Okta logs it; JIT off is User Not Found.
func TestDoctorTellsAJITFailureFromJITOff(t *testing.T) {
	for _, socialOnly := range []bool{false, true} {
		o, known, client := setUp(t)
		o.SetSocialEventsOnly(socialOnly)
		if _, err := client.UpdateMapping(ctx, known.MappingID, nil, []string{"firstName"}); err != nil {
			t.Fatal(err)
		}
		o.Clock.Advance(time.Minute)
		o.SignIn(t, known.IdPID, "verified") // a new user: the create fails
		o.Clock.Advance(time.Minute)
		o.SignIn(t, known.IdPID, "verified") // again
		o.SetJITEnabled(false)
		o.Clock.Advance(time.Minute)
		o.SignIn(t, known.IdPID, "partial") // JIT off: User Not Found
		o.SetJITEnabled(true)
		o.Clock.Advance(time.Minute)

		si := examine(t, o, doctor.Options{Since: time.Hour}).SignIns
		if si.Total != 3 || si.Failed != 3 {
			t.Fatalf("social only %t: sign-ins %+v", socialOnly, si)
		}
		codes := map[string]doctor.Reason{}
		for _, r := range si.Reasons {
			codes[r.Code] = r
		}
		jitErr := codes[signin.CodeJITError]
		if jitErr.Count != 2 || !strings.Contains(jitErr.Message, "required properties are missing: firstName") || !strings.Contains(jitErr.Hint, "Map each") {
			t.Errorf("social only %t: JIT error %+v (all %+v)", socialOnly, jitErr, si.Reasons)
		}
		if off := codes[signin.CodeJITDisabled]; off.Count != 1 || off.Message != "User Not Found" {
			t.Errorf("social only %t: JIT off %+v (all %+v)", socialOnly, off, si.Reasons)
		}
	}
}
