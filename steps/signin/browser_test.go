package signin

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// browser stands in for a person's browser: it follows redirects with a cookie jar and
// submits the forms it lands on (ID.me's consent page, Okta's form_post page), choosing
// the values in choose (e.g. identity=partial, action=deny). It stops on a page without a
// form: the callback's answer, or an error page.
type browser struct {
	t      testing.TB
	client *http.Client
	choose map[string]string
	// click: on a page with a link whose text contains it (the hosted page's "Sign in with
	// ID.me" button), the link is followed instead of a form being submitted.
	click string

	mu     sync.Mutex
	pages  []visited
	posted []submission // every form submitted, in order
	done   chan struct{}
}

type visited struct {
	URL    string
	Status int
	Body   string
}

type submission struct {
	Method, Action string
	Fields         url.Values
}

func newBrowser(t testing.TB, choose map[string]string) *browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, client: &http.Client{Jar: jar}, choose: choose, done: make(chan struct{})}
	t.Cleanup(b.client.CloseIdleConnections)
	return b
}

// open is an Options.OpenBrowser: it walks the whole sign-in, then closes done.
func (b *browser) open(start string) error {
	defer close(b.done)
	resp, err := b.client.Get(start)
	for hops := 0; ; hops++ {
		if err != nil {
			return err
		}
		body, rerr := io.ReadAll(resp.Body)
		resp.Body.Close()
		if rerr != nil {
			return rerr
		}
		b.mu.Lock()
		b.pages = append(b.pages, visited{URL: resp.Request.URL.String(), Status: resp.StatusCode, Body: string(body)})
		b.mu.Unlock()
		if hops > 10 {
			return nil
		}
		if href, ok := findLink(string(body), b.click); ok {
			target, perr := resp.Request.URL.Parse(href)
			if perr != nil {
				return perr
			}
			resp, err = b.client.Get(target.String())
			continue
		}
		f, ok := parseForm(string(body), b.choose)
		if !ok {
			return nil
		}
		action, perr := resp.Request.URL.Parse(f.Action)
		if perr != nil {
			return perr
		}
		f.Action = action.String()
		b.mu.Lock()
		b.posted = append(b.posted, f)
		b.mu.Unlock()
		if f.Method == http.MethodPost {
			resp, err = b.client.PostForm(f.Action, f.Fields)
		} else {
			action.RawQuery = f.Fields.Encode()
			resp, err = b.client.Get(action.String())
		}
	}
}

// wait waits for open to finish (Run does not wait for the browser).
func (b *browser) wait() { <-b.done }

func (b *browser) last() visited {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.pages) == 0 {
		return visited{}
	}
	return b.pages[len(b.pages)-1]
}

func (b *browser) submissions() []submission {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]submission(nil), b.posted...)
}

func (b *browser) trail() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var s strings.Builder
	for _, p := range b.pages {
		fmt.Fprintf(&s, "\n  %d %s", p.Status, p.URL)
	}
	return s.String()
}

var linkRE = regexp.MustCompile(`(?is)<a\b([^>]*)>(.*?)</a>`)

// findLink finds the href of the first link whose text contains text ("" finds none).
func findLink(page, text string) (string, bool) {
	if text == "" {
		return "", false
	}
	for _, m := range linkRE.FindAllStringSubmatch(page, -1) {
		if strings.Contains(html.UnescapeString(m[2]), text) {
			if href, ok := attrs(m[1])["href"]; ok {
				return href, true
			}
		}
	}
	return "", false
}

var (
	formRE   = regexp.MustCompile(`(?is)<form\b([^>]*)>(.*?)</form>`)
	inputRE  = regexp.MustCompile(`(?is)<(input|button)\b([^>]*)>`)
	attrRE   = regexp.MustCompile(`(?is)([a-z_:-]+)\s*=\s*"([^"]*)"`)
	checkedR = regexp.MustCompile(`(?i)\bchecked\b`)
)

func attrs(s string) map[string]string {
	out := map[string]string{}
	for _, m := range attrRE.FindAllStringSubmatch(s, -1) {
		out[strings.ToLower(m[1])] = html.UnescapeString(m[2])
	}
	return out
}

// parseForm reads the first form of a page as a browser would submit it: hidden and text
// inputs, the checked radio (or the chosen one), and the first submit button (or the
// chosen one).
func parseForm(page string, choose map[string]string) (submission, bool) {
	m := formRE.FindStringSubmatch(page)
	if m == nil {
		return submission{}, false
	}
	fa := attrs(m[1])
	f := submission{Method: strings.ToUpper(fa["method"]), Action: fa["action"], Fields: url.Values{}}
	if f.Method == "" {
		f.Method = http.MethodGet
	}
	buttonPicked := false
	for _, in := range inputRE.FindAllStringSubmatch(m[2], -1) {
		a := attrs(in[2])
		name := a["name"]
		if name == "" {
			continue
		}
		typ := strings.ToLower(a["type"])
		switch {
		case strings.EqualFold(in[1], "button") || typ == "submit":
			want, chosen := choose[name]
			if !buttonPicked && (!chosen || want == a["value"]) {
				f.Fields.Set(name, a["value"])
				buttonPicked = true
			}
		case typ == "radio" || typ == "checkbox":
			if want, chosen := choose[name]; chosen {
				if want == a["value"] {
					f.Fields.Set(name, want)
				}
			} else if checkedR.MatchString(in[2]) {
				f.Fields.Set(name, a["value"])
			}
		default:
			f.Fields.Set(name, a["value"])
			if want, chosen := choose[name]; chosen && typ != "hidden" {
				f.Fields.Set(name, want)
			}
		}
	}
	return f, true
}
