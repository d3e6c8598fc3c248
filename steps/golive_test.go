package steps

import (
	"context"
	"strings"
	"testing"
)

// ruleStatus reads the routing rule's status from the org, as an admin would see it.
func ruleStatus(t *testing.T, e *simEnv, s *Setup) string {
	t.Helper()
	c := e.client(t, e.org.AdminToken())
	rules, err := c.ListRules(context.Background(), s.Known().PolicyID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		if r.ID == s.Known().RuleID {
			return r.Status
		}
	}
	t.Fatalf("no rule %s in the org", s.Known().RuleID)
	return ""
}

func ruleReport(t *testing.T, s *Setup) Report {
	t.Helper()
	for _, o := range CheckAll(context.Background(), s, All()) {
		if o.Step.ID() == IDRoutingRule {
			if o.Err != nil {
				t.Fatal(o.Err)
			}
			return o.Report
		}
	}
	t.Fatal("no routing-rule step")
	return Report{}
}

// The go-live order: the rule is created held back (INACTIVE: nobody sees a change), a rerun
// writes nothing and calls the held rule done, saying so; the answer turned to active
// activates it (one write), and back to inactive needs the overwrite yes.
func TestRuleHeldBackThenActivated(t *testing.T) {
	e := startSim(t)
	a := simAnswers(e.org)
	a.RuleStatus = RuleInactive
	s := e.setupWith(t, a, e.secrets())
	if r := ruleReport(t, s); !strings.Contains(strings.Join(r.Changes[0].Details, "\n"), "status: INACTIVE (held back)") || r.GoesLive {
		t.Errorf("plan of a held rule: %+v (goes live %v)", r.Changes, r.GoesLive)
	}
	e.run(t, s, RunOptions{})
	if got := ruleStatus(t, e, s); got != RuleInactive {
		t.Fatalf("rule is %s after apply --rule-status inactive, want INACTIVE", got)
	}

	e.org.ResetRequests()
	again := e.setupWith(t, a, e.secrets())
	e.run(t, again, RunOptions{})
	if w := writes(e.org); len(w) != 0 {
		t.Errorf("a rerun with the rule held back wrote:%s", joinLines(w))
	}
	r := ruleReport(t, again)
	if r.Status != StatusDone || !strings.Contains(r.Detail, "held back") || len(r.Changes) != 0 {
		t.Errorf("held rule checked: %s %q %v", r.Status, r.Detail, r.Changes)
	}

	// The test sign-in passed: go live.
	a.RuleStatus = RuleActive
	e.org.ResetRequests()
	live := e.setupWith(t, a, e.secrets())
	if r := ruleReport(t, live); !r.GoesLive || len(r.Changes) != 1 || r.Changes[0].Action != "activate" ||
		!strings.Contains(r.Changes[0].Details[0], "every user sees “Sign in with ID.me”") {
		t.Errorf("plan to activate: %+v (goes live %v)", r.Changes, r.GoesLive)
	}
	e.run(t, live, RunOptions{})
	if got := ruleStatus(t, e, live); got != RuleActive {
		t.Fatalf("rule is %s after apply --rule-status active, want ACTIVE", got)
	}
	if w := writes(e.org); len(w) != 1 || !strings.HasSuffix(w[0], "/lifecycle/activate") {
		t.Errorf("going live wrote:%s\nwant the one activation", joinLines(w))
	}

	// Held back again: taking the button away is an overwrite.
	a.RuleStatus = RuleInactive
	back := e.setupWith(t, a, e.secrets())
	if r := ruleReport(t, back); !r.NeedsOverwrite() || r.Changes[0].Action != "deactivate" {
		t.Errorf("plan to hold an active rule back: %+v", r.Changes)
	}
	e.run(t, back, RunOptions{AllowOverwrite: true})
	if got := ruleStatus(t, e, back); got != RuleInactive {
		t.Errorf("rule is %s after holding it back again, want INACTIVE", got)
	}
}

func TestRuleStatusIsValidated(t *testing.T) {
	for in, want := range map[string]string{"active": RuleActive, "INACTIVE": RuleInactive, " Inactive ": RuleInactive} {
		if got, err := ParseRuleStatus(in); err != nil || got != want {
			t.Errorf("ParseRuleStatus(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "paused", "enabled"} {
		if _, err := ParseRuleStatus(in); err == nil {
			t.Errorf("ParseRuleStatus(%q) accepted", in)
		}
	}
	a := DefaultAnswers()
	a.RuleStatus = "HELD"
	if err := a.ValidateGiven(); err == nil || !strings.Contains(err.Error(), "rule status") {
		t.Errorf("a progress file's rule_status HELD: %v", err)
	} else if fields := InvalidAnswers(err); len(fields) != 1 || fields[0].Field != FieldRuleStatus {
		t.Errorf("invalid fields = %v", fields)
	}
}

// The test app's plan says who may use it, and the app is made without a dashboard tile:
// nobody sees it, while a user ID.me creates just in time (in Everyone) may still sign in.
func TestTestAppPlanSaysWhoMayUseItAndHidesTheTile(t *testing.T) {
	e := startSim(t)
	s := e.setup(t)
	var plan []string
	for _, o := range CheckAll(context.Background(), s, All()) {
		if o.Step.ID() == IDTestApp {
			for _, c := range o.Report.Changes {
				plan = append(plan, c.Details...)
			}
		}
	}
	text := strings.Join(plan, "\n")
	for _, want := range []string{"dashboard tile: hidden from every user", "every user of the org may sign in to the test app", "--test-group-id", "idme-okta remove --test-app"} {
		if !strings.Contains(text, want) {
			t.Errorf("the test app's plan does not say %q:\n%s", want, text)
		}
	}
	e.run(t, s, RunOptions{})
	app, err := e.client(t, e.org.AdminToken()).GetOIDCApp(context.Background(), s.Known().TestAppID)
	if err != nil {
		t.Fatal(err)
	}
	if !app.Detail.HideWeb || !app.Detail.HideIOS {
		t.Errorf("test app visibility: web hidden %v, iOS hidden %v; want both hidden", app.Detail.HideWeb, app.Detail.HideIOS)
	}
}

// The wizard's "keep it held back" after a passing test: the plan was to activate, the answer
// turns to held before Apply, which then writes nothing and says the rule stays inactive.
func TestKeepHeldBackAppliesNothing(t *testing.T) {
	e := startSim(t)
	a := simAnswers(e.org)
	a.RuleStatus = RuleInactive
	s := e.setupWith(t, a, e.secrets())
	e.run(t, s, RunOptions{})

	s.Answers.RuleStatus = RuleActive
	r := ruleReport(t, s)
	if !r.GoesLive {
		t.Fatalf("plan to go live: %+v", r)
	}
	s.Answers.RuleStatus = RuleInactive
	e.org.ResetRequests()
	res, err := RoutingRule().Apply(context.Background(), s, r)
	if err != nil {
		t.Fatal(err)
	}
	if w := writes(e.org); len(w) != 0 || res.Writes != 0 || !strings.Contains(res.Detail, "stays INACTIVE: held back") || strings.HasPrefix(res.Detail, ":") {
		t.Errorf("kept held back: writes %v, result %+v", w, res)
	}
}
