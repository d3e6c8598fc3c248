package okta_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// These tests drive every operation against the simulated org, which answers like Okta and
// fails the test on any request Okta's OpenAPI spec rejects.

// fakeClock is the org's clock; the client's retry waits advance it instead of sleeping,
// and are recorded.
type fakeClock struct {
	*simtest.Clock
	mu    sync.Mutex
	waits []time.Duration
}

func newFakeClock(start time.Time) *fakeClock { return &fakeClock{Clock: simtest.NewClock(start)} }

func (c *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	c.Advance(d)
	c.mu.Lock()
	c.waits = append(c.waits, d)
	c.mu.Unlock()
	return ctx.Err()
}

func (c *fakeClock) Waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.waits)
}

// startOrg starts a simulated org on a fake clock and a token client for it.
func startOrg(t *testing.T, token func(*sim.Org) string) (*sim.Org, *okta.Client, *fakeClock) {
	t.Helper()
	clock := newFakeClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	org := simtest.Start(t, func(o *sim.Options) { o.Now = clock.Now })
	if token == nil {
		token = (*sim.Org).AdminToken
	}
	c, err := okta.New(okta.Config{OrgURL: org.URL(), Token: token(org), UserAgent: "idme-okta/test"})
	if err != nil {
		t.Fatal(err)
	}
	okta.SetSleep(c, clock.sleep)
	return org, c, clock
}

func idmeIdP(name string) okta.IdP {
	return okta.IdP{
		Name:             name,
		Scopes:           []string{"openid", "military"},
		ClientID:         "idme-client",
		ClientSecret:     "idme-secret",
		IssuerURL:        "https://api.idmelabs.com/oidc",
		AuthorizationURL: "https://api.idmelabs.com/oauth/authorize",
		TokenURL:         "https://api.idmelabs.com/oauth/token",
		JWKSURL:          "https://api.idmelabs.com/oidc/.well-known/jwks",
		ProfileMaster:    true,
	}
}

func TestSimIdentityProviderLifecycle(t *testing.T) {
	_, c, _ := startOrg(t, nil)
	ctx := context.Background()

	if found, err := c.FindIdPsByName(ctx, "ID.me"); err != nil || len(found) != 0 {
		t.Fatalf("find before create: %v, %v", found, err)
	}
	created, err := c.CreateIdP(ctx, idmeIdP("ID.me"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(created.ID, "0oa") || created.Status != "ACTIVE" || created.RedirectURI == "" || created.UserInfoURL != "" {
		t.Errorf("created %+v", created)
	}
	if _, err := c.CreateIdP(ctx, idmeIdP("ID.me IdP - OIDC")); err != nil { // shares the prefix
		t.Fatal(err)
	}
	found, err := c.FindIdPsByName(ctx, "ID.me")
	if err != nil || len(found) != 1 || found[0].ID != created.ID {
		t.Fatalf("find after create: %+v, %v", found, err)
	}

	update := idmeIdP("ID.me")
	update.ID = created.ID
	update.ClientSecret = "" // keep
	update.Scopes = []string{"openid", "student"}
	replaced, err := c.ReplaceIdP(ctx, update)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetIdP(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Scopes, []string{"openid", "student"}) || !got.SecretMatches("idme-secret") || replaced.ID != created.ID {
		t.Errorf("after replace: %+v", got)
	}
	if a, err := c.ActivateIdP(ctx, created.ID); err != nil || a.Status != "ACTIVE" {
		t.Errorf("activate: %+v, %v", a, err)
	}
	if _, err := c.GetIdP(ctx, "0oanotthere"); !okta.IsNotFound(err) {
		t.Errorf("missing IdP: %v", err)
	}
}

func TestSimSchemasAndMapping(t *testing.T) {
	_, c, _ := startOrg(t, nil)
	ctx := context.Background()
	idp, err := c.CreateIdP(ctx, idmeIdP("ID.me"))
	if err != nil {
		t.Fatal(err)
	}

	user, err := c.UserSchema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !user["login"].Base || !user["firstName"].Base {
		t.Errorf("base attributes missing: %v", user)
	}
	if _, ok := user["idme_uuid"]; ok {
		t.Fatal("fresh org already has idme_uuid")
	}
	after, err := c.AddUserAttributes(ctx, []okta.Attribute{{Name: "idme_uuid", Title: "ID.me UUID"}, {Name: "birth_date", Title: "Birth date"}})
	if err != nil {
		t.Fatal(err)
	}
	if a := after["idme_uuid"]; a.Base || a.Type != "string" || a.Title != "ID.me UUID" {
		t.Errorf("idme_uuid after add: %+v", a)
	}

	idpAttrs, err := c.AddIdPAttributes(ctx, idp.ID, []okta.Attribute{{Name: "uuid"}, {Name: "fname", ExternalName: "fname"}})
	if err != nil {
		t.Fatal(err)
	}
	if a := idpAttrs["uuid"]; a.ExternalName != "uuid" || a.Scope != "NONE" {
		t.Errorf("IdP uuid: %+v", a)
	}
	reread, err := c.IdPSchema(ctx, idp.ID)
	if err != nil || reread["fname"].ExternalName != "fname" {
		t.Errorf("IdP schema reread: %v, %v", reread["fname"], err)
	}

	typeID, err := c.DefaultUserTypeID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.FindMapping(ctx, idp.ID, typeID)
	if err != nil || m == nil {
		t.Fatalf("mapping: %+v, %v", m, err)
	}
	if m.SourceID != idp.ID || m.TargetID != typeID || m.Properties["login"].Expression == "" {
		t.Errorf("mapping %+v", m)
	}
	var remove []string
	for _, k := range slices.Sorted(maps.Keys(m.Properties)) {
		if !slices.Contains([]string{"login", "email", "firstName", "idme_uuid"}, k) {
			remove = append(remove, k)
			break
		}
	}
	if len(remove) == 0 {
		t.Fatalf("no removable row in %v", m.Properties)
	}
	updated, err := c.UpdateMapping(ctx, m.ID, map[string]okta.MappingProperty{
		"idme_uuid": {Expression: "appuser.uuid"},
		"firstName": {Expression: "appuser.fname"},
	}, remove)
	if err != nil {
		t.Fatal(err)
	}
	if p := updated.Properties["idme_uuid"]; p.Expression != "appuser.uuid" || p.PushStatus != "PUSH" {
		t.Errorf("idme_uuid row %+v", p)
	}
	if _, still := updated.Properties[remove[0]]; still {
		t.Errorf("row %q not removed", remove[0])
	}
	if _, ok := updated.Properties["login"]; !ok {
		t.Error("untouched row login lost")
	}
	if none, err := c.FindMapping(ctx, idp.ID, "otynotatype"); err != nil || none != nil {
		t.Errorf("mapping to unknown type: %+v, %v", none, err)
	}
}

func TestSimRoutingRule(t *testing.T) {
	_, c, _ := startOrg(t, nil)
	ctx := context.Background()
	idp, err := c.CreateIdP(ctx, idmeIdP("ID.me"))
	if err != nil {
		t.Fatal(err)
	}
	policy, err := c.IDPDiscoveryPolicy(ctx)
	if err != nil || !policy.System {
		t.Fatalf("policy %+v, %v", policy, err)
	}
	rules, err := c.ListRules(ctx, policy.ID)
	if err != nil || len(rules) != 1 || !rules[0].System {
		t.Fatalf("seeded rules %+v, %v", rules, err)
	}
	r, err := c.CreateRule(ctx, policy.ID, okta.Rule{
		Name: "ID.me routing", Priority: 1,
		Providers: []okta.Provider{{Type: "OKTA"}, {Type: "OIDC", ID: idp.ID}},
	}, false)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != "INACTIVE" || r.PolicyID != policy.ID || len(r.Providers) != 2 {
		t.Errorf("created rule %+v", r)
	}
	if err := c.ActivateRule(ctx, policy.ID, r.ID); err != nil {
		t.Fatal(err)
	}
	r.Name = "ID.me routing (renamed)"
	r.Providers = []okta.Provider{{Type: "OIDC", ID: idp.ID}}
	replaced, err := c.ReplaceRule(ctx, *r)
	if err != nil {
		t.Fatal(err)
	}
	if replaced.Name != "ID.me routing (renamed)" || replaced.Status != "ACTIVE" || len(replaced.Providers) != 1 {
		t.Errorf("replaced rule %+v", replaced)
	}
	rules, err = c.ListRules(ctx, policy.ID)
	if err != nil || len(rules) != 2 {
		t.Fatalf("rules %+v, %v", rules, err)
	}
}

func TestSimTestApp(t *testing.T) {
	_, c, _ := startOrg(t, nil)
	ctx := context.Background()
	app, err := c.CreateOIDCApp(ctx, okta.OIDCApp{Label: "ID.me wizard test", RedirectURIs: []string{"http://127.0.0.1:53682/callback"}, PKCERequired: true})
	if err != nil {
		t.Fatal(err)
	}
	if app.Status != "ACTIVE" || app.ClientID == "" || app.TokenAuthMethod != "none" {
		t.Errorf("app %+v", app)
	}
	found, err := c.FindOIDCAppsByLabel(ctx, "ID.me wizard test")
	if err != nil || len(found) != 1 || found[0].ID != app.ID {
		t.Fatalf("find app: %+v, %v", found, err)
	}
	if _, err := c.SetOIDCAppRedirectURIs(ctx, app.ID, []string{"http://127.0.0.1:40001/callback"}); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetOIDCApp(ctx, app.ID)
	if err != nil || !slices.Equal(got.RedirectURIs, []string{"http://127.0.0.1:40001/callback"}) || got.Label != app.Label {
		t.Errorf("after redirect update: %+v, %v", got, err)
	}

	everyone, err := c.EveryoneGroup(ctx)
	if err != nil || everyone.Name != "Everyone" {
		t.Fatalf("everyone: %+v, %v", everyone, err)
	}
	if ok, err := c.AppGroupAssigned(ctx, app.ID, everyone.ID); ok || err != nil {
		t.Errorf("assigned before assigning: %v, %v", ok, err)
	}
	if err := c.AssignGroupToApp(ctx, app.ID, everyone.ID); err != nil {
		t.Fatal(err)
	}
	if ok, err := c.AppGroupAssigned(ctx, app.ID, everyone.ID); !ok || err != nil {
		t.Errorf("assigned after assigning: %v, %v", ok, err)
	}
}

// The apps a routing rule may be scoped to: the active ones, every page, without the Admin
// Console (a rule for it would send administrators to ID.me).
func TestSimListActiveApps(t *testing.T) {
	org, c, _ := startOrg(t, nil)
	ctx := context.Background()
	portal := simtest.SeedApp(t, org, "Benefits portal", "https://benefits.example.com/callback")
	retired := simtest.SeedApp(t, org, "Retired portal", "https://old.example.com/callback")
	simtest.AdminCall(t, org, http.MethodPost, "/api/v1/apps/"+retired+"/lifecycle/deactivate", nil, nil)
	apps, err := c.ListActiveApps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]string{}
	for _, a := range apps {
		labels[a.Label] = a.ID
	}
	if labels["Benefits portal"] != portal || labels["Okta Dashboard"] == "" {
		t.Errorf("active apps %v: want the seeded portal and the Okta Dashboard", labels)
	}
	if _, ok := labels["Retired portal"]; ok {
		t.Error("an inactive app is listed")
	}
	if _, ok := labels["Okta Admin Console"]; ok {
		t.Error("the Admin Console is offered for a routing rule")
	}
}

func TestSimUsersAndLogs(t *testing.T) {
	org, c, clock := startOrg(t, nil)
	ctx := context.Background()
	start := clock.Now()
	me, err := c.WhoAmI(ctx)
	if err != nil || me.Login != "admin@sim.example" {
		t.Fatalf("whoami %+v, %v", me, err)
	}
	roles, err := c.AdminRoles(ctx, me.ID)
	if err != nil || !slices.Contains(roles, "SUPER_ADMIN") {
		t.Errorf("roles %v, %v", roles, err)
	}
	if u, err := c.GetUser(ctx, me.Login); err != nil || u.ID != me.ID {
		t.Errorf("get user by login: %+v, %v", u, err)
	}
	for _, name := range []string{"a", "b", "c"} {
		if _, err := c.CreateIdP(ctx, idmeIdP("ID.me "+name)); err != nil {
			t.Fatal(err)
		}
	}
	org.ResetRequests()
	events, err := c.ListLogEvents(ctx, okta.LogQuery{Since: start, Until: clock.Now().Add(time.Second),
		Filter: `eventType eq "system.idp.lifecycle.create"`, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 3 || events[0].EventType != "system.idp.lifecycle.create" || len(events[0].Targets) == 0 {
		t.Errorf("events %+v", events)
	}
	if pages := len(org.Requests()); pages < 3 {
		t.Errorf("read %d pages with limit 1, want at least 3", pages)
	}
}

func TestSimReadOnlyTokenIsForbidden(t *testing.T) {
	_, c, _ := startOrg(t, (*sim.Org).ReadOnlyToken)
	_, err := c.CreateIdP(context.Background(), idmeIdP("ID.me"))
	e, ok := okta.AsAPIError(err)
	if !ok || !okta.IsForbidden(err) || e.Code != "E0000006" || !strings.Contains(e.Hint, "okta.idps.manage") || e.RequestID == "" {
		t.Fatalf("err = %v", err)
	}
}

func TestSimBadTokenIsUnauthorized(t *testing.T) {
	_, c, _ := startOrg(t, func(*sim.Org) string { return "00notAToken" })
	_, err := c.WhoAmI(context.Background())
	if !okta.IsUnauthorized(err) || !strings.Contains(err.Error(), "Security > API > Tokens") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "00notAToken") {
		t.Error("the token appears in the error")
	}
}

func TestSimRateLimitRetryHonoursReset(t *testing.T) {
	org, c, clock := startOrg(t, nil)
	ctx := context.Background()
	idp, err := c.CreateIdP(ctx, idmeIdP("ID.me"))
	if err != nil {
		t.Fatal(err)
	}
	org.SetRateLimit("GET", "/api/v1/idps/{idpId}", 1)
	for range 2 { // the second GET exceeds the limit and waits for the window to reset
		if _, err := c.GetIdP(ctx, idp.ID); err != nil {
			t.Fatal(err)
		}
	}
	waits := clock.Waits()
	if len(waits) != 1 || waits[0] < 55*time.Second || waits[0] > 62*time.Second {
		t.Errorf("waits = %v, want one of about a minute (Reset − Date + 1 s)", waits)
	}
}

func TestSimRateLimitExhausted(t *testing.T) {
	org, c, clock := startOrg(t, nil)
	org.InjectFault(sim.Fault{Method: "GET", PathTemplate: "/api/v1/idps", Status: 429})
	_, err := c.FindIdPsByName(context.Background(), "ID.me")
	e, ok := okta.AsAPIError(err)
	if !ok || e.Status != 429 || e.Code != "E0000047" || !okta.IsRateLimited(err) {
		t.Fatalf("err = %#v", err)
	}
	if n := len(org.Requests()); n != 4 {
		t.Errorf("requests = %d, want 1 + 3 retries", n)
	}
	if len(clock.Waits()) != 3 {
		t.Errorf("waits = %v", clock.Waits())
	}
}

func TestSimTransientFaults(t *testing.T) {
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
	org.InjectFault(sim.Fault{Method: "POST", PathTemplate: "/api/v1/policies/{policyId}/rules", Status: 423, Times: 2})
	if _, err := c.CreateRule(ctx, policy.ID, okta.Rule{Name: "r", Providers: []okta.Provider{{Type: "OIDC", ID: idp.ID}}}, true); err != nil {
		t.Errorf("423 E0000239 not retried: %v", err)
	}

	org.InjectFault(sim.Fault{Method: "GET", PathTemplate: "/api/v1/idps/{idpId}", Status: 500, Times: 1})
	_, err = c.GetIdP(ctx, idp.ID)
	if e, ok := okta.AsAPIError(err); !ok || e.Status != 500 || !strings.Contains(e.Hint, "internal error") {
		t.Errorf("500: %v", err)
	}

	// Every attempt dropped: net/http itself silently retries a GET once on a reused
	// connection, so a single drop never surfaces.
	remove := org.InjectFault(sim.Fault{Method: "GET", PathTemplate: "/api/v1/idps/{idpId}", Drop: true})
	_, err = c.GetIdP(ctx, idp.ID)
	remove()
	if e, ok := okta.AsAPIError(err); !ok || e.Status != 0 || e.Err == nil || e.Hint == "" {
		t.Errorf("dropped connection: %#v", err)
	}
}

func TestSimCancelDuringRetryWait(t *testing.T) {
	org, c, _ := startOrg(t, nil)
	org.InjectFault(sim.Fault{Status: 429})
	ctx, cancel := context.WithCancel(context.Background())
	okta.SetSleep(c, func(ctx context.Context, d time.Duration) error {
		cancel()
		<-ctx.Done()
		return ctx.Err()
	})
	_, err := c.WhoAmI(ctx)
	if !errors.Is(err, context.Canceled) || !okta.IsRateLimited(err) {
		t.Fatalf("err = %v", err)
	}
	if n := len(org.Requests()); n != 1 {
		t.Errorf("requests = %d, want 1", n)
	}
}

func TestSimServiceApp(t *testing.T) {
	for _, dpop := range []bool{false, true} {
		t.Run(map[bool]string{false: "bearer", true: "dpop"}[dpop], func(t *testing.T) {
			clock := newFakeClock(time.Now())
			org := simtest.Start(t, func(o *sim.Options) { o.Now = clock.Now })
			org.RequireDPoP(dpop)
			app := org.ServiceApp()
			c, err := okta.New(okta.Config{OrgURL: org.URL(), ServiceApp: &okta.ServiceApp{
				ClientID: app.ClientID, KeyID: app.KeyID, PrivateKeyPEM: app.PrivateKeyPEM, Scopes: app.Scopes}})
			if err != nil {
				t.Fatal(err)
			}
			okta.SetSleep(c, clock.sleep)
			ctx := context.Background()
			idp, err := c.CreateIdP(ctx, idmeIdP("ID.me"))
			if err != nil {
				t.Fatal(err)
			}
			// A rate-limited call is retried with a fresh DPoP proof: Okta rejects a reused one.
			org.InjectFault(sim.Fault{Method: "GET", PathTemplate: "/api/v1/idps/{idpId}", Status: 429, Times: 1})
			if _, err := c.GetIdP(ctx, idp.ID); err != nil {
				t.Fatalf("retry after 429: %v", err)
			}
			if len(clock.Waits()) != 1 {
				t.Errorf("waits %v", clock.Waits())
			}
			// A scope the app was not granted is a 403 naming the scope.
			if _, err := c.AdminRoles(ctx, "00unobody"); err == nil {
				t.Error("listing roles without okta.roles.read succeeded")
			}
		})
	}
}

func TestSimServiceAppWrongKey(t *testing.T) {
	org := simtest.Start(t)
	app := org.ServiceApp()
	other := simtest.Start(t).ServiceApp() // a key the org does not know
	c, err := okta.New(okta.Config{OrgURL: org.URL(), ServiceApp: &okta.ServiceApp{
		ClientID: app.ClientID, KeyID: app.KeyID, PrivateKeyPEM: other.PrivateKeyPEM}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.IDPDiscoveryPolicy(context.Background())
	e, ok := okta.AsAPIError(err)
	if !ok || e.OAuthError == "" || e.Status < 400 || e.Hint == "" {
		t.Fatalf("err = %#v", err)
	}
	if bytes.Contains([]byte(err.Error()), []byte("eyJ")) {
		t.Errorf("error shows the client assertion: %v", err)
	}
}

func TestSimNoSpecViolationsForRawBodies(t *testing.T) {
	// ReplaceIdP and SetOIDCAppRedirectURIs send back what Okta returned (with nulls);
	// simtest fails this test at cleanup if the spec (with Okta's errata) rejects that.
	_, c, _ := startOrg(t, nil)
	ctx := context.Background()
	idp, err := c.CreateIdP(ctx, idmeIdP("ID.me"))
	if err != nil {
		t.Fatal(err)
	}
	idp.UserInfoURL = "https://api.idmelabs.com/api/public/v3/userinfo"
	if _, err := c.ReplaceIdP(ctx, *idp); err != nil {
		t.Fatal(err)
	}
	idp.UserInfoURL = ""
	got, err := c.ReplaceIdP(ctx, *idp)
	if err != nil || got.UserInfoURL != "" {
		t.Fatalf("userInfo not removed: %+v, %v", got, err)
	}
}

// Steps read several things at once; the client (recorder, token cache) must be race-free.
func TestSimConcurrentCalls(t *testing.T) {
	org := simtest.Start(t)
	// Concurrent first requests make net/http dial spare connections that never carry a
	// request; the org's graceful shutdown would wait for them, so close them first
	// (cleanups run last-in first-out).
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	app := org.ServiceApp()
	c, err := okta.New(okta.Config{OrgURL: org.URL(), HTTPClient: &http.Client{Transport: tr}, ServiceApp: &okta.ServiceApp{
		ClientID: app.ClientID, KeyID: app.KeyID, PrivateKeyPEM: app.PrivateKeyPEM, Scopes: app.Scopes}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	calls := []func() error{
		func() error { _, err := c.UserSchema(ctx); return err },
		func() error { _, err := c.IDPDiscoveryPolicy(ctx); return err },
		func() error { _, err := c.EveryoneGroup(ctx); return err },
		func() error { _, err := c.DefaultUserTypeID(ctx); return err },
		func() error { _, err := c.FindIdPsByName(ctx, "ID.me"); return err },
		func() error {
			if _, err := c.GetIdP(ctx, "0oamissing"); !okta.IsNotFound(err) {
				return fmt.Errorf("missing IdP: %w", err)
			}
			return nil
		},
	}
	var wg sync.WaitGroup
	errs := make(chan error, 3*len(calls))
	for range 3 {
		for _, call := range calls {
			wg.Go(func() { errs <- call() })
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	grants := 0
	for _, r := range org.Requests() {
		if r.Path == "/oauth2/v1/token" {
			grants++
		}
	}
	if grants != 1 {
		t.Errorf("%d token grants for %d concurrent calls, want 1", grants, 3*len(calls))
	}
}
