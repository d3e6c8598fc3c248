package steps

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// withoutRow is the answers' mapping table without the row for attribute.
func withoutRow(a Answers, attribute string) Answers {
	a.Mappings = slices.DeleteFunc(slices.Clone(a.Mappings), func(m MappingRow) bool { return m.Attribute == attribute })
	return a
}

// A row the admin takes out of the table after idme-okta applied it is removed from Okta,
// once the admin confirms; rows idme-okta never set stay whatever the table says.
func TestARowRemovedFromTheTableIsRemovedFromOktaWithConfirmation(t *testing.T) {
	e := startSim(t)
	e.run(t, e.setup(t), RunOptions{})
	k := e.setup(t).Known()
	// city ← appuser.city replaced Okta's default (appuser.locality): idme-okta set it.
	// displayName ← appuser.displayName is Okta's default, in no table: idme-okta never wrote it.
	if k.MappedRows["city"] != (MappingRow{Attribute: "city", Claim: "city"}).Expression() {
		t.Fatalf("progress does not record the city row idme-okta set: %v", k.MappedRows)
	}
	if _, ok := k.MappedRows["displayName"]; ok {
		t.Fatalf("progress claims the displayName row, which idme-okta did not write: %v", k.MappedRows)
	}
	// Someone else's row, in the console.
	if _, err := e.client(t, e.org.AdminToken()).UpdateMapping(context.Background(), k.MappingID,
		map[string]okta.MappingProperty{"nickName": {Expression: "appuser.fname", PushStatus: "PUSH"}}, nil); err != nil {
		t.Fatal(err)
	}
	row := func(attr string) any {
		return simtest.At(mappingOf(t, e.org.Snapshot(), k.IdPID, k.UserTypeID), "properties", attr)
	}

	a := withoutRow(simAnswers(e.org), "city")
	s := e.setupWith(t, a, e.secrets())
	o := outcomeOf(t, s, IDProfileMappings)
	details := allDetails(o.Report)
	if o.Report.Status != StatusDrifted || !o.Report.NeedsOverwrite() ||
		!strings.Contains(details, "city ← "+(MappingRow{Attribute: "city", Claim: "city"}).Expression()+" (PUSH): set by idme-okta, no longer in the mapping table") {
		t.Fatalf("report = %s:\n%s", o.Report.Status, details)
	}
	for _, notMine := range []string{"displayName", "nickName"} {
		if strings.Contains(details, notMine) {
			t.Errorf("plans to touch %s, which idme-okta did not set:\n%s", notMine, details)
		}
	}

	e.org.ResetRequests()
	err := Run(context.Background(), s, All(), RunOptions{})
	var refused *OverwriteRefusedError
	if !errors.As(err, &refused) || !reflect.DeepEqual(refused.StepIDs, []string{IDProfileMappings}) {
		t.Fatalf("err = %v, want the profile-mappings step refused", err)
	}
	if got := writes(e.org); len(got) != 0 || row("city") == nil {
		t.Fatalf("refused run wrote%s; city row now %v", joinLines(got), row("city"))
	}

	e.org.ResetRequests()
	s = e.setupWith(t, a, e.secrets())
	e.run(t, s, RunOptions{AllowOverwrite: true})
	if got := writes(e.org); !reflect.DeepEqual(got, []string{"POST /api/v1/mappings/" + k.MappingID}) {
		t.Errorf("confirmed run wrote:%s", joinLines(got))
	}
	if got := row("city"); got != nil {
		t.Errorf("city row still in Okta: %v", got)
	}
	if simtest.Str(row("displayName"), "expression") != "appuser.displayName" || simtest.Str(row("nickName"), "expression") != "appuser.fname" {
		t.Errorf("rows idme-okta did not set were touched: displayName %v, nickName %v", row("displayName"), row("nickName"))
	}
	if _, ok := e.setup(t).Known().MappedRows["city"]; ok {
		t.Errorf("progress still claims the removed city row")
	}
	assertOrgFollowsTheGuide(t, e, s)

	// Done now: nothing more to remove.
	e.org.ResetRequests()
	if o := outcomeOf(t, e.setupWith(t, a, e.secrets()), IDProfileMappings); o.Report.Status != StatusDone {
		t.Errorf("after the removal: %s\n%s", o.Report.Status, allDetails(o.Report))
	}
}

// A row idme-okta set that an admin has since changed in Okta is theirs now: leaving the
// table does not delete it.
func TestARowChangedInOktaSinceIdmeOktaSetItIsNotRemoved(t *testing.T) {
	e := startSim(t)
	e.run(t, e.setup(t), RunOptions{})
	k := e.setup(t).Known()
	if _, err := e.client(t, e.org.AdminToken()).UpdateMapping(context.Background(), k.MappingID,
		map[string]okta.MappingProperty{"city": {Expression: "appuser.street", PushStatus: "PUSH"}}, nil); err != nil {
		t.Fatal(err)
	}
	s := e.setupWith(t, withoutRow(simAnswers(e.org), "city"), e.secrets())
	o := outcomeOf(t, s, IDProfileMappings)
	if o.Report.Status != StatusDone || o.Report.NeedsOverwrite() {
		t.Fatalf("report = %s:\n%s", o.Report.Status, allDetails(o.Report))
	}
	if !containsText(o.Report.Notes, "Mapping row city was changed in Okta since idme-okta set it") {
		t.Errorf("notes = %v", o.Report.Notes)
	}
	if _, ok := s.Known().MappedRows["city"]; ok {
		t.Errorf("the changed row is still counted as idme-okta's")
	}
}

func TestLoginIsNeverRemoved(t *testing.T) {
	s := NewSetup(nil, DefaultAnswers(), Secrets{}, Objects{MappingID: "map1", MappedRows: map[string]string{"login": "appuser.email", "city": "appuser.city"}})
	want := desiredMappingRows(withoutRow(withoutRow(s.Answers, "login"), "city"))
	m := &okta.Mapping{ID: "map1", Properties: map[string]okta.MappingProperty{
		"login": {Expression: "appuser.email", PushStatus: "PUSH"}, "city": {Expression: "appuser.city", PushStatus: "PUSH"},
	}}
	obs := &mappingsObservation{}
	_, mine, notes := profileMappings{}.removals(s, m, want, obs)
	if !reflect.DeepEqual(obs.remove, []string{"city"}) {
		t.Errorf("remove = %v, want only city", obs.remove)
	}
	if mine["login"] != "appuser.email" || !containsText(notes, "Okta needs it to create users") {
		t.Errorf("login: kept %v, notes %v", mine, notes)
	}
}
