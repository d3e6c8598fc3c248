package signin

import (
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func TestListenerBindsLoopbackOnly(t *testing.T) {
	port := freePort(t)
	ln, got, fellBack, err := listenLoopback(port)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().(*net.TCPAddr)
	if !addr.IP.Equal(net.IPv4(127, 0, 0, 1)) || got != port || fellBack != nil {
		t.Errorf("bound %s (port %d, fallback %v), want 127.0.0.1:%d", addr, got, fellBack, port)
	}

	// The same port again is busy: a free loopback port instead, and the reason.
	ln2, got2, fellBack2, err := listenLoopback(port)
	if err != nil {
		t.Fatal(err)
	}
	defer ln2.Close()
	addr2 := ln2.Addr().(*net.TCPAddr)
	if !addr2.IP.Equal(net.IPv4(127, 0, 0, 1)) || got2 == port || fellBack2 == nil {
		t.Errorf("busy port: bound %s (port %d, fallback %v), want another 127.0.0.1 port and a reason", addr2, got2, fellBack2)
	}
}

// callbackHarness serves a callbackServer expecting state "s3cret".
func callbackHarness(t *testing.T) (*callbackServer, string) {
	t.Helper()
	ln, port, _, err := listenLoopback(0)
	if err != nil {
		t.Fatal(err)
	}
	srv := startCallbackServer(ln, "s3cret")
	t.Cleanup(srv.close)
	return srv, "http://127.0.0.1:" + strconv.Itoa(port)
}

func fetch(t *testing.T, method, u string, form url.Values) (int, string) {
	t.Helper()
	var resp *http.Response
	var err error
	switch method {
	case http.MethodPost:
		resp, err = http.PostForm(u, form)
	default:
		req, _ := http.NewRequest(method, u, nil)
		resp, err = http.DefaultClient.Do(req)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func delivered(srv *callbackServer) *callback {
	select {
	case cb := <-srv.got:
		return &cb
	default:
		return nil
	}
}

func TestCallbackIgnoresStrays(t *testing.T) {
	srv, base := callbackHarness(t)
	for _, c := range []struct {
		method, path string
		status       int
	}{
		{http.MethodGet, "/favicon.ico", http.StatusNotFound},
		{http.MethodGet, "/", http.StatusNotFound},
		{http.MethodGet, "/callback", http.StatusBadRequest}, // nothing in it: someone opened the address
		{http.MethodPut, "/callback?state=s3cret&code=c", http.StatusMethodNotAllowed},
	} {
		if status, _ := fetch(t, c.method, base+c.path, nil); status != c.status {
			t.Errorf("%s %s = %d, want %d", c.method, c.path, status, c.status)
		}
	}
	if cb := delivered(srv); cb != nil {
		t.Fatalf("a stray request was delivered: %+v", cb)
	}
	// The real one still gets through afterwards.
	if status, body := fetch(t, http.MethodGet, base+"/callback?state=s3cret&code=the-code", nil); status != http.StatusOK || !strings.Contains(body, "return to your terminal") {
		t.Errorf("callback = %d %s", status, body)
	}
	if cb := delivered(srv); cb == nil || cb.Code != "the-code" {
		t.Errorf("delivered %+v", cb)
	}
}

func TestCallbackFormPostAndReplay(t *testing.T) {
	srv, base := callbackHarness(t)
	form := url.Values{"id_token": {"eyJ.token.sig"}, "state": {"s3cret"}}
	if status, _ := fetch(t, http.MethodPost, base+"/callback", form); status != http.StatusOK {
		t.Fatalf("form_post = %d", status)
	}
	if cb := delivered(srv); cb == nil || cb.IDToken != "eyJ.token.sig" {
		t.Fatalf("delivered %+v", cb)
	}
	// The same response again (a reloaded page, a replay): refused, not delivered.
	status, body := fetch(t, http.MethodPost, base+"/callback", form)
	if status != http.StatusBadRequest || !strings.Contains(body, "already received") {
		t.Errorf("replay = %d %s", status, body)
	}
	if cb := delivered(srv); cb != nil {
		t.Errorf("replay delivered %+v", cb)
	}
}

// A request without this test's state gets an error page and is otherwise ignored: any
// local process can reach the listener, and a stray GET /callback?error=x used to end the
// test. The real response still gets through afterwards.
func TestCallbackIgnoresRequestsWithoutThisTestsState(t *testing.T) {
	srv, base := callbackHarness(t)
	for _, q := range []string{"code=c", "code=c&state=s3cre", "error=x", "error=access_denied&state=other", "id_token=eyJ.a.b&state="} {
		status, body := fetch(t, http.MethodGet, base+"/callback?"+q, nil)
		if status != http.StatusBadRequest || !strings.Contains(body, "does not belong") || !strings.Contains(body, "still waiting") {
			t.Errorf("%s: = %d %s", q, status, body)
		}
		if cb := delivered(srv); cb != nil {
			t.Fatalf("%s was delivered: %+v", q, cb)
		}
	}
	if n := srv.ignoredCount(); n != 5 {
		t.Errorf("%d requests counted as ignored, want 5", n)
	}
	if status, _ := fetch(t, http.MethodGet, base+"/callback?state=s3cret&code=real", nil); status != http.StatusOK {
		t.Errorf("the real response = %d", status)
	}
	if cb := delivered(srv); cb == nil || cb.Code != "real" {
		t.Errorf("delivered %+v", cb)
	}
}

// Every page the listener serves keeps its URL (it carries the code) out of Referer headers
// and out of caches, and is never sniffed as anything but HTML.
func TestCallbackPagesCarrySecurityHeaders(t *testing.T) {
	_, base := callbackHarness(t)
	for _, q := range []string{"", "?state=wrong&code=c", "?state=s3cret&code=c", "?state=s3cret&code=c"} { // waiting, rejected, received, replayed
		resp, err := http.Get(base + "/callback" + q)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		for h, want := range map[string]string{
			"Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
			"X-Content-Type-Options": "nosniff", "Content-Type": "text/html; charset=utf-8",
		} {
			if got := resp.Header.Get(h); got != want {
				t.Errorf("/callback%s: %s = %q, want %q", q, h, got, want)
			}
		}
	}
}

func TestCallbackPageEscapesOktasWords(t *testing.T) {
	srv, base := callbackHarness(t)
	_, body := fetch(t, http.MethodGet, base+"/callback?state=s3cret&error=access_denied&error_description="+url.QueryEscape(`<script>alert(1)</script>`), nil)
	if strings.Contains(body, "<script>") || !strings.Contains(body, "access_denied") {
		t.Errorf("page = %s", body)
	}
	if cb := delivered(srv); cb == nil || cb.Error != "access_denied" {
		t.Errorf("delivered %+v", cb)
	}
}

func TestAuthorizeURL(t *testing.T) {
	r := newAuthRequest(FlowCode, "0oaAPP", "0oaIDP", "http://127.0.0.1:53682/callback")
	u, err := url.Parse(r.url("https://org.example/oauth2/v1/authorize"))
	if err != nil {
		t.Fatal(err)
	}
	// s256 is RFC 7636's S256, written out here so the URL is checked against the RFC rather
	// than against the code that built it; appendix B's example checks s256 itself.
	s256 := func(verifier string) string {
		sum := sha256.Sum256([]byte(verifier))
		return base64.RawURLEncoding.EncodeToString(sum[:])
	}
	if got := s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"); got != "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" {
		t.Errorf("S256 challenge = %s", got)
	}
	q := u.Query()
	if q.Get("code_challenge") != s256(r.verifier) || q.Get("code_challenge_method") != "S256" || q.Get("code_verifier") != "" {
		t.Errorf("PKCE: %v", q)
	}
	if len(r.verifier) < 43 || len(r.verifier) > 128 {
		t.Errorf("verifier length %d outside RFC 7636's 43..128", len(r.verifier))
	}
	if !strings.Contains(u.RawQuery, "scope=openid%20profile%20email") {
		t.Errorf("scope not encoded as in the guide: %s", u.RawQuery)
	}
	other := newAuthRequest(FlowCode, "0oaAPP", "0oaIDP", "http://127.0.0.1:53682/callback")
	if other.state == r.state || other.nonce == r.nonce || other.verifier == r.verifier {
		t.Error("two attempts share random values")
	}
	idt, _ := url.Parse(newAuthRequest(FlowIDToken, "a", "b", "c").url("https://o/authorize"))
	if idt.Query().Get("code_challenge") != "" || idt.Query().Get("response_mode") != "form_post" {
		t.Errorf("id_token flow query: %v", idt.Query())
	}
}
