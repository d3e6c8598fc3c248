package steps

import (
	"context"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

func TestExtraAttributesAndCustomMappingTargetsAreAdded(t *testing.T) {
	e := startSim(t)
	a := simAnswers(e.org)
	a.ExtraAttributes = []string{"idme_credential_ial"}
	a.Mappings = append(a.Mappings,
		MappingRow{Attribute: "employee_badge", Claim: "badge"},   // not in the catalogue
		MappingRow{Attribute: "honorificSuffix", Claim: "suffix"}, // an Okta base attribute
	)
	s := e.setupWith(t, a, e.secrets())
	e.run(t, s, RunOptions{})

	custom := e.org.Snapshot().UserSchemaCustom
	for name, title := range map[string]string{
		"idme_uuid": "ID.me UUID", "idme_credential_ial": "Credential IAL", "employee_badge": "employee_badge",
	} {
		if got := simtest.Str(custom, name, "title"); got != title {
			t.Errorf("custom attribute %s: title %q, want %q", name, got, title)
		}
	}
	if _, ok := custom["honorificSuffix"]; ok || len(custom) != 3 {
		t.Errorf("custom attributes: %v", reflect.ValueOf(custom).MapKeys())
	}
	idpSchema := e.org.Snapshot().IdPSchemas[s.Known().IdPID]
	for _, claim := range []string{"badge", "suffix"} {
		if simtest.Str(idpSchema, claim, "externalName") != claim {
			t.Errorf("IdP attribute for claim %s: %v", claim, idpSchema[claim])
		}
	}
}

func TestJITNeedsTheAdminsConfirmation(t *testing.T) {
	e := startSim(t)
	a := simAnswers(e.org)
	a.JITConfirmed = false
	s := e.setupWith(t, a, e.secrets())
	o := outcomeOf(t, s, IDOrgChecklist)
	if o.Report.Status != StatusMissing || !strings.Contains(allDetails(o.Report), JITSettingPath) {
		t.Fatalf("check: %s\n%s", o.Report.Status, allDetails(o.Report))
	}

	var refused *OverwriteRefusedError
	if err := Run(context.Background(), s, All(), RunOptions{}); !errors.As(err, &refused) || refused.StepIDs[0] != IDOrgChecklist {
		t.Fatalf("err = %v, want org-checklist refused without confirmation", err)
	}
	p, _ := LoadProgress(e.statePath)
	if p.Answers.JITConfirmed {
		t.Fatal("JIT recorded as confirmed without confirmation")
	}

	e.org.ResetRequests()
	s = e.setupWith(t, a, e.secrets())
	e.run(t, s, RunOptions{AllowOverwrite: true})
	if w := writes(e.org); len(w) != 0 {
		t.Errorf("confirming JIT wrote to Okta:%s", joinLines(w))
	}
	if p, _ := LoadProgress(e.statePath); !p.Answers.JITConfirmed || p.Steps[IDOrgChecklist].Status != StatusDone {
		t.Errorf("confirmation not recorded: %+v %+v", p.Answers.JITConfirmed, p.Steps[IDOrgChecklist])
	}
}

func TestTheHandoffSheetIsRewrittenWhenItsContentIsStale(t *testing.T) {
	e := startSim(t)
	e.run(t, e.setup(t), RunOptions{})
	path := HandoffPath(e.statePath)
	original, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	// Only the footer differs (another day, another version): still current.
	dated := strings.Replace(string(original), "by idme-okta dev", "by idme-okta v0.9.0", 1)
	if dated == string(original) {
		t.Fatal("footer not found; the test proves nothing")
	}
	if err := os.WriteFile(path, []byte(dated), 0o600); err != nil {
		t.Fatal(err)
	}
	if o := outcomeOf(t, e.setup(t), IDHandoff); o.Report.Status != StatusDone {
		t.Errorf("a sheet differing only in its footer is %s", o.Report.Status)
	}

	// Edited content: rewritten, without confirmation (it is our own file).
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(string(original), "teacher", "nurse")), 0o600); err != nil {
		t.Fatal(err)
	}
	s := e.setup(t)
	if o := outcomeOf(t, s, IDHandoff); o.Report.Status != StatusDrifted || o.Report.NeedsOverwrite() {
		t.Fatalf("edited sheet: %s, overwrite %v", o.Report.Status, o.Report.NeedsOverwrite())
	}
	e.run(t, s, RunOptions{})
	if got, _ := os.ReadFile(path); !sameHandoffSheet(got, original) {
		t.Errorf("sheet not restored:\n%s", got)
	}
	if s.Known().HandoffFile != path {
		t.Errorf("handoff file recorded as %q", s.Known().HandoffFile)
	}
}

func TestARuleThatNoLongerOffersIDmeIsReplacedAfterConfirmation(t *testing.T) {
	e := startSim(t)
	s := e.setup(t)
	e.run(t, s, RunOptions{})
	k := s.Known()
	okOnly, _ := desiredRule(s.Answers, okta.EngineIdentity, k.PolicyID, k.IdPID)
	okOnly.ID, okOnly.Providers = k.RuleID, []okta.Provider{{Type: "OKTA"}}
	if _, err := e.client(t, e.org.AdminToken()).ReplaceRule(context.Background(), okOnly); err != nil {
		t.Fatal(err)
	}

	s = e.setup(t)
	o := outcomeOf(t, s, IDRoutingRule)
	want := "providers: OKTA → OKTA, OIDC " + k.IdPID
	if o.Report.Status != StatusDrifted || !o.Report.NeedsOverwrite() || !strings.Contains(allDetails(o.Report), want) {
		t.Fatalf("check: %s\n%s\nwant %q", o.Report.Status, allDetails(o.Report), want)
	}
	var refused *OverwriteRefusedError
	if err := Run(context.Background(), s, All(), RunOptions{}); !errors.As(err, &refused) {
		t.Fatalf("err = %v, want a refusal", err)
	}
	e.org.ResetRequests()
	s = e.setup(t)
	e.run(t, s, RunOptions{AllowOverwrite: true})
	if got := writes(e.org); !reflect.DeepEqual(got, []string{"PUT /api/v1/policies/" + k.PolicyID + "/rules/" + k.RuleID}) {
		t.Errorf("writes:%s", joinLines(got))
	}
	assertOrgFollowsTheGuide(t, e, s)
}

func TestRowsRemovedFromTheTableStayInOkta(t *testing.T) {
	e := startSim(t)
	a := simAnswers(e.org)
	var rows []MappingRow
	for _, r := range a.Mappings {
		if r.Attribute != "middleName" {
			rows = append(rows, r)
		}
	}
	a.Mappings = rows
	s := e.setupWith(t, a, e.secrets())
	e.run(t, s, RunOptions{})
	m := mappingOf(t, e.org.Snapshot(), s.Known().IdPID, s.Known().UserTypeID)
	if got := simtest.Str(m, "properties", "middleName", "expression"); got != "appuser.middleName" {
		t.Errorf("middleName row = %q, want Okta's default left in place", got)
	}
	if o := outcomeOf(t, e.setupWith(t, a, e.secrets()), IDProfileMappings); o.Report.Status != StatusDone {
		t.Errorf("mapping %s after the run: %s", o.Report.Status, allDetails(o.Report))
	}
}

// The attribute list follows the mapping table: the guide's table maps neither birth_date
// nor transaction_ial, so neither is added (it would stay empty); a row adds its target. An
// attribute the admin asks for (--attribute) that no row fills is added and named with the
// way to fill it.
func TestUserAttributesFollowTheMappingTable(t *testing.T) {
	e := startSim(t)
	a := simAnswers(e.org)
	r := outcomeOf(t, e.setupWith(t, a, e.secrets()), IDUserAttributes).Report
	if details := allDetails(r); !strings.Contains(details, "idme_uuid") || strings.Contains(details, "birth_date") || strings.Contains(details, "transaction_ial") {
		t.Errorf("with the guide's table the plan adds:\n%s\nwant idme_uuid only", details)
	}
	if len(r.Notes) != 0 {
		t.Errorf("notes with the guide's table:%s", joinLines(r.Notes))
	}

	a.Mappings = append(a.Mappings, MappingRow{Attribute: "birth_date", Claim: "birth_date"})
	a.ExtraAttributes = []string{"idme_credential_ial", "honorificSuffix"} // the second is Okta's own
	r = outcomeOf(t, e.setupWith(t, a, e.secrets()), IDUserAttributes).Report
	if details := allDetails(r); !strings.Contains(details, "birth_date") || !strings.Contains(details, "idme_credential_ial") || strings.Contains(details, "transaction_ial") {
		t.Errorf("with a birth_date row and an extra attribute the plan adds:\n%s", details)
	}
	for _, want := range []string{"add the row idme_credential_ial ← credential_ial in the mapping table", "--map idme_credential_ial=credential_ial"} {
		if !containsText(r.Notes, want) {
			t.Errorf("notes lack %q:%s", want, joinLines(r.Notes))
		}
	}
	for _, filled := range []string{"idme_uuid", "birth_date", "honorificSuffix", "firstName"} {
		if containsText(r.Notes, "attribute "+filled+" stays empty") {
			t.Errorf("%s is named although a row fills it or Okta owns it:%s", filled, joinLines(r.Notes))
		}
	}
}
