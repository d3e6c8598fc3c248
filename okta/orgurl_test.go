package okta

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeOrgURL(t *testing.T) {
	ok := []struct{ in, want string }{
		{"dev-123.okta.com", "https://dev-123.okta.com"},
		{"https://dev-123.okta.com", "https://dev-123.okta.com"},
		{"https://dev-123.okta.com/", "https://dev-123.okta.com"},
		{"https://dev-123.okta.com///", "https://dev-123.okta.com"},
		{"https://dev-123-admin.okta.com/admin/dashboard", "https://dev-123.okta.com"},
		{"dev-123-admin.okta.com", "https://dev-123.okta.com"},
		{"HTTPS://DEV-123.OKTA.COM/", "https://dev-123.okta.com"},
		{"  https://dev-123.okta.com \n", "https://dev-123.okta.com"},
		{"acme.oktapreview.com", "https://acme.oktapreview.com"},
		{"acme-admin.oktapreview.com/admin/apps", "https://acme.oktapreview.com"},
		{"acme.okta-emea.com", "https://acme.okta-emea.com"},
		{"acme-admin.okta-gov.com", "https://acme.okta-gov.com"},
		{"army-admin.okta.mil", "https://army.okta.mil"},
		{"login.example.com", "https://login.example.com"},
		{"https://sso-admin.example.com/", "https://sso-admin.example.com"}, // custom domain: -admin kept
		{"https://dev-123.okta.com/?x=1#frag", "https://dev-123.okta.com"},
		{"https://dev-123.okta.com/oauth2/v1/authorize?client_id=abc", "https://dev-123.okta.com"},
		{"dev-123-admin.okta.com/admin/apps?fromURI=https://x.example", "https://dev-123.okta.com"},
		{"https://dev-123.okta.com:443", "https://dev-123.okta.com"},
		{"https://login.example.com:8443/", "https://login.example.com:8443"},
		{"dev-123.okta.com.", "https://dev-123.okta.com"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"http://127.0.0.1:8080/api/v1/", "http://127.0.0.1:8080"},
		{"http://localhost:1234", "http://localhost:1234"},
		{"http://LOCALHOST:1234", "http://localhost:1234"},
		{"http://[::1]:99", "http://[::1]:99"},
		{"https://127.0.0.1:9443", "https://127.0.0.1:9443"},
	}
	for _, tc := range ok {
		got, err := NormalizeOrgURL(tc.in)
		if err != nil {
			t.Errorf("NormalizeOrgURL(%q): unexpected error %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("NormalizeOrgURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}

	bad := []struct{ in, problem string }{
		{"", "empty"},
		{"   ", "empty"},
		{"dev 123.okta.com", "spaces"},
		{"https://dev-123.okta.com/a b", "spaces"},
		{"oktaorg", "full host name"},
		{"http://dev-123.okta.com", "use https://dev-123.okta.com"},
		{"http://login.example.com", "only over https"},
		{"ftp://dev-123.okta.com", "not ftp://"},
		{"https://a:b@x.okta.com", "user name or password"},
		{"https://admin@x.okta.com", "user name or password"},
		{"https://", "no host name"},
		{"https://dev-123.okta.com:99999", "invalid port"},
		{"https://dev-123.okta.com:", "invalid port"},
		{"https://10.0.0.5", "not an IP address"},
		{"https://dev_123.okta.com", "letters, digits, hyphens"},
		{"https://okta.com", "Okta's website"},
		{"www.okta.com", "Okta's website"},
		{"https://a.b.okta.com", "not an org host"},
		{"https://-dev.example.com", "letters, digits, hyphens"},
	}
	for _, tc := range bad {
		got, err := NormalizeOrgURL(tc.in)
		if err == nil {
			t.Errorf("NormalizeOrgURL(%q) = %q, want an error about %q", tc.in, got, tc.problem)
			continue
		}
		msg := err.Error()
		if !errors.Is(err, ErrInvalidOrgURL) {
			t.Errorf("NormalizeOrgURL(%q): error %q does not wrap ErrInvalidOrgURL", tc.in, msg)
		}
		if !strings.Contains(msg, tc.problem) {
			t.Errorf("NormalizeOrgURL(%q): error %q does not say %q", tc.in, msg, tc.problem)
		}
		if !strings.Contains(msg, "e.g. https://dev-123456.okta.com") {
			t.Errorf("NormalizeOrgURL(%q): error %q shows no example", tc.in, msg)
		}
	}
}

// A token pasted into the org URL field must not be echoed back into an error (which the UI
// shows and may log).
func TestNormalizeOrgURLDoesNotEchoSecrets(t *testing.T) {
	for _, in := range []string{"00aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcd", "https://admin:s3cretPass@acme.okta.com"} {
		_, err := NormalizeOrgURL(in)
		if err == nil {
			t.Fatalf("NormalizeOrgURL(%q) accepted a non-URL", in)
		}
		for _, secret := range []string{"00aBcDeFgHiJkLmNoPqRsTuVwXyZ", "s3cretPass"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error %q echoes the secret %q", err, secret)
			}
		}
	}
}

func TestIsLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LocalHost": true, "127.0.0.1": true, "127.9.8.7": true, "::1": true,
		"": false, "0.0.0.0": false, "10.0.0.1": false, "localhost.example.com": false,
		"dev-1.okta.com": false, "[::1]": false, // brackets belong to URLs, not host names
	} {
		if got := IsLoopbackHost(host); got != want {
			t.Errorf("IsLoopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}
