package okta

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A 429 with Retry-After and none of Okta's X-Rate-Limit headers (a proxy or gateway in
// front of Okta) waits as long as it asks, not the 1 s backoff.
func TestRetryAfterIsHonouredWithoutOktasHeaders(t *testing.T) {
	f := newFakeOkta(t, failFirst(1, func(w http.ResponseWriter) {
		w.Header().Set("Retry-After", "20")
		writeJSON(w, http.StatusTooManyRequests, `{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}`)
	}))
	c, s := newTestClient(t, f)
	if _, err := c.GetIdP(context.Background(), "0oa1"); err != nil {
		t.Fatal(err)
	}
	if got := s.waits(); len(got) != 1 || got[0] != 20*time.Second {
		t.Errorf("waits = %v, want [20s]", got)
	}
}

// X-Rate-Limit-Reset without a Date header is measured against this machine's clock rather
// than ignored.
func TestResetWithoutDateUsesTheLocalClock(t *testing.T) {
	f := newFakeOkta(t, failFirst(1, func(w http.ResponseWriter) {
		w.Header()["Date"] = nil // net/http adds one unless told not to
		w.Header().Set("X-Rate-Limit-Reset", strconv.FormatInt(time.Now().Add(20*time.Second).Unix(), 10))
		writeJSON(w, http.StatusTooManyRequests, `{"errorCode":"E0000047"}`)
	}))
	c, s := newTestClient(t, f)
	if _, err := c.GetIdP(context.Background(), "0oa1"); err != nil {
		t.Fatal(err)
	}
	if got := s.waits(); len(got) != 1 || got[0] < 18*time.Second || got[0] > 22*time.Second {
		t.Errorf("waits = %v, want about 21s", got)
	}
}

// A window that resets further out than the longest wait is waited (capped) once, not three
// times: the run stops and says when the window resets, instead of "wait a minute".
func TestALongRateLimitWindowStopsWithTheResetTime(t *testing.T) {
	date := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	f := newFakeOkta(t, func(w http.ResponseWriter, r *http.Request) { rateLimited(w, date, 40*time.Minute) })
	c, s := newTestClient(t, f)
	_, err := c.GetIdP(context.Background(), "0oa1")
	if !IsRateLimited(err) {
		t.Fatalf("err = %v", err)
	}
	if got := s.waits(); len(got) != 1 || got[0] != defaultMaxWait {
		t.Errorf("waits = %v, want one capped wait of %s", got, defaultMaxWait)
	}
	if n := len(f.Hits()); n != 2 {
		t.Errorf("%d requests, want 2 (the call and one retry)", n)
	}
	for _, want := range []string{"resets in 40 min", "12:40 UTC", "finished steps are kept"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q: %v", want, err)
		}
	}
	if strings.Contains(err.Error(), "wait a minute") {
		t.Errorf("the error says to wait a minute for a 40-minute window: %v", err)
	}
}

// Okta's concurrent limit (too many requests at once, X-Rate-Limit-Limit 0) is named as
// such when retrying did not get through.
func TestConcurrentLimitIsNamed(t *testing.T) {
	f := newFakeOkta(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Rate-Limit-Limit", "0")
		w.Header().Set("X-Rate-Limit-Remaining", "0")
		w.Header().Set("X-Rate-Limit-Reset", strconv.FormatInt(time.Now().Add(2*time.Second).Unix(), 10))
		writeJSON(w, http.StatusTooManyRequests, `{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}`)
	})
	c, _ := newTestClient(t, f)
	_, err := c.GetIdP(context.Background(), "0oa1")
	if !IsRateLimited(err) || !strings.Contains(err.Error(), "at once") {
		t.Errorf("err = %v", err)
	}
}

// A 423 E0000239 (policy priorities reconciling) backs off in seconds even when the answer
// carries rate-limit headers, which are about the rate limit's window, not the lock.
func TestLockedBacksOffDespiteRateLimitHeaders(t *testing.T) {
	date := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	f := newFakeOkta(t, failFirst(2, func(w http.ResponseWriter) {
		w.Header().Set("Date", date.Format(http.TimeFormat))
		w.Header().Set("X-Rate-Limit-Reset", strconv.FormatInt(date.Add(time.Minute).Unix(), 10))
		writeJSON(w, http.StatusLocked, string(mustRead("error_423.json")))
	}))
	c, s := newTestClient(t, f)
	if _, err := c.do(context.Background(), opCreateRule, getIdP(c)); err != nil {
		t.Fatal(err)
	}
	if got := s.waits(); len(got) != 2 || got[0] != time.Second || got[1] != 2*time.Second {
		t.Errorf("waits = %v, want [1s 2s]", got)
	}
}
