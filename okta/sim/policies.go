package sim

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// policy is an Okta policy ("00p…"). The org has the system IDP_DISCOVERY policy only.
type policy struct {
	seq         int64
	id          string
	name        string
	description string
	typ         string
	system      bool
	created     time.Time
	lastUpdated time.Time
	rules       []*rule // in priority order; the system Default Rule is always last
}

// rule is a policy rule ("0pr…"). body holds name, type, conditions and actions.
type rule struct {
	seq         int64
	id          string
	status      string
	system      bool
	body        JSON
	created     time.Time // zero for the Default Rule, which Okta reports as "created": null
	lastUpdated time.Time
}

func (r *rule) name() string { return strAt(r.body, "name") }

func (o *Org) renderPolicy(p *policy) JSON {
	self := o.baseURL + "/api/v1/policies/" + p.id
	return JSON{
		"id":          p.id,
		"status":      "ACTIVE",
		"name":        p.name,
		"description": p.description,
		"priority":    1,
		"system":      p.system,
		"conditions":  nil,
		"created":     oktaTime(p.created),
		"lastUpdated": oktaTime(p.lastUpdated),
		"type":        p.typ,
		"_links": JSON{
			"self":  link(self, "GET", "PUT"),
			"rules": link(self+"/rules", "GET", "POST"),
		},
	}
}

func (o *Org) renderRule(p *policy, r *rule) JSON {
	out := copyObject(r.body)
	self := o.baseURL + "/api/v1/policies/" + p.id + "/rules/" + r.id
	out["id"] = r.id
	out["status"] = r.status
	out["priority"] = slices.Index(p.rules, r) + 1
	out["system"] = r.system
	out["created"] = nil
	if !r.created.IsZero() {
		out["created"] = oktaTime(r.created)
	}
	out["lastUpdated"] = oktaTime(r.lastUpdated)
	links := JSON{"self": link(self, "GET", "PUT", "DELETE")}
	if r.system {
		links["self"] = link(self, "GET")
	} else if r.status == "ACTIVE" {
		links["deactivate"] = link(self+"/lifecycle/deactivate", "POST")
	} else {
		links["activate"] = link(self+"/lifecycle/activate", "POST")
	}
	out["_links"] = links
	return out
}

func (o *Org) policyByID(id string) *policy {
	for _, p := range o.policies {
		if p.id == id {
			return p
		}
	}
	return nil
}

func (p *policy) ruleByID(id string) *rule {
	for _, r := range p.rules {
		if r.id == id {
			return r
		}
	}
	return nil
}

func ruleTarget(p *policy, r *rule) []logTarget {
	return []logTarget{
		{id: r.id, typ: "PolicyRule", alternateID: "unknown", displayName: r.name()},
		{id: p.id, typ: "PolicyEntity", alternateID: "unknown", displayName: p.name},
	}
}

// listPolicies: type is required by the API; only IDP_DISCOVERY policies exist here.
func (o *Org) listPolicies(c *call) reply {
	typ := c.query.Get("type")
	var hits []*policy
	for _, p := range o.policies {
		if strings.EqualFold(p.typ, typ) {
			hits = append(hits, p)
		}
	}
	rep := okReply(renderAll(hits, o.renderPolicy))
	rep.links = []string{c.selfLink()}
	return rep
}

func (o *Org) getPolicy(c *call) reply {
	p := o.policyByID(c.param("policyId"))
	if p == nil {
		return fail(notFound(c.param("policyId"), "Policy"))
	}
	return okReply(o.renderPolicy(p))
}

func (o *Org) listRules(c *call) reply {
	p := o.policyByID(c.param("policyId"))
	if p == nil {
		return fail(notFound(c.param("policyId"), "Policy"))
	}
	rep := okReply(renderAll(p.rules, func(r *rule) JSON { return o.renderRule(p, r) }))
	rep.links = []string{c.selfLink()}
	return rep
}

func (o *Org) getRule(c *call) reply {
	p, r, err := o.findRule(c)
	if err != nil {
		return fail(err)
	}
	return okReply(o.renderRule(p, r))
}

func (o *Org) findRule(c *call) (*policy, *rule, *apiError) {
	p := o.policyByID(c.param("policyId"))
	if p == nil {
		return nil, nil, notFound(c.param("policyId"), "Policy")
	}
	r := p.ruleByID(c.param("ruleId"))
	if r == nil {
		return nil, nil, notFound(c.param("ruleId"), "PolicyRule")
	}
	return p, r, nil
}

// createRule adds a rule at its priority (default: last before the Default Rule). It is
// ACTIVE unless ?activate=false.
func (o *Org) createRule(c *call) reply {
	p := o.policyByID(c.param("policyId"))
	if p == nil {
		return fail(notFound(c.param("policyId"), "Policy"))
	}
	in, err := c.object()
	if err != nil {
		return fail(err)
	}
	if verr := o.checkRule(p, nil, in); verr != nil {
		return fail(verr)
	}
	r := &rule{seq: o.nextSeq(), id: newID(prefixRule), status: "ACTIVE", body: canonicalRule(in), created: c.now, lastUpdated: c.now}
	if !c.boolQuery("activate", true) {
		r.status = "INACTIVE"
	}
	p.placeRule(r, in)
	o.audit(c, "policy.rule.add", "Add policy rule", ruleTarget(p, r)...)
	return okReply(o.renderRule(p, r))
}

// replaceRule is PUT: the rule's name, conditions, actions and priority are replaced; its
// status is kept (the lifecycle endpoints change it).
func (o *Org) replaceRule(c *call) reply {
	p, r, err := o.findRule(c)
	if err != nil {
		return fail(err)
	}
	if r.system {
		return fail(systemRuleImmutable())
	}
	in, err := c.object()
	if err != nil {
		return fail(err)
	}
	if verr := o.checkRule(p, r, in); verr != nil {
		return fail(verr)
	}
	r.body = canonicalRule(in)
	r.lastUpdated = c.now
	p.rules = removeFirst(p.rules, r)
	p.placeRule(r, in)
	o.audit(c, "policy.rule.update", "Update policy rule", ruleTarget(p, r)...)
	return okReply(o.renderRule(p, r))
}

func (o *Org) deleteRule(c *call) reply {
	p, r, err := o.findRule(c)
	if err != nil {
		return fail(err)
	}
	if r.system {
		return fail(systemRuleImmutable())
	}
	p.rules = removeFirst(p.rules, r)
	o.audit(c, "policy.rule.delete", "Delete policy rule", ruleTarget(p, r)...)
	return noContent()
}

func (o *Org) activateRule(c *call) reply {
	return o.setRuleStatus(c, "ACTIVE", "activate", "Activate")
}
func (o *Org) deactivateRule(c *call) reply {
	return o.setRuleStatus(c, "INACTIVE", "deactivate", "Deactivate")
}

func (o *Org) setRuleStatus(c *call, status, verb, title string) reply {
	p, r, err := o.findRule(c)
	if err != nil {
		return fail(err)
	}
	if r.system {
		return fail(systemRuleImmutable())
	}
	r.status = status
	r.lastUpdated = c.now
	o.audit(c, "policy.rule."+verb, title+" policy rule", ruleTarget(p, r)...)
	return noContent()
}

func systemRuleImmutable() *apiError {
	return validationFailed("rule", "The Default Rule cannot be modified or deleted.") // exact text unverified
}

// placeRule inserts a rule at the priority the body asks for (1 = first). The Default Rule
// stays last whatever the priority, and the others are renumbered.
func (p *policy) placeRule(r *rule, in JSON) {
	custom := len(p.rules)
	if n := len(p.rules); n > 0 && p.rules[n-1].system {
		custom = n - 1
	}
	pos := custom
	if prio, ok := intAt(in, "priority"); ok && prio >= 1 && prio-1 < custom {
		pos = prio - 1
	}
	p.rules = slices.Insert(p.rules, pos, r)
}

// providersWithoutID are IDP_DISCOVERY providers that name no identity provider object.
var providersWithoutID = []string{"OKTA", "AgentlessDSSO", "IWA"}

// checkRule applies Okta's rules for an IDP_DISCOVERY policy rule. // exact texts unverified
func (o *Org) checkRule(p *policy, self *rule, in JSON) *apiError {
	var causes []string
	name := strings.TrimSpace(strAt(in, "name"))
	if name == "" {
		causes = append(causes, "name: The field cannot be left blank.")
	}
	for _, other := range p.rules {
		if other != self && strings.EqualFold(other.name(), name) && name != "" {
			causes = append(causes, fmt.Sprintf("name: Policy rule name %q already in use.", name))
		}
	}
	if typ := strAt(in, "type"); typ != "" && typ != p.typ {
		causes = append(causes, fmt.Sprintf("type: A %s rule cannot be added to a %s policy.", typ, p.typ))
	}
	providers := objectList(at(in, "actions", "idp", "providers"))
	if len(providers) > 10 {
		causes = append(causes, "actions.idp.providers: A rule may name at most 10 identity providers.")
	}
	selection := strAt(in, "actions", "idp", "idpSelectionType")
	if (selection == "" || selection == "SPECIFIC") && len(providers) == 0 {
		causes = append(causes, "actions.idp.providers: At least one identity provider is required.")
	}
	if o.classic() {
		causes = append(causes, classicRuleCauses(selection, providers)...)
	}
	for _, prov := range providers {
		typ, id := strAt(prov, "type"), strAt(prov, "id")
		if slices.Contains(providersWithoutID, typ) {
			continue
		}
		idp := o.idpByID(id)
		switch {
		case id == "":
			causes = append(causes, fmt.Sprintf("actions.idp.providers: A provider of type %s needs an id.", typ))
		case idp == nil:
			causes = append(causes, fmt.Sprintf("actions.idp.providers: Invalid identity provider id %s.", id))
		case !strings.EqualFold(strAt(idp.body, "type"), typ):
			causes = append(causes, fmt.Sprintf("actions.idp.providers: Identity provider %s is of type %s, not %s.", id, strAt(idp.body, "type"), typ))
		}
	}
	if len(causes) == 0 {
		return nil
	}
	return validationFailed("rule", causes...)
}

// classicRuleCauses are what a Classic Engine org refuses in a routing rule. Okta's policy
// reference: "Ability to define multiple providers is a part of the Identity Engine", and
// dynamic routing evaluates an Identity Engine expression (login.identifier), so a Classic
// rule names exactly one provider. Okta answers 400 E0000001 for both.
// exact texts unverified: no recording of a Classic org refusing a rule has been found.
func classicRuleCauses(selection string, providers []JSON) []string {
	var causes []string
	if selection == "DYNAMIC" {
		causes = append(causes, "actions.idp.idpSelectionType: Dynamic routing is only available in Okta Identity Engine.")
	}
	if len(providers) > 1 {
		causes = append(causes, "actions.idp.providers: Multiple identity providers in a routing rule are only available in Okta Identity Engine.")
	}
	return causes
}

// canonicalRule keeps name, type, conditions and actions, filling the conditions Okta adds
// (recorded: userIdentifier.patterns [] and app include/exclude [] appear in the response).
func canonicalRule(in JSON) JSON {
	conditions := dropNulls(copyObject(objAt(in, "conditions")))
	if conditions == nil {
		conditions = JSON{}
	}
	if conditions["network"] == nil {
		conditions["network"] = JSON{"connection": "ANYWHERE"}
	}
	if conditions["userIdentifier"] == nil {
		conditions["userIdentifier"] = JSON{"patterns": []any{}}
	}
	if conditions["app"] == nil {
		conditions["app"] = JSON{"include": []any{}, "exclude": []any{}}
	}
	actions := dropNulls(copyObject(objAt(in, "actions")))
	if actions == nil {
		actions = JSON{}
	}
	typ := strAt(in, "type")
	if typ == "" {
		typ = "IDP_DISCOVERY"
	}
	return JSON{"name": strAt(in, "name"), "type": typ, "conditions": conditions, "actions": actions}
}

func renderAll[T any](items []T, render func(T) JSON) []JSON {
	out := make([]JSON, 0, len(items))
	for _, it := range items {
		out = append(out, render(it))
	}
	return out
}
