package sim_test

import (
	"net/http"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

func TestAuthentication(t *testing.T) {
	org := simtest.Start(t)
	for _, tc := range []struct {
		name, auth string
	}{
		{"no header", ""},
		{"unknown SSWS token", "SSWS 00notAtokenThisOrgIssued0000000000000000"},
		{"unknown bearer token", "Bearer eyJnotAtoken"},
		{"wrong scheme", "Basic " + org.AdminToken()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := call(t, org, http.MethodGet, "/api/v1/idps", tc.auth, nil)
			e := oktaError(t, r, http.StatusUnauthorized, "E0000011")
			if e["errorSummary"] != "Invalid token provided" {
				t.Errorf("errorSummary = %q", e["errorSummary"])
			}
		})
	}
}

func TestReadOnlyAdminCanReadButNotWrite(t *testing.T) {
	org := simtest.Start(t)
	ro := "SSWS " + org.ReadOnlyToken()
	if r := call(t, org, http.MethodGet, "/api/v1/idps", ro, nil); r.status != http.StatusOK {
		t.Fatalf("read-only GET status = %d: %s", r.status, r.printable())
	}
	r := call(t, org, http.MethodPost, "/api/v1/idps", ro, idpBody("ID.me"))
	e := oktaError(t, r, http.StatusForbidden, "E0000006")
	if e["errorSummary"] != "You do not have permission to perform the requested action" {
		t.Errorf("errorSummary = %q", e["errorSummary"])
	}
	if n := len(org.Snapshot().IdPs); n != 0 {
		t.Errorf("the forbidden write created %d IdPs", n)
	}
}

func TestRolesOfTheSeededAdmins(t *testing.T) {
	org := simtest.Start(t)
	for _, tc := range []struct{ token, role string }{
		{org.AdminToken(), "SUPER_ADMIN"},
		{org.ReadOnlyToken(), "READ_ONLY_ADMIN"},
	} {
		me := call(t, org, http.MethodGet, "/api/v1/users/me", "SSWS "+tc.token, nil).json(t)
		id, _ := me["id"].(string)
		roles := call(t, org, http.MethodGet, "/api/v1/users/"+id+"/roles", "SSWS "+tc.token, nil).list(t)
		if len(roles) != 1 || roles[0]["type"] != tc.role {
			t.Errorf("roles of %s = %v, want one %s", me["profile"], roles, tc.role)
		}
	}
}
