package idme_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/idme-okta/idme-okta/okta/sim/idme"
)

const scopeError = "scope can't be resolved to an existing policy for the client"

var otherClient = idme.Client{
	ID:           "another-relying-party",
	Secret:       "another-secret",
	RedirectURIs: []string{"http://127.0.0.1:9/other"},
	Policies:     []string{"military"},
}

// authorizeQuery is a valid authorization request for okta; tests break one parameter.
func authorizeQuery() url.Values {
	return url.Values{
		"client_id":     {okta.ID},
		"redirect_uri":  {callbackURI},
		"response_type": {"code"},
		"scope":         {"openid teacher"},
		"state":         {"st-123"},
		"nonce":         {"n-456"},
	}
}

func getAuthorize(t *testing.T, srv *idme.Server, q url.Values) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.BaseURL()+"oauth/authorize?"+q.Encode(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return noFollow(t, req)
}

// errorRedirect asserts the response sends the browser back to wantTarget with an OAuth error.
func errorRedirect(t *testing.T, resp *http.Response, wantTarget string) url.Values {
	t.Helper()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("status %d, want 302 to the redirect_uri", resp.StatusCode)
	}
	loc, err := resp.Location()
	if err != nil {
		t.Fatal(err)
	}
	if target := loc.Scheme + "://" + loc.Host + loc.Path; target != wantTarget {
		t.Fatalf("redirected to %s, want %s", target, wantTarget)
	}
	return loc.Query()
}

func TestScopeMustBeOpenIDPlusOneHandleOfTheClient(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta, otherClient}})
	for _, tc := range []struct {
		name, scope string
		ok          bool
	}{
		{"openid alone", "openid", false},
		{"okta's default email scope added", "openid email teacher", false},
		{"extra scope after the handle", "openid teacher profile", false},
		{"profile instead of a handle", "openid profile", false},
		{"unknown handle", "openid nurse_practitioner", false},
		{"handle of another client", "openid military", false},
		{"handle without openid", "teacher", false},
		{"handle twice", "teacher teacher", false},
		{"empty", "", false},
		{"community handle", "openid teacher", true},
		{"IAL2 handle is a URI", "openid " + idme.IAL2Handle, true},
		{"order does not matter", "teacher openid", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := authorizeQuery()
			q.Set("scope", tc.scope)
			resp, body := getAuthorize(t, srv, q)
			if tc.ok {
				if resp.StatusCode != http.StatusOK || len(parseForm(t, body).radios) == 0 {
					t.Fatalf("status %d, want the consent page; Location %q", resp.StatusCode, resp.Header.Get("Location"))
				}
				return
			}
			got := errorRedirect(t, resp, callbackURI)
			if got.Get("error") != "invalid_scope" || got.Get("error_description") != scopeError || got.Get("state") != "st-123" {
				t.Errorf("redirect query = %v, want invalid_scope with ID.me's description and the state", got)
			}
		})
	}
}

func TestAuthorizeErrorsGoBackToTheRedirectURI(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}})
	const unregistered = "http://127.0.0.1:9/not-registered"
	for _, tc := range []struct {
		name      string
		change    func(url.Values)
		wantError string
		target    string
	}{
		{"missing client_id", func(q url.Values) { q.Del("client_id") }, "invalid_request", callbackURI},
		{"unknown client", func(q url.Values) { q.Set("client_id", "who-is-this") }, "invalid_client", callbackURI},
		{"unregistered redirect_uri", func(q url.Values) { q.Set("redirect_uri", unregistered) }, "invalid_redirect_uri", unregistered},
		{"redirect_uri differs by a trailing slash", func(q url.Values) { q.Set("redirect_uri", callbackURI+"/") }, "invalid_redirect_uri", callbackURI + "/"},
		{"missing response_type", func(q url.Values) { q.Del("response_type") }, "invalid_request", callbackURI},
		{"implicit flow", func(q url.Values) { q.Set("response_type", "id_token") }, "unsupported_response_type", callbackURI},
		{"plain PKCE", func(q url.Values) {
			q.Set("code_challenge", strings.Repeat("a", 43))
			q.Set("code_challenge_method", "plain")
		}, "invalid_request", callbackURI},
		{"PKCE without challenge", func(q url.Values) { q.Set("code_challenge_method", "S256") }, "invalid_request", callbackURI},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := authorizeQuery()
			tc.change(q)
			resp, _ := getAuthorize(t, srv, q)
			got := errorRedirect(t, resp, tc.target)
			if got.Get("error") != tc.wantError || got.Get("error_description") == "" || got.Get("state") != "st-123" {
				t.Errorf("redirect query = %v, want error=%s with a description and the state", got, tc.wantError)
			}
		})
	}
}

func TestAuthorizeWithoutUsableRedirectShowsAnErrorPage(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}})
	for name, redirect := range map[string]string{
		"missing":  "",
		"relative": "/callback",
		"fragment": callbackURI + "#frag",
		"scheme":   "javascript:alert(1)",
	} {
		t.Run(name, func(t *testing.T) {
			q := authorizeQuery()
			q.Set("redirect_uri", redirect)
			resp, body := getAuthorize(t, srv, q)
			if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
				t.Fatalf("status %d Location %q, want a 400 page", resp.StatusCode, resp.Header.Get("Location"))
			}
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(body, "invalid_request") {
				t.Errorf("error page does not name invalid_request:\n%s", body)
			}
		})
	}
}

func TestConsentPageIsOnePlainForm(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}})
	resp, body := getAuthorize(t, srv, authorizeQuery())
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if strings.Contains(strings.ToLower(body), "<script") {
		t.Error("consent page uses JavaScript")
	}
	f := parseForm(t, body)
	if f.method != "post" {
		t.Errorf("form method %q, want post", f.method)
	}
	ids := idme.DefaultIdentities()
	if len(f.radios) != len(ids) {
		t.Fatalf("%d radio buttons, want one per identity (%d)", len(f.radios), len(ids))
	}
	for i, r := range f.radios {
		if r.value != ids[i].Key || r.checked != (i == 0) {
			t.Errorf("radio %d = %+v, want %s, checked only first", i, r, ids[i].Key)
		}
	}
	for _, action := range []string{"continue", "deny"} {
		if _, ok := f.button(action); !ok {
			t.Errorf("no %s button", action)
		}
	}
	// The page tells the tester what the policy shares: teacher does not release birth_date.
	if strings.Contains(body, "birth_date") {
		t.Error("consent page claims the teacher policy shares birth_date")
	}
}

func TestConsentContinueKeepsPreselectedIdentity(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}})
	rp := newRelyingParty(t, srv, okta, oauth2.AuthStyleInParams, idme.IAL2Handle)
	l := newLogin()
	cb := consent(t, rp.authURL(l), "", false)
	tok, err := rp.exchange(t, cb.Query().Get("code"), oauth2.VerifierOption(l.verifier))
	if err != nil {
		t.Fatal(err)
	}
	idt, err := rp.verify(t, tok)
	if err != nil {
		t.Fatal(err)
	}
	if want := idme.DefaultIdentities()[0].Claims["uuid"]; idt.Subject != want {
		t.Errorf("sub = %s, want the first identity %v", idt.Subject, want)
	}
}

func TestDenyReturnsAccessDenied(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}})
	rp := newRelyingParty(t, srv, okta, oauth2.AuthStyleInParams, "teacher")
	l := newLogin()
	cb := consent(t, rp.authURL(l), "", true)
	q := cb.Query()
	if q.Get("error") != "access_denied" || q.Get("state") != l.state || q.Get("code") != "" {
		t.Errorf("callback query = %v, want access_denied with state and no code", q)
	}
}

func TestConsentFormAnswersOnce(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}})
	resp, page := getAuthorize(t, srv, authorizeQuery())
	form := parseForm(t, page)
	pageURL := resp.Request.URL

	if cb := answerConsent(t, pageURL, form, "verified", "continue"); cb.Query().Get("code") == "" {
		t.Fatalf("first answer: no code in %s", cb)
	}
	values := form.values()
	values.Set("action", "continue")
	target, _ := pageURL.Parse(form.action)
	if again, body := postForm(t, target, values); again.StatusCode != http.StatusBadRequest || !strings.Contains(body, "invalid_request") {
		t.Errorf("second answer: status %d, want a 400 page", again.StatusCode)
	}
}

func TestConsentRejectsUnknownIdentity(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}})
	resp, page := getAuthorize(t, srv, authorizeQuery())
	form := parseForm(t, page)
	values := form.values()
	values.Set("identity", "nobody")
	values.Set("action", "continue")
	target, _ := resp.Request.URL.Parse(form.action)
	if answer, _ := postForm(t, target, values); answer.StatusCode != http.StatusBadRequest {
		t.Errorf("status %d, want 400", answer.StatusCode)
	}
}

func TestAddRedirectURILetsANewCallbackIn(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}})
	const oktaCallback = "http://127.0.0.1:9/oauth2/v1/authorize/callback"
	q := authorizeQuery()
	q.Set("redirect_uri", oktaCallback)

	resp, _ := getAuthorize(t, srv, q)
	if got := errorRedirect(t, resp, oktaCallback).Get("error"); got != "invalid_redirect_uri" {
		t.Fatalf("before registration: error %q, want invalid_redirect_uri", got)
	}
	if err := srv.AddRedirectURI(okta.ID, oktaCallback); err != nil {
		t.Fatal(err)
	}
	if resp, _ := getAuthorize(t, srv, q); resp.StatusCode != http.StatusOK {
		t.Errorf("after registration: status %d, want the consent page", resp.StatusCode)
	}
	if err := srv.AddRedirectURI("who-is-this", oktaCallback); err == nil {
		t.Error("AddRedirectURI accepted an unknown client")
	}
}
