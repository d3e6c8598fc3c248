package okta

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	sdk "github.com/okta/okta-sdk-golang/v5/okta"
)

// activateIdP is an SDK write that sets a state: safe to send again.
func activateIdP(c *Client) sdkCall {
	return func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.IdentityProviderAPI.ActivateIdentityProvider(ctx, "0oa1").Execute()
		return resp, err
	}
}

// Every rate-limit wait is told to OnWait as it starts, and Waiting shows it (for the
// seconds left) while it lasts: a wait of up to a minute used to print nothing.
func TestRateLimitWaitsAreAnnouncedAndVisible(t *testing.T) {
	date := time.Now()
	f := newFakeOkta(t, failFirst(1, func(w http.ResponseWriter) { rateLimited(w, date, 41*time.Second) }))
	c, _ := newTestClient(t, f)
	var mu sync.Mutex
	var told []Wait
	c.OnWait(func(w Wait) { mu.Lock(); told = append(told, w); mu.Unlock() })
	var during Wait
	var seen bool
	c.sleep = func(ctx context.Context, d time.Duration) error {
		during, seen = c.Waiting()
		return nil
	}
	if _, err := c.do(context.Background(), opGetIdP, getIdP(c)); err != nil {
		t.Fatal(err)
	}
	if len(told) != 1 || told[0].Op != opGetIdP || told[0].Reason != WaitRateLimit || told[0].For != 42*time.Second {
		t.Fatalf("told %+v, want one 42 s rate-limit wait of %q", told, opGetIdP)
	}
	if !seen || during.Op != opGetIdP || time.Until(during.Until) < 40*time.Second {
		t.Errorf("Waiting during the wait = %+v, %v", during, seen)
	}
	if _, still := c.Waiting(); still {
		t.Error("Waiting still reports the wait after it ended")
	}
}

// A write whose answer is lost (the connection drops after the request left, or Okta says
// 5xx) is marked OutcomeUnknown, with a hint that says so instead of "check your network";
// a state-setting write is sent once more and succeeds.
func TestLostAnswerOfAWrite(t *testing.T) {
	hijack := func(w http.ResponseWriter) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}
	for name, fail := range map[string]func(w http.ResponseWriter){
		"connection dropped": hijack,
		"502": func(w http.ResponseWriter) {
			writeJSON(w, 502, `{"errorCode":"E0000009","errorSummary":"Internal Server Error"}`)
		},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFakeOkta(t, failFirst(1, fail))
			c, s := newTestClient(t, f)
			if _, err := c.do(context.Background(), opActivateIdP, activateIdP(c)); err != nil {
				t.Fatalf("an idempotent write was not sent again: %v", err)
			}
			if n := len(f.Hits()); n != 2 {
				t.Errorf("%d requests, want 2", n)
			}
			if w := s.waits(); len(w) != 1 || w[0] != time.Second {
				t.Errorf("waits %v, want one short pause", w)
			}

			f2 := newFakeOkta(t, failFirst(1, fail))
			c2, _ := newTestClient(t, f2)
			_, err := c2.do(context.Background(), opCreateIdP, activateIdP(c2)) // a create: never sent twice here
			e, _ := AsAPIError(err)
			if e == nil || !e.OutcomeUnknown || !OutcomeUnknown(err) {
				t.Fatalf("err = %v, want the outcome unknown", err)
			}
			if n := len(f2.Hits()); n != 1 {
				t.Errorf("a create was sent %d times", n)
			}
			if msg := err.Error(); !strings.Contains(msg, "outcome unknown") || !strings.Contains(msg, "may have made the change") || strings.Contains(msg, "check the URL and your network") {
				t.Errorf("message: %s", msg)
			}
		})
	}
}

// A request that never left (nothing listens) is no unknown outcome, and a read never is.
func TestFailuresThatAreNotUnknown(t *testing.T) {
	f := newFakeOkta(t, func(w http.ResponseWriter, r *http.Request) {})
	url := f.URL
	f.Close()
	c, err := New(Config{OrgURL: url, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.do(context.Background(), opCreateIdP, activateIdP(c)); err == nil || OutcomeUnknown(err) {
		t.Errorf("connection refused: err = %v, want a failure whose outcome is known", err)
	}
	g := newFakeOkta(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 500, `{}`) })
	c2, _ := newTestClient(t, g)
	if _, err := c2.do(context.Background(), opGetIdP, getIdP(c2)); err == nil || OutcomeUnknown(err) {
		t.Errorf("a read: err = %v", err)
	}
}
