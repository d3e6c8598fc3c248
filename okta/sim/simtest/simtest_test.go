package simtest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// recorder is a testing.TB that keeps failures and cleanups instead of acting on them, so
// that simtest's own failure reporting can be checked.
type recorder struct {
	testing.TB
	errors   []string
	cleanups []func()
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }
func (r *recorder) runCleanups() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

func TestCleanupFailsOnEveryViolation(t *testing.T) {
	rec := &recorder{TB: t}
	org := simtest.Start(rec)
	for _, body := range []string{`{"name": 123, "type": "OIDC"}`, `not json`} {
		req, _ := http.NewRequest(http.MethodPost, org.URL()+"/api/v1/idps", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "SSWS "+org.AdminToken())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	rec.runCleanups()
	if len(rec.errors) != 2 {
		t.Errorf("cleanup reported %d failures, want one per violation: %v", len(rec.errors), rec.errors)
	}
}

func TestCleanupIsQuietWithoutViolations(t *testing.T) {
	rec := &recorder{TB: t}
	org := simtest.Start(rec)
	req, _ := http.NewRequest(http.MethodGet, org.URL()+"/api/v1/idps", nil)
	req.Header.Set("Authorization", "SSWS "+org.AdminToken())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	rec.runCleanups()
	if len(rec.errors) != 0 {
		t.Errorf("cleanup failed a clean test: %v", rec.errors)
	}
	if simtest.Reads(org) != 1 || simtest.Writes(org) != 0 {
		t.Errorf("reads %d writes %d", simtest.Reads(org), simtest.Writes(org))
	}
}

func TestClockStandsStillUntilAdvanced(t *testing.T) {
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	c := simtest.NewClock(start)
	if !c.Now().Equal(start) || !c.Now().Equal(start) {
		t.Fatalf("Now = %v, want %v", c.Now(), start)
	}
	c.Advance(90 * time.Second)
	if got := c.Now(); !got.Equal(start.Add(90 * time.Second)) {
		t.Errorf("after Advance(90s): %v", got)
	}
}

func TestAtAndStrWalkDecodedJSON(t *testing.T) {
	var app any
	if err := json.Unmarshal([]byte(`{"settings": {"oauthClient": {"redirect_uris": ["http://127.0.0.1:1/cb"], "consent_method": "TRUSTED"}}, "label": 7}`), &app); err != nil {
		t.Fatal(err)
	}
	if got := simtest.Str(app, "settings", "oauthClient", "consent_method"); got != "TRUSTED" {
		t.Errorf("Str(consent_method) = %q", got)
	}
	if got, ok := simtest.At(app, "settings", "oauthClient", "redirect_uris").([]any); !ok || len(got) != 1 || got[0] != "http://127.0.0.1:1/cb" {
		t.Errorf("At(redirect_uris) = %#v", got)
	}
	for _, keys := range [][]string{{"settings", "missing"}, {"label", "deeper"}, {"settings", "oauthClient", "consent_method", "deeper"}} {
		if got := simtest.At(app, keys...); got != nil {
			t.Errorf("At(%v) = %#v, want nil", keys, got)
		}
	}
	if got := simtest.Str(app, "label"); got != "" {
		t.Errorf("Str of a number = %q, want empty", got)
	}
	if simtest.At(app) == nil {
		t.Error("At with no keys should return the value itself")
	}
}
