package steps

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// handMadeIdP is what an admin who half-followed the guide made: another name, the same
// ID.me client, the guide's endpoints, a userinfo endpoint left set and the console's scopes.
func handMadeIdP(t *testing.T, e *simEnv, name string, change func(*okta.IdP)) *okta.IdP {
	t.Helper()
	idp := desiredIdP(simAnswers(e.org), true)
	idp.Name = name
	idp.Scopes = []string{"openid", "profile", "email"}
	idp.UserInfoURL = idp.IssuerURL + "/userinfo"
	idp.ClientSecret = testClientSecret
	if change != nil {
		change(&idp)
	}
	got, err := e.client(t, e.org.AdminToken()).CreateIdP(context.Background(), idp)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// handMadeRule adds a routing rule as an admin would in the console (inactive unless said).
func handMadeRule(t *testing.T, e *simEnv, r okta.Rule, activate bool) *okta.Rule {
	t.Helper()
	c := e.client(t, e.org.AdminToken())
	policy, err := c.IDPDiscoveryPolicy(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	r.SelectionType, r.NetworkConnection = "SPECIFIC", "ANYWHERE"
	got, err := c.CreateRule(context.Background(), policy.ID, r, activate)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func customRules(e *simEnv) []map[string]any {
	var out []map[string]any
	for _, r := range e.org.Snapshot().Rules {
		if r["system"] != true {
			out = append(out, r)
		}
	}
	return out
}

func planOf(t *testing.T, s *Setup) map[string]Event {
	t.Helper()
	events := map[string]Event{}
	err := Run(context.Background(), s, All(), RunOptions{PlanOnly: true, OnEvent: func(ev Event) {
		if ev.Kind != EventChecked {
			events[ev.StepID] = ev
		}
	}})
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	return events
}

// The org: an IdP "ID.me" made by hand for the same ID.me client and an INACTIVE
// rule "ID.me" routing to it alone. The plan adopts both instead of making a second pair;
// without confirmation nothing at all is written; confirmed, the IdP keeps its name and is
// repaired, the rule is repaired to Okta + ID.me before it is activated, and a second run
// writes nothing.
func TestAHandMadeSetupIsAdoptedAndRepairedNotDoubled(t *testing.T) {
	e := startSim(t)
	idp := handMadeIdP(t, e, "ID.me", nil)
	rule := handMadeRule(t, e, okta.Rule{Name: "ID.me", Priority: 1, Providers: []okta.Provider{{Type: "OIDC", ID: idp.ID}}}, false)
	e.org.ResetRequests()

	ev := planOf(t, e.setup(t))
	idpPlan := allDetails(ev[IDIdentityProvider].Report)
	for _, want := range []string{`adopt identity provider "ID.me"`, idp.ID, "userinfo endpoint: " + idp.UserInfoURL + " → (none)", "scopes: openid profile email → openid teacher"} {
		if !strings.Contains(idpPlan, want) {
			t.Errorf("IdP plan lacks %q:\n%s", want, idpPlan)
		}
	}
	// Later steps' plans name the IdP the plan adopts, not the name idme-okta would give one.
	if mapPlan := allDetails(ev[IDProfileMappings].Report); !strings.Contains(mapPlan, "profile mapping ID.me → Okta user") {
		t.Errorf("mapping plan does not name the adopted IdP:\n%s", mapPlan)
	}
	rulePlan := allDetails(ev[IDRoutingRule].Report)
	if !strings.Contains(rulePlan, `replace routing rule "ID.me"`) || !strings.Contains(rulePlan, "providers: OIDC "+idp.ID+" → OKTA, OIDC "+idp.ID) ||
		!strings.Contains(rulePlan, "activate") || strings.Contains(rulePlan, "create") {
		t.Errorf("rule plan:\n%s", rulePlan)
	}

	err := Run(context.Background(), e.setup(t), All(), RunOptions{})
	var refused *OverwriteRefusedError
	if !errors.As(err, &refused) || !refused.Stopped || !strings.Contains(err.Error(), "--yes") {
		t.Fatalf("without --yes: %v", err)
	}
	if got := writes(e.org); len(got) != 0 {
		t.Fatalf("wrote without confirmation:%s", joinLines(got))
	}

	s := e.setup(t)
	e.run(t, s, RunOptions{AllowOverwrite: true})
	snap := e.org.Snapshot()
	if len(snap.IdPs) != 1 || snap.IdPs[0]["name"] != "ID.me" || simtest.At(snap.IdPs[0], "protocol", "endpoints", "userInfo") != nil {
		t.Fatalf("IdPs after adoption: %v", simtest.Redact(snap.IdPs))
	}
	rules := customRules(e)
	if len(rules) != 1 || rules[0]["id"] != rule.ID || rules[0]["name"] != "ID.me" || rules[0]["status"] != "ACTIVE" ||
		fmt.Sprint(simtest.At(rules[0], "actions", "idp", "providers")) != fmt.Sprintf("[map[type:OKTA] map[id:%s type:OIDC]]", idp.ID) {
		t.Fatalf("rules after adoption: %v", rules)
	}
	if k := s.Known(); k.Adopted[adoptedIdP] != idp.ID || k.Adopted[adoptedRule] != rule.ID || s.Answers.IdPName != "ID.me" {
		t.Errorf("adoption not recorded: %+v, IdP name %q", k.Adopted, s.Answers.IdPName)
	}
	p, err := LoadProgress(e.statePath)
	if err != nil || p.Objects.Adopted[adoptedIdP] != idp.ID {
		t.Errorf("progress file: %+v, %v", p, err)
	}

	// A later run resumes with the progress file's answers, as the commands do.
	e.org.ResetRequests()
	e.run(t, e.setupWith(t, p.Answers, e.secrets()), RunOptions{})
	if got := writes(e.org); len(got) != 0 {
		t.Errorf("second run wrote:%s", joinLines(got))
	}
	if o := outcomeOf(t, e.setupWith(t, p.Answers, e.secrets()), IDIdentityProvider); !strings.Contains(o.Report.Detail, "(adopted)") {
		t.Errorf("status detail %q does not say the IdP was adopted", o.Report.Detail)
	}
}

// Two IdPs for the same client: no write, an error that lists both and names --idp-id; with
// the choice, that one is adopted and the other left alone.
func TestSeveralCandidatesNeedAChoice(t *testing.T) {
	e := startSim(t)
	a := handMadeIdP(t, e, "ID.me A", nil)
	b := handMadeIdP(t, e, "ID.me B", nil)
	e.org.ResetRequests()
	err := Run(context.Background(), e.setup(t), All(), RunOptions{AllowOverwrite: true})
	var choose *IdPChoiceError
	if !errors.As(err, &choose) || !strings.Contains(err.Error(), a.ID) || !strings.Contains(err.Error(), b.ID) || !strings.Contains(err.Error(), "--idp-id") {
		t.Fatalf("err = %v", err)
	}
	if got := writes(e.org); len(got) != 0 {
		t.Fatalf("wrote:%s", joinLines(got))
	}
	ans := simAnswers(e.org)
	ans.IdPID = b.ID
	s := e.setupWith(t, ans, e.secrets())
	e.run(t, s, RunOptions{AllowOverwrite: true})
	if s.Known().IdPID != b.ID || len(e.org.Snapshot().IdPs) != 2 {
		t.Fatalf("adopted %s; %d IdPs", s.Known().IdPID, len(e.org.Snapshot().IdPs))
	}
	left := where(e.org.Snapshot().IdPs, "id", a.ID)[0]
	if simtest.At(left, "protocol", "endpoints", "userInfo") == nil {
		t.Error("the IdP not chosen was changed")
	}
}

// An ID.me IdP of the other environment, and one of another client, are other integrations:
// left alone and named; ours is created beside them, under another name when theirs is ours.
func TestOtherIDmeIntegrationsAreLeftAlone(t *testing.T) {
	e := startSim(t)
	prod := handMadeIdP(t, e, DefaultIdPName, func(i *okta.IdP) {
		i.IssuerURL, i.AuthorizationURL = "https://api.id.me/oidc", "https://api.id.me/oauth/authorize"
		i.TokenURL, i.JWKSURL = "https://api.id.me/oauth/token", "https://api.id.me/oidc/.well-known/jwks"
	})
	other := handMadeIdP(t, e, "Partner ID.me", func(i *okta.IdP) { i.ClientID = "someone-else" })
	s := e.setup(t)
	o := outcomeOf(t, s, IDIdentityProvider)
	if o.Report.Status != StatusMissing || !containsText(o.Report.Notes, prod.ID) || !containsText(o.Report.Notes, "another environment") ||
		!containsText(o.Report.Notes, other.ID) || !containsText(o.Report.Notes, "another client ID") {
		t.Fatalf("report %s, notes %v", o.Report.Status, o.Report.Notes)
	}
	e.run(t, e.setup(t), RunOptions{})
	snap := e.org.Snapshot()
	if len(snap.IdPs) != 3 || len(where(snap.IdPs, "name", DefaultIdPName+" (2)")) != 1 {
		t.Fatalf("IdPs: %v", simtest.Redact(snap.IdPs))
	}
	for _, id := range []string{prod.ID, other.ID} {
		if simtest.At(where(snap.IdPs, "id", id)[0], "protocol", "endpoints", "userInfo") == nil {
			t.Errorf("IdP %s was changed", id)
		}
	}
}

// A rule that only carries our name routes to a partner IdP: it is never re-pointed; ours is
// created under another name, and the plan says so.
func TestASameNamedRuleThatIsNotOursIsLeftAlone(t *testing.T) {
	e := startSim(t)
	partner := handMadeIdP(t, e, "Partner", func(i *okta.IdP) {
		i.ClientID, i.IssuerURL = "partner", "https://partner.example/oidc"
		i.AuthorizationURL, i.TokenURL, i.JWKSURL = "https://partner.example/authorize", "https://partner.example/token", "https://partner.example/jwks"
	})
	theirs := handMadeRule(t, e, okta.Rule{Name: DefaultRuleName, Priority: 1, Providers: []okta.Provider{{Type: "OKTA"}, {Type: "OIDC", ID: partner.ID}}}, true)
	ev := planOf(t, e.setup(t))
	r := ev[IDRoutingRule].Report
	if !strings.Contains(allDetails(r), `create routing rule "`+DefaultRuleName+` (2)"`) || !containsText(r.Notes, "not idme-okta's") {
		t.Fatalf("plan:\n%s\nnotes %v", allDetails(r), r.Notes)
	}
	e.run(t, e.setup(t), RunOptions{})
	got := where(customRules(e), "id", theirs.ID)[0]
	if fmt.Sprint(simtest.At(got, "actions", "idp", "providers")) != fmt.Sprintf("[map[type:OKTA] map[id:%s type:OIDC]]", partner.ID) {
		t.Errorf("the partner's rule was changed: %v", got)
	}
	if len(where(customRules(e), "name", DefaultRuleName+" (2)")) != 1 {
		t.Errorf("rules: %v", customRules(e))
	}
}

// A rule of higher priority that matches everyone and routes elsewhere makes ours dead: the
// check says so (status and plan).
func TestAShadowingRuleIsFlagged(t *testing.T) {
	e := startSim(t)
	e.run(t, e.setup(t), RunOptions{})
	k := e.setup(t).Known()
	// Ours is moved down by a catch-all the admin puts first.
	handMadeRule(t, e, okta.Rule{Name: "Everyone to Okta", Priority: 1, Providers: []okta.Provider{{Type: "OKTA"}}}, true)
	o := outcomeOf(t, e.setup(t), IDRoutingRule)
	if !containsText(o.Report.Notes, `"Everyone to Okta" (priority 1`) || !strings.Contains(o.Report.Detail, "routes every user elsewhere") {
		t.Fatalf("report %q, notes %v", o.Report.Detail, o.Report.Notes)
	}
	if !strings.Contains(allDetails(o.Report), "priority: 2 → 1") {
		t.Errorf("the repair does not put ours first:\n%s", allDetails(o.Report))
	}
	_ = k
}

// Classic Engine: without a scope, no rule is ever sent (Okta would refuse two providers, and
// ID.me alone would catch every user); --yes records "no rule" as the decision. With a
// username pattern, a single-provider scoped rule is made; a second run writes nothing.
func TestClassicEngineRoutingRule(t *testing.T) {
	org := simtest.Start(t, simtest.Classic)
	e := &simEnv{org: org, statePath: t.TempDir() + "/org.json"}
	s := e.setup(t)
	o := outcomeOf(t, s, IDConnect)
	if s.Known().Engine != okta.EngineClassic || !strings.Contains(o.Report.Detail, "Classic Engine") {
		t.Fatalf("connect: %q, engine %q", o.Report.Detail, s.Known().Engine)
	}
	// The wizard asks; a headless plan is told the flags instead (Decision.Headless).
	if r := outcomeOf(t, e.setup(t), IDRoutingRule).Report; r.Decision == nil || len(r.Decision.Options) != 3 ||
		!strings.Contains(r.Decision.Headless, "--rule-app") || slices.ContainsFunc(r.Notes, func(n string) bool { return strings.Contains(n, "--rule-app") }) {
		t.Fatalf("Classic without a scope: decision %+v, notes %q", r.Decision, r.Notes)
	}
	err := Run(context.Background(), e.setup(t), All(), RunOptions{})
	var refused *OverwriteRefusedError
	if !errors.As(err, &refused) || !reflect.DeepEqual(refused.StepIDs, []string{IDRoutingRule}) {
		t.Fatalf("without --yes: %v", err)
	}
	e.run(t, e.setup(t), RunOptions{AllowOverwrite: true})
	for _, w := range writes(org) {
		if strings.Contains(w, "/rules") {
			t.Errorf("a rule request was sent on Classic without a scope: %s", w)
		}
	}
	p, err := LoadProgress(e.statePath)
	if err != nil || !p.Answers.NoRule {
		t.Fatalf("the decision is not in the progress file: %v", err)
	}
	s = e.setupWith(t, p.Answers, e.secrets())
	if o := outcomeOf(t, s, IDRoutingRule); o.Report.Status != StatusDone || !strings.Contains(o.Report.Detail, "by decision") {
		t.Fatalf("after --yes: %s %q", o.Report.Status, o.Report.Detail)
	}

	a := simAnswers(org)
	a.RuleUserPattern = "example.com"
	e.run(t, e.setupWith(t, a, e.secrets()), RunOptions{})
	rules := customRules(e)
	if len(rules) != 1 || rules[0]["status"] != "ACTIVE" ||
		fmt.Sprint(simtest.At(rules[0], "conditions", "userIdentifier", "patterns")) != "[map[matchType:SUFFIX value:example.com]]" ||
		len(simtest.At(rules[0], "actions", "idp", "providers").([]any)) != 1 {
		t.Fatalf("scoped rule: %v", rules)
	}
	org.ResetRequests()
	e.run(t, e.setupWith(t, a, e.secrets()), RunOptions{})
	if got := writes(org); len(got) != 0 {
		t.Errorf("second run wrote:%s", joinLines(got))
	}
}

// A lived-in org's own rules keep working: ours, which matches every sign-in, is created
// after the admin's scoped rules (placed first, it would catch the contractors and partners
// they route), and a rule the admin puts first later that does not shadow ours moves ours down
// without being drift: status stays done and a rerun writes nothing.
func TestAnAdminsScopedRulesKeepTheirPlace(t *testing.T) {
	e := startSim(t)
	contractors := handMadeRule(t, e, okta.Rule{Name: "Contractors", Priority: 1, Providers: []okta.Provider{{Type: "OKTA"}},
		UserIdentifierType: "IDENTIFIER", UserIdentifierPatterns: []okta.IdentifierPattern{{MatchType: "SUFFIX", Value: "contractor.example"}}}, true)
	handMadeRule(t, e, okta.Rule{Name: "Old portal", Priority: 2, Providers: []okta.Provider{{Type: "OKTA"}}}, false)
	e.org.ResetRequests()

	e.run(t, e.setup(t), RunOptions{})
	priorities := func() map[string]string {
		out := map[string]string{}
		for _, r := range customRules(e) {
			out[fmt.Sprint(r["name"])] = fmt.Sprint(r["priority"])
		}
		return out
	}
	if got := priorities(); got["Contractors"] != "1" || got[DefaultRuleName] != "3" {
		t.Fatalf("priorities after the first run: %v (ours must follow the admin's rules)", got)
	}

	// Later the admin puts another scoped rule first.
	handMadeRule(t, e, okta.Rule{Name: "Partners", Priority: 1, Providers: []okta.Provider{{Type: "OKTA"}},
		UserIdentifierType: "IDENTIFIER", UserIdentifierPatterns: []okta.IdentifierPattern{{MatchType: "SUFFIX", Value: "partner.example"}}}, true)
	e.org.ResetRequests()
	if o := outcomeOf(t, e.setup(t), IDRoutingRule); o.Report.Status != StatusDone || len(o.Report.Changes) > 0 {
		t.Fatalf("after the admin's new first rule: %s %q\n%s", o.Report.Status, o.Report.Detail, allDetails(o.Report))
	}
	e.run(t, e.setup(t), RunOptions{AllowOverwrite: true})
	if got := writes(e.org); len(got) != 0 {
		t.Errorf("rerun wrote:%s", joinLines(got))
	}
	if got := priorities(); got["Partners"] != "1" || got["Contractors"] != "2" || got[DefaultRuleName] != "4" {
		t.Errorf("priorities after the rerun: %v", got)
	}
	_ = contractors
}

// A hand-made rule for ID.me is adopted where the admin put it: activated, not moved, when
// nothing before it catches every sign-in.
func TestAnAdoptedRuleKeepsItsPriority(t *testing.T) {
	e := startSim(t)
	handMadeRule(t, e, okta.Rule{Name: "Contractors", Priority: 1, Providers: []okta.Provider{{Type: "OKTA"}},
		UserIdentifierType: "IDENTIFIER", UserIdentifierPatterns: []okta.IdentifierPattern{{MatchType: "SUFFIX", Value: "contractor.example"}}}, true)
	e.run(t, e.setup(t), RunOptions{})
	k := e.setup(t).Known()
	// The admin's own ID.me rule, saved but not activated, after the contractors.
	c := e.client(t, e.org.AdminToken())
	if err := c.DeleteRule(context.Background(), k.PolicyID, k.RuleID); err != nil {
		t.Fatal(err)
	}
	theirs := handMadeRule(t, e, okta.Rule{Name: "ID.me button", Priority: 2, Providers: []okta.Provider{{Type: "OKTA"}, {Type: "OIDC", ID: k.IdPID}}}, false)
	o := outcomeOf(t, e.setup(t), IDRoutingRule)
	if d := allDetails(o.Report); strings.Contains(d, "priority") || !strings.Contains(d, `activate routing rule "ID.me button"`) {
		t.Fatalf("plan for the admin's rule at priority %d:\n%s", theirs.Priority, d)
	}
}

// A catch-all rule made in the console carries a platform condition of any device: it still
// matches every sign-in. The plan puts ours before it and says it stops applying, rather
// than creating ours behind it where nobody would ever reach it; a rerun writes nothing.
func TestAConsoleCatchAllWithAnyDeviceIsSeenAsOne(t *testing.T) {
	e := startSim(t)
	simtest.SeedRule(t, e.org, simtest.Rule{Name: "Everyone to Okta", Okta: true, Priority: 1, AnyDevice: true})
	ev := planOf(t, e.setup(t))
	if d := allDetails(ev[IDRoutingRule].Report); !strings.Contains(d, "priority: 1") || !strings.Contains(d, `before routing rule "Everyone to Okta" (priority 1)`) {
		t.Fatalf("plan does not put ours before the console's catch-all:\n%s", d)
	}
	e.run(t, e.setup(t), RunOptions{})
	for _, r := range customRules(e) {
		if want := map[string]string{DefaultRuleName: "1", "Everyone to Okta": "2"}[fmt.Sprint(r["name"])]; fmt.Sprint(r["priority"]) != want {
			t.Errorf("rule %q at priority %v, want %s", r["name"], r["priority"], want)
		}
	}
	e.org.ResetRequests()
	e.run(t, e.setup(t), RunOptions{AllowOverwrite: true})
	if got := writes(e.org); len(got) != 0 {
		t.Errorf("rerun wrote:%s", joinLines(got))
	}
}

// Classic Engine, an org half set up by hand: the admin's rule for ID.me is scoped (by
// username) but saved INACTIVE, so Okta skips it. Its scope stands in for --rule-user-pattern:
// the plan activates it (it said "done, routes the sign-ins it is scoped to" before), the run
// adopts it without moving or rescoping it, and a rerun writes nothing.
func TestClassicAdminsScopedRuleIsActivatedNotTakenForDone(t *testing.T) {
	org := simtest.Start(t, simtest.Classic)
	e := &simEnv{org: org, statePath: t.TempDir() + "/org.json"}
	idp := handMadeIdP(t, e, "ID.me", nil)
	rule := handMadeRule(t, e, okta.Rule{Name: "Contractors to ID.me", Priority: 1, Providers: []okta.Provider{{Type: "OIDC", ID: idp.ID}},
		UserIdentifierType: "IDENTIFIER", UserIdentifierPatterns: []okta.IdentifierPattern{{MatchType: "SUFFIX", Value: "contractor.example"}}}, false)
	e.org.ResetRequests()

	o := outcomeOf(t, e.setup(t), IDRoutingRule)
	if d := allDetails(o.Report); o.Report.Status == StatusDone || o.Report.Decision != nil ||
		!strings.Contains(d, `activate routing rule "Contractors to ID.me"`) || !strings.Contains(d, "usernames SUFFIX contractor.example goes straight to ID.me") {
		t.Fatalf("plan for an inactive scoped rule: %s %q\n%s", o.Report.Status, o.Report.Detail, d)
	}
	s := e.setup(t)
	e.run(t, s, RunOptions{AllowOverwrite: true})
	got := where(customRules(e), "id", rule.ID)
	if len(customRules(e)) != 1 || len(got) != 1 || got[0]["status"] != "ACTIVE" || fmt.Sprint(got[0]["priority"]) != "1" ||
		fmt.Sprint(simtest.At(got[0], "conditions", "userIdentifier", "patterns")) != "[map[matchType:SUFFIX value:contractor.example]]" {
		t.Fatalf("rules after the run: %v", customRules(e))
	}
	if k := s.Known(); k.RuleID != rule.ID || k.Adopted[adoptedRule] != rule.ID || s.Answers.NoRule {
		t.Errorf("known %+v, no rule %v", k, s.Answers.NoRule)
	}
	p, err := LoadProgress(e.statePath)
	if err != nil {
		t.Fatal(err)
	}
	e.org.ResetRequests()
	e.run(t, e.setupWith(t, p.Answers, e.secrets()), RunOptions{})
	if w := writes(e.org); len(w) != 0 {
		t.Errorf("rerun wrote:%s", joinLines(w))
	}
}
