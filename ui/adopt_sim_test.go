package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
)

// Issue 8 in the wizard: an org where the guide was half followed by hand, and Classic
// Engine's routing rule.

// seedHalfFollowedGuide makes what simtest.World.SeedHalfFollowedGuide makes, for this
// world's ID.me client: an IdP "ID.me" with the userinfo endpoint left set and the console's
// scopes, and an INACTIVE rule "ID.me" routing to it.
func (w *simWorld) seedHalfFollowedGuide(t *testing.T, name string) string {
	t.Helper()
	id := simtest.SeedIdP(t, w.org, simtest.IdP{Name: name, BaseURL: w.idme.BaseURL(), ClientID: idmeClientID,
		ClientSecret: canaryClientSecret, UserInfo: true})
	simtest.SeedRule(t, w.org, simtest.Rule{Name: name, IdPIDs: []string{id}, Okta: true, Inactive: true})
	return id
}

// toIdPScreen drives a first run to the identity provider's screen.
func (w *simWorld) toIdPScreen(t *testing.T, d *driver) {
	t.Helper()
	for _, sc := range w.fullRun(false)[:3] { // welcome, connect, settings
		sc.arrive(d)
		sc.act(d)
	}
	d.waitFor(stepTitle(steps.IDIdentityProvider))
}

// The engine is named once connected: Classic or Identity Engine, on the settings page.
func TestWizardNamesTheEngineOnConnect(t *testing.T) {
	for _, c := range []struct {
		classic bool
		want    string
	}{{false, "(Identity Engine) as"}, {true, "(Classic Engine) as"}} {
		var w *simWorld
		if c.classic {
			w = startSimWorld(t, simtest.Classic)
		} else {
			w = startSimWorld(t)
		}
		d := drive(t, New(w.options(t)), 120, 30, w.org.AdminToken())
		script := w.fullRun(false)
		for _, sc := range script[:2] { // welcome, connect
			sc.arrive(d)
			sc.act(d)
		}
		d.waitFor("┃ ID.me environment", "✓ Connected to "+w.org.URL(), c.want)
		ctrlC(d)
		d.final()
	}
}

// The hand-made IdP is offered for adoption, not duplicated: the screen says what adopting
// means, offers adopt and repair / a separate one / leave it, and adopting goes through the
// second yes; the org ends with one IdP, repaired, under its own name.
func TestWizardAdoptsTheHandMadeIdP(t *testing.T) {
	w := startSimWorld(t)
	id := w.seedHalfFollowedGuide(t, "ID.me")
	d := drive(t, New(w.options(t)), 100, 40, w.org.AdminToken(), canaryClientSecret)
	w.toIdPScreen(t, d)
	d.waitFor("was made by hand: adopt it", "Adopt, not duplicate", "userinfo endpoint")
	d.waitFor("Adopt and repair it", "Create a separate one (another ID.me client)", "Leave it as it is")
	if got := w.writes(); got != 0 {
		t.Fatalf("%d writes before the adoption was confirmed", got)
	}
	d.press('a')
	d.waitFor("These changes replace existing configuration in Okta")
	d.press('y')
	d.waitFor("Okta writes:")
	ctrlC(d)
	d.final()

	idp := w.theIdP(t)
	if simtest.Str(idp, "id") != id || simtest.Str(idp, "name") != "ID.me" {
		t.Errorf("IdP %s %q, want the hand-made %s under its own name", simtest.Str(idp, "id"), simtest.Str(idp, "name"), id)
	}
	if got := simtest.At(idp, "protocol", "endpoints", "userInfo"); got != nil {
		t.Errorf("userinfo endpoint still set after adopting and repairing: %v", got)
	}
	p, err := steps.LoadProgress(w.statePath)
	if err != nil {
		t.Fatal(err)
	}
	if p.Objects.Adopted["identity provider"] != id {
		t.Errorf("the progress file records adopted %v, want the IdP %s", p.Objects.Adopted, id)
	}
}

// Leaving the hand-made IdP alone writes nothing at all and ends at the summary, which says
// why nothing after it was written and how to go on.
func TestWizardLeavesTheHandMadeIdPAlone(t *testing.T) {
	w := startSimWorld(t)
	w.seedHalfFollowedGuide(t, "ID.me")
	d := drive(t, New(w.options(t)), 100, 40, w.org.AdminToken(), canaryClientSecret)
	w.toIdPScreen(t, d)
	d.waitFor("Leave it as it is")
	d.press('n')
	d.waitFor("Summary", "was left as it is, so nothing after it was")
	ctrlC(d)
	d.final()
	if got := w.writes(); got != 0 {
		t.Errorf("%d writes after leaving the IdP alone, want 0", got)
	}
	if n := len(w.org.Snapshot().IdPs); n != 1 {
		t.Errorf("%d IdPs, want the hand-made one only", n)
	}
}

// "Create a separate one" asks for another ID.me client, saying why; with the same client
// the hand-made IdP is offered again, never duplicated.
func TestWizardSeparateIdPNeedsAnotherClient(t *testing.T) {
	w := startSimWorld(t)
	w.seedHalfFollowedGuide(t, "ID.me")
	d := drive(t, New(w.options(t)), 100, 40, w.org.AdminToken(), canaryClientSecret)
	w.toIdPScreen(t, d)
	d.waitFor("Create a separate one")
	d.press('c')
	d.waitFor("┃ ID.me environment", "needs its own ID.me client")
	d.enter()
	d.waitFocus("ID.me client ID")
	d.enter()
	d.waitFocus("ID.me client secret")
	d.enter()
	d.waitFocus("ID.me policy handle")
	d.enter()
	d.waitFocus("Change the names")
	d.enter()
	d.waitFor("was made by hand: adopt it")
	ctrlC(d)
	d.final()
	if got := w.writes(); got != 0 {
		t.Errorf("%d writes, want 0", got)
	}
}

// Several IdPs use the client: the accessible mode lists them with their ids and asks which
// to adopt; the one picked is adopted (the other stays as it is), and nothing is created.
func TestAccessiblePicksAmongSeveralCandidates(t *testing.T) {
	w := startSimWorld(t)
	first := w.seedHalfFollowedGuide(t, "ID.me")
	second := simtest.SeedIdP(t, w.org, simtest.IdP{Name: "ID.me (old)", BaseURL: w.idme.BaseURL(), ClientID: idmeClientID,
		ClientSecret: canaryClientSecret, Inactive: true})
	var out bytes.Buffer
	opts := w.options(t)
	opts.Accessible = true
	opts.In = lines(w.org.URL(), "", w.org.AdminToken(),
		"", idmeClientID, canaryClientSecret, policyHandle, "", // settings
		"2",      // adopt the second candidate
		"1", "2", // adopt and repair it; replace it
		"", "q") // continue; then quit at the next step
	opts.Out = &out
	_ = Run(context.Background(), opts)
	text := out.String()
	for _, want := range []string{
		"2 identity providers in this org use the ID.me client ID " + idmeClientID,
		"Which one should idme-okta adopt?",
		"Adopt \"ID.me (old)\" (" + second + ", INACTIVE)",
		"Adopt and repair it",
		"Applying… done.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q\n%s", want, text)
		}
	}
	snap := w.org.Snapshot()
	if len(snap.IdPs) != 2 {
		t.Fatalf("%d IdPs, want the two made by hand", len(snap.IdPs))
	}
	for _, idp := range snap.IdPs {
		switch simtest.Str(idp, "id") {
		case second:
			if simtest.Str(idp, "status") != "ACTIVE" {
				t.Error("the picked IdP was not activated")
			}
		case first:
			if simtest.At(idp, "protocol", "endpoints", "userInfo") == nil {
				t.Error("the IdP not picked was changed")
			}
		}
	}
}

// activeApps are the apps the routing rule's form offers, in its order.
func (w *simWorld) activeApps(t *testing.T) []okta.App {
	t.Helper()
	c, err := okta.New(okta.Config{OrgURL: w.org.URL(), Token: w.org.AdminToken()})
	if err != nil {
		t.Fatal(err)
	}
	apps, err := c.ListActiveApps(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	w.org.ResetRequests()
	return apps
}

// Classic Engine: the routing rule's screen explains what Classic offers and asks; "chosen
// apps" lists the org's apps (the Admin Console not among them), and the rule made routes
// only those apps' sign-ins, to ID.me alone, which Classic accepts.
func TestWizardClassicRuleForChosenApps(t *testing.T) {
	w := startSimWorld(t, simtest.Classic)
	portal := simtest.SeedApp(t, w.org, "Benefits portal", "https://benefits.example.com/callback")
	apps := w.activeApps(t)
	at := -1
	for i, a := range apps {
		if a.ID == portal {
			at = i
		}
	}
	d := drive(t, New(w.options(t)), 110, 50, w.org.AdminToken(), canaryClientSecret)
	for _, sc := range w.fullRun(false) {
		sc.arrive(d)
		if sc.name != steps.IDRoutingRule {
			if sc.name == "test sign-in" {
				break
			}
			sc.act(d)
			continue
		}
		d.waitFor("This org runs Classic Engine", "administrators included", "Which sign-ins should go to ID.me?")
		d.waitFor("A rule for chosen apps", "A rule for a username pattern", "No routing rule")
		d.press('1')
		d.waitFor("Apps whose sign-ins go to ID.me", "Benefits portal")
		if strings.Contains(d.text(), "Okta Admin Console") {
			t.Error("the Admin Console is offered for the rule")
		}
		for range at {
			d.key(tea.KeyDown)
		}
		d.press(' ')
		d.enter()
		d.waitFor("What will be written to Okta")
		d.press('a')
		d.waitFor("Okta writes:")
		d.enter()
	}
	ctrlC(d)
	d.final()

	snap := w.org.Snapshot()
	var ours []map[string]any
	for _, r := range snap.Rules {
		if simtest.Str(r, "name") != "Default Rule" {
			ours = append(ours, r)
		}
	}
	if len(ours) != 1 {
		t.Fatalf("%d routing rules, want 1: %v", len(ours), ours)
	}
	include, _ := simtest.At(ours[0], "conditions", "app", "include").([]any)
	if len(include) != 1 || simtest.Str(include[0], "id") != portal {
		t.Errorf("the rule applies to %v, want the portal %s only", include, portal)
	}
	providers, _ := simtest.At(ours[0], "actions", "idp", "providers").([]any)
	if len(providers) != 1 || simtest.Str(providers[0], "type") != "OIDC" {
		t.Errorf("providers %v, want the ID.me IdP alone", providers)
	}
}

// Classic Engine in the accessible mode: the choice is explained and numbered, a username
// pattern is asked (asked again when it breaks the rule), and the rule made matches it.
func TestAccessibleClassicRule(t *testing.T) {
	w := startSimWorld(t, simtest.Classic)
	var out bytes.Buffer
	opts := w.options(t)
	opts.Accessible = true
	answers := []string{w.org.URL(), "", w.org.AdminToken(), "", idmeClientID, canaryClientSecret, policyHandle, ""}
	for _, st := range steps.All() {
		switch st.ID() {
		case steps.IDConnect:
		case steps.IDProfileMappings:
			answers = append(answers, "", "")
		case steps.IDRoutingRule:
			answers = append(answers, "2", "EQUALS:", "example.com", "2") // a pattern; a bad one, a good one; go live now
		default:
			answers = append(answers, "")
		}
	}
	opts.In = lines(append(answers, "3")...)
	opts.Out = &out
	if err := Run(context.Background(), opts); err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{
		"(Classic Engine) as", // said once connected
		"This org runs Classic Engine",
		"Which sign-ins should go to ID.me?",
		"1. A rule for chosen apps",
		"3. No routing rule",
		"Username pattern",
		"give a value, e.g. example.com",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q\n%s", want, text)
		}
	}
	var rule map[string]any
	for _, r := range w.org.Snapshot().Rules {
		if simtest.Str(r, "name") != "Default Rule" {
			rule = r
		}
	}
	patterns, _ := simtest.At(rule, "conditions", "userIdentifier", "patterns").([]any)
	if len(patterns) != 1 {
		t.Fatalf("rule %v: want one username pattern", rule)
	}
}

// Classic Engine, "no routing rule": nothing is written for the rule, the step is done by
// decision, and the summary says how users reach ID.me without one.
func TestWizardClassicNoRule(t *testing.T) {
	w := startSimWorld(t, simtest.Classic)
	d := drive(t, New(w.options(t)), 110, 50, w.org.AdminToken(), canaryClientSecret)
	var before int
	for _, sc := range w.fullRun(false) {
		sc.arrive(d)
		if sc.name == "summary" {
			break
		}
		if sc.name != steps.IDRoutingRule {
			sc.act(d)
			continue
		}
		d.waitFor("No routing rule (3)")
		before = w.writes()
		d.press('3')
		d.waitFor("no routing rule, by decision")
		if got := w.writes() - before; got != 0 {
			t.Errorf("%d writes for the decision to have no rule", got)
		}
		d.enter()
	}
	d.waitFor("Routing rule — done", "no routing rule, by decision (Classic Engine)")
	ctrlC(d)
	d.final()
	for _, r := range w.org.Snapshot().Rules {
		if simtest.Str(r, "name") != "Default Rule" {
			t.Errorf("a routing rule was made: %v", r)
		}
	}
	p, err := steps.LoadProgress(w.statePath)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Answers.NoRule {
		t.Error("the decision is not in the progress file: a second run would ask again")
	}
}
