package sim_test

import (
	"net/http"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

func TestNotFoundNamesTheResource(t *testing.T) {
	org := simtest.Start(t)
	for _, tc := range []struct{ path, want string }{
		{"/api/v1/idps/0oaDoesNotExist000001", "Not found: Resource not found: 0oaDoesNotExist000001 (IdentityProvider)"},
		{"/api/v1/apps/0oaDoesNotExist000002", "Not found: Resource not found: 0oaDoesNotExist000002 (AppInstance)"},
		{"/api/v1/mappings/prmDoesNotExist000003", "Not found: Resource not found: prmDoesNotExist000003 (Mapping)"},
		{"/api/v1/policies/00pDoesNotExist000004", "Not found: Resource not found: 00pDoesNotExist000004 (Policy)"},
		{"/api/v1/groups/00gDoesNotExist000005", "Not found: Resource not found: 00gDoesNotExist000005 (UserGroup)"},
		{"/api/v1/users/nobody@sim.example", "Not found: Resource not found: nobody@sim.example (User)"},
	} {
		r := call(t, org, http.MethodGet, tc.path, admin(org), nil)
		e := oktaError(t, r, http.StatusNotFound, "E0000007")
		if e["errorSummary"] != tc.want {
			t.Errorf("GET %s: errorSummary = %q, want %q", tc.path, e["errorSummary"], tc.want)
		}
	}
}

// A method Okta does not support on a path is 405 E0000022. The spec check records it too,
// so this test uses a plain org rather than simtest.
func TestMethodNotAllowed(t *testing.T) {
	org, err := sim.Start(sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = org.Close() })
	r := call(t, org, http.MethodPatch, "/api/v1/idps", admin(org), "{}")
	oktaError(t, r, http.StatusMethodNotAllowed, "E0000022")
	if len(org.Violations()) != 1 {
		t.Errorf("violations = %v, want the unsupported method recorded", org.Violations())
	}
}

func TestEveryResponseCarriesOktaHeaders(t *testing.T) {
	org := simtest.Start(t)
	for _, r := range []response{
		call(t, org, http.MethodGet, "/api/v1/idps", admin(org), nil),
		call(t, org, http.MethodGet, "/api/v1/idps", "", nil),
		call(t, org, http.MethodGet, "/api/v1/idps/0oaDoesNotExist000001", admin(org), nil),
	} {
		for _, h := range []string{"Date", "X-Okta-Request-Id", "X-Rate-Limit-Limit", "X-Rate-Limit-Remaining", "X-Rate-Limit-Reset"} {
			if r.header.Get(h) == "" {
				t.Errorf("status %d response lacks %s", r.status, h)
			}
		}
		if ct := r.header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type = %q", ct)
		}
	}
}

// An unknown path under /api/ is an API client's mistake and is recorded as a violation; a
// browser asking for a page Okta would serve (favicon.ico) is not.
func TestUnknownPathsOutsideTheAPIAreNotViolations(t *testing.T) {
	org, err := sim.Start(sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = org.Close() })
	if r := call(t, org, http.MethodGet, "/favicon.ico", "", nil); r.status != http.StatusNotFound {
		t.Errorf("GET /favicon.ico = %d, want 404", r.status)
	}
	if v := org.Violations(); len(v) != 0 {
		t.Errorf("a browser's favicon request was recorded as a violation: %v", v)
	}
	call(t, org, http.MethodGet, "/api/v1/nope", admin(org), nil)
	if v := org.Violations(); len(v) != 1 {
		t.Errorf("violations = %v, want the unknown API path recorded", v)
	}
}
