// Package simbrowser is a person with a browser, for the simulated Okta org and ID.me: it
// follows redirects, keeps cookies, submits the auto-submitted form_post pages, answers
// ID.me's consent form and presses "Sign in with ID.me" on Okta's hosted page — all without
// JavaScript, by reading the (deliberately simple) HTML those simulators serve.
//
// Tests use it in place of a real browser, and `idme-okta demo` uses it to offer a test
// sign-in without leaving the terminal. It understands only the simulators' pages.
package simbrowser

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Browser walks a sign-in. The zero value is not usable; call New.
type Browser struct {
	// Identity is the test person to choose on ID.me's consent page (its radio value, e.g.
	// "verified"); "" keeps the preselected one.
	Identity string
	// Deny presses "Deny" on the consent page instead of "Continue".
	Deny bool
	// StopAt, when set, is a URL prefix the browser never requests: an app's redirect URI
	// where nothing listens. A redirect or form that leads there ends the walk (see Page).
	StopAt string
	// Visited lists every URL requested, without query strings (they carry codes and
	// tokens), in order.
	Visited []string
	// Submitted lists every form the browser submitted (or, under StopAt, was about to), in
	// order, with the values it sent. Those carry codes and tokens: they are for a test to
	// inspect or replay, never to print.
	Submitted []Submission

	client *http.Client
}

// Submission is a form as the browser sent it.
type Submission struct {
	Method string     // GET or POST
	URL    string     // the form's action, resolved against its page
	Fields url.Values // the fields, with the pressed button's "action" when it has one
}

// Page is where a walk stopped: a page that offers nothing more to press, or, under StopAt,
// the address the browser did not request (its query and fragment kept, where codes and
// tokens travel), with Status 0 and no body.
type Page struct {
	URL    *url.URL
	Status int
	Title  string
	Body   string
}

// Text is the page's body with tags removed, for assertions and messages.
func (p *Page) Text() string {
	return strings.Join(strings.Fields(html.UnescapeString(tagRe.ReplaceAllString(p.Body, " "))), " ")
}

// New returns a browser with an empty cookie jar.
func New() *Browser {
	jar, _ := cookiejar.New(nil) // never fails without options
	b := &Browser{}
	b.client = &http.Client{
		Jar:     jar,
		Timeout: 30 * time.Second,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if b.stopsAt(req.URL) {
				return http.ErrUseLastResponse // do turns the redirect into the stopped Page
			}
			if len(via) >= 20 {
				return fmt.Errorf("stopped after 20 redirects at %s", redact(req.URL))
			}
			b.Visited = append(b.Visited, redact(req.URL))
			return nil
		},
	}
	return b
}

// maxPages bounds a walk: a real sign-in crosses fewer than ten pages.
const maxPages = 15

// Open loads rawURL and keeps going the way a person would on the simulators' pages, until
// a page offers nothing more to press, which it returns (the callback's "return to your
// terminal" page, an error page, the dashboard …).
func (b *Browser) Open(ctx context.Context, rawURL string) (*Page, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	for range maxPages {
		if b.stopsAt(req.URL) {
			return &Page{URL: req.URL}, nil
		}
		page, err := b.do(req)
		if err != nil {
			return nil, err
		}
		next, err := b.nextRequest(ctx, page)
		if err != nil || next == nil {
			return page, err
		}
		req = next
	}
	return nil, fmt.Errorf("gave up after %d pages", maxPages)
}

func (b *Browser) do(req *http.Request) (*Page, error) {
	b.Visited = append(b.Visited, redact(req.URL))
	resp, err := b.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", req.Method, redact(req.URL), err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", redact(resp.Request.URL), err)
	}
	if loc, err := resp.Location(); err == nil && resp.StatusCode/100 == 3 && b.stopsAt(loc) {
		return &Page{URL: loc}, nil
	}
	p := &Page{URL: resp.Request.URL, Status: resp.StatusCode, Body: string(body)}
	if m := titleRe.FindStringSubmatch(p.Body); m != nil {
		p.Title = strings.TrimSpace(html.UnescapeString(m[1]))
	}
	return p, nil
}

// nextRequest decides what a person would press on page, or nil when there is nothing.
func (b *Browser) nextRequest(ctx context.Context, p *Page) (*http.Request, error) {
	if p.Status >= 400 {
		return nil, nil
	}
	forms := parseForms(p.Body)
	switch {
	case strings.Contains(p.Body, `onload="document.forms[0].submit()"`) && len(forms) > 0:
		// Okta's form_post: the browser submits it on load.
		return b.submit(ctx, forms[0], p.URL, "")
	case len(forms) == 1 && forms[0].hasRadio("identity"):
		// ID.me's consent page.
		f := forms[0]
		if b.Identity != "" {
			if !f.hasRadioValue("identity", b.Identity) {
				return nil, fmt.Errorf("ID.me's consent page offers no identity %q", b.Identity)
			}
			f.fields.Set("identity", b.Identity)
		}
		action := "continue"
		if b.Deny {
			action = "deny"
		}
		return b.submit(ctx, f, p.URL, action)
	}
	// Okta's hosted sign-in page: the "Sign in with …" button of an identity provider.
	if m := idpLinkRe.FindStringSubmatch(p.Body); m != nil {
		href, err := p.URL.Parse(html.UnescapeString(m[1]))
		if err != nil {
			return nil, err
		}
		return http.NewRequestWithContext(ctx, http.MethodGet, href.String(), nil)
	}
	return nil, nil
}

var (
	tagRe     = regexp.MustCompile(`(?s)<[^>]*>`)
	titleRe   = regexp.MustCompile(`(?is)<title>(.*?)</title>`)
	formRe    = regexp.MustCompile(`(?is)<form\b([^>]*)>(.*?)</form>`)
	inputRe   = regexp.MustCompile(`(?is)<input\b([^>]*)>`)
	attrRe    = regexp.MustCompile(`([a-zA-Z_:-]+)(?:\s*=\s*"([^"]*)")?`)
	idpLinkRe = regexp.MustCompile(`(?is)<a\b[^>]*class="[^"]*\bidp\b[^"]*"[^>]*href="([^"]*)"`)
)

// form is an HTML form with its field values (hidden and text inputs, checked radios).
type form struct {
	action, method string
	fields         url.Values
	radios         map[string][]string // name → offered values
}

func parseForms(body string) []form {
	var out []form
	for _, m := range formRe.FindAllStringSubmatch(body, -1) {
		a := attrs(m[1])
		f := form{action: a["action"], method: strings.ToUpper(a["method"]), fields: url.Values{}, radios: map[string][]string{}}
		if f.method == "" {
			f.method = http.MethodGet
		}
		for _, in := range inputRe.FindAllStringSubmatch(m[2], -1) {
			ia := attrs(in[1])
			name := ia["name"]
			if name == "" {
				continue
			}
			switch strings.ToLower(ia["type"]) {
			case "radio":
				f.radios[name] = append(f.radios[name], ia["value"])
				if _, checked := ia["checked"]; checked {
					f.fields.Set(name, ia["value"])
				}
			case "submit", "button", "password":
			default:
				f.fields.Set(name, ia["value"])
			}
		}
		out = append(out, f)
	}
	return out
}

func (f form) hasRadio(name string) bool { return len(f.radios[name]) > 0 }

func (f form) hasRadioValue(name, value string) bool {
	for _, v := range f.radios[name] {
		if v == value {
			return true
		}
	}
	return false
}

// submit presses the form's button with value action ("" for none), found on the page at
// base, and records the submission.
func (b *Browser) submit(ctx context.Context, f form, base *url.URL, action string) (*http.Request, error) {
	target, err := base.Parse(f.action)
	if err != nil {
		return nil, fmt.Errorf("form action %q: %w", f.action, err)
	}
	s := Submission{Method: http.MethodPost, URL: target.String(), Fields: url.Values{}}
	for k, v := range f.fields {
		s.Fields[k] = append([]string(nil), v...)
	}
	if action != "" {
		s.Fields.Set("action", action)
	}
	if f.method == http.MethodGet {
		s.Method = http.MethodGet
	}
	b.Submitted = append(b.Submitted, s)
	if s.Method == http.MethodGet {
		target.RawQuery = s.Fields.Encode()
		return http.NewRequestWithContext(ctx, http.MethodGet, target.String(), nil)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, strings.NewReader(s.Fields.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req, nil
}

// stopsAt reports whether u is under StopAt.
func (b *Browser) stopsAt(u *url.URL) bool {
	return b.StopAt != "" && strings.HasPrefix(u.String(), b.StopAt)
}

func attrs(s string) map[string]string {
	out := map[string]string{}
	for _, m := range attrRe.FindAllStringSubmatch(s, -1) {
		out[strings.ToLower(m[1])] = html.UnescapeString(m[2])
	}
	return out
}

// redact drops the query and fragment, where codes, tokens and states travel.
func redact(u *url.URL) string {
	c := *u
	c.RawQuery, c.Fragment, c.RawFragment = "", "", ""
	return c.String()
}
