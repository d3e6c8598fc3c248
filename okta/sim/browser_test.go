package sim_test

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// browser is a headless browser without JavaScript: a cookie jar, redirects followed, forms
// submitted by reading the HTML. Whatever is sent to the app's redirect URI is captured
// instead of sent (nobody listens there), including fragments, which browsers never send.
// It stays beside simbrowser because these tests of the simulated org go one page at a time
// (the consent page, the form_post page before it posts, the hosted page's links, its
// username/password form) and assert on each; simbrowser only walks a whole sign-in.
type browser struct {
	t      testing.TB
	client *http.Client
	app    string   // the app's redirect URI
	landed *landing // what reached the app, once something did
}

// landing is what the app received at its redirect URI.
type landing struct {
	method string     // GET (query or fragment) or POST (form_post)
	params url.Values // query, fragment or form fields
}

// page is an HTML page the browser stopped at.
type page struct {
	url    *url.URL
	status int
	body   string
}

func newBrowser(t testing.TB, appRedirectURI string) *browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, app: appRedirectURI}
	b.client = &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if b.capture(req.URL, http.MethodGet, nil) {
			return http.ErrUseLastResponse
		}
		if len(via) > 20 {
			t.Fatalf("redirect loop at %s", req.URL)
		}
		return nil
	}}
	return b
}

// capture records a request to the app's redirect URI.
func (b *browser) capture(u *url.URL, method string, form url.Values) bool {
	bare := *u
	bare.RawQuery, bare.Fragment, bare.RawFragment = "", "", ""
	if bare.String() != b.app {
		return false
	}
	params := u.Query()
	if frag, err := url.ParseQuery(u.EscapedFragment()); err == nil {
		for k, v := range frag {
			params[k] = v
		}
	}
	for k, v := range form {
		params[k] = v
	}
	b.landed = &landing{method: method, params: params}
	return true
}

// get opens a URL and follows redirects until a page or the app.
func (b *browser) get(rawURL string) *page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

func (b *browser) do(req *http.Request) *page {
	b.t.Helper()
	b.landed = nil
	if b.capture(req.URL, req.Method, formOf(req)) {
		return nil
	}
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	if b.landed != nil && resp.StatusCode/100 == 3 {
		return nil
	}
	return &page{url: resp.Request.URL, status: resp.StatusCode, body: string(raw)}
}

func formOf(req *http.Request) url.Values {
	if req.Method != http.MethodPost || req.GetBody == nil {
		return nil
	}
	rd, err := req.GetBody()
	if err != nil {
		return nil
	}
	raw, _ := io.ReadAll(rd)
	form, _ := url.ParseQuery(string(raw))
	return form
}

// htmlForm is the one form of a page.
type htmlForm struct {
	action, method string
	fields         url.Values
}

var (
	formTag  = regexp.MustCompile(`(?is)<form\b([^>]*)>(.*?)</form>`)
	inputTag = regexp.MustCompile(`(?is)<(input|button)\b([^>]*)>`)
	attrRe   = regexp.MustCompile(`([a-zA-Z_:-]+)(?:="([^"]*)")?`)
	linkTag  = regexp.MustCompile(`(?is)<a\b([^>]*)>(.*?)</a>`)
)

func attrs(s string) map[string]string {
	out := map[string]string{}
	for _, m := range attrRe.FindAllStringSubmatch(s, -1) {
		out[strings.ToLower(m[1])] = html.UnescapeString(m[2])
	}
	return out
}

// form reads the page's form: hidden and text inputs and checked radios become fields;
// buttons are left for submit to choose.
func (p *page) form(t testing.TB) htmlForm {
	t.Helper()
	forms := formTag.FindAllStringSubmatch(p.body, -1)
	if len(forms) != 1 {
		t.Fatalf("page %s has %d forms, want exactly 1:\n%s", p.url, len(forms), p.body)
	}
	fa := attrs(forms[0][1])
	f := htmlForm{action: fa["action"], method: strings.ToUpper(fa["method"]), fields: url.Values{}}
	for _, in := range inputTag.FindAllStringSubmatch(forms[0][2], -1) {
		a := attrs(in[2])
		if strings.EqualFold(in[1], "button") || a["name"] == "" {
			continue
		}
		if (a["type"] == "radio" || a["type"] == "checkbox") && !hasAttr(in[2], "checked") {
			continue
		}
		f.fields.Add(a["name"], a["value"])
	}
	return f
}

func hasAttr(tag, name string) bool {
	_, ok := attrs(tag)[name]
	return ok
}

// submit posts the page's form with some fields set, as pressing a button does.
func (b *browser) submit(p *page, set map[string]string) *page {
	b.t.Helper()
	f := p.form(b.t)
	for k, v := range set {
		f.fields.Set(k, v)
	}
	action, err := p.url.Parse(f.action)
	if err != nil {
		b.t.Fatal(err)
	}
	if f.method != http.MethodPost {
		b.t.Fatalf("form method %q", f.method)
	}
	body := f.fields.Encode()
	req, err := http.NewRequest(http.MethodPost, action.String(), strings.NewReader(body))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// links lists the page's links as text -> href.
func (p *page) links() map[string]string {
	out := map[string]string{}
	for _, m := range linkTag.FindAllStringSubmatch(p.body, -1) {
		text := strings.TrimSpace(html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(m[2], "")))
		out[text] = attrs(m[1])["href"]
	}
	return out
}

// follow opens a link of the page.
func (b *browser) follow(p *page, href string) *page {
	b.t.Helper()
	u, err := p.url.Parse(href)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.get(u.String())
}

// consent answers the ID.me stand-in's consent page as the given test identity.
func (b *browser) consent(p *page, identity string) *page {
	b.t.Helper()
	if p == nil || !strings.Contains(p.body, "ID.me") || !strings.Contains(p.body, `name="identity"`) {
		b.t.Fatalf("expected the ID.me consent page, got %+v", p)
	}
	return b.submit(p, map[string]string{"identity": identity, "action": "continue"})
}

// finish submits an auto-posting form_post page (as its onload would) until the app is reached.
func (b *browser) finish(p *page) {
	b.t.Helper()
	if p != nil && strings.Contains(p.body, `onload="document.forms[0].submit()"`) {
		p = b.submit(p, nil)
	}
	if b.landed == nil {
		b.t.Fatalf("nothing reached the app; stopped at %+v", p)
	}
}

func randomHex(n int) string {
	buf := make([]byte, n)
	_, _ = rand.Read(buf)
	return hex.EncodeToString(buf)
}

// pkcePair returns an RFC 7636 verifier and its S256 challenge.
func pkcePair() (verifier, challenge string) {
	verifier = randomHex(32)
	sum := sha256.Sum256([]byte(verifier))
	return verifier, base64.RawURLEncoding.EncodeToString(sum[:])
}
