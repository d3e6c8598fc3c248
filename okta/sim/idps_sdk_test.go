package sim_test

import (
	"strings"
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

func TestIdPLifecycleThroughSDK(t *testing.T) {
	org := simtest.Start(t)
	c := sdkClient(t, org)

	created, _, err := c.IdentityProviderAPI.CreateIdentityProvider(ctx(t)).IdentityProvider(idmeIdP("ID.me IdP - OIDC")).Execute()
	if err != nil {
		t.Fatalf("CreateIdentityProvider: %v", err)
	}
	id := created.GetId()
	if !strings.HasPrefix(id, "0oa") || len(id) != 20 {
		t.Errorf("id = %q, want a 20-character 0oa… id", id)
	}
	if created.GetStatus() != "ACTIVE" {
		t.Errorf("status = %q, want ACTIVE (a new IdP is active unless told otherwise)", created.GetStatus())
	}
	if got, want := created.Links.ClientRedirectUri.GetHref(), org.URL()+"/oauth2/v1/authorize/callback"; got != want {
		t.Errorf("clientRedirectUri = %q, want %q", got, want)
	}
	if href := created.Links.Authorize.GetHref(); !strings.HasPrefix(href, org.URL()+"/oauth2/v1/authorize?idp="+id+"&") {
		t.Errorf("authorize link = %q", href)
	}
	if tc, ok := created.Policy.AdditionalProperties["trustClaims"]; !ok || tc != false {
		t.Errorf("policy.trustClaims = %v (present %v), want false", tc, ok)
	}

	got, _, err := c.IdentityProviderAPI.GetIdentityProvider(ctx(t), id).Execute()
	if err != nil {
		t.Fatalf("GetIdentityProvider: %v", err)
	}
	if got.Protocol.Credentials.Client.GetClientSecret() != "idme-secret" {
		t.Errorf("GET lost the client secret, which Okta returns in clear")
	}

	list, _, err := c.IdentityProviderAPI.ListIdentityProviders(ctx(t)).Type_("OIDC").Q("id.me").Limit(20).Execute()
	if err != nil {
		t.Fatalf("ListIdentityProviders: %v", err)
	}
	if len(list) != 1 || list[0].GetId() != id {
		t.Fatalf("list by q=id.me returned %d IdPs, want the one created", len(list))
	}
	none, _, err := c.IdentityProviderAPI.ListIdentityProviders(ctx(t)).Q("IdP - OIDC").Execute()
	if err != nil || len(none) != 0 {
		t.Errorf("q is a prefix match; q=%q found %d (err %v)", "IdP - OIDC", len(none), err)
	}

	// GET → edit → PUT, as the wizard does to fix drift.
	got.Protocol.Scopes = []string{"openid", "teacher"}
	replaced, _, err := c.IdentityProviderAPI.ReplaceIdentityProvider(ctx(t), id).IdentityProvider(*got).Execute()
	if err != nil {
		t.Fatalf("ReplaceIdentityProvider: %v", err)
	}
	if strings.Join(replaced.Protocol.Scopes, " ") != "openid teacher" {
		t.Errorf("scopes after PUT = %v", replaced.Protocol.Scopes)
	}

	if _, _, err := c.IdentityProviderAPI.DeactivateIdentityProvider(ctx(t), id).Execute(); err != nil {
		t.Fatalf("DeactivateIdentityProvider: %v", err)
	}
	again, _, err := c.IdentityProviderAPI.ActivateIdentityProvider(ctx(t), id).Execute()
	if err != nil {
		t.Fatalf("ActivateIdentityProvider: %v", err)
	}
	if again.GetStatus() != "ACTIVE" {
		t.Errorf("status after activate = %q", again.GetStatus())
	}

	snap := org.Snapshot()
	if len(snap.IdPs) != 1 || snap.IdPs[0]["status"] != "ACTIVE" {
		t.Errorf("snapshot IdPs = %v", simtest.Redact(snap.IdPs))
	}
	types := map[string]bool{}
	for _, e := range snap.LogEvents {
		types[e["eventType"].(string)] = true
	}
	for _, want := range []string{"system.idp.lifecycle.create", "system.idp.lifecycle.update", "system.idp.lifecycle.deactivate", "system.idp.lifecycle.activate"} {
		if !types[want] {
			t.Errorf("System Log lacks %s", want)
		}
	}
}

func TestCreateInactiveIdPThroughSDK(t *testing.T) {
	org := simtest.Start(t)
	c := sdkClient(t, org)
	body := idmeIdP("Inactive one")
	body.Status = okta.PtrString("INACTIVE")
	created, _, err := c.IdentityProviderAPI.CreateIdentityProvider(ctx(t)).IdentityProvider(body).Execute()
	if err != nil {
		t.Fatalf("CreateIdentityProvider: %v", err)
	}
	if created.GetStatus() != "INACTIVE" {
		t.Errorf("status = %q, want INACTIVE", created.GetStatus())
	}
}
