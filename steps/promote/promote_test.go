package promote_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta/sim/simbrowser"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/internal/daytwotest"
	"github.com/idme-okta/idme-okta/steps/promote"
	"github.com/idme-okta/idme-okta/steps/signin"
)

var ctx = context.Background()

func toProduction(o *daytwotest.Org) promote.Options {
	return promote.Options{To: promote.ToProduction, BaseURL: o.Production.BaseURL(),
		ClientID: o.Production.ClientID, ClientSecret: o.Production.ClientSecret}
}

// testSignIn runs the live test sign-in as `test-signin` does, a simulated browser in place
// of the person's.
func testSignIn(t *testing.T, o *daytwotest.Org) *signin.Result {
	t.Helper()
	s := o.Setup(t)
	if err := signin.Ready(ctx, s, func(string) {}); err != nil {
		t.Fatal(err)
	}
	opts := signin.OptionsFor(s)
	opts.Timeout, opts.LogSettle, opts.Now = 30*time.Second, -1, o.Clock.Now
	opts.OpenBrowser = func(u string) error {
		_, err := simbrowser.New().Open(ctx, u)
		return err
	}
	res, err := signin.Run(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestPromoteToProductionThenTestSignIn(t *testing.T) {
	o := daytwotest.Start(t, daytwotest.WithProduction())
	o.Apply(t)
	before := o.Setup(t).Known()

	next, err := promote.Prepare(o.Setup(t), toProduction(o))
	if err != nil {
		t.Fatal(err)
	}
	var planned []string
	if err := promote.Plan(ctx, next, toProduction(o), func(e steps.Event) {
		if e.Kind == steps.EventPlanned {
			for _, ch := range e.Report.Changes {
				planned = append(planned, e.StepID+": "+ch.Action+" "+strings.Join(ch.Details, "; "))
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	if n := simtest.Writes(o.Org); n != 0 {
		t.Fatalf("the plan wrote %d times", n)
	}
	all := strings.Join(planned, "\n")
	for _, want := range []string{
		"client ID: " + o.Sandbox.ClientID + " → " + o.Production.ClientID,
		"issuer: " + o.Sandbox.BaseURL() + "oidc → " + o.Production.BaseURL() + "oidc",
		"token endpoint: ", "authorization endpoint: ", "JWKS endpoint: ",
		"client secret: the stored one → the one you entered",
		"handoff: save",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the plan does not say %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, o.Production.ClientSecret) || strings.Contains(all, o.Sandbox.ClientSecret) {
		t.Fatal("the plan shows a client secret")
	}

	if err := promote.Apply(ctx, next, nil); err != nil {
		t.Fatal(err)
	}
	// One replace of the same IdP, no deactivation, nothing new.
	var idpWrites []string
	for _, w := range o.Writes() {
		if strings.Contains(w, "/idps") {
			idpWrites = append(idpWrites, w)
		}
	}
	if want := []string{"PUT /api/v1/idps/" + before.IdPID}; !slices.Equal(idpWrites, want) {
		t.Errorf("IdP writes %q, want %q", idpWrites, want)
	}
	idp, err := o.Client(t).GetIdP(ctx, before.IdPID)
	if err != nil {
		t.Fatal(err)
	}
	if idp.Status != "ACTIVE" || idp.ClientID != o.Production.ClientID || !strings.HasPrefix(idp.TokenURL, o.Production.BaseURL()) ||
		!strings.HasPrefix(idp.IssuerURL, o.Production.BaseURL()) || !idp.SecretMatches(o.Production.ClientSecret) {
		t.Errorf("IdP after promote: %+v", idp)
	}
	// The redirect URI stays the org's; the handoff sheet now says production.
	after := o.Setup(t)
	if k := after.Known(); k.RedirectURI != before.RedirectURI || k.IdPID != before.IdPID {
		t.Errorf("objects after promote %+v, before %+v", k, before)
	}
	if after.Answers.IDmeClientID != o.Production.ClientID || after.Answers.IDmeBaseURL != o.Production.BaseURL() {
		t.Errorf("saved answers %+v", after.Answers)
	}
	sheet, err := os.ReadFile(steps.HandoffPath(o.StatePath))
	if err != nil || !strings.Contains(string(sheet), o.Production.ClientID) || !strings.Contains(string(sheet), before.RedirectURI) {
		t.Errorf("handoff sheet after promote (%v):\n%s", err, sheet)
	}

	// The test sign-in passes against the production stand-in, and sandbox sees nothing.
	sandboxBefore := len(o.Sandbox.Requests())
	res := testSignIn(t, o)
	if !res.Pass {
		t.Fatalf("test sign-in after promote failed: %+v", res.Problems)
	}
	if len(o.Production.Requests()) == 0 || len(o.Sandbox.Requests()) != sandboxBefore {
		t.Errorf("production saw %d requests, sandbox %d more", len(o.Production.Requests()), len(o.Sandbox.Requests())-sandboxBefore)
	}

	// Promoting again changes nothing.
	o.ResetRequests()
	again, err := promote.Prepare(o.Setup(t), toProduction(o))
	if err != nil {
		t.Fatal(err)
	}
	if err := promote.Apply(ctx, again, nil); err != nil || len(o.Writes()) != 0 {
		t.Errorf("second promote: %v, writes %q", err, o.Writes())
	}
}

func TestPromoteChangesThePolicyHandleToo(t *testing.T) {
	o := daytwotest.Start(t, daytwotest.WithProduction())
	o.Apply(t)
	opts := toProduction(o)
	opts.PolicyHandle = "teacher"
	next, err := promote.Prepare(o.Setup(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := promote.Apply(ctx, next, nil); err != nil {
		t.Fatal(err)
	}
	idp, err := o.Client(t).GetIdP(ctx, o.Setup(t).Known().IdPID)
	if err != nil || strings.Join(idp.Scopes, " ") != "openid teacher" {
		t.Errorf("scopes %v, %v", idp.Scopes, err)
	}
}

func TestPromoteWithoutASetupIsRefused(t *testing.T) {
	o := daytwotest.Start(t, daytwotest.WithProduction())
	s := o.Setup(t)
	opts := toProduction(o)
	next, err := promote.Prepare(s, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := promote.Plan(ctx, next, opts, nil); !errors.Is(err, promote.ErrNothingToPromote) {
		t.Errorf("plan on an empty org: %v", err)
	}
	if n := simtest.Writes(o.Org); n != 0 {
		t.Errorf("%d writes", n)
	}
}

func TestPromoteOptionsAreCheckedFirst(t *testing.T) {
	o := daytwotest.Start(t, daytwotest.WithProduction())
	cur := o.Answers()
	good := toProduction(o)
	for name, change := range map[string]func(*promote.Options){
		"to sandbox":         func(p *promote.Options) { p.To = "sandbox" },
		"no client ID":       func(p *promote.Options) { p.ClientID = "" },
		"the sandbox client": func(p *promote.Options) { p.ClientID = o.Sandbox.ClientID },
		"no secret":          func(p *promote.Options) { p.ClientSecret = "" },
		"bad handle":         func(p *promote.Options) { p.PolicyHandle = "openid" },
		"nowhere":            func(p *promote.Options) { p.To = "" },
		"plain http":         func(p *promote.Options) { p.BaseURL = "http://id.example/" },
		"this org's file":    func(p *promote.Options) { p.From = &steps.Progress{OrgURL: o.URL(), Answers: cur} },
	} {
		opts := good
		change(&opts)
		_, err := promote.Answers(cur, opts)
		var inv *promote.InvalidError
		if !errors.As(err, &inv) {
			t.Errorf("%s: %v, want an InvalidError", name, err)
		}
		if err != nil && strings.Contains(err.Error(), o.Production.ClientSecret) {
			t.Errorf("%s: the error shows the secret", name)
		}
	}
	a, err := promote.Answers(cur, good)
	if err != nil {
		t.Fatal(err)
	}
	if a.IDmeEnv != "custom" || a.IDmeBaseURL != o.Production.BaseURL() || a.PolicyHandle != cur.PolicyHandle || !slices.Equal(a.Mappings, cur.Mappings) {
		t.Errorf("moved answers %+v", a)
	}
	if real, err := promote.Answers(cur, promote.Options{To: promote.ToProduction, ClientID: "prod", ClientSecret: "s"}); err != nil || real.IDmeEnv != "production" || real.IDmeBaseURL != "https://api.id.me/" {
		t.Errorf("to ID.me's production: %+v, %v", real, err)
	}
}

// --from-state: a finished setup's answers, mapping edits and names included, are applied to
// another org through the normal steps; what belongs to the first org stays behind.
func TestPromoteCarriesASetupToAnotherOrg(t *testing.T) {
	preview := daytwotest.Start(t, daytwotest.WithProduction())
	edited := preview.Answers()
	edited.IdPName, edited.RuleName = "ID.me (from preview)", "ID.me routing (from preview)"
	edited.Mappings = append(slices.Clone(edited.Mappings), steps.MappingRow{Attribute: "birth_date", Claim: "birth_date"})
	s := preview.Setup(t)
	s.Answers = edited
	if err := steps.Run(ctx, s, steps.All(), steps.RunOptions{AllowOverwrite: true}); err != nil {
		t.Fatalf("preview setup: %v", err)
	}
	from, err := steps.LoadProgress(preview.StatePath)
	if err != nil {
		t.Fatal(err)
	}
	from.Answers.TestGroupID = "00gPREVIEWGROUP0001" // the preview org's group: not carried

	prod := daytwotest.Start(t, daytwotest.WithProduction())
	target := prod.Setup(t) // no progress file there yet
	opts := promote.Options{From: from}
	a, err := promote.Answers(target.Answers, opts)
	if err != nil {
		t.Fatal(err)
	}
	if a.OrgURL != prod.URL() || a.IdPName != edited.IdPName || a.TestGroupID != "" || !slices.Contains(a.Mappings, steps.MappingRow{Attribute: "birth_date", Claim: "birth_date"}) {
		t.Errorf("carried answers %+v", a)
	}
	next, err := promote.Prepare(target, opts)
	if err != nil {
		t.Fatal(err)
	}
	// The ID.me client here is the preview's (the sandbox stand-in of the first world, which
	// knows only the first org's callback): the secret is given for the new IdP.
	next.Secrets.IDmeClientSecret = preview.Sandbox.ClientSecret
	if err := promote.Plan(ctx, next, opts, nil); err != nil {
		t.Fatal(err)
	}
	if err := promote.Apply(ctx, next, nil); err != nil {
		t.Fatal(err)
	}
	idps, err := prod.Client(t).FindIdPsByName(ctx, edited.IdPName)
	if err != nil || len(idps) != 1 {
		t.Fatalf("IdP named %q in the second org: %d, %v", edited.IdPName, len(idps), err)
	}
	m, err := prod.Client(t).FindMapping(ctx, idps[0].ID, mustDefaultType(t, prod))
	if err != nil || m.Properties["birth_date"].Expression != (steps.MappingRow{Attribute: "birth_date", Claim: "birth_date"}).Expression() {
		t.Errorf("carried mapping row: %+v, %v", m, err)
	}
	if p, err := steps.LoadProgress(prod.StatePath); err != nil || p.Answers.RuleName != edited.RuleName || p.Objects.IdPID != idps[0].ID {
		t.Errorf("second org's progress: %+v, %v", p, err)
	}
}

func mustDefaultType(t *testing.T, o *daytwotest.Org) string {
	t.Helper()
	id, err := o.Client(t).DefaultUserTypeID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
