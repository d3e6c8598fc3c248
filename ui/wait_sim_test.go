package ui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
)

// firstRateLimited answers the first request itself, 429 with a window that resets in 2 s,
// and passes the rest to the org.
type firstRateLimited struct{ answered atomic.Bool }

func (f *firstRateLimited) RoundTrip(r *http.Request) (*http.Response, error) {
	if f.answered.Swap(true) {
		return http.DefaultTransport.RoundTrip(r)
	}
	rec := httptest.NewRecorder()
	simtest.RateLimited(rec, 2*time.Second)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// A rate-limit wait is shown in the wizard with the seconds left while it lasts (it can last
// a minute; a spinner alone looks hung), and the run goes on after it.
func TestWizardShowsARateLimitWait(t *testing.T) {
	w := startSimWorld(t)
	opts := w.options(t)
	opts.Dial = func(_ context.Context, a steps.Answers, s steps.Secrets) (*okta.Client, error) {
		return okta.New(okta.Config{OrgURL: a.OrgURL, Token: s.APIToken, HTTPClient: &http.Client{Transport: &firstRateLimited{}}})
	}
	d := drive(t, New(opts), 100, 30, w.org.AdminToken())
	d.waitFor("Nothing is written")
	d.enter()
	w.connect(d, w.org.AdminToken())
	d.waitFor("Okta asks to wait (rate limit):", "s left before")
	d.waitFor("┃ ID.me environment") // connected after the wait
	ctrlC(d)
	d.final()
}
