package okta

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"testing"
)

func TestEveryoneGroupAndAssignment(t *testing.T) {
	assigned := "/api/v1/apps/0oaApp1234/groups/00gEveryone1"
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{
		"GET /api/v1/groups": serve(200, "groups_builtin.json"),
		"GET /api/v1/apps/0oaApp1234/groups": pagedJSON([]map[string]any{
			{"id": "00gEngineering", "priority": 0}, {"id": "00gSales", "priority": 1}, {"id": "00gEveryone1", "priority": 2},
		}, 2),
		"GET /api/v1/apps/0oaNope/groups": serve(404, "error_404.json"),
		"PUT " + assigned:                 serveBody(200, `{"id":"00gEveryone1","priority":0,"profile":{}}`),
	}))
	c, _ := newTestClient(t, f)
	ctx := context.Background()
	g, err := c.EveryoneGroup(ctx)
	if err != nil || !reflect.DeepEqual(g, &Group{ID: "00gEveryone1", Name: "Everyone", Type: "BUILT_IN"}) {
		t.Fatalf("group %+v, %v", g, err)
	}
	q, _ := url.ParseQuery(only(t, f, "GET", "/api/v1/groups").Query)
	if q.Get("filter") != `type eq "BUILT_IN"` {
		t.Errorf("query %v", q)
	}
	// The assignment is on the second page.
	if ok, err := c.AppGroupAssigned(ctx, "0oaApp1234", "00gEveryone1"); !ok || err != nil {
		t.Errorf("assigned = %v, %v", ok, err)
	}
	if ok, err := c.AppGroupAssigned(ctx, "0oaApp1234", "00gOther"); ok || err != nil {
		t.Errorf("unassigned = %v, %v; want false, nil", ok, err)
	}
	// A missing app is an error, not "unassigned".
	if ok, err := c.AppGroupAssigned(ctx, "0oaNope", "00gEveryone1"); ok || !IsNotFound(err) {
		t.Errorf("missing app = %v, %v", ok, err)
	}
	if err := c.AssignGroupToApp(ctx, "0oaApp1234", "00gEveryone1"); err != nil {
		t.Fatal(err)
	}
	if body := string(only(t, f, "PUT", assigned).Body); body != "{}\n" && body != "{}" {
		t.Errorf("assignment body %q, want {}", body)
	}
}

func TestAppGroupAssignedPassesOtherErrors(t *testing.T) {
	f := newFakeOkta(t, serve(403, "error_403.json"))
	c, _ := newTestClient(t, f)
	if ok, err := c.AppGroupAssigned(context.Background(), "a", "g"); ok || !IsForbidden(err) {
		t.Errorf("got %v, %v", ok, err)
	}
}

func TestNoEveryoneGroup(t *testing.T) {
	f := newFakeOkta(t, serveBody(200, `[]`))
	c, _ := newTestClient(t, f)
	if _, err := c.EveryoneGroup(context.Background()); err == nil {
		t.Error("no error without an Everyone group")
	}
}

func TestUsersAndRoles(t *testing.T) {
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{
		"GET /api/v1/users/me":               serve(200, "user.json"),
		"GET /api/v1/users/jane@example.com": serve(200, "user.json"),
		"GET /api/v1/users/00uAdmin1/roles":  serve(200, "roles.json"),
	}))
	c, _ := newTestClient(t, f)
	ctx := context.Background()
	me, err := c.WhoAmI(ctx)
	if err != nil || me.ID != "00uAdmin1" || me.Login != "ada@example.com" || me.Status != "ACTIVE" {
		t.Fatalf("me %+v, %v", me, err)
	}
	if me.Profile["idme_uuid"] != "a1b2c3" || me.Profile["clearance_level"] != float64(2) {
		t.Errorf("custom profile attributes lost: %v", me.Profile)
	}
	if _, err := c.GetUser(ctx, "jane@example.com"); err != nil {
		t.Error(err)
	}
	roles, err := c.AdminRoles(ctx, me.ID)
	if err != nil || !reflect.DeepEqual(roles, []string{"SUPER_ADMIN", "APP_ADMIN"}) {
		t.Errorf("roles %v, %v", roles, err)
	}
}

func TestWhoAmIWithBadToken(t *testing.T) {
	f := newFakeOkta(t, serve(401, "error_401.json"))
	c, _ := newTestClient(t, f)
	_, err := c.WhoAmI(context.Background())
	e, ok := AsAPIError(err)
	if !ok || !IsUnauthorized(err) || e.Hint != "the API token is invalid, expired or was revoked: create a new one in Security > API > Tokens" {
		t.Errorf("err = %v", err)
	}
}
