package openapi_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/openapi"
)

// newRequest builds a request as the sim's server would receive it: on a loopback host and
// port, with the SDK's headers.
func newRequest(method, target, body string) *http.Request {
	r := httptest.NewRequest(method, "http://127.0.0.1:54321"+target, strings.NewReader(body))
	r.Header.Set("Authorization", "SSWS test-token")
	r.Header.Set("Accept", "application/json")
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	return r
}

// validate runs the shared validator on one request and returns its *Violation, or nil.
func validate(t *testing.T, r *http.Request, body string) *openapi.Violation {
	t.Helper()
	err := sharedValidator(t).Validate(r, []byte(body))
	if err == nil {
		return nil
	}
	var v *openapi.Violation
	if !errors.As(err, &v) {
		t.Fatalf("Validate returned %T (%v), want *openapi.Violation", err, err)
	}
	return v
}

func TestRejectsWhatOktaRejects(t *testing.T) {
	const validIdP = `"type":"OIDC","protocol":{"type":"OIDC","scopes":["openid"]}`
	const validRule = `"type":"IDP_DISCOVERY","name":"ID.me","priority":1`
	cases := []struct {
		name, method, target, body string
		wantKind, wantOp           string
		wantDetail                 []string // substrings of Detail
	}{
		{
			name: "IdP name is a number", method: "POST", target: "/api/v1/idps",
			body:     `{"name":123,` + validIdP + `}`,
			wantKind: "body", wantOp: "createIdentityProvider", wantDetail: []string{`property "name"`, "must be a string"},
		},
		{
			name: "scopes is a string", method: "POST", target: "/api/v1/idps",
			body:     `{"name":"ID.me","type":"OIDC","protocol":{"type":"OIDC","scopes":"openid"}}`,
			wantKind: "body", wantOp: "createIdentityProvider", wantDetail: []string{`property "protocol.scopes"`, "must be an array"},
		},
		{
			name: "rule priority is a word", method: "POST", target: "/api/v1/policies/00pdisc1/rules",
			body:     `{"type":"IDP_DISCOVERY","name":"ID.me","priority":"one"}`,
			wantKind: "body", wantOp: "createPolicyRule", wantDetail: []string{`property "priority"`, "must be an integer"},
		},
		{
			name: "providers is a string", method: "POST", target: "/api/v1/policies/00pdisc1/rules",
			body:     `{` + validRule + `,"actions":{"idp":{"idpSelectionType":"SPECIFIC","providers":"OKTA"}}}`,
			wantKind: "body", wantOp: "createPolicyRule", wantDetail: []string{`property "actions.idp.providers"`, "must be an array"},
		},
		{
			name: "unknown rule type", method: "POST", target: "/api/v1/policies/00pdisc1/rules",
			body:     `{"type":"NOPE","name":"ID.me","priority":1}`,
			wantKind: "body", wantOp: "createPolicyRule", wantDetail: []string{`discriminator property "type" has invalid value`},
		},
		{
			name: "activate is not a boolean", method: "POST", target: "/api/v1/policies/00pdisc1/rules?activate=maybe",
			body:     `{` + validRule + `}`,
			wantKind: "parameter", wantOp: "createPolicyRule", wantDetail: []string{`query parameter "activate"`, "invalid boolean"},
		},
		{
			name: "body is not JSON", method: "POST", target: "/api/v1/idps",
			body:     `{name: ID.me}`,
			wantKind: "body", wantOp: "createIdentityProvider", wantDetail: []string{"failed to decode request body"},
		},
		{
			name: "required body missing", method: "POST", target: "/api/v1/idps",
			wantKind: "body", wantOp: "createIdentityProvider", wantDetail: []string{"value is required but missing"},
		},
		{
			name: "unknown route", method: "GET", target: "/api/v1/nope",
			wantKind: "unknown-route", wantDetail: []string{"no path"},
		},
		{
			name: "wrong method", method: "PATCH", target: "/api/v1/idps",
			wantKind: "method-not-allowed", wantDetail: []string{"not this method"},
		},
		{
			// The spec describes some /oauth2/ paths; ignoredPrefixes must not hide them.
			name: "wrong method on a described path under an ignored prefix", method: "PATCH", target: "/oauth2/v1/clients/0oa1/roles",
			wantKind: "method-not-allowed",
		},
		{
			name: "log query with a malformed until", method: "GET", target: "/api/v1/logs?since=2026-11-25T10:00:00Z&until=yesterday",
			wantKind: "parameter", wantOp: "listLogEvents", wantDetail: []string{`query parameter "until"`, "date-time"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRequest(tc.method, tc.target, tc.body)
			v := validate(t, r, tc.body)
			if v == nil {
				t.Fatalf("%s %s was accepted; want a %s violation", tc.method, tc.target, tc.wantKind)
			}
			if v.Kind != tc.wantKind || v.Operation != tc.wantOp || v.Method != tc.method || v.Path != r.URL.Path {
				t.Errorf("got %+v; want Kind %q, Operation %q, Method %q, Path %q", *v, tc.wantKind, tc.wantOp, tc.method, r.URL.Path)
			}
			for _, want := range tc.wantDetail {
				if !strings.Contains(v.Detail, want) {
					t.Errorf("Detail %q does not mention %q", v.Detail, want)
				}
			}
			if msg := v.Error(); strings.Contains(msg, "\n") || !strings.HasPrefix(msg, tc.method+" "+r.URL.Path) {
				t.Errorf("Error() = %q; want one line starting with the method and path", msg)
			}
		})
	}
}

func TestViolationErrorFormat(t *testing.T) {
	v := &openapi.Violation{Method: "POST", Path: "/api/v1/idps", Operation: "createIdentityProvider", Kind: "body", Detail: `property "name": value must be a string`}
	if got, want := v.Error(), `POST /api/v1/idps (createIdentityProvider): body: property "name": value must be a string`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	v = &openapi.Violation{Method: "GET", Path: "/api/v1/nope", Kind: "unknown-route", Detail: "no path in Okta's spec matches"}
	if got, want := v.Error(), `GET /api/v1/nope: unknown-route: no path in Okta's spec matches`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestMissingAuthorizationIsASecurityViolation(t *testing.T) {
	r := newRequest("GET", "/api/v1/idps", "")
	r.Header.Del("Authorization")
	v := validate(t, r, "")
	if v == nil || v.Kind != "security" || v.Operation != "listIdentityProviders" {
		t.Fatalf("got %+v, want a security violation of listIdentityProviders", v)
	}
	// Any scheme's header is enough here: checking the token is the sim's job.
	r.Header.Set("Authorization", "Bearer some-access-token")
	if v := validate(t, r, ""); v != nil {
		t.Errorf("request with a Bearer token rejected: %v", v)
	}
}

func TestViolationNeverEchoesTheSecret(t *testing.T) {
	// client_secret of the wrong type: kin-openapi's raw message would print the value.
	body := `{"name":"ID.me","type":"OIDC","protocol":{"type":"OIDC","credentials":{"client":{"client_id":"x","client_secret":["s3cr3t-value"]}}}}`
	v := validate(t, newRequest("POST", "/api/v1/idps", body), body)
	if v == nil {
		t.Fatal("client_secret given as an array was accepted")
	}
	if strings.Contains(v.Error(), "s3cr3t-value") {
		t.Errorf("violation leaks the secret: %v", v)
	}
	if !strings.Contains(v.Detail, "protocol.credentials.client.client_secret") {
		t.Errorf("Detail %q does not name the field", v.Detail)
	}
}

func TestIgnoredPrefixesPass(t *testing.T) {
	for _, target := range []string{
		"/__sim/faults",
		"/oauth2/v1/authorize?client_id=x&idp=0oa1&response_type=id_token",
		"/oauth2/v1/authorize/callback",
		"/.well-known/openid-configuration",
		"/login/default",
		"/sso/idps/0oa1",
	} {
		r := newRequest("GET", target, "")
		r.Header.Del("Authorization") // browsers send none
		if v := validate(t, r, ""); v != nil {
			t.Errorf("GET %s: %v", target, v)
		}
	}
}

func TestValidateLeavesTheRequestUntouched(t *testing.T) {
	// listIdentityProviders declares limit with a default of 20; kin-openapi would write it
	// into the query unless told not to, and the sim must see what the client sent.
	r := newRequest("GET", "/api/v1/idps?q=ID.me", "")
	if v := validate(t, r, ""); v != nil {
		t.Fatal(v)
	}
	if r.URL.RawQuery != "q=ID.me" {
		t.Errorf("query changed to %q", r.URL.RawQuery)
	}

	const body = `{"type":"IDP_DISCOVERY","name":"ID.me","priority":1}`
	r = newRequest("POST", "/api/v1/policies/00pdisc1/rules", body)
	if v := validate(t, r, body); v != nil {
		t.Fatal(v)
	}
	rest, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	if string(rest) != body {
		t.Errorf("r.Body now reads %q, want the untouched %q", rest, body)
	}
}
