package okta_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta"
)

func TestSimDeleteIdPRuleAndApp(t *testing.T) {
	org, c, _ := startOrg(t, nil)
	ctx := context.Background()
	idp, err := c.CreateIdP(ctx, idmeIdP("ID.me"))
	if err != nil {
		t.Fatal(err)
	}
	policy, err := c.IDPDiscoveryPolicy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rule, err := c.CreateRule(ctx, policy.ID, okta.Rule{Name: "ID.me", Priority: 1,
		Providers: []okta.Provider{{Type: "OKTA"}, {Type: "OIDC", ID: idp.ID}}, NetworkConnection: "ANYWHERE"}, true)
	if err != nil {
		t.Fatal(err)
	}
	app, err := c.CreateOIDCApp(ctx, okta.OIDCApp{Label: "test app", RedirectURIs: []string{"http://127.0.0.1:53682/callback"}, PKCERequired: true})
	if err != nil {
		t.Fatal(err)
	}

	// Okta deletes only inactive apps.
	err = c.DeleteApp(ctx, app.ID)
	if e, ok := okta.AsAPIError(err); !ok || e.Status != http.StatusForbidden || e.Code != "E0000056" {
		t.Fatalf("deleting an active app: %v", err)
	}
	for _, step := range []struct {
		what string
		do   func() error
	}{
		{"deactivate rule", func() error { return c.DeactivateRule(ctx, policy.ID, rule.ID) }},
		{"delete rule", func() error { return c.DeleteRule(ctx, policy.ID, rule.ID) }},
		{"deactivate app", func() error { return c.DeactivateApp(ctx, app.ID) }},
		{"delete app", func() error { return c.DeleteApp(ctx, app.ID) }},
		{"deactivate IdP", func() error { return c.DeactivateIdP(ctx, idp.ID) }},
		{"delete IdP", func() error { return c.DeleteIdP(ctx, idp.ID) }},
	} {
		if err := step.do(); err != nil {
			t.Fatalf("%s: %v", step.what, err)
		}
	}
	rules, err := c.ListRules(ctx, policy.ID)
	if err != nil || len(rules) != 1 || !rules[0].System {
		t.Errorf("rules after delete: %+v, %v", rules, err)
	}
	if _, err := c.GetOIDCApp(ctx, app.ID); !okta.IsNotFound(err) {
		t.Errorf("app after delete: %v", err)
	}
	if _, err := c.GetIdP(ctx, idp.ID); !okta.IsNotFound(err) {
		t.Errorf("IdP after delete: %v", err)
	}
	// Okta deletes the IdP's profile schema with it.
	if _, err := c.IdPSchema(ctx, idp.ID); !okta.IsNotFound(err) {
		t.Errorf("IdP schema after delete: %v", err)
	}
	// What is gone says so: a second delete is a 404 the caller can recognise.
	for what, err := range map[string]error{
		"IdP":  c.DeleteIdP(ctx, idp.ID),
		"rule": c.DeleteRule(ctx, policy.ID, rule.ID),
		"app":  c.DeactivateApp(ctx, app.ID),
	} {
		if !okta.IsNotFound(err) {
			t.Errorf("%s deleted twice: %v, want not found", what, err)
		}
	}
	if n := len(org.Violations()); n > 0 {
		t.Errorf("%d spec violations", n)
	}
}

func TestSimDeleteUserAttributes(t *testing.T) {
	_, c, _ := startOrg(t, nil)
	ctx := context.Background()
	if _, err := c.AddUserAttributes(ctx, []okta.Attribute{{Name: "idme_uuid"}, {Name: "keep_me"}}); err != nil {
		t.Fatal(err)
	}
	schema, err := c.DeleteUserAttributes(ctx, []string{"idme_uuid"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := schema["idme_uuid"]; ok {
		t.Error("idme_uuid is still in the schema the delete returned")
	}
	if _, ok := schema["keep_me"]; !ok {
		t.Error("keep_me went too: the delete must name only the attributes it removes")
	}
	if _, err := c.DeleteUserAttributes(ctx, nil); err == nil {
		t.Error("deleting no attributes: no error")
	}
}

func TestSimCountUsersWith(t *testing.T) {
	org, c, _ := startOrg(t, nil)
	ctx := context.Background()
	if _, err := c.AddUserAttributes(ctx, []okta.Attribute{{Name: "idme_uuid"}}); err != nil {
		t.Fatal(err)
	}
	// The seeded admins all have a login; nobody has an ID.me UUID.
	n, err := c.CountUsersWith(ctx, "login", 1000)
	if err != nil || n.N < 1 || !n.Exact {
		t.Errorf("users with a login: %v, %v", n, err)
	}
	n, err = c.CountUsersWith(ctx, "idme_uuid", 1000)
	if err != nil || n.N != 0 || !n.Exact || n.String() != "0" {
		t.Errorf("users with an ID.me UUID: %v, %v", n, err)
	}
	org.ResetRequests()
	if _, err := c.CountUsersWith(ctx, `login pr or profile.x`, 1000); err == nil {
		t.Error("an expression passed as the attribute was searched for")
	}
	if len(org.Requests()) != 0 {
		t.Error("a bad attribute name reached Okta")
	}
}

// The count stops at its bound instead of walking a big org to the end.
func TestCountUsersWithStopsAtItsBound(t *testing.T) {
	page := "[" + strings.Repeat(`{"id":"00u1"},`, 199) + `{"id":"00u1"}]`
	pages := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pages++
		w.Header().Add("Link", fmt.Sprintf(`<http://%s/api/v1/users?after=p%d&limit=200>; rel="next"`, r.Host, pages))
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(page))
	}))
	defer srv.Close()
	c, err := okta.New(okta.Config{OrgURL: srv.URL, Token: "00test", UserAgent: "idme-okta/test"})
	if err != nil {
		t.Fatal(err)
	}
	n, err := c.CountUsersWith(context.Background(), "idme_uuid", 400)
	if err != nil {
		t.Fatal(err)
	}
	if n.N != 400 || n.Exact || n.String() != "at least 400" || pages != 2 {
		t.Errorf("count %+v (%s) after %d pages, want at least 400 after 2", n, n, pages)
	}
}

func TestSimReadLogStopsAtMax(t *testing.T) {
	org, c, clock := startOrg(t, nil)
	ctx := context.Background()
	start := clock.Now()
	for _, name := range []string{"a", "b", "c"} {
		if _, err := c.CreateIdP(ctx, idmeIdP("ID.me "+name)); err != nil {
			t.Fatal(err)
		}
	}
	q := okta.LogQuery{Since: start, Until: clock.Now().Add(time.Second), Filter: `eventType eq "system.idp.lifecycle.create"`, Limit: 1}
	org.ResetRequests()
	events, more, err := c.ReadLog(ctx, q, 2)
	if err != nil || len(events) != 2 || !more {
		t.Errorf("read at most 2 of 3: %d events, more %v, %v", len(events), more, err)
	}
	if n := len(org.Requests()); n != 2 {
		t.Errorf("%d pages read for 2 events of 1 per page", n)
	}
	events, more, err = c.ReadLog(ctx, q, 3)
	if err != nil || len(events) != 3 || more {
		t.Errorf("read at most 3 of 3: %d events, more %v, %v", len(events), more, err)
	}
}
