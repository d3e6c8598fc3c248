package steps

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// outcomeOf returns the outcome of one step from CheckAll.
func outcomeOf(t *testing.T, s *Setup, id string) Outcome {
	t.Helper()
	for _, o := range CheckAll(context.Background(), s, All()) {
		if o.Step.ID() == id {
			if o.Err != nil {
				t.Fatalf("%s: %v", id, o.Err)
			}
			return o
		}
	}
	t.Fatalf("no step %s", id)
	return Outcome{}
}

func allDetails(r Report) string {
	var lines []string
	for _, c := range r.Changes {
		lines = append(lines, c.Action+" "+c.Object)
		lines = append(lines, c.Details...)
	}
	return strings.Join(lines, "\n")
}

// adminClockSkew is a setting idme-okta leaves to the admin once the IdP exists.
const adminClockSkew = 120000

// createIdPLikeAnAdmin creates the IdP the way an admin might have, before idme-okta ran:
// right name, but with a userinfo endpoint, the console's default scopes and a clock skew
// of their own.
func createIdPLikeAnAdmin(t *testing.T, e *simEnv, secret string) *okta.IdP {
	t.Helper()
	a := simAnswers(e.org)
	want := desiredIdP(a, true)
	want.MaxClockSkew = new(int64(adminClockSkew))
	want.RequestSignatureScope = "REQUEST" // the SDK's and Terraform's default: signed request objects
	want.Scopes = []string{"openid", "profile", "email"}
	want.UserInfoURL = a.IDmeBaseURL + "api/public/v3/userinfo"
	want.ClientSecret = secret
	idp, err := e.client(t, e.org.AdminToken()).CreateIdP(context.Background(), want)
	if err != nil {
		t.Fatal(err)
	}
	return idp
}

func TestDriftedIdPIsAdoptedReportedAndReplacedOnlyWithConfirmation(t *testing.T) {
	e := startSim(t)
	const stored = "stored-secret-from-the-console"
	e.storedSecret = stored
	pre := createIdPLikeAnAdmin(t, e, stored)
	e.org.ResetRequests()

	// No client secret given: the stored one must be kept.
	sec := Secrets{APIToken: e.org.AdminToken()}
	s := e.setupWith(t, simAnswers(e.org), sec)
	o := outcomeOf(t, s, IDIdentityProvider)
	if o.Report.Status != StatusDrifted || !o.Report.NeedsOverwrite() {
		t.Fatalf("report = %s, overwrite %v", o.Report.Status, o.Report.NeedsOverwrite())
	}
	details := allDetails(o.Report)
	for _, want := range []string{
		"userinfo endpoint: " + pre.UserInfoURL + " → (none)",
		"scopes: openid profile email → openid teacher",
		"signed request objects (protocol.algorithms.request.signature.scope): REQUEST → NONE",
	} {
		if !strings.Contains(details, want) {
			t.Errorf("details lack %q:\n%s", want, details)
		}
	}
	if strings.Contains(details, "client secret") || strings.Contains(details, stored) {
		t.Errorf("details mention the secret:\n%s", details)
	}
	if s.Known().IdPID != pre.ID {
		t.Errorf("adopted %s, want %s", s.Known().IdPID, pre.ID)
	}

	// Without confirmation: refused before anything at all is written (adopting blocks: every
	// later step builds on the IdP), even though Run checks the IdP again.
	err := Run(context.Background(), s, All(), RunOptions{})
	var refused *OverwriteRefusedError
	if !errors.As(err, &refused) || !reflect.DeepEqual(refused.StepIDs, []string{IDIdentityProvider}) {
		t.Fatalf("err = %v, want the identity-provider step refused", err)
	}
	snap := e.org.Snapshot()
	if len(snap.IdPs) != 1 || simtest.At(snap.IdPs[0], "protocol", "endpoints", "userInfo") == nil {
		t.Fatalf("the refused IdP was changed or duplicated: %v", simtest.Redact(snap.IdPs))
	}
	if got := writes(e.org); len(got) != 0 {
		t.Errorf("refused run wrote:%s", joinLines(got))
	}

	// With confirmation: the IdP replaced with one PUT (no second IdP), then the other
	// steps, and the org follows the guide (userInfo gone, scopes exact, stored secret kept).
	e.org.ResetRequests()
	s = e.setupWith(t, simAnswers(e.org), sec)
	e.run(t, s, RunOptions{AllowOverwrite: true})
	got := writes(e.org)
	if len(got) == 0 || got[0] != "PUT /api/v1/idps/"+pre.ID || slices.Contains(got, "POST /api/v1/idps") {
		t.Errorf("confirmed run wrote:%s", joinLines(got))
	}
	assertOrgFollowsTheGuide(t, e, s)
	idp := e.org.Snapshot().IdPs[0]
	if got := simtest.At(idp, "policy", "maxClockSkew"); got != float64(adminClockSkew) {
		t.Errorf("the replace changed the admin's clock skew to %v", got)
	}
	if got := simtest.At(idp, "protocol", "algorithms", "request", "signature"); !reflect.DeepEqual(got, map[string]any{"algorithm": "HS256", "scope": "NONE"}) {
		t.Errorf("request signature after the replace: %v", got)
	}
}

func TestANewClientSecretIsDriftWithoutShowingEitherValue(t *testing.T) {
	e := startSim(t)
	e.run(t, e.setup(t), RunOptions{})

	const rotated = "canary-rotated-secret-55"
	e.storedSecret = rotated
	s := e.setupWith(t, simAnswers(e.org), Secrets{APIToken: e.org.AdminToken(), IDmeClientSecret: rotated})
	o := outcomeOf(t, s, IDIdentityProvider)
	details := allDetails(o.Report)
	if o.Report.Status != StatusDrifted || !strings.Contains(details, "client secret") {
		t.Fatalf("report = %s:\n%s", o.Report.Status, details)
	}
	if strings.Contains(details, rotated) || strings.Contains(details, testClientSecret) {
		t.Errorf("a secret value is shown:\n%s", details)
	}
	e.run(t, s, RunOptions{AllowOverwrite: true})
	assertOrgFollowsTheGuide(t, e, s) // now stores the rotated secret
}

func TestAnInactiveRuleIsActivatedWithoutConfirmation(t *testing.T) {
	// The rule exists but is inactive: what the console's "Save" without "Activate" leaves.
	e := startSim(t)
	s := e.setup(t)
	if err := Run(context.Background(), s, All()[:2], RunOptions{}); err != nil {
		t.Fatal(err)
	}
	ruleOf := func() map[string]any { return where(e.org.Snapshot().Rules, "name", s.Answers.RuleName)[0] }
	k := s.Known()
	policy, err := e.client(t, e.org.AdminToken()).IDPDiscoveryPolicy(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	inactive, _ := desiredRule(s.Answers, okta.EngineIdentity, policy.ID, k.IdPID)
	if _, err := e.client(t, e.org.AdminToken()).CreateRule(context.Background(), policy.ID, inactive, false); err != nil {
		t.Fatal(err)
	}
	if st := ruleOf(); st["status"] != "INACTIVE" {
		t.Fatalf("set-up rule is %v", st["status"])
	}

	s = e.setup(t)
	o := outcomeOf(t, s, IDRoutingRule)
	if o.Report.Status != StatusDrifted || o.Report.NeedsOverwrite() || len(o.Report.Changes) != 1 || o.Report.Changes[0].Action != "activate" {
		t.Fatalf("report = %s %+v", o.Report.Status, o.Report.Changes)
	}
	e.org.ResetRequests()
	e.run(t, s, RunOptions{}) // no --yes needed
	assertOrgFollowsTheGuide(t, e, s)
	for _, w := range writes(e.org) {
		if strings.Contains(w, "/rules") && !strings.HasSuffix(w, "/lifecycle/activate") {
			t.Errorf("the rule was rewritten, not activated: %s", w)
		}
	}
}

func TestExistingUserAttributesAreNeitherRepostedNorRetyped(t *testing.T) {
	e := startSim(t)
	c := e.client(t, e.org.AdminToken())
	if _, err := c.AddUserAttributes(context.Background(), []okta.Attribute{
		{Name: "idme_uuid", Title: "Our own UUID title", Type: "string"},
		{Name: "birth_date", Title: "Birth date as a number", Type: "number"},
	}); err != nil {
		t.Fatal(err)
	}
	s := e.setup(t)
	o := outcomeOf(t, s, IDUserAttributes)
	details := allDetails(o.Report)
	if strings.Contains(details, "idme_uuid") || strings.Contains(details, "birth_date") {
		t.Errorf("planned additions:\n%s\nwant none", details)
	}

	// birth_date is not mapped by default: the setup leaves it alone.
	e.run(t, s, RunOptions{})
	snap := e.org.Snapshot()
	if got := simtest.Str(snap.UserSchemaCustom, "idme_uuid", "title"); got != "Our own UUID title" {
		t.Errorf("idme_uuid was re-posted: title %q", got)
	}
	if got := simtest.Str(snap.UserSchemaCustom, "birth_date", "type"); got != "number" {
		t.Errorf("birth_date retyped to %q", got)
	}

	// Once a mapping row writes the claim into it, the conflict blocks the step.
	a := simAnswers(e.org)
	a.Mappings = append(a.Mappings, MappingRow{Attribute: "birth_date", Claim: "birth_date"})
	s = e.setupWith(t, a, e.secrets())
	err := Run(context.Background(), s, All(), RunOptions{})
	if err == nil || !strings.Contains(err.Error(), "birth_date") || !strings.Contains(err.Error(), "Profile Editor") {
		t.Fatalf("err = %v, want the conflict on birth_date explained", err)
	}
	if got := simtest.Str(e.org.Snapshot().UserSchemaCustom, "birth_date", "type"); got != "number" {
		t.Errorf("birth_date retyped to %q", got)
	}
	if rec := s.StepRecords()[IDUserAttributes]; rec.Status == StatusDone {
		t.Errorf("user-attributes recorded done despite the conflict: %+v", rec)
	}
	// The plan offers a name that is free.
	if o := outcomeOf(t, e.setupWith(t, a, e.secrets()), IDUserAttributes); !containsText(o.Report.Notes, "--map birth_date_2=birth_date") {
		t.Errorf("no other name offered: %v", o.Report.Notes)
	}
}

func TestAWrongExternalNameIsFixedByAPartialUpdate(t *testing.T) {
	e := startSim(t)
	s := e.setup(t)
	e.run(t, s, RunOptions{})
	idpID := s.Known().IdPID
	if _, err := e.client(t, e.org.AdminToken()).AddIdPAttributes(context.Background(), idpID,
		[]okta.Attribute{{Name: "fname", Title: "Given name", Type: "string", ExternalName: "given_name"}}); err != nil {
		t.Fatal(err)
	}
	s = e.setup(t)
	o := outcomeOf(t, s, IDIdPAttributes)
	if o.Report.Status != StatusDrifted || !o.Report.NeedsOverwrite() || !strings.Contains(allDetails(o.Report), "fname reads claim: given_name → fname") {
		t.Fatalf("report = %s:\n%s", o.Report.Status, allDetails(o.Report))
	}
	e.org.ResetRequests()
	e.run(t, s, RunOptions{AllowOverwrite: true})
	if got := writes(e.org); !reflect.DeepEqual(got, []string{"POST /api/v1/meta/schemas/apps/" + idpID + "/default"}) {
		t.Errorf("writes:%s", joinLines(got))
	}
	assertOrgFollowsTheGuide(t, e, s)
	if got := simtest.Str(e.org.Snapshot().IdPSchemas[idpID], "fname", "title"); got != "Given name" {
		t.Errorf("the admin's title was replaced: %q", got)
	}
}

func TestAnAdminsMappingRowNeedsConfirmationButOktasDefaultsDoNot(t *testing.T) {
	e := startSim(t)
	s := e.setup(t)
	// The fresh org's mapping holds Okta's defaults (firstName ← appuser.firstName …):
	// replacing them is the guide, so no confirmation was needed above.
	e.run(t, s, RunOptions{})
	k := s.Known()
	c := e.client(t, e.org.AdminToken())
	if _, err := c.UpdateMapping(context.Background(), k.MappingID, map[string]okta.MappingProperty{
		"firstName": {Expression: "appuser.lname", PushStatus: "PUSH"},
	}, nil); err != nil {
		t.Fatal(err)
	}
	s = e.setup(t)
	o := outcomeOf(t, s, IDProfileMappings)
	if o.Report.Status != StatusDrifted || !o.Report.NeedsOverwrite() || !strings.Contains(allDetails(o.Report), "firstName: appuser.lname (PUSH) → "+(MappingRow{Attribute: "firstName", Claim: "fname"}).Expression()+" (PUSH)") {
		t.Fatalf("report = %s:\n%s", o.Report.Status, allDetails(o.Report))
	}
	if !containsText(o.Report.Notes, "'Apply updates now' has no public API") {
		t.Errorf("notes = %v", o.Report.Notes)
	}
	var refused *OverwriteRefusedError
	if err := Run(context.Background(), s, All(), RunOptions{}); !errors.As(err, &refused) {
		t.Fatalf("err = %v, want a refusal", err)
	}
	e.run(t, e.setup(t), RunOptions{AllowOverwrite: true})
	assertOrgFollowsTheGuide(t, e, s)
}

// Several IdPs for one ID.me client (they can only come from history: names are unique, but
// a copy can be renamed): idme-okta adopts none of its own accord and says which to choose
// with --idp-id; the one from the progress file is simply ours.
func TestSeveralIdPsForOneClientAreChosenNotMultiplied(t *testing.T) {
	a := DefaultAnswers()
	a.IDmeClientID = "client-1"
	a.PolicyHandle = "teacher"
	same := func(id, name, status string) okta.IdP {
		i := desiredIdP(a, true)
		i.ID, i.Name, i.Status = id, name, status
		return i
	}
	all := []okta.IdP{same("0oaOLD", "ID.me (old)", "INACTIVE"), same("0oaLIVE", DefaultIdPName, "ACTIVE")}
	sv := surveyIdPs(a, "", all)
	if len(sv.candidates) != 2 || sv.ours != nil {
		t.Fatalf("survey = %+v", sv)
	}
	s := NewSetup(nil, a, Secrets{}, Objects{})
	s.remember(keyOIDCIdPs, all)
	_, err := identityProvider{}.Check(context.Background(), s)
	var choose *IdPChoiceError
	if !errors.As(err, &choose) || len(choose.Candidates) != 2 || !strings.Contains(err.Error(), "--idp-id") ||
		!strings.Contains(err.Error(), "0oaOLD") || !strings.Contains(err.Error(), "0oaLIVE") {
		t.Fatalf("err = %v, want the choice between both", err)
	}

	s.Answers.IdPID = "0oaOLD"
	r, err := identityProvider{}.Check(context.Background(), s)
	if err != nil || s.Known().IdPID != "0oaOLD" || !r.Blocks || r.Changes[0].Action != "adopt" || !containsText(r.Notes, "0oaLIVE") {
		t.Fatalf("chosen: %+v, %v", r, err)
	}

	s = NewSetup(nil, a, Secrets{}, Objects{IdPID: "0oaLIVE"})
	s.remember(keyOIDCIdPs, all)
	r, err = identityProvider{}.Check(context.Background(), s)
	if err != nil || r.Blocks || r.Status != StatusDone || !containsText(r.Notes, "0oaOLD") {
		t.Fatalf("with the progress file's id: %+v, %v", r, err)
	}
}

// Unlike a routing rule, an inactive IdP is not a console default: an admin switched it off,
// maybe on purpose, so it is switched back on only with confirmation.
func TestAnInactiveIdPIsActivatedOnlyWithConfirmation(t *testing.T) {
	e := startSim(t)
	e.run(t, e.setup(t), RunOptions{})
	idpID := e.setup(t).Known().IdPID
	deactivateIdP(t, e, idpID)
	idpStatus := func() any { return e.org.Snapshot().IdPs[0]["status"] }
	if st := idpStatus(); st != "INACTIVE" {
		t.Fatalf("set-up IdP is %v", st)
	}

	s := e.setup(t)
	o := outcomeOf(t, s, IDIdentityProvider)
	if o.Report.Status != StatusDrifted || !o.Report.NeedsOverwrite() || len(o.Report.Changes) != 1 || o.Report.Changes[0].Action != "activate" {
		t.Fatalf("report = %s %+v", o.Report.Status, o.Report.Changes)
	}
	e.org.ResetRequests()
	err := Run(context.Background(), s, All(), RunOptions{})
	var refused *OverwriteRefusedError
	if !errors.As(err, &refused) || !reflect.DeepEqual(refused.StepIDs, []string{IDIdentityProvider}) {
		t.Fatalf("err = %v, want the identity-provider step refused", err)
	}
	if st := idpStatus(); st != "INACTIVE" {
		t.Errorf("the IdP was activated without confirmation: %v", st)
	}
	if got := writes(e.org); len(got) != 0 {
		t.Errorf("refused run wrote:%s", joinLines(got))
	}

	e.org.ResetRequests()
	e.run(t, e.setup(t), RunOptions{AllowOverwrite: true})
	if got := writes(e.org); !reflect.DeepEqual(got, []string{"POST /api/v1/idps/" + idpID + "/lifecycle/activate"}) {
		t.Errorf("confirmed run wrote:%s", joinLines(got))
	}
	assertOrgFollowsTheGuide(t, e, s)
}

// deactivateIdP does what an admin's "Deactivate" in Security > Identity Providers does.
func deactivateIdP(t *testing.T, e *simEnv, id string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.org.URL()+"/api/v1/idps/"+id+"/lifecycle/deactivate", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "SSWS "+e.org.AdminToken())
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("deactivate IdP %s: %s", id, resp.Status)
	}
}
