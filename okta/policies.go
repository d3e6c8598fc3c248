package okta

import (
	"context"
	"encoding/json"
	"errors"

	sdk "github.com/okta/okta-sdk-golang/v5/okta"
)

type policyWire struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Type   string `json:"type"`
	Status string `json:"status"`
	System bool   `json:"system"`
}

type ruleWire struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Type       string `json:"type"`
	Status     string `json:"status"`
	Priority   int    `json:"priority"`
	System     bool   `json:"system"`
	Conditions *struct {
		Network *struct {
			Connection string   `json:"connection"`
			Include    []string `json:"include"`
			Exclude    []string `json:"exclude"`
		} `json:"network"`
		UserIdentifier *struct {
			Type      string              `json:"type"`
			Attribute string              `json:"attribute"`
			Patterns  []IdentifierPattern `json:"patterns"`
		} `json:"userIdentifier"`
		App      json.RawMessage `json:"app"`
		Platform json.RawMessage `json:"platform"`
	} `json:"conditions"`
	Actions *struct {
		IdP *struct {
			SelectionType        string `json:"idpSelectionType"`
			ShouldFallBackToOkta bool   `json:"shouldFallBackToOkta"`
			Providers            []struct {
				Type string `json:"type"`
				ID   string `json:"id"`
			} `json:"providers"`
		} `json:"idp"`
	} `json:"actions"`
}

func (w *ruleWire) rule(policyID string) *Rule {
	r := &Rule{ID: w.ID, PolicyID: policyID, Name: w.Name, Status: w.Status, Priority: w.Priority, System: w.System}
	if c := w.Conditions; c != nil {
		if c.Network != nil {
			r.NetworkConnection = c.Network.Connection
			r.NetworkInclude, r.NetworkExclude = c.Network.Include, c.Network.Exclude
		}
		if u := c.UserIdentifier; u != nil {
			r.UserIdentifierType, r.UserIdentifierAttribute, r.UserIdentifierPatterns = u.Type, u.Attribute, u.Patterns
		}
		if present(c.App) {
			r.OtherConditions = append(r.OtherConditions, "app")
		}
		if present(c.Platform) {
			r.OtherConditions = append(r.OtherConditions, "platform")
		}
	}
	if w.Actions != nil && w.Actions.IdP != nil {
		r.SelectionType = w.Actions.IdP.SelectionType
		r.ShouldFallBackToOkta = w.Actions.IdP.ShouldFallBackToOkta
		for _, p := range w.Actions.IdP.Providers {
			r.Providers = append(r.Providers, Provider{Type: p.Type, ID: p.ID})
		}
	}
	return r
}

func decodeRule(op, policyID string, ex *exchange) (*Rule, error) {
	var w ruleWire
	if err := decode(op, ex, &w); err != nil {
		return nil, err
	}
	return w.rule(policyID), nil
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

// ListRules returns the rules of a policy, including the system Default Rule.
func (c *Client) ListRules(ctx context.Context, policyID string) ([]Rule, error) {
	ex, err := c.do(ctx, opListRules, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.PolicyAPI.ListPolicyRules(ctx, policyID).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	var rows []ruleWire
	if err := decode(opListRules, ex, &rows); err != nil {
		return nil, err
	}
	rules := make([]Rule, 0, len(rows))
	for i := range rows {
		rules = append(rules, *rows[i].rule(policyID))
	}
	return rules, nil
}

// CreateRule creates an IDP_DISCOVERY routing rule in policyID. Only an ACTIVE rule is
// evaluated, so callers normally pass activate=true (and still check the returned Status).
// Empty SelectionType and NetworkConnection default to SPECIFIC and ANYWHERE.
func (c *Client) CreateRule(ctx context.Context, policyID string, r Rule, activate bool) (*Rule, error) {
	providers := make([]sdk.IdpPolicyRuleActionProvider, 0, len(r.Providers))
	for _, p := range r.Providers {
		pp := sdk.IdpPolicyRuleActionProvider{Type: sdk.PtrString(p.Type)}
		if p.ID != "" {
			pp.Id = sdk.PtrString(p.ID)
		}
		providers = append(providers, pp)
	}
	rule := sdk.IdpDiscoveryPolicyRule{
		PolicyRule: sdk.PolicyRule{Name: sdk.PtrString(r.Name), Type: sdk.PtrString("IDP_DISCOVERY")},
		Conditions: &sdk.IdpDiscoveryPolicyRuleCondition{
			Network: &sdk.PolicyNetworkCondition{Connection: sdk.PtrString(or(r.NetworkConnection, "ANYWHERE"))},
		},
		Actions: &sdk.IdpPolicyRuleAction{Idp: &sdk.IdpPolicyRuleActionIdp{
			IdpSelectionType: sdk.PtrString(or(r.SelectionType, "SPECIFIC")),
			Providers:        providers,
		}},
	}
	if r.Priority > 0 {
		rule.Priority = sdk.PtrInt32(int32(r.Priority))
	}
	body := sdk.IdpDiscoveryPolicyRuleAsListPolicyRules200ResponseInner(&rule)
	ex, err := c.do(ctx, opCreateRule, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.PolicyAPI.CreatePolicyRule(ctx, policyID).PolicyRule(body).Activate(activate).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return decodeRule(opCreateRule, policyID, ex)
}

// ReplaceRule updates rule r.ID of policy r.PolicyID to r's name, priority, network
// connection, selection type and providers. Like ReplaceIdP it reads the stored rule and
// keeps the conditions this tool does not manage (user identifier, apps, platform).
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
	overlayRule(raw, r)
	rule := sdk.IdpDiscoveryPolicyRule{AdditionalProperties: raw}
	body := sdk.IdpDiscoveryPolicyRuleAsListPolicyRules200ResponseInner(&rule)
	ex, err := c.do(ctx, opReplaceRule, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.PolicyAPI.ReplacePolicyRule(ctx, r.PolicyID, r.ID).PolicyRule(body).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return decodeRule(opReplaceRule, r.PolicyID, ex)
}

func overlayRule(raw map[string]any, r Rule) {
	raw["type"] = "IDP_DISCOVERY"
	raw["name"] = r.Name
	if r.Priority > 0 {
		raw["priority"] = r.Priority
	}
	if r.NetworkConnection != "" {
		child(child(raw, "conditions"), "network")["connection"] = r.NetworkConnection
	}
	idp := child(child(raw, "actions"), "idp")
	if r.SelectionType != "" {
		idp["idpSelectionType"] = r.SelectionType
	}
	providers := make([]any, 0, len(r.Providers))
	for _, p := range r.Providers {
		pm := map[string]any{"type": p.Type}
		if p.ID != "" {
			pm["id"] = p.ID
		}
		providers = append(providers, pm)
	}
	idp["providers"] = providers
}

// ActivateRule activates a routing rule (a no-op for an active one).
func (c *Client) ActivateRule(ctx context.Context, policyID, ruleID string) error {
	_, err := c.do(ctx, opActivateRule, func(ctx context.Context) (*sdk.APIResponse, error) {
		return c.api.PolicyAPI.ActivatePolicyRule(ctx, policyID, ruleID).Execute()
	})
	return err
}
