package steps

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/idme-okta/idme-okta/okta"
)

// routingRule is the guide's "Test the integration" routing rule (okta-api.md §5): in the
// org's IDP_DISCOVERY policy, an ACTIVE rule that offers Okta and ID.me, so Okta's sign-in
// page shows a "Sign in with ID.me" button.
type routingRule struct{}

// RoutingRule returns the step that creates and activates the routing rule.
func RoutingRule() Step { return routingRule{} }

// The routing rule's wanted statuses (Answers.RuleStatus).
const (
	RuleActive   = "ACTIVE"   // the guide: every user the rule matches sees "Sign in with ID.me"
	RuleInactive = "INACTIVE" // held back: the rule exists, Okta skips it, nobody sees a change
)

// ParseRuleStatus reads --rule-status: "active" or "inactive", in any case.
func ParseRuleStatus(s string) (string, error) {
	status := strings.ToUpper(strings.TrimSpace(s))
	return status, ValidateRuleStatus(status)
}

// RuleHeld reports whether the answers hold the routing rule back (inactive).
func (a Answers) RuleHeld() bool { return a.RuleStatus == RuleInactive }

// GoLive is a step whose Apply can make the integration visible to users (the routing rule
// puts "Sign in with ID.me" on Okta's sign-in page). The wizard offers to hold it back until
// the test sign-in passes, which needs no such step (its URL names the IdP: idp=), and to let
// it go live afterwards; Report.GoesLive says a plan would make it visible now.
type GoLive interface {
	// Held reports whether the answers hold the step back.
	Held(a Answers) bool
	// Hold sets the answers to hold the step back (true) or let it go live (false).
	Hold(a *Answers, hold bool)
	// HeldLeftToDo is the summary's line while it is held back.
	HeldLeftToDo() string
	// LiveNote is the summary's line once it is live: who sees it, and how to take it back.
	LiveNote(a Answers) string
}

func (routingRule) Held(a Answers) bool { return a.RuleHeld() }

func (routingRule) Hold(a *Answers, hold bool) {
	a.RuleStatus = RuleActive
	if hold {
		a.RuleStatus = RuleInactive
	}
}

func (routingRule) HeldLeftToDo() string {
	return "The routing rule is held back (inactive): nobody sees “Sign in with ID.me” on the Okta sign-in page yet. Once a test sign-in passes, activate it: idme-okta apply --rule-status active."
}

func (routingRule) LiveNote(a Answers) string {
	who := "every user sees “Sign in with ID.me” on the Okta sign-in page"
	if len(a.RuleApps) > 0 || a.RuleUserPattern != "" {
		who = "the sign-ins it routes (its apps or usernames) use ID.me"
	}
	return "Live (ACTIVE): " + who + ". To hold it back again: idme-okta apply --rule-status inactive --yes."
}

// audience says who sees what an ACTIVE rule offers, for the plan: every user, or those of
// its scope; on Classic Engine they are sent straight to ID.me.
func audience(r okta.Rule, engine okta.Engine) string {
	who := "every user"
	if s := scopeText(r); s != "" {
		who = "every sign-in to " + s
	}
	if engine == okta.EngineClassic {
		return who + " goes straight to ID.me"
	}
	return who + " sees “Sign in with ID.me” on the Okta sign-in page"
}

// statusLine is the plan's line for the status a rule is created with.
func statusLine(r okta.Rule, engine okta.Engine, held bool) string {
	if held {
		return "status: INACTIVE (held back): nobody sees a change until it is activated, after a passing test sign-in"
	}
	return "status: ACTIVE: from now on " + audience(r, engine) + "; signing in works only once ID.me has registered the redirect URI"
}

func (routingRule) ID() string    { return IDRoutingRule }
func (routingRule) Title() string { return "Show \"Sign in with ID.me\" on the Okta sign-in page" }
func (routingRule) Facts() Facts  { return Facts{ShortTitle: "Routing rule"} }

// desiredRule is the rule the guide asks for. On Identity Engine OKTA first keeps the normal
// sign-in form and the OIDC provider adds the ID.me button. Classic Engine allows one
// provider per rule (okta-api.md §13), so the rule sends the sign-ins it matches straight to
// ID.me: it must be scoped (scoped reports whether it is), since one without conditions would
// send every user, administrators included, to ID.me. Either engine takes the admin's scope.
func desiredRule(a Answers, engine okta.Engine, policyID, idpID string) (rule okta.Rule, scoped bool) {
	r := okta.Rule{
		PolicyID:          policyID,
		Name:              a.RuleName,
		Priority:          1,
		SelectionType:     "SPECIFIC",
		Providers:         []okta.Provider{{Type: "OKTA"}, {Type: "OIDC", ID: idpID}},
		NetworkConnection: "ANYWHERE",
		AppIDs:            slices.Clone(a.RuleApps),
	}
	if p, err := ParseUserPattern(a.RuleUserPattern); err == nil && a.RuleUserPattern != "" {
		r.UserIdentifierType, r.UserIdentifierPatterns = "IDENTIFIER", []okta.IdentifierPattern{p}
	}
	if engine == okta.EngineClassic {
		r.Providers = r.Providers[1:]
	}
	return r, len(r.AppIDs) > 0 || len(r.UserIdentifierPatterns) > 0
}

// userPatternTypes are the match types of a user identifier pattern (okta-api.md §5).
var userPatternTypes = []string{"SUFFIX", "EQUALS", "STARTS_WITH", "CONTAINS", "EXPRESSION"}

// ParseUserPattern reads --rule-user-pattern: "[MATCH_TYPE:]value", where MATCH_TYPE is one of
// SUFFIX (the default: a domain such as example.com), EQUALS, STARTS_WITH, CONTAINS or
// EXPRESSION (a regular expression).
func ParseUserPattern(s string) (okta.IdentifierPattern, error) {
	p := okta.IdentifierPattern{MatchType: "SUFFIX", Value: s}
	if t, v, ok := strings.Cut(s, ":"); ok && slices.Contains(userPatternTypes, t) {
		p.MatchType, p.Value = t, v
	}
	if strings.TrimSpace(p.Value) == "" {
		return p, fmt.Errorf("--rule-user-pattern %q: give a value, e.g. example.com (a username suffix) or EQUALS:jane@example.com (types: %s)", s, strings.Join(userPatternTypes, ", "))
	}
	return p, nil
}

type ruleObservation struct {
	policyID string
	found    *okta.Rule // nil: to be created
	replace  bool
	want     okta.Rule // the rule to create, or to replace found with
	noRule   bool      // Classic without a scope: record the decision, write nothing
	adopted  bool      // found is a rule idme-okta did not make (it routes to our IdP)
	// duplicates are copies of found that idme-okta made, to delete.
	duplicates []Duplicate
}

func ruleObject(name string) string { return fmt.Sprintf("routing rule %q", name) }

const keyDiscoveryPolicy = "idp-discovery-policy"

func keyRules(policyID string) string { return "rules:" + policyID }

// discoveryRules reads the org's IDP_DISCOVERY policy and its rules.
func discoveryRules(ctx context.Context, s *Setup) (*okta.Policy, []okta.Rule, error) {
	policy, err := cachedRead(ctx, s, keyDiscoveryPolicy, s.Okta.IDPDiscoveryPolicy)
	if err != nil {
		return nil, nil, fmt.Errorf("find the IdP routing policy: %w", err)
	}
	rules, err := cachedRead(ctx, s, keyRules(policy.ID), func(ctx context.Context) ([]okta.Rule, error) {
		return s.Okta.ListRules(ctx, policy.ID)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("list the IdP routing rules: %w", err)
	}
	return policy, rules, nil
}

func (routingRule) prefetch(ctx context.Context, s *Setup) error {
	_, _, err := discoveryRules(ctx, s)
	return err
}

// noRuleDetail is how users reach ID.me when the admin decided to have no routing rule.
const noRuleDetail = "no routing rule, by decision (Classic Engine): users reach ID.me through a link to the identity provider's authorize URL (an app's \"Sign in with ID.me\" button), not from Okta's sign-in page"

func (routingRule) Check(ctx context.Context, s *Setup) (Report, error) {
	a := s.Answers
	policy, rules, err := discoveryRules(ctx, s)
	if err != nil {
		return Report{}, err
	}
	s.Record(func(o *Objects) { o.PolicyID = policy.ID })
	known := s.Known()
	idpID, engine := known.IdPID, known.Engine
	if a.RuleUserPattern != "" {
		if _, err := ParseUserPattern(a.RuleUserPattern); err != nil {
			return Report{}, err
		}
	}
	want, scoped := desiredRule(a, engine, policy.ID, idpID)
	found, name, copies, notes := pickRule(rules, known.RuleID, idpID, a.RuleName, want)
	want.Name = name
	if engine == okta.EngineClassic && !scoped && found != nil && RuleScoped(*found) {
		// The rule routing to ID.me is scoped already (an admin's, or one idme-okta made with
		// a scope): its scope is the answer the flags would give, and the rule is checked like
		// any other (an INACTIVE one is skipped by Okta, so it is not done).
		want.AppIDs = slices.Clone(found.AppIDs)
		want.UserIdentifierType, want.UserIdentifierPatterns = found.UserIdentifierType, slices.Clone(found.UserIdentifierPatterns)
		scoped = true
	}
	var overridden []okta.Rule
	want.Priority, overridden = placeRule(rules, found, idpID)
	if engine == okta.EngineClassic && !scoped {
		return classicWithoutScope(s, found, notes)
	}

	if found == nil {
		s.Record(func(o *Objects) { o.RuleID = "" })
		shown := want
		if idpID == "" {
			shown.Providers = slices.Clone(want.Providers)
			shown.Providers[len(shown.Providers)-1].ID = "<the new identity provider>"
		}
		held := a.RuleHeld()
		r := Report{
			Status:   StatusMissing,
			Detail:   fmt.Sprintf("no routing rule routes to the ID.me identity provider yet; %s will be created", ruleObject(name)),
			Changes:  []Change{{Action: "create", Object: ruleObject(name), Details: append(append(describeRule(shown), overriddenText(overridden)...), statusLine(want, engine, held))}},
			Notes:    notes,
			GoesLive: !held,
		}
		if idpID != "" {
			// Apply can create the rule only once it can point it at the IdP.
			r.observed = &ruleObservation{policyID: policy.ID, want: want}
		}
		return r, nil
	}

	s.Record(func(o *Objects) { o.RuleID = found.ID })
	if idpID == "" {
		return Report{
			Status: StatusDrifted,
			Detail: fmt.Sprintf("%s exists; it will be pointed at the identity provider once that exists", ruleObject(found.Name)),
			Changes: []Change{{Action: "replace", Object: ruleObject(found.Name),
				Details: []string{fmt.Sprintf("providers: %s → %s <the new identity provider>", providersText(found.Providers), providersText(want.Providers[:len(want.Providers)-1])+", OIDC")}, Overwrite: true}},
			Notes: notes,
		}, nil
	}
	// An adopted rule keeps its name; ours follows the answers.
	adopted := found.ID != known.RuleID || s.isPending(adoptedRule, found.ID)
	if adopted || known.Adopted[adoptedRule] == found.ID {
		want.Name = found.Name
	}
	pending := ""
	if adopted {
		pending = found.ID
	}
	s.setPending(adoptedRule, pending)
	shadows := shadowNotes(rules, found, idpID)
	notes = append(notes, shadows...)
	want.ID = found.ID
	obs := &ruleObservation{policyID: policy.ID, found: found, want: want, adopted: adopted}
	r := Report{Notes: notes, observed: obs}
	if diffs := diffRule(*found, want); len(diffs) > 0 {
		if found.Priority != want.Priority {
			diffs = append(diffs, overriddenText(overridden)...)
		}
		obs.replace = true
		r.Changes = append(r.Changes, Change{Action: "replace", Object: ruleObject(found.Name), Details: diffs, Overwrite: true})
	}
	held := a.RuleHeld()
	switch {
	case found.Status != RuleActive && !held:
		// The guide's trap: a saved rule is not an active one, and Okta skips inactive rules.
		// Apply activates whatever rule it ends up with that is not ACTIVE, after the repair.
		r.Changes = append(r.Changes, Change{Action: "activate", Object: ruleObject(found.Name),
			Details: []string{fmt.Sprintf("status: %s → ACTIVE (Okta evaluates only active rules): from now on %s", orNone(found.Status), audience(want, engine))}})
		r.GoesLive = true
	case found.Status == RuleActive && held:
		// Asked for explicitly (--rule-status inactive): taking the button away from every
		// user changes what they see, so it needs the same yes as any overwrite.
		r.Changes = append(r.Changes, Change{Action: "deactivate", Object: ruleObject(found.Name), Overwrite: true,
			Details: []string{"status: ACTIVE → INACTIVE (held back): " + audience(want, engine) + " no longer"}})
	}
	if adopted && len(r.Changes) == 0 {
		// Already the guide's rule: taking it on changes nothing.
		s.Record(func(o *Objects) { o.Adopted = withAdopted(o.Adopted, adoptedRule, found.ID) })
		s.setPending(adoptedRule, "")
	}
	switch {
	case len(r.Changes) == 0 && held:
		r.Status = StatusDone
		r.Detail = fmt.Sprintf("%s offers ID.me and is held back (INACTIVE) as chosen: nobody sees it until it is activated (idme-okta apply --rule-status active)", ruleObject(found.Name))
	case len(r.Changes) == 0:
		r.Status = StatusDone
		r.Detail = fmt.Sprintf("%s is active and offers ID.me", ruleObject(found.Name))
	case len(r.Changes) == 1 && r.GoesLive:
		r.Status = StatusDrifted
		r.Detail = fmt.Sprintf("%s offers ID.me but is %s: nobody sees it until it is activated", ruleObject(found.Name), orNone(found.Status))
	default:
		r.Status = StatusDrifted
		r.Detail = fmt.Sprintf("%s differs from the guide", ruleObject(found.Name))
	}
	if len(shadows) > 0 {
		r.Detail += "; a rule evaluated before it routes every user elsewhere"
	}
	for _, c := range copies {
		d := Duplicate{Kind: kindRule, Name: c.Name, ID: c.ID, Status: c.Status, Keeps: found.ID, policyID: policy.ID}
		obs.duplicates = append(obs.duplicates, d)
		r.Duplicates = append(r.Duplicates, d)
		r.Changes = append(r.Changes, deletion(d))
		r.Status = StatusDrifted
	}
	r.Detail += duplicatesNote(r.Duplicates)
	return r, nil
}

// classicWithoutScope is the routing-rule step on Classic Engine when the admin gave no
// scope: idme-okta never creates a rule that sends everyone to ID.me, so the step is done by
// the decision to have no rule, which needs the admin's yes once.
func classicWithoutScope(s *Setup, found *okta.Rule, notes []string) (Report, error) {
	options := "Scope a rule with --rule-app <app id> (the apps whose sign-ins go to ID.me) or --rule-user-pattern <pattern> (e.g. example.com), or choose no rule."
	if found != nil {
		s.Record(func(o *Objects) { o.RuleID = found.ID })
		if found.Status == "ACTIVE" && !RuleScoped(*found) && len(found.Providers) == 1 {
			msg := fmt.Sprintf("%s sends every user, administrators included, to ID.me (Classic Engine, no conditions)", ruleObject(found.Name))
			return Report{Status: StatusDrifted, Detail: msg, Notes: append(notes, options+" idme-okta does not change it without a scope; deactivate it in Security > Identity Providers > Routing rules if that is not what you want.")}, nil
		}
	}
	if s.Answers.NoRule {
		return Report{Status: StatusDone, Detail: noRuleDetail, Notes: notes, Decided: true}, nil
	}
	d := *classicDecision
	d.Headless = options
	return Report{
		Decision: &d,
		Status:   StatusMissing,
		Detail:   "Classic Engine: a routing rule names one identity provider, so without a scope idme-okta creates none",
		Changes: []Change{{Action: "decide", Object: "no routing rule", Overwrite: true, Details: []string{
			"on Classic Engine a rule with ID.me and no conditions would send every user, administrators included, to ID.me",
			"users reach ID.me through the identity provider's authorize link instead (an app's \"Sign in with ID.me\" button)",
		}}},
		Notes:    notes,
		observed: &ruleObservation{noRule: true},
	}, nil
}

// classicDecision is what the wizard asks on Classic Engine when the answers give no scope.
var classicDecision = &Decision{
	Question: "Which sign-ins should go to ID.me?",
	Explain: []string{
		"This org runs Classic Engine: a routing rule names a single identity provider, so a rule for ID.me sends the sign-ins it matches straight to ID.me, with no Okta password form beside it. A rule without conditions would send every user, administrators included, to ID.me: idme-okta never creates that.",
		"Chosen apps: signing in to one of these apps goes to ID.me (Okta's own sign-in page is kept for everything else).",
		"A username pattern: users whose username matches (a domain such as example.com, or a regular expression) go to ID.me once they type their username on Okta's sign-in page.",
		"No rule: Okta's sign-in page stays as it is; users reach ID.me through the identity provider's authorize link (an app's \"Sign in with ID.me\" button).",
	},
	Options: []DecisionOption{
		{Label: "A rule for chosen apps", Input: InputRuleApps},
		{Label: "A rule for a username pattern", Input: InputUserPattern},
		{Label: "No routing rule", Input: InputNone},
	},
}

// RuleAppChoices are the apps a routing rule can be scoped to: the org's active apps but
// the Admin Console.
func RuleAppChoices(ctx context.Context, s *Setup) ([]okta.App, error) {
	apps, err := s.Okta.ListActiveApps(ctx)
	if err != nil {
		return nil, fmt.Errorf("list the org's apps for the routing rule: %w", err)
	}
	return apps, nil
}

// RuleScoped reports whether a rule routes only some sign-ins: by app or by username.
func RuleScoped(r okta.Rule) bool {
	return len(r.AppIDs) > 0 || len(r.UserIdentifierPatterns) > 0
}

// routesTo reports whether the rule offers the IdP.
func routesTo(r okta.Rule, idpID string) bool {
	return idpID != "" && slices.ContainsFunc(r.Providers, func(p okta.Provider) bool { return p.ID == idpID })
}

// pickRule finds our rule: the one from the progress file if it is still there, else any rule
// that routes to our IdP whatever its name (an admin's hand-made one is adopted and
// repaired rather than doubled), the first by priority. A rule that only carries our name is
// not ours: it is named in a note and ours gets another name (name). Copies of our rule
// that idme-okta made (ruleDuplicates) are returned apart; without a progress file's id, the
// oldest copy is the one kept.
func pickRule(rules []okta.Rule, hint, idpID, wanted string, want okta.Rule) (found *okta.Rule, name string, dups []*okta.Rule, notes []string) {
	var routing []*okta.Rule
	taken := map[string]bool{}
	for i := range rules {
		r := &rules[i]
		if r.System {
			continue
		}
		if hint != "" && r.ID == hint {
			found = r
			continue
		}
		if routesTo(*r, idpID) {
			routing = append(routing, r)
			continue
		}
		taken[r.Name] = true
	}
	sort.SliceStable(routing, func(i, j int) bool { return routing[i].Priority < routing[j].Priority })
	hinted := found != nil
	if found == nil && len(routing) > 0 {
		found, routing = routing[0], routing[1:]
	}
	if found != nil {
		found, dups, routing = ruleDuplicates(found, routing, hinted, wanted, want)
	}
	for _, r := range dups {
		taken[r.Name] = true
	}
	for _, r := range routing {
		taken[r.Name] = true
		notes = append(notes, fmt.Sprintf("%s (%s) also routes to the ID.me identity provider; idme-okta manages %s and leaves it as it is.", ruleObject(r.Name), r.ID, ruleObject(found.Name)))
	}
	name = wanted
	if taken[wanted] && (found == nil || found.Name != wanted) {
		name = freeName(wanted, taken)
		notes = append(notes, fmt.Sprintf("%s already exists and does not route to the ID.me identity provider: it is not idme-okta's and stays as it is; idme-okta's rule is named %q.", ruleObject(wanted), name))
	}
	return found, name, dups, notes
}

// ruleDuplicates splits the other rules routing to our IdP (others) into copies of found
// that idme-okta made and the rest. A copy has found's name, which must be idme-okta's
// (wanted, or "wanted (n)"), and exactly the shape idme-okta gives the rule (want: its
// providers, selection, network and scope, no other condition); a rule that differs in any
// of these is a person's. Unless found is the progress file's (hinted), the oldest of found
// and its copies is kept. unverified: whether real Okta ever holds two rules of one name in a
// policy; the simulated org refuses the second (E0000001 "already in use"), so copies are
// expected only where an org allows it.
func ruleDuplicates(found *okta.Rule, others []*okta.Rule, hinted bool, wanted string, want okta.Rule) (kept *okta.Rule, dups, rest []*okta.Rule) {
	ourName := found.Name == wanted || strings.HasPrefix(found.Name, wanted+" (")
	madeByUs := func(r *okta.Rule) bool {
		conds := len(r.OtherConditions) == 0 || (len(want.AppIDs) > 0 && slices.Equal(r.OtherConditions, []string{"app"}))
		return providersText(r.Providers) == providersText(want.Providers) && r.SelectionType == want.SelectionType &&
			r.NetworkConnection == want.NetworkConnection && len(r.NetworkInclude)+len(r.NetworkExclude) == 0 &&
			scopeText(*r) == scopeText(want) && conds
	}
	group := []*okta.Rule{found}
	for _, r := range others {
		if ourName && r.Name == found.Name && madeByUs(r) && (hinted || madeByUs(found)) {
			group = append(group, r)
		} else {
			rest = append(rest, r)
		}
	}
	if !hinted {
		slices.SortStableFunc(group, func(a, b *okta.Rule) int { return oldestFirst(a.Created, b.Created) })
	}
	return group[0], group[1:], rest
}

// freeName is base, or "base (2)", "base (3)" …, whichever no object has.
func freeName(base string, taken map[string]bool) string {
	name := base
	for n := 2; taken[name]; n++ {
		name = fmt.Sprintf("%s (%d)", base, n)
	}
	return name
}

// Shadowing lists the active rules evaluated before ours that match every sign-in and route
// elsewhere: while they stand first, ours never applies.
func Shadowing(rules []okta.Rule, ours *okta.Rule, idpID string) []okta.Rule {
	var out []okta.Rule
	for _, r := range rules {
		if r.System || r.ID == ours.ID || r.Status != "ACTIVE" || r.Priority >= ours.Priority || routesTo(r, idpID) {
			continue
		}
		everyone := !RuleScoped(r) && len(r.OtherConditions) == 0 && (r.NetworkConnection == "" || r.NetworkConnection == "ANYWHERE")
		if everyone {
			out = append(out, r)
		}
	}
	return out
}

// placeRule is the priority our rule should have. A rule of ours matches every sign-in of
// its scope, so it stays where it is (new: after the org's other rules, which are scoped or
// inactive — placed first, ours would catch the sign-ins they route, and an admin's rule put
// first later moves ours down without making it drift), unless an active rule before that
// place matches every sign-in and routes elsewhere: then ours goes just before the first of
// those, which it overrides from then on (overridden, for the plan to say).
// unverified: that real Okta, like the simulated org, takes an explicit priority one past the
// last custom rule as "last before the Default Rule".
func placeRule(rules []okta.Rule, found *okta.Rule, idpID string) (priority int, overridden []okta.Rule) {
	at := okta.Rule{Priority: 1}
	if found != nil {
		at = *found
	} else {
		for _, r := range rules {
			if !r.System && r.Priority >= at.Priority {
				at.Priority = r.Priority + 1
			}
		}
	}
	overridden = Shadowing(rules, &at, idpID)
	priority = at.Priority
	for _, r := range overridden {
		priority = min(priority, r.Priority)
	}
	return priority, overridden
}

// overriddenText says, for a plan that puts our rule before them, which rules stop applying.
func overriddenText(rules []okta.Rule) []string {
	var d []string
	for _, r := range rules {
		d = append(d, fmt.Sprintf("before %s (priority %d), which matches every sign-in too and routes to %s: it no longer applies once the ID.me rule comes first", ruleObject(r.Name), r.Priority, providersText(r.Providers)))
	}
	return d
}

func shadowNotes(rules []okta.Rule, ours *okta.Rule, idpID string) []string {
	var notes []string
	for _, r := range Shadowing(rules, ours, idpID) {
		notes = append(notes, fmt.Sprintf("%s (priority %d, before %s at %d) matches every sign-in and routes to %s: while it stands first, the ID.me rule never applies.",
			ruleObject(r.Name), r.Priority, ruleObject(ours.Name), ours.Priority, providersText(r.Providers)))
	}
	return notes
}

func describeRule(r okta.Rule) []string {
	d := []string{
		"providers: " + providersText(r.Providers),
		"selection: " + r.SelectionType,
		"network: " + r.NetworkConnection,
		fmt.Sprintf("priority: %d", r.Priority),
	}
	if s := scopeText(r); s != "" {
		d = append(d, "only for: "+s)
	}
	return d
}

// scopeText says which sign-ins a rule routes: "apps 0oa1, 0oa2; usernames SUFFIX example.com".
func scopeText(r okta.Rule) string {
	var parts []string
	if len(r.AppIDs) > 0 {
		parts = append(parts, "apps "+strings.Join(r.AppIDs, ", "))
	}
	for _, p := range r.UserIdentifierPatterns {
		parts = append(parts, "usernames "+p.MatchType+" "+p.Value)
	}
	return strings.Join(parts, "; ")
}

func providersText(ps []okta.Provider) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = strings.TrimSpace(p.Type + " " + p.ID)
	}
	if len(parts) == 0 {
		return "(none)"
	}
	return strings.Join(parts, ", ")
}

// diffRule names the managed fields of have that differ from want, each as have → want, so
// a replace shows what it removes as well as what it sets. A scope is compared only when
// the answers give one (an admin's own scope is kept otherwise).
func diffRule(have, want okta.Rule) []string {
	var d []string
	field := func(name, h, w string) {
		if h != w {
			d = append(d, fmt.Sprintf("%s: %s → %s", name, orNone(h), orNone(w)))
		}
	}
	field("name", have.Name, want.Name)
	field("providers", providersText(have.Providers), providersText(want.Providers))
	field("selection", have.SelectionType, want.SelectionType)
	field("network", have.NetworkConnection, want.NetworkConnection)
	if have.Priority != want.Priority {
		d = append(d, fmt.Sprintf("priority: %d → %d", have.Priority, want.Priority))
	}
	if RuleScoped(want) {
		field("only for", scopeText(have), scopeText(want))
	}
	return d
}

// joinDetail adds what happened next to a result's detail: alone when nothing happened
// before, else as a continuation.
func joinDetail(detail, alone, more string) string {
	switch {
	case detail == "":
		return alone
	case more == "":
		return detail
	}
	return detail + " " + more
}

func (st routingRule) Apply(ctx context.Context, s *Setup, r Report) (Result, error) {
	obs, err := observation[*ruleObservation](ctx, s, st, r)
	if err != nil {
		return Result{}, err
	}
	if obs.noRule {
		s.Answers.NoRule = true
		return Result{Detail: noRuleDetail, Decided: true}, nil
	}
	want := obs.want
	defer s.forget(keyRules(obs.policyID))

	var res Result
	rule := obs.found
	// Read now, not at check time: the wizard's "hold it back" is an answer given after the
	// plan was shown.
	held := s.Answers.RuleHeld()
	switch {
	case rule == nil:
		created, healed, err := createOnce(ctx, ruleObject(want.Name), func(ctx context.Context) (*okta.Rule, error) {
			return s.Okta.CreateRule(ctx, obs.policyID, want, !held)
		}, func(ctx context.Context) (*okta.Rule, error) {
			rules, err := s.Okta.ListRules(ctx, obs.policyID)
			for i := range rules {
				if !rules[i].System && rules[i].Name == want.Name {
					return &rules[i], err
				}
			}
			return nil, err
		})
		if err != nil {
			return Result{}, fmt.Errorf("%s: %w", ruleObject(want.Name), err)
		}
		rule = created
		res.Writes++
		res.Detail = fmt.Sprintf("created %s (%s)", ruleObject(rule.Name), rule.ID)
		if healed != "" {
			res.Detail += " (" + healed + ")"
		}
	case obs.replace:
		replaced, err := s.Okta.ReplaceRule(ctx, want)
		if err != nil {
			return Result{}, fmt.Errorf("%s: %w", ruleObject(rule.Name), err)
		}
		rule = replaced
		res.Writes++
		res.Detail = fmt.Sprintf("updated %s (%s) to match the guide", ruleObject(rule.Name), rule.ID)
	}
	s.Record(func(o *Objects) { o.RuleID = rule.ID })
	if obs.adopted {
		s.Record(func(o *Objects) { o.Adopted = withAdopted(o.Adopted, adoptedRule, rule.ID) })
		s.setPending(adoptedRule, "")
	}

	// Created with activate=true, a rule should come back ACTIVE; check rather than trust.
	switch {
	case rule.Status != RuleActive && !held:
		if err := s.Okta.ActivateRule(ctx, obs.policyID, rule.ID); err != nil {
			return res, fmt.Errorf("%s: %w", ruleObject(rule.Name), err)
		}
		res.Writes++
		res.Detail = joinDetail(res.Detail, fmt.Sprintf("activated %s (%s)", ruleObject(rule.Name), rule.ID), "and activated it")
	case rule.Status == RuleActive && held:
		if err := s.Okta.DeactivateRule(ctx, obs.policyID, rule.ID); err != nil {
			return res, fmt.Errorf("%s: %w", ruleObject(rule.Name), err)
		}
		res.Writes++
		res.Detail = joinDetail(res.Detail, fmt.Sprintf("deactivated %s (%s)", ruleObject(rule.Name), rule.ID), "and deactivated it")
	}
	if held {
		res.Detail = joinDetail(res.Detail, fmt.Sprintf("%s (%s) stays INACTIVE", ruleObject(rule.Name), rule.ID), "") +
			": held back, nobody sees it until it is activated (idme-okta apply --rule-status active)"
	}
	if len(obs.duplicates) > 0 {
		n, did, err := deleteDuplicates(ctx, s.Okta, obs.duplicates)
		res.Writes += n
		if len(did) > 0 && res.Detail != "" {
			res.Detail += "; "
		}
		res.Detail += strings.Join(did, "; ")
		if err != nil {
			return res, err
		}
	}
	res.Objects = []Object{{Kind: "routing rule", Name: rule.Name, ID: rule.ID}}
	return res, nil
}
