package steps

import (
	"context"
	"fmt"
	"strings"

	"github.com/idme-okta/idme-okta/okta"
)

// routingRule is the guide's "Test the integration" routing rule (okta-api.md §5): in the
// org's IDP_DISCOVERY policy, an ACTIVE rule that offers Okta and ID.me, so Okta's sign-in
// page shows a "Sign in with ID.me" button.
type routingRule struct{}

// RoutingRule returns the step that creates and activates the routing rule.
func RoutingRule() Step { return routingRule{} }

func (routingRule) ID() string    { return IDRoutingRule }
func (routingRule) Title() string { return "Show \"Sign in with ID.me\" on the Okta sign-in page" }
func (routingRule) Facts() Facts  { return Facts{ShortTitle: "Routing rule"} }

// desiredRule is the rule the guide asks for. OKTA first keeps the normal sign-in form; the
// OIDC provider adds the ID.me button.
func desiredRule(a Answers, policyID, idpID string) okta.Rule {
	return okta.Rule{
		PolicyID:          policyID,
		Name:              a.RuleName,
		Priority:          1,
		SelectionType:     "SPECIFIC",
		Providers:         []okta.Provider{{Type: "OKTA"}, {Type: "OIDC", ID: idpID}},
		NetworkConnection: "ANYWHERE",
	}
}

type ruleObservation struct {
	policyID string
	found    *okta.Rule // nil: to be created
	replace  bool
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

func (routingRule) Check(ctx context.Context, s *Setup) (Report, error) {
	a := s.Answers
	policy, rules, err := discoveryRules(ctx, s)
	if err != nil {
		return Report{}, err
	}
	s.Record(func(o *Objects) { o.PolicyID = policy.ID })
	idpID := s.Known().IdPID
	found, notes := pickRule(rules, s.Known().RuleID, a.RuleName)

	if found == nil {
		s.Record(func(o *Objects) { o.RuleID = "" })
		want := desiredRule(a, policy.ID, idpID)
		if idpID == "" {
			want.Providers[1].ID = "<the new identity provider>"
		}
		r := Report{
			Status:  StatusMissing,
			Detail:  fmt.Sprintf("no routing rule named %q yet", a.RuleName),
			Changes: []Change{{Action: "create", Object: ruleObject(a.RuleName), Details: append(describeRule(want), "status: ACTIVE")}},
			Notes:   notes,
		}
		if idpID != "" {
			// Apply can create the rule only once it can point it at the IdP.
			r.observed = &ruleObservation{policyID: policy.ID}
		}
		return r, nil
	}

	s.Record(func(o *Objects) { o.RuleID = found.ID })
	if idpID == "" {
		return Report{
			Status: StatusDrifted,
			Detail: fmt.Sprintf("%s exists; it will be pointed at the identity provider once that exists", ruleObject(found.Name)),
			Changes: []Change{{Action: "replace", Object: ruleObject(found.Name),
				Details: []string{"providers: → OKTA, OIDC <the new identity provider>"}, Overwrite: true}},
			Notes: notes,
		}, nil
	}
	want := desiredRule(a, policy.ID, idpID)
	obs := &ruleObservation{policyID: policy.ID, found: found}
	r := Report{Notes: notes, observed: obs}
	if diffs := diffRule(*found, want); len(diffs) > 0 {
		obs.replace = true
		r.Changes = append(r.Changes, Change{Action: "replace", Object: ruleObject(found.Name), Details: diffs, Overwrite: true})
	}
	if found.Status != "ACTIVE" {
		// The guide's trap: a saved rule is not an active one, and Okta skips inactive rules.
		// Apply activates whatever rule it ends up with that is not ACTIVE.
		r.Changes = append(r.Changes, Change{Action: "activate", Object: ruleObject(found.Name),
			Details: []string{fmt.Sprintf("status: %s → ACTIVE (Okta evaluates only active rules)", orNone(found.Status))}})
	}
	switch {
	case len(r.Changes) == 0:
		r.Status = StatusDone
		r.Detail = fmt.Sprintf("%s is active and offers ID.me", ruleObject(found.Name))
	default:
		r.Status = StatusDrifted
		r.Detail = fmt.Sprintf("%s differs from the guide", ruleObject(found.Name))
	}
	return r, nil
}

// pickRule finds our rule: the one from the progress file if it is still there, else the
// first non-system rule with our name.
func pickRule(rules []okta.Rule, hint, name string) (*okta.Rule, []string) {
	var named []*okta.Rule
	for i := range rules {
		if rules[i].System {
			continue
		}
		if hint != "" && rules[i].ID == hint {
			return &rules[i], nil
		}
		if rules[i].Name == name {
			named = append(named, &rules[i])
		}
	}
	if len(named) == 0 {
		return nil, nil
	}
	var notes []string
	if len(named) > 1 {
		notes = append(notes, fmt.Sprintf("%d routing rules are named %q: idme-okta manages %s and creates no other.", len(named), name, named[0].ID))
	}
	return named[0], notes
}

func describeRule(r okta.Rule) []string {
	return []string{
		"providers: " + providersText(r.Providers),
		"selection: " + r.SelectionType,
		"network: " + r.NetworkConnection,
		fmt.Sprintf("priority: %d", r.Priority),
	}
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

// diffRule names the managed fields of have that differ from want.
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
	return d
}

func (st routingRule) Apply(ctx context.Context, s *Setup, r Report) (Result, error) {
	obs, err := observation[*ruleObservation](ctx, s, st, r)
	if err != nil {
		return Result{}, err
	}
	idpID := s.Known().IdPID
	want := desiredRule(s.Answers, obs.policyID, idpID)
	defer s.forget(keyRules(obs.policyID))

	var res Result
	rule := obs.found
	switch {
	case rule == nil:
		created, err := s.Okta.CreateRule(ctx, obs.policyID, want, true)
		if err != nil {
			return Result{}, fmt.Errorf("%s: %w", ruleObject(want.Name), err)
		}
		rule = created
		res.Writes++
		res.Detail = fmt.Sprintf("created %s (%s)", ruleObject(rule.Name), rule.ID)
	case obs.replace:
		want.ID = rule.ID
		replaced, err := s.Okta.ReplaceRule(ctx, want)
		if err != nil {
			return Result{}, fmt.Errorf("%s: %w", ruleObject(rule.Name), err)
		}
		rule = replaced
		res.Writes++
		res.Detail = fmt.Sprintf("updated %s (%s) to match the guide", ruleObject(rule.Name), rule.ID)
	}
	s.Record(func(o *Objects) { o.RuleID = rule.ID })

	// Created with activate=true, a rule should come back ACTIVE; check rather than trust.
	if rule.Status != "ACTIVE" {
		if err := s.Okta.ActivateRule(ctx, obs.policyID, rule.ID); err != nil {
			return res, fmt.Errorf("%s: %w", ruleObject(rule.Name), err)
		}
		res.Writes++
		if res.Detail == "" {
			res.Detail = fmt.Sprintf("activated %s (%s)", ruleObject(rule.Name), rule.ID)
		} else {
			res.Detail += " and activated it"
		}
	}
	res.Objects = []Object{{Kind: "routing rule", Name: rule.Name, ID: rule.ID}}
	return res, nil
}
