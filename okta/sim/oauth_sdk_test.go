package sim_test

import (
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// privateKeyClient is the SDK in PrivateKey mode: it signs a client assertion with the
// service app's key, gets an access token from /oauth2/v1/token and sends it as a Bearer
// (or DPoP) token.
func privateKeyClient(t *testing.T, org *sim.Org, scopes []string) *okta.APIClient {
	sa := org.ServiceApp()
	return sdkClientWith(t, org, okta.WithAuthorizationMode("PrivateKey"), okta.WithClientId(sa.ClientID),
		okta.WithScopes(scopes), okta.WithPrivateKey(string(sa.PrivateKeyPEM)), okta.WithPrivateKeyId(sa.KeyID))
}

func TestPrivateKeyModeThroughSDK(t *testing.T) {
	org := simtest.Start(t)
	c := privateKeyClient(t, org, org.ServiceApp().Scopes)
	if _, _, err := c.IdentityProviderAPI.CreateIdentityProvider(ctx(t)).IdentityProvider(idmeIdP("ID.me")).Execute(); err != nil {
		t.Fatalf("CreateIdentityProvider with an OAuth access token: %v", err)
	}
	if _, _, err := c.IdentityProviderAPI.ListIdentityProviders(ctx(t)).Execute(); err != nil {
		t.Fatalf("ListIdentityProviders (cached token): %v", err)
	}
	tokenCalls := 0
	for _, r := range org.Requests() {
		if r.Path == "/oauth2/v1/token" {
			tokenCalls++
		}
	}
	if tokenCalls != 1 {
		t.Errorf("token requests = %d, want 1 (the SDK caches the token)", tokenCalls)
	}
	actor := org.Snapshot().LogEvents[0]["actor"].(map[string]any)
	if actor["id"] != org.ServiceApp().ClientID || actor["type"] != "PublicClientApp" {
		t.Errorf("the System Log names %v as the actor, want the service app", actor)
	}
}

func TestAccessTokenScopesAreEnforced(t *testing.T) {
	org := simtest.Start(t)
	c := privateKeyClient(t, org, []string{"okta.idps.read"})
	if _, _, err := c.IdentityProviderAPI.ListIdentityProviders(ctx(t)).Execute(); err != nil {
		t.Fatalf("a read with okta.idps.read: %v", err)
	}
	_, resp, err := c.IdentityProviderAPI.CreateIdentityProvider(ctx(t)).IdentityProvider(idmeIdP("ID.me")).Execute()
	if err == nil || resp == nil || resp.StatusCode != 403 {
		t.Fatalf("a write with only okta.idps.read: err %v, resp %v; want 403", err, resp)
	}
	if _, resp, err := c.GroupAPI.ListGroups(ctx(t)).Execute(); err == nil || resp.StatusCode != 403 {
		t.Errorf("a read outside the granted scopes: err %v; want 403", err)
	}
}

func TestPrivateKeyModeWithDPoPThroughSDK(t *testing.T) {
	org := simtest.Start(t)
	org.RequireDPoP(true)
	c := privateKeyClient(t, org, org.ServiceApp().Scopes)
	if _, _, err := c.IdentityProviderAPI.CreateIdentityProvider(ctx(t)).IdentityProvider(idmeIdP("ID.me")).Execute(); err != nil {
		t.Fatalf("CreateIdentityProvider with a DPoP-bound token: %v", err)
	}
	if _, _, err := c.IdentityProviderAPI.ListIdentityProviders(ctx(t)).Execute(); err != nil {
		t.Fatalf("second call with a fresh DPoP proof: %v", err)
	}
	var statuses []int
	for _, r := range org.Requests() {
		if r.Path == "/oauth2/v1/token" {
			statuses = append(statuses, r.Status)
		}
	}
	// The SDK asks without a proof, then with a proof but no nonce, then with the nonce.
	if len(statuses) != 3 || statuses[0] != 400 || statuses[1] != 400 || statuses[2] != 200 {
		t.Errorf("token endpoint statuses = %v, want [400 400 200]", statuses)
	}
}
