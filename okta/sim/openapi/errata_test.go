package openapi_test

import (
	"strings"
	"testing"
)

// Each erratum: requests real Okta accepts must pass, and genuinely wrong neighbours must
// still fail. errata_internal_test.go shows that the raw spec rejects the accepted ones.

// okta returned this for GET /api/v1/idps/{id} of an OIDC IdP (shape of
// terraform-provider-okta's TestAccResourceOktaIdpOidc_crud recording; values ours). A
// GET → edit → PUT sends it back with its nulls and read-only fields.
const idpAsReturnedByGet = `{
  "id": "0oa1idme", "status": "ACTIVE", "type": "OIDC", "name": "ID.me IdP - OIDC", "issuerMode": "ORG_URL",
  "created": "2026-11-25T10:00:00.000Z", "lastUpdated": "2026-11-25T10:00:00.000Z",
  "protocol": {
    "type": "OIDC", "scopes": ["openid", "military"],
    "endpoints": {
      "authorization": {"url": "https://api.idmelabs.com/oauth/authorize", "binding": "HTTP-REDIRECT"},
      "token": {"url": "https://api.idmelabs.com/oauth/token", "binding": "HTTP-POST"},
      "jwks": {"url": "https://api.idmelabs.com/oidc/.well-known/jwks", "binding": "HTTP-REDIRECT"}
    },
    "issuer": {"url": "https://api.idmelabs.com/oidc"},
    "credentials": {"client": {"client_id": "idme-client-id", "client_secret": "not-a-real-secret", "pkce_required": null}}
  },
  "policy": {
    "accountLink": {"action": "AUTO", "filter": null},
    "provisioning": {"action": "AUTO", "profileMaster": true, "groups": {"action": "NONE"},
      "conditions": {"deprovisioned": {"action": "NONE"}, "suspended": {"action": "NONE"}}},
    "subject": {"userNameTemplate": {"template": "idpuser.email"}, "filter": null, "matchType": "USERNAME_OR_EMAIL", "matchAttribute": null},
    "maxClockSkew": 0, "mapAMRClaims": false, "trustClaims": false
  },
  "_links": {
    "authorize": {"href": "https://example.okta.com/oauth2/v1/authorize?idp=0oa1idme&client_id={clientId}", "templated": true, "hints": {"allow": ["GET"]}},
    "clientRedirectUri": {"href": "https://example.okta.com/oauth2/v1/authorize/callback", "hints": {"allow": ["POST"]}}
  }
}`

// An OIDC app as Okta returns it, with the nulls that a PUT sends back.
const appAsReturnedByGet = `{
  "id": "0oa2app", "name": "oidc_client", "label": "ID.me wizard test", "status": "ACTIVE", "signOnMode": "OPENID_CONNECT",
  "created": "2026-11-25T10:00:00.000Z", "lastUpdated": "2026-11-25T10:00:00.000Z",
  "accessibility": {"selfService": false, "errorRedirectUrl": null, "loginRedirectUrl": null},
  "visibility": {"autoSubmitToolbar": false, "hide": {"iOS": false, "web": false}},
  "credentials": {"userNameTemplate": {"template": "${source.login}", "type": "BUILT_IN"},
    "oauthClient": {"autoKeyRotation": true, "client_id": "0oa2app", "token_endpoint_auth_method": "none", "pkce_required": true}},
  "settings": {"notes": {"admin": null, "enduser": null},
    "oauthClient": {"application_type": "browser", "consent_method": "TRUSTED", "grant_types": ["authorization_code", "implicit"],
      "response_types": ["code", "id_token"], "redirect_uris": ["http://127.0.0.1:53682/callback"], "issuer_mode": "ORG_URL"}},
  "_links": {"self": {"href": "https://example.okta.com/api/v1/apps/0oa2app"}},
  "_embedded": {"user": {"id": "00u1"}}
}`

type erratumCase struct {
	name, method, target, body string
	wantDetail                 string // "" means the request must pass
}

func runErratumCases(t *testing.T, cases []erratumCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := validate(t, newRequest(tc.method, tc.target, tc.body), tc.body)
			switch {
			case tc.wantDetail == "" && v != nil:
				t.Errorf("request real Okta accepts was rejected: %v", v)
			case tc.wantDetail != "" && v == nil:
				t.Errorf("wrong request was accepted; want a violation mentioning %q", tc.wantDetail)
			case tc.wantDetail != "" && !strings.Contains(v.Detail, tc.wantDetail):
				t.Errorf("violation %q does not mention %q", v.Detail, tc.wantDetail)
			}
		})
	}
}

func TestErratum1MappingRequestRequiresOnlyProperties(t *testing.T) {
	runErratumCases(t, []erratumCase{
		{name: "properties only", method: "POST", target: "/api/v1/mappings/prm1",
			body: `{"properties":{"firstName":{"expression":"appuser.fname","pushStatus":"PUSH"}}}`},
		{name: "properties missing", method: "POST", target: "/api/v1/mappings/prm1",
			body: `{}`, wantDetail: `property "properties" is missing`},
		{name: "expression is a number", method: "POST", target: "/api/v1/mappings/prm1",
			body: `{"properties":{"firstName":{"expression":42}}}`, wantDetail: `property "properties.firstName.expression": value must be a string`},
	})
}

func TestErratum2NullDeletes(t *testing.T) {
	const custom = `{"definitions":{"custom":{"id":"#custom","type":"object","properties":{"idme_uuid":%s}}}}`
	runErratumCases(t, []erratumCase{
		{name: "null mapping row deletes it", method: "POST", target: "/api/v1/mappings/prm1",
			body: `{"properties":{"nickName":null,"firstName":{"expression":"appuser.fname","pushStatus":"PUSH"}}}`},
		{name: "null custom user attribute deletes it", method: "POST", target: "/api/v1/meta/schemas/user/default",
			body: strings.Replace(custom, "%s", "null", 1)},
		{name: "null custom IdP attribute deletes it", method: "POST", target: "/api/v1/meta/schemas/apps/0oa1idme/default",
			body: strings.Replace(custom, "%s", "null", 1)},
		{name: "mapping row as a bare string", method: "POST", target: "/api/v1/mappings/prm1",
			body: `{"properties":{"nickName":"appuser.nickname"}}`, wantDetail: `property "properties.nickName": value must be an object`},
		{name: "the mapping map itself null", method: "POST", target: "/api/v1/mappings/prm1",
			body: `{"properties":null}`, wantDetail: `property "properties": Value is not nullable`},
		{name: "custom attribute as a bare string", method: "POST", target: "/api/v1/meta/schemas/user/default",
			body: strings.Replace(custom, "%s", `"string"`, 1), wantDetail: `property "definitions.custom.properties.idme_uuid": value must be an object`},
		{name: "custom attribute with a numeric title", method: "POST", target: "/api/v1/meta/schemas/user/default",
			body: strings.Replace(custom, "%s", `{"title":7,"type":"string"}`, 1), wantDetail: `idme_uuid.title": value must be a string`},
	})
}

func TestErratum3OptionalPropertiesAcceptNull(t *testing.T) {
	runErratumCases(t, []erratumCase{
		{name: "IdP as returned by GET", method: "PUT", target: "/api/v1/idps/0oa1idme", body: idpAsReturnedByGet},
		{name: "OIDC app as returned by GET", method: "PUT", target: "/api/v1/apps/0oa2app", body: appAsReturnedByGet},
		{name: "optional nulls beside a required id", method: "POST", target: "/api/v1/apps/0oa2app/users",
			body: `{"id":"00u1","scope":"USER","externalId":null,"credentials":null}`},
		{name: "optional user credentials null", method: "PUT", target: "/api/v1/users/00u1",
			body: `{"profile":{"login":"a@example.com"},"credentials":null}`},

		// Required stays required and non-nullable, wherever it is declared.
		{name: "required app label null", method: "PUT", target: "/api/v1/apps/0oa2app",
			body: strings.Replace(appAsReturnedByGet, `"label": "ID.me wizard test"`, `"label": null`, 1), wantDetail: `property "label": Value is not nullable`},
		// The same rule on a body root shared as an optional property elsewhere, and on an id
		// that a sibling allOf member requires (AppUserAssignRequest), is tested in
		// TestAllowNullForOptionalProperties: no operation the simulator serves has either shape,
		// so the embedded spec does not carry one.

		// Wrong types stay wrong.
		{name: "accountLink filter is a string", method: "PUT", target: "/api/v1/idps/0oa1idme",
			body: strings.Replace(idpAsReturnedByGet, `"filter": null}`, `"filter": "everyone"}`, 1), wantDetail: `property "policy.accountLink.filter": value must be an object`},
		{name: "pkce_required is a string", method: "PUT", target: "/api/v1/idps/0oa1idme",
			body: strings.Replace(idpAsReturnedByGet, `"pkce_required": null`, `"pkce_required": "yes"`, 1), wantDetail: `pkce_required": value must be a boolean`},
	})
}

func TestErratum4ReadOnlyPropertiesEchoedBack(t *testing.T) {
	runErratumCases(t, []erratumCase{
		// idpAsReturnedByGet and appAsReturnedByGet carry id, status, created, lastUpdated,
		// _links and (the app) _embedded.
		{name: "IdP PUT with read-only fields", method: "PUT", target: "/api/v1/idps/0oa1idme", body: idpAsReturnedByGet},
		{name: "app PUT with read-only fields", method: "PUT", target: "/api/v1/apps/0oa2app", body: appAsReturnedByGet},
		{name: "group assignment PUT with read-only fields", method: "PUT", target: "/api/v1/apps/0oa2app/groups/00g1",
			body: `{"id":"00g1","priority":0,"lastUpdated":"2026-11-25T10:00:00.000Z","_links":{"app":{"href":"https://example.okta.com/api/v1/apps/0oa2app"}},"_embedded":{"group":{"id":"00g1"}}}`},

		{name: "created is a number", method: "PUT", target: "/api/v1/idps/0oa1idme",
			body: strings.Replace(idpAsReturnedByGet, `"created": "2026-11-25T10:00:00.000Z"`, `"created": 42`, 1), wantDetail: `property "created": value must be a string`},
		{name: "_links is a string", method: "PUT", target: "/api/v1/idps/0oa1idme",
			body: strings.Replace(idpAsReturnedByGet, `"_links": {`, `"_links": "none", "x": {`, 1), wantDetail: `property "_links": value must be an object`},
		{name: "_embedded is a list", method: "PUT", target: "/api/v1/apps/0oa2app",
			body: strings.Replace(appAsReturnedByGet, `"_embedded": {"user": {"id": "00u1"}}`, `"_embedded": []`, 1), wantDetail: `property "_embedded": value must be an object`},
	})
}
