package sim_test

import (
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// routingRule is the IDP_DISCOVERY rule the wizard creates: Okta's own sign-in plus ID.me.
func routingRule(name, idpID string) okta.ListPolicyRules200ResponseInner {
	r := okta.IdpDiscoveryPolicyRule{
		PolicyRule: okta.PolicyRule{Name: okta.PtrString(name), Type: okta.PtrString("IDP_DISCOVERY"), Priority: okta.PtrInt32(1)},
		Conditions: &okta.IdpDiscoveryPolicyRuleCondition{Network: &okta.PolicyNetworkCondition{Connection: okta.PtrString("ANYWHERE")}},
		Actions: &okta.IdpPolicyRuleAction{Idp: &okta.IdpPolicyRuleActionIdp{
			IdpSelectionType: okta.PtrString("SPECIFIC"),
			Providers: []okta.IdpPolicyRuleActionProvider{
				{Type: okta.PtrString("OKTA")},
				{Type: okta.PtrString("OIDC"), Id: okta.PtrString(idpID)},
			}}},
	}
	return okta.IdpDiscoveryPolicyRuleAsListPolicyRules200ResponseInner(&r)
}

func TestRoutingRulesThroughSDK(t *testing.T) {
	org := simtest.Start(t)
	c := sdkClient(t, org)
	idp, _, err := c.IdentityProviderAPI.CreateIdentityProvider(ctx(t)).IdentityProvider(idmeIdP("ID.me")).Execute()
	if err != nil {
		t.Fatal(err)
	}

	policies, _, err := c.PolicyAPI.ListPolicies(ctx(t)).Type_("IDP_DISCOVERY").Execute()
	if err != nil {
		t.Fatalf("ListPolicies: %v", err)
	}
	if len(policies) != 1 || policies[0].IdpDiscoveryPolicy == nil {
		t.Fatalf("IDP_DISCOVERY policies = %d (decoded %v), want exactly one", len(policies), policies)
	}
	pid := policies[0].IdpDiscoveryPolicy.GetId()

	active, _, err := c.PolicyAPI.CreatePolicyRule(ctx(t), pid).PolicyRule(routingRule("ID.me - portal", idp.GetId())).Activate(true).Execute()
	if err != nil {
		t.Fatalf("CreatePolicyRule(activate=true): %v", err)
	}
	if active.IdpDiscoveryPolicyRule == nil || active.IdpDiscoveryPolicyRule.GetStatus() != "ACTIVE" {
		t.Fatalf("created rule = %+v, want an ACTIVE IdpDiscoveryPolicyRule", active)
	}
	if pats := active.IdpDiscoveryPolicyRule.Conditions.UserIdentifier; pats == nil || pats.Patterns == nil {
		t.Errorf("Okta fills conditions.userIdentifier.patterns: []; got %+v", pats)
	}

	inactive, _, err := c.PolicyAPI.CreatePolicyRule(ctx(t), pid).PolicyRule(routingRule("ID.me - draft", idp.GetId())).Activate(false).Execute()
	if err != nil {
		t.Fatalf("CreatePolicyRule(activate=false): %v", err)
	}
	draft := inactive.IdpDiscoveryPolicyRule
	if draft.GetStatus() != "INACTIVE" {
		t.Fatalf("rule created with activate=false is %q", draft.GetStatus())
	}

	rules, _, err := c.PolicyAPI.ListPolicyRules(ctx(t), pid).Execute()
	if err != nil {
		t.Fatalf("ListPolicyRules: %v", err)
	}
	var names []string
	for _, r := range rules {
		names = append(names, r.IdpDiscoveryPolicyRule.GetName())
	}
	// Both asked for priority 1: the later insert goes first, the Default Rule stays last.
	want := []string{"ID.me - draft", "ID.me - portal", "Default Rule"}
	if len(names) != 3 || names[0] != want[0] || names[1] != want[1] || names[2] != want[2] {
		t.Errorf("rules in priority order = %v, want %v", names, want)
	}

	if _, err := c.PolicyAPI.ActivatePolicyRule(ctx(t), pid, draft.GetId()).Execute(); err != nil {
		t.Fatalf("ActivatePolicyRule: %v", err)
	}
	got, _, err := c.PolicyAPI.GetPolicyRule(ctx(t), pid, draft.GetId()).Execute()
	if err != nil {
		t.Fatalf("GetPolicyRule: %v", err)
	}
	if got.IdpDiscoveryPolicyRule.GetStatus() != "ACTIVE" {
		t.Errorf("status after activate = %q", got.IdpDiscoveryPolicyRule.GetStatus())
	}
	snap := org.Snapshot()
	if len(snap.Rules) != 3 || snap.Rules[2]["system"] != true {
		t.Errorf("snapshot rules = %v", snap.Rules)
	}
}
