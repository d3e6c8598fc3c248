package ui

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim"
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

// The accessible mode says a rate-limit wait too, with its seconds, as it starts, in the
// TUI's words (a wait can last a minute; a line that says nothing that long looks hung); the
// line of work in progress is said again under it and still ends in "done.". Okta here is
// the simulated org, which answers the first read 429 (an injected fault; its window resets
// in a minute, so the client's wait is capped at 2 s).
func TestAccessibleModeSaysARateLimitWait(t *testing.T) {
	w := startSimWorld(t)
	opts := w.options(t)
	opts.Dial = func(_ context.Context, a steps.Answers, s steps.Secrets) (*okta.Client, error) {
		return okta.New(okta.Config{OrgURL: a.OrgURL, Token: s.APIToken, MaxWait: 2 * time.Second})
	}
	w.org.InjectFault(sim.Fault{Method: http.MethodGet, Status: http.StatusTooManyRequests, Times: 1})
	var out bytes.Buffer
	opts.Accessible = true
	opts.In = lines(w.org.URL(), "", w.org.AdminToken()) // connect, then the input ends
	opts.Out = &out
	if err := Run(context.Background(), opts); !errors.Is(err, ErrAborted) {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	text := out.String()
	said := regexp.MustCompile(`Connecting and checking the token \(read-only\)… \nOkta asks to wait \(rate limit\): [12] s left before "[^"]+" is tried again\nConnecting and checking the token \(read-only\)… done\.\n`)
	if !said.MatchString(text) {
		t.Errorf("the wait is not said as it starts, with its seconds, the connecting line said again under it:\n%s", text)
	}
	if !strings.Contains(text, "ID.me settings") {
		t.Errorf("the run did not go on after the wait:\n%s", text)
	}
}
