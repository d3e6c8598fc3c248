package okta

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

func TestCreateOIDCApp(t *testing.T) {
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{"POST /api/v1/apps": serve(200, "app_oidc.json")}))
	c, _ := newTestClient(t, f)
	app, err := c.CreateOIDCApp(context.Background(), OIDCApp{
		Label: "ID.me wizard test", RedirectURIs: []string{"http://127.0.0.1:53682/callback"}, PKCERequired: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := &OIDCApp{ID: "0oaApp1234", Label: "ID.me wizard test", Status: "ACTIVE", ClientID: "0oaApp1234",
		ApplicationType: "browser", RedirectURIs: []string{"http://127.0.0.1:53682/callback"},
		GrantTypes: []string{"authorization_code", "implicit"}, ResponseTypes: []string{"code", "id_token"},
		PKCERequired: true, TokenAuthMethod: "none", Created: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC),
		Detail: AppDetail{ConsentMethod: "TRUSTED", IssuerMode: "ORG_URL", WildcardRedirect: "DISABLED",
			LoginMode: "DISABLED", LoginScopes: []string{}, AutoKeyRotation: true, HideIOS: true, HideWeb: true,
			UserNameTemplate: "${source.login}", UserNameTemplateType: "BUILT_IN"}}
	if !reflect.DeepEqual(app, want) {
		t.Errorf("app = %+v", app)
	}
	h := only(t, f, "POST", "/api/v1/apps")
	if h.Query != "activate=true" {
		t.Errorf("query %q", h.Query)
	}
	body := jsonBody(t, h)
	checks := map[string]struct{ got, want any }{
		"name":        {body["name"], "oidc_client"},
		"label":       {body["label"], "ID.me wizard test"},
		"signOnMode":  {body["signOnMode"], "OPENID_CONNECT"},
		"auth method": {simtest.At(body, "credentials", "oauthClient", "token_endpoint_auth_method"), "none"},
		"pkce":        {simtest.At(body, "credentials", "oauthClient", "pkce_required"), true},
		"app type":    {simtest.At(body, "settings", "oauthClient", "application_type"), "browser"},
		"grants":      {simtest.At(body, "settings", "oauthClient", "grant_types"), []any{"authorization_code", "implicit"}},
		"responses":   {simtest.At(body, "settings", "oauthClient", "response_types"), []any{"code", "id_token"}},
		"redirects":   {simtest.At(body, "settings", "oauthClient", "redirect_uris"), []any{"http://127.0.0.1:53682/callback"}},
		"consent":     {simtest.At(body, "settings", "oauthClient", "consent_method"), "TRUSTED"},
	}
	for name, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %v, want %v", name, c.got, c.want)
		}
	}
}

func TestFindOIDCAppsByLabel(t *testing.T) {
	app := string(mustRead("app_oidc.json"))
	similar := strings.Replace(strings.Replace(app, `"ID.me wizard test"`, `"ID.me wizard test 2"`, 1), "0oaApp1234", "0oaApp5678", -1)
	saml := `{"id":"0oaSaml","name":"x_saml","label":"ID.me wizard test","signOnMode":"SAML_2_0"}`
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{"GET /api/v1/apps": serveBody(200, "["+similar+","+app+","+saml+"]")}))
	c, _ := newTestClient(t, f)
	apps, err := c.FindOIDCAppsByLabel(context.Background(), "ID.me wizard test")
	if err != nil {
		t.Fatal(err)
	}
	if len(apps) != 1 || apps[0].ID != "0oaApp1234" {
		t.Errorf("apps = %+v", apps)
	}
	if q := only(t, f, "GET", "/api/v1/apps").Query; !strings.Contains(q, "q=ID.me+wizard+test") {
		t.Errorf("query %q", q)
	}
}

// One app of a lived-in org with a field of a shape we do not expect (a string where a bool
// or a list should be) fails neither the list nor the search: it is kept by its id, label
// and sign-on mode, and the other apps are read in full.
func TestAnOddlyShapedAppDoesNotFailTheList(t *testing.T) {
	app := string(mustRead("app_oidc.json"))
	odd := `{"id":"0oaOdd","name":"oin_app","label":"ID.me wizard test (old)","status":"ACTIVE","signOnMode":"SAML_2_0",` +
		`"accessibility":{"selfService":"yes"},"visibility":{"hide":{"web":"sometimes"}},"settings":{"oauthClient":{"redirect_uris":"https://x.example/cb"}}}`
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{"GET /api/v1/apps": serveBody(200, "["+odd+","+app+",7]")}))
	c, _ := newTestClient(t, f)
	apps, err := c.FindOIDCAppsByLabelPrefix(context.Background(), "ID.me wizard test")
	if err != nil {
		t.Fatal(err)
	}
	if len(apps) != 1 || apps[0].ID != "0oaApp1234" || len(apps[0].RedirectURIs) == 0 {
		t.Errorf("search beside an odd app = %+v", apps)
	}
	active, err := c.ListActiveApps(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range active {
		ids = append(ids, a.ID+"/"+a.SignOnMode)
	}
	if got := strings.Join(ids, " "); !strings.Contains(got, "0oaOdd/SAML_2_0") || !strings.Contains(got, "0oaApp1234/OPENID_CONNECT") {
		t.Errorf("active apps = %s", got)
	}
}

func TestSetOIDCAppRedirectURIsKeepsTheRest(t *testing.T) {
	path := "/api/v1/apps/0oaApp1234"
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{
		"GET " + path: serve(200, "app_oidc.json"),
		"PUT " + path: serve(200, "app_oidc.json"),
	}))
	c, _ := newTestClient(t, f)
	uris := []string{"http://127.0.0.1:40001/callback"}
	if _, err := c.SetOIDCAppRedirectURIs(context.Background(), "0oaApp1234", uris); err != nil {
		t.Fatal(err)
	}
	body := jsonBody(t, only(t, f, "PUT", path))
	checks := map[string]struct{ got, want any }{
		"redirects":       {simtest.At(body, "settings", "oauthClient", "redirect_uris"), []any{"http://127.0.0.1:40001/callback"}},
		"grants kept":     {simtest.At(body, "settings", "oauthClient", "grant_types"), []any{"authorization_code", "implicit"}},
		"label kept":      {body["label"], "ID.me wizard test"},
		"name kept":       {body["name"], "oidc_client"},
		"visibility kept": {simtest.At(body, "visibility", "hide", "web"), true},
		"client id kept":  {simtest.At(body, "credentials", "oauthClient", "client_id"), "0oaApp1234"},
		"links dropped":   {body["_links"], nil},
		"embedded gone":   {body["_embedded"], nil},
	}
	for name, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %v, want %v", name, c.got, c.want)
		}
	}
}

func TestGetOIDCAppRejectsOtherApps(t *testing.T) {
	f := newFakeOkta(t, serveBody(200, `{"id":"0oaSaml","name":"x_saml","label":"L","signOnMode":"SAML_2_0"}`))
	c, _ := newTestClient(t, f)
	if _, err := c.GetOIDCApp(context.Background(), "0oaSaml"); err == nil || !strings.Contains(err.Error(), "SAML_2_0") {
		t.Errorf("err = %v", err)
	}
	if _, err := c.SetOIDCAppRedirectURIs(context.Background(), "0oaSaml", nil); err == nil {
		t.Error("redirect URIs set on a SAML app")
	}
	if n := len(f.Hits()); n != 2 {
		t.Errorf("%d requests, want 2 GETs and no PUT", n)
	}
}
