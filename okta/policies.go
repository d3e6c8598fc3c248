package okta

import (
	"context"
	"errors"
	"time"

	sdk "github.com/okta/okta-sdk-golang/v5/okta"
)

type policyWire struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Type   string `json:"type"`
	Status string `json:"status"`
	System bool   `json:"system"`
}

// Provider is one identity provider a routing rule can send users to.
type Provider struct {
	Type string // "OKTA", "OIDC", ...
	ID   string // empty for OKTA
}

// Rule is a routing rule of the IDP_DISCOVERY policy.
type Rule struct {
	ID                string
	PolicyID          string
	Name              string
	Status            string // "ACTIVE" or "INACTIVE"
	Priority          int    // 1 is evaluated first; 0 when creating = let Okta choose
	System            bool
	SelectionType     string // "SPECIFIC" or "DYNAMIC"
	Providers         []Provider
	NetworkConnection string // "ANYWHERE" or "ZONE"

	// Scope: which sign-ins the rule routes. Written when set; empty leaves the stored ones.
	// AppIDs are conditions.app.include's apps (type APP); the user identifier condition
	// routes by username (type IDENTIFIER) or attribute.
	AppIDs                 []string
	UserIdentifierType     string // "IDENTIFIER" or "ATTRIBUTE"
	UserIdentifierPatterns []IdentifierPattern

	// Read for `export terraform`; idme-okta does not set these.
	NetworkInclude, NetworkExclude []string // zone ids, with NetworkConnection "ZONE"
	ShouldFallBackToOkta           bool     // actions.idp.shouldFallBackToOkta
	UserIdentifierAttribute        string
	// OtherConditions names the conditions the rule has beyond the network and the user
	// identifier ("app", "platform"), which `export terraform` does not write.
	OtherConditions []string
	// Created is when Okta made the rule (zero when it says null, as for the Default Rule):
	// of two copies, the older is kept.
	Created time.Time
}

// IdentifierPattern is one pattern of a routing rule's user identifier condition.
type IdentifierPattern struct {
	MatchType string `json:"matchType"` // "SUFFIX", "EQUALS", "STARTS_WITH", "CONTAINS", "EXPRESSION"
	Value     string `json:"value"`
}

// ruleWire is a routing rule's encoding in Okta's JSON (okta-api.md §5), for reads, creates
// and replaces alike. Empty fields are not written, so a replace keeps the stored ones; the
// providers are always written (they are the point of the rule).
var ruleWire = []wireField[Rule]{
	readOnly("id", func(r *Rule) *string { return &r.ID }),
	optional("name", func(r *Rule) *string { return &r.Name }),
	constant[Rule]("type", "IDP_DISCOVERY"),
	readOnly("status", func(r *Rule) *string { return &r.Status }),
	{
		path: wirePath("priority"),
		put:  func(r *Rule, _ any) (any, bool) { return r.Priority, r.Priority > 0 },
		take: func(r *Rule, raw any) { r.Priority = asInt(raw) },
	},
	{path: wirePath("system"), take: func(r *Rule, raw any) { r.System = asBool(raw) }},
	{path: wirePath("created"), take: func(r *Rule, raw any) { r.Created = asTime(raw) }},
	optional("conditions.network.connection", func(r *Rule) *string { return &r.NetworkConnection }),
	reads("conditions.network.include", func(r *Rule) *[]string { return &r.NetworkInclude }, asStrings),
	reads("conditions.network.exclude", func(r *Rule) *[]string { return &r.NetworkExclude }, asStrings),
	optional("conditions.userIdentifier.type", func(r *Rule) *string { return &r.UserIdentifierType }),
	readOnly("conditions.userIdentifier.attribute", func(r *Rule) *string { return &r.UserIdentifierAttribute }),
	{
		path: wirePath("conditions.userIdentifier.patterns"),
		put:  func(r *Rule, _ any) (any, bool) { return r.UserIdentifierPatterns, len(r.UserIdentifierPatterns) > 0 },
		take: func(r *Rule, raw any) { r.UserIdentifierPatterns = asPatterns(raw) },
	},
	{
		path: wirePath("conditions.app.include"),
		put: func(r *Rule, _ any) (any, bool) {
			apps := make([]any, len(r.AppIDs))
			for i, id := range r.AppIDs {
				apps[i] = map[string]any{"type": "APP", "id": id}
			}
			return apps, len(apps) > 0
		},
		take: func(r *Rule, raw any) {
			r.AppIDs = asList(raw, func(x any) (string, bool) {
				app, _ := x.(map[string]any)
				return asString(app["id"]), asString(app["type"]) == "APP"
			})
		},
	},
	{path: wirePath("conditions"), take: func(r *Rule, raw any) {
		conds, _ := raw.(map[string]any)
		for _, name := range []string{"app", "platform"} {
			if says(conds[name]) && (name != "platform" || !anyPlatform(conds[name])) {
				r.OtherConditions = append(r.OtherConditions, name)
			}
		}
	}},
	reads("actions.idp.shouldFallBackToOkta", func(r *Rule) *bool { return &r.ShouldFallBackToOkta }, asBool),
	optional("actions.idp.idpSelectionType", func(r *Rule) *string { return &r.SelectionType }),
	{
		path: wirePath("actions.idp.providers"),
		put: func(r *Rule, _ any) (any, bool) {
			providers := make([]any, 0, len(r.Providers))
			for _, p := range r.Providers {
				pm := map[string]any{"type": p.Type}
				if p.ID != "" {
					pm["id"] = p.ID
				}
				providers = append(providers, pm)
			}
			return providers, true
		},
		take: func(r *Rule, raw any) {
			list, _ := raw.([]any)
			for _, x := range list {
				p, _ := x.(map[string]any)
				r.Providers = append(r.Providers, Provider{Type: asString(p["type"]), ID: asString(p["id"])})
			}
		},
	},
}

// anyPlatform reports whether a platform condition matches every device: it includes only
// type ANY (with any OS, or none named) and excludes nothing, so a rule with it still catches
// every sign-in. unverified: that a rule saved in the Admin Console with "any device" comes
// back in this shape rather than without a platform condition; either reads as none.
func anyPlatform(raw any) bool {
	p, _ := raw.(map[string]any)
	if says(p["exclude"]) {
		return false
	}
	include, _ := p["include"].([]any)
	for _, x := range include {
		item, _ := x.(map[string]any)
		osCond, _ := item["os"].(map[string]any)
		if asString(item["type"]) != "ANY" || (osCond != nil && (asString(osCond["type"]) != "ANY" || says(osCond["expression"]))) {
			return false
		}
	}
	return true
}

func asPatterns(raw any) []IdentifierPattern {
	return asList(raw, func(x any) (IdentifierPattern, bool) {
		p, ok := x.(map[string]any)
		return IdentifierPattern{MatchType: asString(p["matchType"]), Value: asString(p["value"])}, ok
	})
}

func decodeRule(op, policyID string, ex *exchange) (*Rule, error) {
	var raw map[string]any
	if err := decode(op, ex, &raw); err != nil {
		return nil, err
	}
	r := decodeWire(raw, ruleWire)
	r.PolicyID = policyID
	return r, nil
}

// ruleBody is what the SDK sends for a rule: exactly raw.
func ruleBody(raw map[string]any) sdk.ListPolicyRules200ResponseInner {
	return sdk.IdpDiscoveryPolicyRuleAsListPolicyRules200ResponseInner(&sdk.IdpDiscoveryPolicyRule{AdditionalProperties: raw})
}

// IDPDiscoveryPolicy returns the org's IdP discovery policy, which holds the routing rules.
// Every org has exactly one; an org without one cannot route to an IdP.
func (c *Client) IDPDiscoveryPolicy(ctx context.Context) (*Policy, error) {
	ex, err := c.do(ctx, opListPolicies, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.PolicyAPI.ListPolicies(ctx).Type_("IDP_DISCOVERY").Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	var policies []policyWire
	if err := decode(opListPolicies, ex, &policies); err != nil {
		return nil, err
	}
	for _, p := range policies {
		if p.Type == "IDP_DISCOVERY" {
			return &Policy{ID: p.ID, Name: p.Name, Type: p.Type, Status: p.Status, System: p.System}, nil
		}
	}
	return nil, unusableAnswer(opListPolicies, ex, errors.New("the org has no IDP_DISCOVERY policy"),
		"identity provider routing rules are not available in this org: check Security > Identity Providers > Routing rules")
}

// ListRules returns the rules of a policy, including the system Default Rule, reading every
// page Okta links to (a rule missed on a later page would be made again).
func (c *Client) ListRules(ctx context.Context, policyID string) ([]Rule, error) {
	var rules []Rule
	err := c.paginate(ctx, opListRules, func(ctx context.Context, after string) (*sdk.APIResponse, error) {
		_, resp, err := c.api.PolicyAPI.ListPolicyRules(withCursor(ctx, after), policyID).Execute()
		return resp, err
	}, func(ex *exchange) error {
		var rows []map[string]any
		if err := decode(opListRules, ex, &rows); err != nil {
			return err
		}
		for _, raw := range rows {
			r := decodeWire(raw, ruleWire)
			r.PolicyID = policyID
			rules = append(rules, *r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rules, nil
}

// CreateRule creates an IDP_DISCOVERY routing rule in policyID with r's fields; the caller
// sets every field the guide decides. Only an ACTIVE rule is evaluated, so callers normally
// pass activate=true (and still check the returned Status).
func (c *Client) CreateRule(ctx context.Context, policyID string, r Rule, activate bool) (*Rule, error) {
	body := ruleBody(encodeWire(map[string]any{}, &r, ruleWire))
	ex, err := c.do(ctx, opCreateRule, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.PolicyAPI.CreatePolicyRule(ctx, policyID).PolicyRule(body).Activate(activate).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return decodeRule(opCreateRule, policyID, ex)
}

// ReplaceRule updates rule r.ID of policy r.PolicyID to r's fields. Like ReplaceIdP it reads
// the stored rule and keeps the conditions this tool does not manage (user identifier, apps,
// platform).
func (c *Client) ReplaceRule(ctx context.Context, r Rule) (*Rule, error) {
	if r.PolicyID == "" || r.ID == "" {
		return nil, &APIError{Op: opReplaceRule, Err: errors.New("the rule has no policy id or rule id")}
	}
	raw, _, err := c.readForReplace(ctx, opGetRule, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.PolicyAPI.GetPolicyRule(ctx, r.PolicyID, r.ID).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	body := ruleBody(encodeWire(raw, &r, ruleWire))
	ex, err := c.do(ctx, opReplaceRule, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.PolicyAPI.ReplacePolicyRule(ctx, r.PolicyID, r.ID).PolicyRule(body).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return decodeRule(opReplaceRule, r.PolicyID, ex)
}

// ActivateRule activates a routing rule (a no-op for an active one).
func (c *Client) ActivateRule(ctx context.Context, policyID, ruleID string) error {
	_, err := c.do(ctx, opActivateRule, func(ctx context.Context) (*sdk.APIResponse, error) {
		return c.api.PolicyAPI.ActivatePolicyRule(ctx, policyID, ruleID).Execute()
	})
	return err
}
