package sim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// sdkClient is the real okta-sdk-golang v5.0.2 client pointed at the org, configured the way
// the project's client configures it (nothing read from ~/.okta or the environment).
func sdkClient(t *testing.T, org *sim.Org, opts ...okta.ConfigSetter) *okta.APIClient {
	t.Helper()
	return sdkClientWith(t, org, append([]okta.ConfigSetter{okta.WithToken(org.AdminToken())}, opts...)...)
}

// sdkClientWith is sdkClient with the credentials left to opts.
func sdkClientWith(t *testing.T, org *sim.Org, opts ...okta.ConfigSetter) *okta.APIClient {
	t.Helper()
	t.Setenv("HOME", t.TempDir())
	base := []okta.ConfigSetter{okta.WithOrgUrl(org.URL()), okta.WithCache(false), okta.WithRateLimitMaxRetries(0)}
	cfg, err := okta.NewConfiguration(append(base, opts...)...)
	if err != nil {
		t.Fatalf("okta.NewConfiguration: %v", err)
	}
	u, err := url.Parse(org.URL())
	if err != nil {
		t.Fatal(err)
	}
	cfg.Host = u.Host // the SDK drops the port of the org URL (okta-api.md §9)
	return okta.NewAPIClient(cfg)
}

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// response is one raw HTTP exchange with the org.
type response struct {
	status int
	header http.Header
	body   []byte
}

// printable is the body for a failure message: an IdP answer carries its client secret.
func (r response) printable() any { return simtest.Redact(r.body) }

func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("response is not a JSON object: %v: %s", err, r.printable())
	}
	return m
}

func (r response) list(t testing.TB) []map[string]any {
	t.Helper()
	var l []map[string]any
	if err := json.Unmarshal(r.body, &l); err != nil {
		t.Fatalf("response is not a JSON array: %v: %s", err, r.printable())
	}
	return l
}

// call sends a raw request with an Authorization header (none when auth is "").
func call(t testing.TB, org *sim.Org, method, path, auth string, body any) response {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx(t), method, org.URL()+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: raw}
}

func admin(org *sim.Org) string { return "SSWS " + org.AdminToken() }

// oktaError decodes an Okta error body and checks its shape.
func oktaError(t *testing.T, r response, wantStatus int, wantCode string) map[string]any {
	t.Helper()
	if r.status != wantStatus {
		t.Fatalf("status = %d, want %d; body %s", r.status, wantStatus, r.printable())
	}
	e := r.json(t)
	if e["errorCode"] != wantCode {
		t.Fatalf("errorCode = %v, want %s; body %s", e["errorCode"], wantCode, r.printable())
	}
	for _, k := range []string{"errorSummary", "errorLink", "errorId"} {
		if s, _ := e[k].(string); s == "" {
			t.Errorf("error body lacks %s: %s", k, r.printable())
		}
	}
	if _, isList := e["errorCauses"].([]any); !isList {
		t.Errorf("errorCauses is not a list: %s", r.printable())
	}
	return e
}

// causes lists the errorSummary of each errorCause.
func causes(e map[string]any) []string {
	var out []string
	for _, c := range e["errorCauses"].([]any) {
		out = append(out, c.(map[string]any)["errorSummary"].(string))
	}
	return out
}

// idmeIdP is the IdP the wizard creates (okta-api.md §1), as the SDK model.
func idmeIdP(name string) okta.IdentityProvider {
	return okta.IdentityProvider{
		Type:       okta.PtrString("OIDC"),
		Name:       okta.PtrString(name),
		IssuerMode: okta.PtrString("ORG_URL"),
		Protocol: &okta.Protocol{
			Type:   okta.PtrString("OIDC"),
			Scopes: []string{"openid", "http://idmanagement.gov/ns/assurance/ial/2/aal/2"},
			Endpoints: &okta.ProtocolEndpoints{
				Authorization: &okta.ProtocolEndpoint{Url: okta.PtrString("https://api.idmelabs.com/oauth/authorize"), Binding: okta.PtrString("HTTP-REDIRECT")},
				Token:         &okta.ProtocolEndpoint{Url: okta.PtrString("https://api.idmelabs.com/oauth/token"), Binding: okta.PtrString("HTTP-POST")},
				Jwks:          &okta.ProtocolEndpoint{Url: okta.PtrString("https://api.idmelabs.com/oidc/.well-known/jwks"), Binding: okta.PtrString("HTTP-REDIRECT")},
			},
			Issuer: &okta.ProtocolEndpoint{Url: okta.PtrString("https://api.idmelabs.com/oidc")},
			Credentials: &okta.IdentityProviderCredentials{Client: &okta.IdentityProviderCredentialsClient{
				ClientId: okta.PtrString("idme-client"), ClientSecret: okta.PtrString("idme-secret")}},
		},
		Policy: &okta.IdentityProviderPolicy{
			AccountLink: &okta.PolicyAccountLink{Action: okta.PtrString("AUTO")},
			Provisioning: &okta.Provisioning{Action: okta.PtrString("AUTO"), ProfileMaster: okta.PtrBool(true),
				Groups: &okta.ProvisioningGroups{Action: okta.PtrString("NONE")},
				Conditions: &okta.ProvisioningConditions{
					Deprovisioned: &okta.ProvisioningDeprovisionedCondition{Action: okta.PtrString("NONE")},
					Suspended:     &okta.ProvisioningSuspendedCondition{Action: okta.PtrString("NONE")}}},
			Subject: &okta.PolicySubject{UserNameTemplate: &okta.PolicyUserNameTemplate{Template: okta.PtrString("idpuser.email")},
				MatchType: okta.PtrString("USERNAME_OR_EMAIL")},
			MaxClockSkew: okta.PtrInt32(0),
		},
	}
}

// idpBody is the same IdP as raw JSON, for tests that break one field at a time.
func idpBody(name string) map[string]any {
	raw, err := json.Marshal(idmeIdP(name))
	if err != nil {
		panic(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		panic(err)
	}
	return m
}

func decodeMap(raw []byte) map[string]any {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		panic(err)
	}
	return m
}
