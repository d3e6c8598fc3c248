package openapi_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/idme-okta/idme-okta/okta/sim/openapi"
)

// sentRequest is what the capture server saw and what the validator said about it.
type sentRequest struct {
	method, path, query string
	verdict             error
}

// sdkAgainstValidator returns an okta-sdk-golang client whose every request goes to a loopback
// server that validates it, so the bodies are exactly what the SDK puts on the wire. The server
// answers with the request body (or [] for a bodiless request), which the SDK can decode.
func sdkAgainstValidator(t *testing.T) (*okta.APIClient, func() []sentRequest) {
	t.Helper()
	v := sharedValidator(t)
	var (
		mu   sync.Mutex
		sent []sentRequest
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("read request body: %v", err)
		}
		verdict := v.Validate(r, body)
		mu.Lock()
		sent = append(sent, sentRequest{method: r.Method, path: r.URL.Path, query: r.URL.RawQuery, verdict: verdict})
		mu.Unlock()
		if len(body) == 0 {
			body = []byte("[]")
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)

	// NewConfiguration also reads ~/.okta/okta.yaml and OKTA_CLIENT_*; every field that
	// matters is set explicitly so those cannot change the requests.
	t.Setenv("HOME", t.TempDir())
	cfg, err := okta.NewConfiguration(
		okta.WithOrgUrl(srv.URL),
		okta.WithToken("test-token"),
		okta.WithCache(false),
		okta.WithRateLimitMaxRetries(0),
		okta.WithRateLimitMaxBackOff(0),
		okta.WithHttpClientPtr(srv.Client()),
	)
	if err != nil {
		t.Fatalf("okta configuration: %v", err)
	}
	// The SDK drops the port of the org URL (okta-api.md §9); put it back.
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Host = u.Host
	return okta.NewAPIClient(cfg), func() []sentRequest {
		mu.Lock()
		defer mu.Unlock()
		return append([]sentRequest(nil), sent...)
	}
}

// TestSDKRequestsPass drives okta-sdk-golang v5.0.2 through every call the wizard makes and
// requires each request it sends to satisfy the (patched) spec.
func TestSDKRequestsPass(t *testing.T) {
	const idpID, policyID, mappingID, appID, groupID = "0oa1idme", "00pdisc1", "prm1", "0oa2app", "00g1every"
	since := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

	cases := []struct {
		name                 string
		wantMethod, wantPath string
		call                 func(ctx context.Context, c *okta.APIClient) error
	}{
		{
			name: "find IdP by name", wantMethod: "GET", wantPath: "/api/v1/idps",
			call: func(ctx context.Context, c *okta.APIClient) error {
				_, _, err := c.IdentityProviderAPI.ListIdentityProviders(ctx).Type_("OIDC").Q("ID.me").Limit(20).Execute()
				return err
			},
		},
		{
			name: "create OIDC IdP without userInfo", wantMethod: "POST", wantPath: "/api/v1/idps",
			call: func(ctx context.Context, c *okta.APIClient) error {
				_, _, err := c.IdentityProviderAPI.CreateIdentityProvider(ctx).IdentityProvider(idmeIdentityProvider()).Execute()
				return err
			},
		},
		{
			name: "add custom attribute to the Okta user profile", wantMethod: "POST", wantPath: "/api/v1/meta/schemas/user/default",
			call: func(ctx context.Context, c *okta.APIClient) error {
				schema := customAttributes(map[string]okta.UserSchemaAttribute{
					"idme_uuid": {
						Title:       okta.PtrString("ID.me UUID"),
						Description: okta.PtrString("ID.me uuid claim"),
						Type:        okta.PtrString("string"),
						Required:    okta.PtrBool(false),
						Permissions: []okta.UserSchemaAttributePermission{{Principal: okta.PtrString("SELF"), Action: okta.PtrString("READ_ONLY")}},
					},
				})
				_, _, err := c.SchemaAPI.UpdateUserProfile(ctx, "default").UserSchema(schema).Execute()
				return err
			},
		},
		{
			name: "add claim attribute with externalName to the IdP profile", wantMethod: "POST", wantPath: "/api/v1/meta/schemas/apps/" + idpID + "/default",
			call: func(ctx context.Context, c *okta.APIClient) error {
				schema := customAttributes(map[string]okta.UserSchemaAttribute{
					"uuid": {Title: okta.PtrString("ID.me uuid"), Type: okta.PtrString("string"), ExternalName: okta.PtrString("uuid"), Scope: okta.PtrString("NONE")},
				})
				_, _, err := c.SchemaAPI.UpdateApplicationUserProfile(ctx, idpID).Body(schema).Execute()
				return err
			},
		},
		{
			name: "update profile mapping", wantMethod: "POST", wantPath: "/api/v1/mappings/" + mappingID,
			call: func(ctx context.Context, c *okta.APIClient) error {
				_, _, err := c.ProfileMappingAPI.UpdateProfileMapping(ctx, mappingID).ProfileMapping(okta.ProfileMappingRequest{
					Properties: map[string]okta.ProfileMappingProperty{
						"firstName": {Expression: okta.PtrString("appuser.fname"), PushStatus: okta.PtrString("PUSH")},
						"idme_uuid": {Expression: okta.PtrString("appuser.uuid"), PushStatus: okta.PtrString("PUSH")},
					},
				}).Execute()
				return err
			},
		},
		{
			name: "create active IdP routing rule", wantMethod: "POST", wantPath: "/api/v1/policies/" + policyID + "/rules",
			call: func(ctx context.Context, c *okta.APIClient) error {
				rule := idpDiscoveryRule(idpID)
				_, _, err := c.PolicyAPI.CreatePolicyRule(ctx, policyID).
					PolicyRule(okta.IdpDiscoveryPolicyRuleAsListPolicyRules200ResponseInner(&rule)).Activate(true).Execute()
				return err
			},
		},
		{
			name: "create OIDC test app", wantMethod: "POST", wantPath: "/api/v1/apps",
			call: func(ctx context.Context, c *okta.APIClient) error {
				app := testOIDCApplication()
				_, _, err := c.ApplicationAPI.CreateApplication(ctx).
					Application(okta.OpenIdConnectApplicationAsListApplications200ResponseInner(app)).Activate(true).Execute()
				return err
			},
		},
		{
			name: "assign Everyone to the test app", wantMethod: "PUT", wantPath: "/api/v1/apps/" + appID + "/groups/" + groupID,
			call: func(ctx context.Context, c *okta.APIClient) error {
				_, _, err := c.ApplicationGroupsAPI.AssignGroupToApplication(ctx, appID, groupID).
					ApplicationGroupAssignment(okta.ApplicationGroupAssignment{}).Execute()
				return err
			},
		},
		{
			name: "read the System Log for the sign-in", wantMethod: "GET", wantPath: "/api/v1/logs",
			call: func(ctx context.Context, c *okta.APIClient) error {
				_, _, err := c.SystemLogAPI.ListLogEvents(ctx).Since(since).Until(since.Add(10 * time.Minute)).
					Filter(`eventType eq "user.authentication.auth_via_IDP"`).SortOrder("ASCENDING").Limit(100).Execute()
				return err
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			client, sent := sdkAgainstValidator(t)
			if err := tc.call(context.Background(), client); err != nil {
				t.Fatalf("SDK call: %v", err)
			}
			got := sent()
			if len(got) != 1 {
				t.Fatalf("SDK sent %d requests, want 1: %+v", len(got), got)
			}
			req := got[0]
			if req.method != tc.wantMethod || req.path != tc.wantPath {
				t.Fatalf("SDK sent %s %s, want %s %s", req.method, req.path, tc.wantMethod, tc.wantPath)
			}
			if req.verdict != nil {
				t.Errorf("request the SDK sends was rejected: %v", req.verdict)
			}
		})
	}
}

// TestSDKSendsTheQueryParameters guards the query-parameter cases above: they only prove
// something if the parameters really reach the validator.
func TestSDKSendsTheQueryParameters(t *testing.T) {
	client, sent := sdkAgainstValidator(t)
	ctx := context.Background()
	if _, _, err := client.IdentityProviderAPI.ListIdentityProviders(ctx).Type_("OIDC").Q("ID.me").Limit(20).Execute(); err != nil {
		t.Fatal(err)
	}
	rule := idpDiscoveryRule("0oa1idme")
	if _, _, err := client.PolicyAPI.CreatePolicyRule(ctx, "00pdisc1").
		PolicyRule(okta.IdpDiscoveryPolicyRuleAsListPolicyRules200ResponseInner(&rule)).Activate(true).Execute(); err != nil {
		t.Fatal(err)
	}
	got := sent()
	if len(got) != 2 {
		t.Fatalf("got %d requests, want 2", len(got))
	}
	want := []url.Values{{"type": {"OIDC"}, "q": {"ID.me"}, "limit": {"20"}}, {"activate": {"true"}}}
	for i, req := range got {
		q, err := url.ParseQuery(req.query)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range want[i] {
			if q.Get(k) != v[0] {
				t.Errorf("%s %s: query %s=%q, want %q", req.method, req.path, k, q.Get(k), v[0])
			}
		}
	}
}

func idmeIdentityProvider() okta.IdentityProvider {
	endpoint := func(u, binding string) *okta.ProtocolEndpoint {
		return &okta.ProtocolEndpoint{Url: okta.PtrString(u), Binding: okta.PtrString(binding)}
	}
	return okta.IdentityProvider{
		Type:       okta.PtrString("OIDC"),
		Name:       okta.PtrString("ID.me IdP - OIDC"),
		IssuerMode: okta.PtrString("ORG_URL"),
		Protocol: &okta.Protocol{
			Type:   okta.PtrString("OIDC"),
			Scopes: []string{"openid", "military"},
			Endpoints: &okta.ProtocolEndpoints{
				Authorization: endpoint("https://api.idmelabs.com/oauth/authorize", "HTTP-REDIRECT"),
				Token:         endpoint("https://api.idmelabs.com/oauth/token", "HTTP-POST"),
				Jwks:          endpoint("https://api.idmelabs.com/oidc/.well-known/jwks", "HTTP-REDIRECT"),
			},
			Issuer: &okta.ProtocolEndpoint{Url: okta.PtrString("https://api.idmelabs.com/oidc")},
			Credentials: &okta.IdentityProviderCredentials{Client: &okta.IdentityProviderCredentialsClient{
				ClientId: okta.PtrString("idme-client-id"), ClientSecret: okta.PtrString("not-a-real-secret"),
			}},
		},
		Policy: &okta.IdentityProviderPolicy{
			AccountLink: &okta.PolicyAccountLink{Action: okta.PtrString("AUTO")},
			Provisioning: &okta.Provisioning{
				Action:        okta.PtrString("AUTO"),
				ProfileMaster: okta.PtrBool(true),
				Groups:        &okta.ProvisioningGroups{Action: okta.PtrString("NONE")},
				Conditions: &okta.ProvisioningConditions{
					Deprovisioned: &okta.ProvisioningDeprovisionedCondition{Action: okta.PtrString("NONE")},
					Suspended:     &okta.ProvisioningSuspendedCondition{Action: okta.PtrString("NONE")},
				},
			},
			Subject: &okta.PolicySubject{
				UserNameTemplate: &okta.PolicyUserNameTemplate{Template: okta.PtrString("idpuser.email")},
				MatchType:        okta.PtrString("USERNAME_OR_EMAIL"),
			},
			MaxClockSkew: okta.PtrInt32(0),
		},
	}
}

func customAttributes(attrs map[string]okta.UserSchemaAttribute) okta.UserSchema {
	return okta.UserSchema{Definitions: &okta.UserSchemaDefinitions{Custom: &okta.UserSchemaPublic{
		Id:         okta.PtrString("#custom"),
		Type:       okta.PtrString("object"),
		Properties: &attrs,
	}}}
}

func idpDiscoveryRule(idpID string) okta.IdpDiscoveryPolicyRule {
	return okta.IdpDiscoveryPolicyRule{
		PolicyRule: okta.PolicyRule{
			Name:     okta.PtrString("ID.me IdP - Okta App Portal"),
			Type:     okta.PtrString("IDP_DISCOVERY"),
			Priority: okta.PtrInt32(1),
		},
		Conditions: &okta.IdpDiscoveryPolicyRuleCondition{Network: &okta.PolicyNetworkCondition{Connection: okta.PtrString("ANYWHERE")}},
		Actions: &okta.IdpPolicyRuleAction{Idp: &okta.IdpPolicyRuleActionIdp{
			IdpSelectionType: okta.PtrString("SPECIFIC"),
			Providers: []okta.IdpPolicyRuleActionProvider{
				{Type: okta.PtrString("OKTA")},
				{Type: okta.PtrString("OIDC"), Id: okta.PtrString(idpID)},
			},
		}},
	}
}

func testOIDCApplication() *okta.OpenIdConnectApplication {
	credentials := okta.OAuthApplicationCredentials{OauthClient: &okta.ApplicationCredentialsOAuthClient{
		TokenEndpointAuthMethod: okta.PtrString("none"),
		PkceRequired:            okta.PtrBool(true),
	}}
	settings := okta.OpenIdConnectApplicationSettings{OauthClient: &okta.OpenIdConnectApplicationSettingsClient{
		ApplicationType: okta.PtrString("browser"),
		ConsentMethod:   okta.PtrString("TRUSTED"),
		GrantTypes:      []string{"authorization_code", "implicit"},
		ResponseTypes:   []string{"code", "id_token"},
		RedirectUris:    []string{"http://127.0.0.1:53682/callback"},
		IssuerMode:      okta.PtrString("ORG_URL"),
	}}
	// Argument order is (credentials, name, settings, label, signOnMode).
	return okta.NewOpenIdConnectApplication(credentials, "oidc_client", settings, "ID.me wizard test", "OPENID_CONNECT")
}

func sharedValidator(tb testing.TB) *openapi.Validator {
	tb.Helper()
	v, err := openapi.Shared()
	if err != nil {
		tb.Fatalf("load validator: %v", err)
	}
	return v
}
