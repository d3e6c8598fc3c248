package sim_test

import (
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// testApp is the browser app the wizard creates for the live sign-in test (okta-api.md §6).
func testApp(label string) okta.ListApplications200ResponseInner {
	creds := okta.OAuthApplicationCredentials{OauthClient: &okta.ApplicationCredentialsOAuthClient{
		TokenEndpointAuthMethod: okta.PtrString("none"), PkceRequired: okta.PtrBool(true)}}
	settings := okta.OpenIdConnectApplicationSettings{OauthClient: &okta.OpenIdConnectApplicationSettingsClient{
		ApplicationType: okta.PtrString("browser"),
		ConsentMethod:   okta.PtrString("TRUSTED"),
		GrantTypes:      []string{"authorization_code", "implicit"},
		ResponseTypes:   []string{"code", "id_token"},
		RedirectUris:    []string{"http://127.0.0.1:53682/callback"},
		IssuerMode:      okta.PtrString("ORG_URL"),
	}}
	app := okta.NewOpenIdConnectApplication(creds, "oidc_client", settings, label, "OPENID_CONNECT")
	return okta.OpenIdConnectApplicationAsListApplications200ResponseInner(app)
}

func TestTestAppAndEveryoneAssignmentThroughSDK(t *testing.T) {
	org := simtest.Start(t)
	c := sdkClient(t, org)

	created, _, err := c.ApplicationAPI.CreateApplication(ctx(t)).Application(testApp("ID.me wizard test")).Activate(true).Execute()
	if err != nil {
		t.Fatalf("CreateApplication: %v", err)
	}
	app := created.OpenIdConnectApplication
	if app == nil {
		t.Fatalf("created app did not decode as an OpenIdConnectApplication: %+v", created)
	}
	if app.GetStatus() != "ACTIVE" || app.Credentials.OauthClient.GetClientId() != app.GetId() {
		t.Errorf("app status %q, client_id %q, id %q", app.GetStatus(), app.Credentials.OauthClient.GetClientId(), app.GetId())
	}

	groups, _, err := c.GroupAPI.ListGroups(ctx(t)).Filter(`type eq "BUILT_IN"`).Execute()
	if err != nil {
		t.Fatalf("ListGroups: %v", err)
	}
	if len(groups) != 1 || groups[0].Profile.GetName() != "Everyone" {
		t.Fatalf("BUILT_IN groups = %v, want only Everyone", groups)
	}
	everyone := groups[0].GetId()
	byName, _, err := c.GroupAPI.ListGroups(ctx(t)).Q("eng").Execute()
	if err != nil || len(byName) != 1 || byName[0].GetType() != "OKTA_GROUP" {
		t.Errorf("q=eng found %v (%v), want the seeded OKTA_GROUP", byName, err)
	}

	assignment, _, err := c.ApplicationGroupsAPI.AssignGroupToApplication(ctx(t), app.GetId(), everyone).
		ApplicationGroupAssignment(okta.ApplicationGroupAssignment{}).Execute()
	if err != nil {
		t.Fatalf("AssignGroupToApplication: %v", err)
	}
	if assignment.GetId() != everyone {
		t.Errorf("assignment id = %q, want the group id", assignment.GetId())
	}
	assigned, _, err := c.ApplicationGroupsAPI.ListApplicationGroupAssignments(ctx(t), app.GetId()).Execute()
	if err != nil || len(assigned) != 1 {
		t.Errorf("ListApplicationGroupAssignments = %v, %v", assigned, err)
	}

	found, _, err := c.ApplicationAPI.ListApplications(ctx(t)).Q("ID.me wizard").Execute()
	if err != nil {
		t.Fatalf("ListApplications: %v", err)
	}
	if len(found) != 1 || found[0].OpenIdConnectApplication.GetId() != app.GetId() {
		t.Errorf("label search found %d apps", len(found))
	}
	if snap := org.Snapshot(); len(snap.AppGroupAssignments[app.GetId()]) != 1 {
		t.Errorf("snapshot assignments = %v", snap.AppGroupAssignments)
	}
}
