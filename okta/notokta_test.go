package okta

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// servePage answers like a proxy, firewall or Wi-Fi sign-in page: HTML, no Okta request id.
func servePage(status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Del("X-Okta-Request-Id")
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		_, _ = w.Write([]byte("<html><body><h1>Access denied</h1>\x1b[2J by policy</body></html>"))
	}
}

// An answer that is not Okta's (HTML, no X-Okta-Request-Id) is not blamed on the API token or
// the admin's role, nor reported as an Okta answer idme-okta does not understand: a proxy,
// firewall or captive portal answered, and the message says so.
func TestAnAnswerThatIsNotOktasIsNotBlamedOnTheToken(t *testing.T) {
	for _, status := range []int{http.StatusOK, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusProxyAuthRequired} {
		f := newFakeOkta(t, servePage(status))
		c, _ := newTestClient(t, f)
		_, err := c.GetIdP(context.Background(), "0oa1")
		if err == nil {
			t.Fatalf("%d: an HTML page was taken for an identity provider", status)
		}
		msg := err.Error()
		if !strings.Contains(msg, "not from Okta") || !strings.Contains(msg, "proxy") {
			t.Errorf("%d: the message does not say the answer is not Okta's: %s", status, msg)
		}
		for _, wrong := range []string{"API token", "Super Administrator", "please report", "Access denied", "\x1b"} {
			if strings.Contains(msg, wrong) {
				t.Errorf("%d: the message says %q: %s", status, wrong, msg)
			}
		}
		if IsUnauthorized(err) || IsForbidden(err) || IsNotFound(err) {
			t.Errorf("%d: a page that is not Okta's reads as Okta's verdict: %v", status, err)
		}
	}
}

// Okta's own answers keep their meaning: its error bodies and request ids are Okta's.
func TestOktasOwnAnswersAreStillOktas(t *testing.T) {
	f := newFakeOkta(t, serve(http.StatusForbidden, "error_403.json"))
	c, _ := newTestClient(t, f)
	_, err := c.GetIdP(context.Background(), "0oa1")
	if !IsForbidden(err) || strings.Contains(err.Error(), "not from Okta") {
		t.Errorf("Okta's 403: %v", err)
	}
	// An empty 401, even without a request id: nothing says it is not Okta's.
	f = newFakeOkta(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Del("X-Okta-Request-Id")
		w.WriteHeader(http.StatusUnauthorized)
	})
	c, _ = newTestClient(t, f)
	if _, err = c.GetIdP(context.Background(), "0oa1"); !IsUnauthorized(err) || strings.Contains(err.Error(), "not from Okta") {
		t.Errorf("Okta's empty 401: %v", err)
	}
}

// A certificate this machine does not trust (an HTTPS-inspecting proxy, a wrong host) is
// named as such, not as "could not reach".
func TestUntrustedCertificateIsExplained(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, idpJSON) }))
	defer srv.Close()
	c, err := New(Config{OrgURL: srv.URL, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetIdP(context.Background(), "0oa1")
	if err == nil || !strings.Contains(err.Error(), "certificate") || !strings.Contains(err.Error(), "not trusted") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "check the URL and your network") {
		t.Errorf("an untrusted certificate is reported as unreachable: %v", err)
	}
}

// A proxy that refuses the tunnel (407 to CONNECT) is named as the proxy.
func TestProxyRefusingTheTunnelIsExplained(t *testing.T) {
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Proxy-Authenticate", `Basic realm="corp"`)
		w.WriteHeader(http.StatusProxyAuthRequired)
	}))
	defer proxy.Close()
	proxyURL, _ := url.Parse(proxy.URL)
	hc := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(proxyURL)}}
	// A TLS org makes the transport tunnel with CONNECT, as it does to a real org.
	c, err := New(Config{OrgURL: "https://dev-1.okta.com", Token: testToken, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetIdP(context.Background(), "0oa1")
	if err == nil || !strings.Contains(err.Error(), "proxy") || strings.Contains(err.Error(), testToken) {
		t.Fatalf("err = %v", err)
	}
}
