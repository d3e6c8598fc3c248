package idme_test

import (
	"crypto/rand"
	"errors"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/idme-okta/idme-okta/okta/sim/idme"
	"github.com/idme-okta/idme-okta/okta/sim/simbrowser"
)

// callbackURI is the relying party's registered redirect URI. Nothing listens there: the
// browser stops when it is redirected to it, like a real browser handing off to the RP.
const callbackURI = "http://127.0.0.1:9/callback"

func startServer(t *testing.T, opts idme.Options) *idme.Server {
	t.Helper()
	srv, err := idme.Start(opts)
	if err != nil {
		t.Fatalf("start simulated ID.me: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return srv
}

// relyingParty is what Okta is to ID.me: discovery, auth-code + PKCE, code exchange and ID
// token verification, done with go-oidc and x/oauth2.
type relyingParty struct {
	provider *oidc.Provider
	conf     oauth2.Config
	clientID string
}

func newRelyingParty(t *testing.T, srv *idme.Server, c idme.Client, style oauth2.AuthStyle, policy string) *relyingParty {
	t.Helper()
	provider, err := oidc.NewProvider(t.Context(), srv.Issuer())
	if err != nil {
		t.Fatalf("discovery: %v", err)
	}
	endpoint := provider.Endpoint()
	endpoint.AuthStyle = style
	return &relyingParty{
		provider: provider,
		clientID: c.ID,
		conf: oauth2.Config{
			ClientID:     c.ID,
			ClientSecret: c.Secret,
			Endpoint:     endpoint,
			RedirectURL:  c.RedirectURIs[0],
			Scopes:       []string{oidc.ScopeOpenID, policy},
		},
	}
}

// login is one authorization request's secrets, kept by the relying party.
type login struct {
	state, nonce, verifier string
}

func newLogin() login {
	return login{state: rand.Text(), nonce: rand.Text(), verifier: oauth2.GenerateVerifier()}
}

func (rp *relyingParty) authURL(l login) string {
	return rp.conf.AuthCodeURL(l.state, oidc.Nonce(l.nonce), oauth2.S256ChallengeOption(l.verifier))
}

// signIn runs the browser part of the flow as identity and returns the code.
func (rp *relyingParty) signIn(t *testing.T, l login, identity string) string {
	t.Helper()
	cb := consent(t, rp.authURL(l), identity, false)
	if got := cb.Query().Get("state"); got != l.state {
		t.Fatalf("callback state = %q, want %q", got, l.state)
	}
	code := cb.Query().Get("code")
	if code == "" {
		t.Fatalf("callback has no code: %s", cb)
	}
	return code
}

// exchange redeems a code and returns the token response.
func (rp *relyingParty) exchange(t *testing.T, code string, opts ...oauth2.AuthCodeOption) (*oauth2.Token, error) {
	t.Helper()
	return rp.conf.Exchange(t.Context(), code, opts...)
}

// signInAndVerify is the whole happy path; it returns the verified token and its raw claims.
func (rp *relyingParty) signInAndVerify(t *testing.T, identity string) (*oidc.IDToken, map[string]any, *oauth2.Token) {
	t.Helper()
	l := newLogin()
	tok, err := rp.exchange(t, rp.signIn(t, l, identity), oauth2.VerifierOption(l.verifier))
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	idt, err := rp.verify(t, tok)
	if err != nil {
		t.Fatalf("verify ID token: %v", err)
	}
	if idt.Nonce != l.nonce {
		t.Fatalf("nonce = %q, want %q", idt.Nonce, l.nonce)
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		t.Fatalf("claims: %v", err)
	}
	return idt, claims, tok
}

func (rp *relyingParty) verify(t *testing.T, tok *oauth2.Token) (*oidc.IDToken, error) {
	t.Helper()
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		t.Fatalf("token response has no id_token")
	}
	return rp.provider.Verifier(&oidc.Config{ClientID: rp.clientID}).Verify(t.Context(), raw)
}

// oauthErrorCode digs the RFC 6749 error code and HTTP status out of an x/oauth2 error.
func oauthErrorCode(t *testing.T, err error) (string, int) {
	t.Helper()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		t.Fatalf("error %v is not an OAuth error response", err)
	}
	return re.ErrorCode, re.Response.StatusCode
}

// consent walks authURL as a person in a browser would (simbrowser): the consent page,
// identity chosen ("" keeps the preselected one), Continue pressed, or Deny when deny. The
// walk stops where ID.me sends the browser back to the relying party's callback, which it
// returns.
func consent(t *testing.T, authURL, identity string, deny bool) *url.URL {
	t.Helper()
	b := simbrowser.New()
	b.Identity, b.Deny, b.StopAt = identity, deny, callbackURI
	page, err := b.Open(t.Context(), authURL)
	if err != nil {
		t.Fatalf("sign in at ID.me: %v", err)
	}
	if page.Status != 0 {
		t.Fatalf("stopped at %d %s, not the callback:\n%s", page.Status, page.URL, page.Text())
	}
	// Exactly one form answered, the consent page's: ID.me never skips the person's consent.
	if len(b.Submitted) != 1 || !strings.HasSuffix(b.Submitted[0].URL, "/oauth/authorize") {
		t.Fatalf("%d forms submitted, want only the consent page's", len(b.Submitted))
	}
	return page.URL
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return string(body)
}

// answerConsent posts the consent form found at pageURL as identity ("" keeps the
// preselected one), pressing the button whose value is action, and returns where ID.me sent
// the browser.
func answerConsent(t *testing.T, pageURL *url.URL, form htmlForm, identity, action string) *url.URL {
	t.Helper()
	values := form.values()
	if identity != "" {
		values.Set("identity", identity)
	}
	button, ok := form.button(action)
	if !ok {
		t.Fatalf("consent page has no %q button", action)
	}
	values.Set(button.name, button.value)
	target, err := pageURL.Parse(form.action)
	if err != nil {
		t.Fatalf("form action %q: %v", form.action, err)
	}
	resp, body := postForm(t, target, values)
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("consent: status %d, want a redirect\n%s", resp.StatusCode, body)
	}
	loc, err := resp.Location()
	if err != nil {
		t.Fatalf("consent redirect: %v", err)
	}
	return loc
}

// postForm posts values to target and returns the answer, without following a redirect.
func postForm(t *testing.T, target *url.URL, values url.Values) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, target.String(), strings.NewReader(values.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return noFollow(t, req)
}

// htmlForm is the one form on a page, read the way a browser without JavaScript sees it.
// Tests read it field by field to check the consent page's structure (one form, a radio per
// identity, both buttons) and to answer it wrongly on purpose, which simbrowser, made to
// answer it rightly, does not offer.
type htmlForm struct {
	method, action string
	hidden         url.Values
	radios         []radio
	buttons        []field
}

type field struct{ name, value string }

type radio struct {
	field
	checked bool
}

func (f htmlForm) values() url.Values {
	v := url.Values{}
	for k, vs := range f.hidden {
		v[k] = append([]string(nil), vs...)
	}
	for _, r := range f.radios {
		if r.checked {
			v.Set(r.name, r.value)
		}
	}
	return v
}

func (f htmlForm) button(value string) (field, bool) {
	for _, b := range f.buttons {
		if b.value == value {
			return b, true
		}
	}
	return field{}, false
}

var (
	formTag   = regexp.MustCompile(`(?is)<form\b([^>]*)>`)
	inputTag  = regexp.MustCompile(`(?is)<input\b([^>]*)>`)
	buttonTag = regexp.MustCompile(`(?is)<button\b([^>]*)>`)
	attribute = regexp.MustCompile(`([a-zA-Z-]+)(?:\s*=\s*"([^"]*)")?`)
)

func attrs(tag string) map[string]string {
	out := map[string]string{}
	for _, m := range attribute.FindAllStringSubmatch(tag, -1) {
		out[strings.ToLower(m[1])] = html.UnescapeString(m[2])
	}
	return out
}

func parseForm(t *testing.T, page string) htmlForm {
	t.Helper()
	forms := formTag.FindAllStringSubmatch(page, -1)
	if len(forms) != 1 {
		t.Fatalf("page has %d forms, want exactly 1:\n%s", len(forms), page)
	}
	fa := attrs(forms[0][1])
	f := htmlForm{method: strings.ToLower(fa["method"]), action: fa["action"], hidden: url.Values{}}
	for _, m := range inputTag.FindAllStringSubmatch(page, -1) {
		a := attrs(m[1])
		switch a["type"] {
		case "hidden":
			f.hidden.Add(a["name"], a["value"])
		case "radio":
			_, checked := a["checked"]
			f.radios = append(f.radios, radio{field{a["name"], a["value"]}, checked})
		}
	}
	for _, m := range buttonTag.FindAllStringSubmatch(page, -1) {
		a := attrs(m[1])
		if a["type"] == "submit" {
			f.buttons = append(f.buttons, field{a["name"], a["value"]})
		}
	}
	return f
}

// noFollow answers a single request without following redirects.
func noFollow(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	client := &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	return resp, readBody(t, resp)
}
