package okta

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// A redirect from the org's address to another origin is not followed: the request would
// carry the API token there (Go keeps Authorization on a redirect to the same host name on
// another port, and to a subdomain), and whatever answered would be read as Okta's. The
// error names where it pointed and says to check the org URL.
func TestRedirectToAnotherOriginIsNotFollowed(t *testing.T) {
	var reached atomic.Int32
	var authz atomic.Value
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		authz.Store(r.Header.Get("Authorization"))
		writeJSON(w, 200, idpJSON)
	}))
	defer other.Close()
	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		f := newFakeOkta(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Del("X-Okta-Request-Id")
			http.Redirect(w, r, other.URL+r.URL.Path+"?x=1", status)
		})
		c, _ := newTestClient(t, f)
		_, err := c.GetIdP(context.Background(), "0oa1")
		if err == nil {
			t.Fatalf("%d: a redirect to another origin was followed and its answer taken as Okta's", status)
		}
		if n := reached.Load(); n != 0 {
			t.Fatalf("%d: the other origin was reached %d times (Authorization %q)", status, n, authz.Load())
		}
		msg := err.Error()
		for _, want := range []string{"read identity provider", "redirect", other.URL, "org URL"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%d: error does not say %q: %s", status, want, msg)
			}
		}
		if strings.Contains(msg, "?x=1") {
			t.Errorf("%d: the Location is quoted beyond its origin: %q", status, msg)
		}
		if IsUnauthorized(err) || OutcomeUnknown(err) {
			t.Errorf("%d: a refused redirect reads as a credentials problem or an unknown write: %v", status, err)
		}
	}
}

// A redirect within the org's own origin is followed as before (the token stays there).
func TestRedirectWithinTheOrgIsFollowed(t *testing.T) {
	f := newFakeOkta(t, redirectWithin)
	c, _ := newTestClient(t, f)
	if _, err := c.GetIdP(context.Background(), "0oa1"); err != nil {
		t.Fatalf("a same-origin redirect failed: %v", err)
	}
}

// The caller's own CheckRedirect still applies within the org.
func TestRedirectPolicyOfTheCallersClientIsKept(t *testing.T) {
	f := newFakeOkta(t, redirectWithin)
	var asked atomic.Int32
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { asked.Add(1); return nil }}
	c, _ := newTestClient(t, f, func(cfg *Config) { cfg.HTTPClient = hc })
	if _, err := c.GetIdP(context.Background(), "0oa1"); err != nil {
		t.Fatal(err)
	}
	if asked.Load() != 1 {
		t.Errorf("the caller's CheckRedirect ran %d times, want 1", asked.Load())
	}
}

// redirectWithin sends the read of 0oa1 on to 0oa2 on the same server, which answers.
func redirectWithin(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/api/v1/idps/0oa1" {
		http.Redirect(w, r, "/api/v1/idps/0oa2", http.StatusFound)
		return
	}
	writeJSON(w, 200, idpJSON)
}
