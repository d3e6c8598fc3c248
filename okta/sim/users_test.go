package sim_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

func TestUsers(t *testing.T) {
	org := simtest.Start(t)
	auth := admin(org)
	me := call(t, org, http.MethodGet, "/api/v1/users/me", auth, nil).json(t)
	login := me["profile"].(map[string]any)["login"].(string)
	byLogin := call(t, org, http.MethodGet, "/api/v1/users/"+url.PathEscape(login), auth, nil).json(t)
	if byLogin["id"] != me["id"] {
		t.Errorf("GET by login = %v, want %v", byLogin["id"], me["id"])
	}
	if n := len(call(t, org, http.MethodGet, "/api/v1/users?q=rita", auth, nil).list(t)); n != 1 {
		t.Errorf("q=rita found %d users, want the read-only admin", n)
	}
	f := url.QueryEscape(`profile.login eq "` + login + `"`)
	if found := call(t, org, http.MethodGet, "/api/v1/users?filter="+f, auth, nil).list(t); len(found) != 1 || found[0]["id"] != me["id"] {
		t.Errorf("filter by login = %v", found)
	}
	if n := len(org.Snapshot().Users); n != 2 {
		t.Errorf("seeded users = %d", n)
	}
}

func TestIdPUsersAreEmptyUntilSignIns(t *testing.T) {
	org := simtest.Start(t)
	id := call(t, org, http.MethodPost, "/api/v1/idps", admin(org), idpBody("ID.me")).json(t)["id"].(string)
	if n := len(call(t, org, http.MethodGet, "/api/v1/idps/"+id+"/users", admin(org), nil).list(t)); n != 0 {
		t.Errorf("IdP users of a new IdP = %d", n)
	}
	oktaError(t, call(t, org, http.MethodGet, "/api/v1/idps/"+id+"/users/00uNobody000000000001", admin(org), nil), 404, "E0000007")
}
