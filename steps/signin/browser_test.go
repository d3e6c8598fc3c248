package signin

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/simbrowser"
)

// browser stands in for a person's browser: simbrowser (cookies, redirects, the consent
// page, Okta's form_post, the hosted page's "Sign in with" button) run as Run's
// Options.OpenBrowser. Run does not wait for the browser, so a test calls wait before
// reading where the walk ended (last), the URLs it requested (trail) or the forms it sent
// (Submitted). Set Identity or Deny before the walk.
type browser struct {
	*simbrowser.Browser
	page *simbrowser.Page
	err  error
	done chan struct{}
}

func newBrowser(t testing.TB) *browser {
	t.Helper()
	// simbrowser's client uses the default transport: its idle connections to this test's
	// servers go at cleanup, so closing them does not wait.
	t.Cleanup(http.DefaultTransport.(*http.Transport).CloseIdleConnections)
	return &browser{Browser: simbrowser.New(), done: make(chan struct{})}
}

// open is an Options.OpenBrowser: it walks the whole sign-in, then closes done.
func (b *browser) open(start string) error {
	defer close(b.done)
	b.page, b.err = b.Open(context.Background(), start)
	return b.err
}

// wait waits for open to finish.
func (b *browser) wait() { <-b.done }

// last is the page the walk stopped on (empty when it failed).
func (b *browser) last() simbrowser.Page {
	if b.page == nil {
		return simbrowser.Page{}
	}
	return *b.page
}

// trail lists the URLs requested (without their queries) and how the walk ended.
func (b *browser) trail() string {
	var s strings.Builder
	for _, u := range b.Visited {
		fmt.Fprintf(&s, "\n  %s", u)
	}
	if b.err != nil {
		fmt.Fprintf(&s, "\n  error: %v", b.err)
	} else if p := b.last(); p.URL != nil {
		fmt.Fprintf(&s, "\n  ended: %d %q", p.Status, p.Title)
	}
	return s.String()
}
