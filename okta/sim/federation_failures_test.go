package sim_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/idme"
)

// Each way the guide's setup can be wrong, seen from the app's redirect_uri and the System Log.

// signInExpectingFailure runs the guide's option-2 sign-in as identity and answers what
// reached the app. consent is false when the flow must end before ID.me's consent page.
func (e *fedEnv) signInExpectingFailure(t *testing.T, identity string, consent bool) *landing {
	t.Helper()
	b := newBrowser(t, e.redirectURI)
	p := b.get(e.authorizeURL(map[string]string{"response_type": "id_token", "response_mode": "form_post", "state": "s-1"}))
	if consent {
		p = b.consent(p, identity)
	}
	b.finish(p)
	got := b.landed
	if got.params.Get("id_token") != "" || got.params.Get("state") != "s-1" {
		t.Fatalf("app received %v, want an error with its state", got.params)
	}
	return got
}

// lastFailure is the reason of the last auth_via_IDP FAILURE event.
func (e *fedEnv) lastFailure(t *testing.T) string {
	t.Helper()
	evs := e.events(t, "user.authentication.auth_via_IDP")
	if len(evs) == 0 || outcome(evs[len(evs)-1]) != "FAILURE" {
		t.Fatalf("no auth_via_IDP FAILURE in %v", evs)
	}
	ev := evs[len(evs)-1]
	if ev["severity"] != "WARN" || ev["transaction"].(map[string]any)["id"] == "" {
		t.Errorf("failure event = %v", ev)
	}
	return reason(ev)
}

func TestSignInFailuresReachTheAppWithTheLogReason(t *testing.T) {
	cases := []struct {
		name      string
		opts      fedOptions
		setup     func(t *testing.T, e *fedEnv)
		identity  string
		consent   bool   // the flow reaches ID.me's consent page
		want      string // in error_description and in the log's outcome.reason
		userStage bool   // the failure comes after ID.me answered: auth_via_social is logged too
	}{
		{
			name: "userinfo endpoint configured",
			setup: func(t *testing.T, e *fedEnv) {
				e.updateIdP(t, func(idp map[string]any) {
					idp["protocol"].(map[string]any)["endpoints"].(map[string]any)["userInfo"] =
						map[string]any{"url": e.idme.BaseURL() + "api/public/v3/userinfo", "binding": "HTTP-REDIRECT"}
				})
			},
			identity: "verified", consent: true,
			want: `Identity provider "ID.me IdP - OIDC" userinfo response could not be parsed as a JSON object of claims`,
		},
		{
			name:     "scope is not the policy handle",
			opts:     fedOptions{scopes: []string{"openid", "email"}},
			identity: "verified", consent: false,
			want: `Identity provider "ID.me IdP - OIDC" returned error invalid_scope: scope can't be resolved to an existing policy for the client`,
		},
		{
			name: "IdP inactive",
			setup: func(t *testing.T, e *fedEnv) {
				e.api(t, http.MethodPost, "/api/v1/idps/"+e.idpID+"/lifecycle/deactivate", nil)
			},
			consent: false,
			want:    `Identity provider "ID.me IdP - OIDC" is not active.`,
		},
		{
			// okta-api.md §13: "User Not Found", and no JIT entries.
			name:     "JIT off at org level",
			setup:    func(t *testing.T, e *fedEnv) { e.org.SetJITEnabled(false) },
			identity: "verified", consent: true,
			want: "User Not Found", userStage: true,
		},
		{
			name: "provisioning disabled on the IdP",
			setup: func(t *testing.T, e *fedEnv) {
				e.updateIdP(t, func(idp map[string]any) {
					idp["policy"].(map[string]any)["provisioning"].(map[string]any)["action"] = "DISABLED"
				})
			},
			identity: "verified", consent: true,
			want: "User Not Found", userStage: true,
		},
		{
			name:     "identity without email",
			identity: "no-email", consent: true,
			want: "Unable to transform email to username", userStage: true,
		},
		{
			name: "wrong ID.me client secret on the IdP",
			setup: func(t *testing.T, e *fedEnv) {
				e.updateIdP(t, func(idp map[string]any) {
					idp["protocol"].(map[string]any)["credentials"].(map[string]any)["client"].(map[string]any)["client_secret"] = "not-the-secret"
				})
			},
			identity: "verified", consent: true,
			want: `Identity provider "ID.me IdP - OIDC" token endpoint returned error invalid_client: client authentication failed`,
		},
		{
			name: "redirect URI not registered at ID.me",
			setup: func(t *testing.T, e *fedEnv) {
				c := e.idmeClient
				c.RedirectURIs = []string{"https://elsewhere.example/oauth2/v1/authorize/callback"}
				e.idme.RegisterClient(c)
			},
			consent: false,
			want:    `returned error invalid_redirect_uri: redirect_uri is not registered for the client`,
		},
		{
			name:     "ID.me sends an encrypted ID token",
			setup:    func(t *testing.T, e *fedEnv) { e.idme.SetTokenFault(idme.TokenFault{Encrypted: true}) },
			identity: "verified", consent: true,
			want: "sent an ID token that failed verification: it is encrypted (JWE)",
		},
		{
			name:     "ID.me token signed by another key",
			setup:    func(t *testing.T, e *fedEnv) { e.idme.SetTokenFault(idme.TokenFault{WrongKey: true}) },
			identity: "verified", consent: true,
			want: "sent an ID token that failed verification: signature check",
		},
		{
			name:     "ID.me token with another issuer",
			setup:    func(t *testing.T, e *fedEnv) { e.idme.SetTokenFault(idme.TokenFault{WrongIssuer: true}) },
			identity: "verified", consent: true,
			want: "sent an ID token that failed verification: go-jose/go-jose/jwt: validation failed, invalid issuer claim (iss)",
		},
		{
			name:     "ID.me token replaying another nonce",
			setup:    func(t *testing.T, e *fedEnv) { e.idme.SetTokenFault(idme.TokenFault{Nonce: "stolen"}) },
			identity: "verified", consent: true,
			want: "its nonce is not the one Okta sent",
		},
		{
			name:     "unsigned ID.me token",
			setup:    func(t *testing.T, e *fedEnv) { e.idme.SetTokenFault(idme.TokenFault{AlgNone: true}) },
			identity: "verified", consent: true,
			want: "it is not an RS256-signed JWT",
		},
		{
			name: "mapping expression the sim cannot evaluate",
			setup: func(t *testing.T, e *fedEnv) {
				e.mapRows(t, map[string]string{"nickName": "String.toUpperCase(appuser.fname)"}, "PUSH")
			},
			identity: "verified", consent: true,
			want:      "The profile mapping of nickName uses an expression the simulated org cannot evaluate: String.toUpperCase(appuser.fname)",
			userStage: true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := setupFederation(t, tc.opts)
			if tc.setup != nil {
				tc.setup(t, env)
			}
			got := env.signInExpectingFailure(t, tc.identity, tc.consent)
			if got.params.Get("error") != "access_denied" || !strings.Contains(got.params.Get("error_description"), tc.want) {
				t.Errorf("app received error=%q error_description=%q, want access_denied with %q",
					got.params.Get("error"), got.params.Get("error_description"), tc.want)
			}
			if r := env.lastFailure(t); !strings.Contains(r, tc.want) {
				t.Errorf("log reason = %q, want %q", r, tc.want)
			}
			if links := env.list(t, "/api/v1/idps/"+env.idpID+"/users"); len(links) != 0 {
				t.Errorf("a failed sign-in linked users: %v", links)
			}
			if evs := env.events(t, "user.session.start"); len(evs) != 0 {
				t.Errorf("a failed sign-in started a session: %v", evs)
			}
			// Once ID.me has answered, the failure is also a failed social login; before, it
			// is not (there is no user yet).
			social := env.events(t, "user.authentication.auth_via_social")
			switch {
			case !tc.userStage && len(social) != 0:
				t.Errorf("a failure before ID.me answered logged auth_via_social: %v", social)
			case tc.userStage && (len(social) != 1 || outcome(social[0]) != "FAILURE" || !strings.Contains(reason(social[0]), tc.want)):
				t.Errorf("auth_via_social = %v, want one FAILURE with %q", social, tc.want)
			}
			if evs := env.events(t, "user.lifecycle.create"); len(evs) != 0 {
				t.Errorf("no user was created or tried: %v", evs)
			}
		})
	}
}

// JIT creates the user, but the app is only for assigned users: Everyone removed.
func TestSignInOfAUserNotAssignedToTheApp(t *testing.T) {
	env := setupFederation(t, fedOptions{})
	env.api(t, http.MethodDelete, "/api/v1/apps/"+env.appID+"/groups/"+env.everyoneID, nil)
	got := env.signInExpectingFailure(t, "verified", true)
	const want = "User is not assigned to the client application."
	if got.params.Get("error") != "access_denied" || got.params.Get("error_description") != want {
		t.Errorf("app received %v", got.params)
	}
	evs := env.events(t, "app.oauth2.authorize.implicit.id_token")
	if len(evs) != 1 || outcome(evs[0]) != "FAILURE" || reason(evs[0]) != want {
		t.Errorf("authorize events = %v", evs)
	}
	if auth := env.events(t, "user.authentication.auth_via_IDP"); len(auth) != 1 || outcome(auth[0]) != "SUCCESS" {
		t.Errorf("the ID.me part succeeded; auth_via_IDP = %v", auth)
	}
}

// A redirect URI on another port is not registered: Okta's error page, no redirect at all.
func TestUnregisteredRedirectPortGetsOktaErrorPage(t *testing.T) {
	env := setupFederation(t, fedOptions{})
	env.redirectURI = "http://127.0.0.1:53683/callback"
	b := newBrowser(t, env.redirectURI)
	p := b.get(env.authorizeURL(map[string]string{"response_type": "id_token", "response_mode": "form_post"}))
	if b.landed != nil {
		t.Fatalf("something reached the unregistered redirect URI: %v", b.landed.params)
	}
	if p.status != http.StatusBadRequest || p.url.Path != "/oauth2/v1/authorize" ||
		!strings.Contains(p.body, "The &#39;redirect_uri&#39; parameter must be a Login redirect URI in the client app settings") {
		t.Errorf("page = %d %s:\n%s", p.status, p.url, p.body)
	}
	if reqs := env.idme.Requests(); len(reqs) != 0 {
		t.Errorf("ID.me was contacted: %v", reqs)
	}
}

// Authorize errors of a known client with a registered redirect_uri go back to the app.
func TestAuthorizeRequestErrorsGoToTheApp(t *testing.T) {
	env := setupFederation(t, fedOptions{})
	cases := []struct {
		name   string
		params map[string]string
		code   string
	}{
		{"no state", map[string]string{"response_type": "code", "state": ""}, "invalid_request"},
		{"no PKCE for a browser app", map[string]string{"response_type": "code"}, "invalid_request"},
		{"id_token without nonce", map[string]string{"response_type": "id_token", "nonce": ""}, "invalid_request"},
		{"id_token in the query", map[string]string{"response_type": "id_token", "response_mode": "query"}, "invalid_request"},
		{"no openid scope", map[string]string{"response_type": "id_token", "scope": "profile email"}, "invalid_scope"},
		{"unknown scope", map[string]string{"response_type": "id_token", "scope": "openid groups_of_doom"}, "invalid_scope"},
		{"token response type", map[string]string{"response_type": "token"}, "unsupported_response_type"},
		{"unknown IdP", map[string]string{"response_type": "id_token", "idp": "0oaNoSuchIdP000000001"}, "invalid_request"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := newBrowser(t, env.redirectURI)
			b.get(env.authorizeURL(tc.params))
			if b.landed == nil {
				t.Fatal("nothing reached the app")
			}
			if b.landed.params.Get("error") != tc.code || b.landed.params.Get("error_description") == "" {
				t.Errorf("app received %v, want error %s", b.landed.params, tc.code)
			}
		})
	}
	if evs := env.events(t, "user.authentication.auth_via_IDP"); len(evs) != 1 || !strings.Contains(reason(evs[0]), "0oaNoSuchIdP000000001") {
		t.Errorf("the unknown idp= is not in the log: %v", evs)
	}
	b := newBrowser(t, env.redirectURI)
	p := b.get(env.org.URL() + "/oauth2/v1/authorize?client_id=0oaNoSuchApp000000001&redirect_uri=" + env.redirectURI + "&response_type=code&scope=openid&state=x")
	if b.landed != nil || p.status != http.StatusBadRequest || !strings.Contains(p.body, "client_id") {
		t.Errorf("unknown client: page %d %s, landed %v", p.status, p.body, b.landed)
	}
}
