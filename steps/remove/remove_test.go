package remove_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/internal/daytwotest"
	"github.com/idme-okta/idme-okta/steps/remove"
)

var ctx = context.Background()

// plan makes the plan with a new process's Setup and checks it wrote nothing.
func plan(t *testing.T, o *daytwotest.Org, opts remove.Options) (*remove.Plan, *steps.Setup) {
	t.Helper()
	s := o.Setup(t)
	before := simtest.Writes(o.Org)
	p, err := remove.MakePlan(ctx, s, opts)
	if err != nil {
		t.Fatal(err)
	}
	if w := simtest.Writes(o.Org) - before; w != 0 {
		t.Fatalf("the plan wrote %d times", w)
	}
	return p, s
}

func kinds(p *remove.Plan) []string {
	var out []string
	for _, it := range p.Items {
		out = append(out, it.Kind+" "+strings.Join(it.Steps, "+"))
	}
	return out
}

func TestRemoveAfterAFullSetup(t *testing.T) {
	o := daytwotest.Start(t)
	o.Apply(t)
	known := o.Setup(t).Known()

	p, s := plan(t, o, remove.Options{})
	if got, want := kinds(p), []string{
		"routing rule deactivate+delete", "test app deactivate+delete", "identity provider deactivate+delete",
	}; !slices.Equal(got, want) {
		t.Fatalf("plan %q, want %q (rule first, IdP last)", got, want)
	}
	if p.Writes() != 6 || len(p.Left) != 0 || len(p.Gone) != 0 || p.NoProgress {
		t.Errorf("plan %+v", p)
	}

	o.ResetRequests()
	res, err := p.Apply(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	policy := "/api/v1/policies/" + known.PolicyID + "/rules/" + known.RuleID
	want := []string{
		"POST " + policy + "/lifecycle/deactivate", "DELETE " + policy,
		"POST /api/v1/apps/" + known.TestAppID + "/lifecycle/deactivate", "DELETE /api/v1/apps/" + known.TestAppID,
		"POST /api/v1/idps/" + known.IdPID + "/lifecycle/deactivate", "DELETE /api/v1/idps/" + known.IdPID,
	}
	if got := o.Writes(); !slices.Equal(got, want) {
		t.Errorf("writes:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	if res.Writes != 6 || res.Gone != 0 {
		t.Errorf("result %+v", res)
	}
	// The progress file is archived, not deleted.
	if _, err := os.Stat(o.StatePath); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("progress file still in place: %v", err)
	}
	if res.Archived != o.StatePath+".removed" {
		t.Errorf("archived at %q", res.Archived)
	}
	if p, err := steps.LoadProgress(res.Archived); err != nil || p.Objects.IdPID != known.IdPID {
		t.Errorf("archive unreadable or not the progress file: %v", err)
	}
	// Okta deleted the IdP's profile schema with it.
	c := o.Client(t)
	if _, err := c.IdPSchema(ctx, known.IdPID); !okta.IsNotFound(err) {
		t.Errorf("IdP schema after remove: %v", err)
	}
	// The custom user attributes stay without --attributes.
	schema, err := c.UserSchema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := schema["idme_uuid"]; !ok {
		t.Error("idme_uuid removed without --attributes")
	}
}

func TestRemoveAfterAPartialSetup(t *testing.T) {
	o := daytwotest.Start(t)
	o.Apply(t, steps.Connect(), steps.IdentityProvider(), steps.UserAttributes(), steps.IdPAttributes(), steps.ProfileMappings())
	p, s := plan(t, o, remove.Options{})
	if got := kinds(p); !slices.Equal(got, []string{"identity provider deactivate+delete"}) {
		t.Fatalf("plan %q", got)
	}
	if _, err := p.Apply(ctx, s, nil); err != nil {
		t.Fatal(err)
	}
	if n := len(o.Writes()); n != 2 {
		t.Errorf("%d writes", n)
	}
}

// A removal that stopped half way is finished by the next one, without errors on what is
// gone; and what goes away between the plan and the writes is no error either.
func TestRemoveAgainAfterAPartialFailure(t *testing.T) {
	o := daytwotest.Start(t)
	o.Apply(t)
	known := o.Setup(t).Known()

	p, s := plan(t, o, remove.Options{})
	stop := o.InjectFault(sim.Fault{Method: http.MethodDelete, PathTemplate: "/api/v1/idps/{idpId}", Status: http.StatusInternalServerError, Times: 1})
	var events []remove.Event
	_, err := p.Apply(ctx, s, func(e remove.Event) { events = append(events, e) })
	stop()
	if err == nil || !strings.Contains(err.Error(), "delete identity provider") {
		t.Fatalf("apply with a failing IdP delete: %v", err)
	}
	if last := events[len(events)-1]; last.Err == nil || last.Item.Kind != remove.KindIdP {
		t.Errorf("last event %+v", last)
	}
	if _, err := os.Stat(o.StatePath); err != nil {
		t.Fatalf("the progress file must stay until everything is removed: %v", err)
	}

	p, s = plan(t, o, remove.Options{})
	if got := kinds(p); !slices.Equal(got, []string{"identity provider delete"}) {
		t.Errorf("second plan %q (the IdP is inactive already)", got)
	}
	if len(p.Gone) != 2 {
		t.Errorf("gone %q, want the rule and the app", p.Gone)
	}
	// Someone deletes the IdP by hand between the plan and the writes.
	o.Call(t, http.MethodDelete, "/api/v1/idps/"+known.IdPID, nil, nil)
	res, err := p.Apply(ctx, s, nil)
	if err != nil {
		t.Fatalf("finishing the removal: %v", err)
	}
	if res.Gone != 1 || res.Writes != 0 || res.Archived == "" {
		t.Errorf("result %+v", res)
	}
}

// Adopted objects go; objects made by hand and never adopted stay, and a same-named object
// that is not ours is named.
func TestRemoveAfterAdoptionLeavesHandMadeObjects(t *testing.T) {
	o := daytwotest.Start(t)
	c := o.Client(t)
	// By hand, before idme-okta: the guide's IdP under the guide's name (adopted by the
	// IdP step), a partner's IdP, a rule and an app of the admin's.
	adopted, err := c.CreateIdP(ctx, daytwotest.HandIdP(steps.DefaultIdPName, o.Sandbox))
	if err != nil {
		t.Fatal(err)
	}
	partner := daytwotest.HandIdP("Partner SSO", o.Sandbox)
	partner.ClientID, partner.IssuerURL = "partner", "https://sso.partner.example/oidc"
	partner.AuthorizationURL, partner.TokenURL, partner.JWKSURL = "https://sso.partner.example/authorize", "https://sso.partner.example/token", "https://sso.partner.example/keys"
	partnerIdP, err := c.CreateIdP(ctx, partner)
	if err != nil {
		t.Fatal(err)
	}
	policy, err := c.IDPDiscoveryPolicy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	partnerRule, err := c.CreateRule(ctx, policy.ID, okta.Rule{Name: "Partner", Priority: 1, SelectionType: "SPECIFIC",
		Providers: []okta.Provider{{Type: "OKTA"}, {Type: "OIDC", ID: partnerIdP.ID}}, NetworkConnection: "ANYWHERE"}, true)
	if err != nil {
		t.Fatal(err)
	}
	hrApp, err := c.CreateOIDCApp(ctx, okta.OIDCApp{Label: "HR portal", RedirectURIs: []string{"https://hr.example/callback"}})
	if err != nil {
		t.Fatal(err)
	}

	o.Apply(t)
	known := o.Setup(t).Known()
	if known.IdPID != adopted.ID {
		t.Fatalf("the IdP step made %s instead of adopting %s", known.IdPID, adopted.ID)
	}
	// After the setup, someone renames the IdP and makes another under its old name (Okta
	// keeps IdP names unique), and an app with the test app's label.
	if _, err := c.ReplaceIdP(ctx, okta.IdP{ID: adopted.ID, Name: "ID.me (old)", ProfileMaster: true}); err != nil {
		t.Fatal(err)
	}
	twin, err := c.CreateIdP(ctx, daytwotest.HandIdP(steps.DefaultIdPName, o.Sandbox))
	if err != nil {
		t.Fatal(err)
	}
	twinApp, err := c.CreateOIDCApp(ctx, okta.OIDCApp{Label: steps.DefaultTestAppLabel, RedirectURIs: []string{"https://elsewhere.example/cb"}})
	if err != nil {
		t.Fatal(err)
	}
	o.ResetRequests()

	p, s := plan(t, o, remove.Options{})
	if got := kinds(p); len(got) != 3 {
		t.Fatalf("plan %q", got)
	}
	left := map[string]string{}
	for _, l := range p.Left {
		left[l.ID] = l.Kind + " " + l.Name
	}
	if left[twin.ID] == "" || left[twinApp.ID] == "" || len(left) != 2 {
		t.Errorf("left alone and named: %v, want the same-named IdP %s and app %s", left, twin.ID, twinApp.ID)
	}
	if _, err := p.Apply(ctx, s, nil); err != nil {
		t.Fatal(err)
	}
	for _, w := range o.Writes() {
		for _, id := range []string{partnerIdP.ID, partnerRule.ID, hrApp.ID, twin.ID, twinApp.ID} {
			if strings.Contains(w, id) {
				t.Errorf("%s touches %s, which idme-okta did not make or adopt", w, id)
			}
		}
	}
	for _, id := range []string{partnerIdP.ID, twin.ID} {
		if _, err := c.GetIdP(ctx, id); err != nil {
			t.Errorf("IdP %s: %v", id, err)
		}
	}
	for _, id := range []string{hrApp.ID, twinApp.ID} {
		if _, err := c.GetOIDCApp(ctx, id); err != nil {
			t.Errorf("app %s: %v", id, err)
		}
	}
	if _, err := c.GetIdP(ctx, adopted.ID); !okta.IsNotFound(err) {
		t.Errorf("adopted IdP: %v", err)
	}
}

// The progress file names an object by id, but it is no longer what idme-okta made: it is
// left alone.
func TestRemoveChecksWhatTheObjectIs(t *testing.T) {
	o := daytwotest.Start(t)
	o.Apply(t)
	known := o.Setup(t).Known()
	c := o.Client(t)
	// The admin repointed the IdP at another provider and the rule at another IdP.
	idp, err := c.GetIdP(ctx, known.IdPID)
	if err != nil {
		t.Fatal(err)
	}
	other := okta.IdP{ID: idp.ID, ClientID: "someone-else", IssuerURL: "https://login.partner.example/oidc",
		AuthorizationURL: "https://login.partner.example/authorize", TokenURL: "https://login.partner.example/token", JWKSURL: "https://login.partner.example/keys",
		ProfileMaster: true}
	if _, err := c.ReplaceIdP(ctx, other); err != nil {
		t.Fatal(err)
	}
	second, err := c.CreateIdP(ctx, daytwotest.HandIdP("Another", o.Sandbox))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ReplaceRule(ctx, okta.Rule{PolicyID: known.PolicyID, ID: known.RuleID, Providers: []okta.Provider{{Type: "OKTA"}, {Type: "OIDC", ID: second.ID}}}); err != nil {
		t.Fatal(err)
	}
	o.ResetRequests()

	p, _ := plan(t, o, remove.Options{})
	if got := kinds(p); !slices.Equal(got, []string{"test app deactivate+delete"}) {
		t.Errorf("plan %q: only the test app is still what idme-okta made", got)
	}
	left := map[string]bool{}
	for _, l := range p.Left {
		left[l.ID] = strings.Contains(l.Why, "changed by hand")
	}
	if !left[known.IdPID] || !left[known.RuleID] {
		t.Errorf("left %+v", p.Left)
	}
}

func TestRemoveWithoutProgressRemovesNothing(t *testing.T) {
	o := daytwotest.Start(t)
	o.Apply(t)
	if err := os.Remove(o.StatePath); err != nil {
		t.Fatal(err)
	}
	p, s := plan(t, o, remove.Options{Attributes: true})
	if !p.NoProgress || !p.Empty() {
		t.Errorf("plan without a progress file: %+v", p)
	}
	// Everything named like the setup is named and left alone; the attributes too, unnamed.
	if len(p.Left) != 3 {
		t.Errorf("left %+v, want the IdP, the rule and the app named like the setup's", p.Left)
	}
	if _, err := p.Apply(ctx, s, nil); err != nil {
		t.Fatal(err)
	}
	if w := o.Writes(); len(w) != 0 {
		t.Errorf("writes %q", w)
	}
}

func TestRemoveAttributesCountsUsersFirst(t *testing.T) {
	o := daytwotest.Start(t)
	o.Apply(t)
	known := o.Setup(t).Known()
	// One person signs in through ID.me: Okta creates the user and fills idme_uuid.
	if page := o.SignIn(t, known.IdPID, "verified"); page.Title != "Okta End-User Dashboard" {
		t.Fatalf("sign-in ended on %q: %s", page.Title, page.Text())
	}
	o.ResetRequests()

	p, s := plan(t, o, remove.Options{Attributes: true})
	last := p.Items[len(p.Items)-1]
	if last.Kind != remove.KindAttributes || !slices.Contains(strings.Split(last.Name, ", "), "idme_uuid") {
		t.Fatalf("last item %+v: the attributes go last", last)
	}
	if n := last.Users["idme_uuid"]; n.N != 1 || !n.Exact {
		t.Errorf("users with idme_uuid: %v", n)
	}
	if total := p.AttributeUsers(); total.N < 1 || p.CountFailed != "" {
		t.Errorf("total %v, count failed %q", total, p.CountFailed)
	}
	if _, err := p.Apply(ctx, s, nil); err != nil {
		t.Fatal(err)
	}
	schema, err := o.Client(t).UserSchema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := schema["idme_uuid"]; ok {
		t.Error("idme_uuid is still there")
	}
	if _, ok := schema["firstName"]; !ok {
		t.Error("a base attribute went")
	}
}

// Without a cheap count, the plan says so (the command then asks sternly).
func TestRemoveAttributesWithoutACount(t *testing.T) {
	o := daytwotest.Start(t)
	o.Apply(t)
	stop := o.InjectFault(sim.Fault{Method: http.MethodGet, PathTemplate: "/api/v1/users", Status: http.StatusForbidden})
	defer stop()
	p, _ := plan(t, o, remove.Options{Attributes: true})
	last := p.Items[len(p.Items)-1]
	if last.Kind != remove.KindAttributes || last.Users != nil || p.CountFailed == "" {
		t.Errorf("attributes item %+v, count failed %q", last, p.CountFailed)
	}
}

// A rule someone else made that routes to the IdP stays (Okta deactivates it with the IdP);
// the plan says so.
func TestRemoveNamesRulesOfOthersToTheIdP(t *testing.T) {
	o := daytwotest.Start(t)
	o.Apply(t)
	known := o.Setup(t).Known()
	c := o.Client(t)
	vip, err := c.CreateRule(ctx, known.PolicyID, okta.Rule{Name: "VIPs to ID.me", Priority: 1, SelectionType: "SPECIFIC",
		Providers: []okta.Provider{{Type: "OKTA"}, {Type: "OIDC", ID: known.IdPID}}, NetworkConnection: "ANYWHERE",
		UserIdentifierType: "IDENTIFIER", UserIdentifierPatterns: []okta.IdentifierPattern{{MatchType: "SUFFIX", Value: "vip.example"}}}, true)
	if err != nil {
		t.Fatal(err)
	}
	o.ResetRequests()
	p, s := plan(t, o, remove.Options{})
	i := slices.IndexFunc(p.Left, func(l remove.Left) bool { return l.ID == vip.ID })
	if i < 0 || !strings.Contains(p.Left[i].Why, "Okta deactivates") {
		t.Fatalf("left %+v", p.Left)
	}
	if _, err := p.Apply(ctx, s, nil); err != nil {
		t.Fatal(err)
	}
	for _, w := range o.Writes() {
		if strings.Contains(w, vip.ID) {
			t.Errorf("%s touches the hand-made rule", w)
		}
	}
}

// An older idme-okta added birth_date and transaction_ial to every setup, whatever the
// mapping table filled; the current one needs neither, yet they are the setup's: --attributes
// removes them when they are as idme-okta made them (a string with the catalogue's title and
// description) and this setup's progress recorded the attribute step. An admin's look-alike
// (same name, another title) stays.
func TestRemoveAttributesAnOlderVersionAdded(t *testing.T) {
	o := daytwotest.Start(t)
	o.Apply(t)
	c := o.Client(t)
	// As the older version sent them (steps/user_attributes.go before 54ed56c).
	if _, err := c.AddUserAttributes(ctx, []okta.Attribute{
		{Name: "birth_date", Title: "Birth date (YYYY-MM-DD)", Type: "string"},
		{Name: "transaction_ial", Title: "IAL", Type: "string"}, // made by hand
	}); err != nil {
		t.Fatal(err)
	}
	o.ResetRequests()

	p, s := plan(t, o, remove.Options{Attributes: true})
	last := p.Items[len(p.Items)-1]
	if last.Kind != remove.KindAttributes || last.Name != "idme_uuid, birth_date" {
		t.Fatalf("attributes item %+v: want idme_uuid and the older version's birth_date, not the hand-made transaction_ial", last)
	}
	if _, ok := last.Users["birth_date"]; !ok {
		t.Errorf("users of birth_date not counted: %v", last.Users)
	}
	if _, err := p.Apply(ctx, s, nil); err != nil {
		t.Fatal(err)
	}
	schema, err := c.UserSchema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"idme_uuid": false, "birth_date": false, "transaction_ial": true} {
		if _, ok := schema[name]; ok != want {
			t.Errorf("%s in the schema after remove: %v, want %v", name, ok, want)
		}
	}
}

// Without the attribute step in the progress file, nothing shows idme-okta made the older
// defaults, however they look.
func TestRemoveLeavesOlderDefaultsOfAnotherSetup(t *testing.T) {
	o := daytwotest.Start(t)
	o.Apply(t, steps.Connect(), steps.IdentityProvider())
	if _, err := o.Client(t).AddUserAttributes(ctx, []okta.Attribute{
		{Name: "birth_date", Title: "Birth date (YYYY-MM-DD)", Type: "string"},
		{Name: "transaction_ial", Title: "Transaction IAL", Type: "string", Description: "Identity assurance level of this sign-in, when the policy releases it."},
	}); err != nil {
		t.Fatal(err)
	}
	o.ResetRequests()
	p, _ := plan(t, o, remove.Options{Attributes: true})
	for _, it := range p.Items {
		if it.Kind == remove.KindAttributes {
			t.Errorf("attributes planned without the attribute step on record: %+v", it)
		}
	}
}
