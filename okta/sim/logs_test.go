package sim_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

func logQuery(params map[string]string) string {
	q := url.Values{}
	for k, v := range params {
		q.Set(k, v)
	}
	return "/api/v1/logs?" + q.Encode()
}

func TestSystemLogQueries(t *testing.T) {
	clock := simtest.NewClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	org := simtest.Start(t, withClock(clock))
	start := clock.Now()
	var ids []string
	for i := range 3 {
		clock.Advance(time.Second)
		r := call(t, org, http.MethodPost, "/api/v1/idps", admin(org), idpBody(fmt.Sprintf("IdP %d", i)))
		ids = append(ids, r.json(t)["id"].(string))
	}
	clock.Advance(time.Second)
	call(t, org, http.MethodPost, "/api/v1/idps/"+ids[0]+"/lifecycle/deactivate", admin(org), nil)
	end := clock.Now().Add(time.Second)
	since, until := start.Format(time.RFC3339), end.Format(time.RFC3339)

	count := func(params map[string]string) int {
		t.Helper()
		r := call(t, org, http.MethodGet, logQuery(params), admin(org), nil)
		if r.status != http.StatusOK {
			t.Fatalf("%v: %d %s", params, r.status, r.body)
		}
		return len(r.list(t))
	}
	for _, tc := range []struct {
		name   string
		params map[string]string
		want   int
	}{
		{"window", map[string]string{"since": since, "until": until}, 4},
		{"eq", map[string]string{"since": since, "until": until, "filter": `eventType eq "system.idp.lifecycle.create"`}, 3},
		{"ne", map[string]string{"since": since, "until": until, "filter": `eventType ne "system.idp.lifecycle.create"`}, 1},
		{"sw", map[string]string{"since": since, "until": until, "filter": `eventType sw "system.idp.lifecycle.de"`}, 1},
		{"co and target", map[string]string{"since": since, "until": until, "filter": `eventType co "lifecycle" and target.id eq "` + ids[1] + `"`}, 1},
		{"q", map[string]string{"since": since, "until": until, "q": "deactivate"}, 1},
		{"until is exclusive of later events", map[string]string{"since": since, "until": start.Add(1500 * time.Millisecond).Format(time.RFC3339Nano)}, 1},
	} {
		if got := count(tc.params); got != tc.want {
			t.Errorf("%s: %d events, want %d", tc.name, got, tc.want)
		}
	}

	desc := call(t, org, http.MethodGet, logQuery(map[string]string{"since": since, "until": until, "sortOrder": "DESCENDING", "limit": "1"}), admin(org), nil)
	if ev := desc.list(t); len(ev) != 1 || ev[0]["eventType"] != "system.idp.lifecycle.deactivate" {
		t.Errorf("DESCENDING limit=1 = %v, want the last event", ev)
	}
	if len(desc.header.Values("Link")) != 2 {
		t.Errorf("a bounded query with more events must link to the next page: %q", desc.header.Values("Link"))
	}

	bad := call(t, org, http.MethodGet, logQuery(map[string]string{"filter": `eventType eq`}), admin(org), nil)
	oktaError(t, bad, http.StatusBadRequest, "E0000031")
}

// Polling (no until) always carries a next link, even when there is nothing new, and the
// next link picks up events that arrive later.
func TestSystemLogPolling(t *testing.T) {
	clock := simtest.NewClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	org := simtest.Start(t, withClock(clock))
	since := clock.Now().Add(-time.Minute).Format(time.RFC3339)
	r := call(t, org, http.MethodGet, logQuery(map[string]string{"since": since, "sortOrder": "ASCENDING"}), admin(org), nil)
	if len(r.list(t)) != 0 {
		t.Fatalf("a fresh org has management events: %s", r.body)
	}
	links := r.header.Values("Link")
	if len(links) != 2 {
		t.Fatalf("an empty poll must still link to next: %q", links)
	}
	next, _ := parseLink(t, links[1])

	clock.Advance(time.Second)
	call(t, org, http.MethodPost, "/api/v1/idps", admin(org), idpBody("ID.me"))
	later := call(t, org, http.MethodGet, next.RequestURI(), admin(org), nil)
	if ev := later.list(t); len(ev) != 1 || ev[0]["eventType"] != "system.idp.lifecycle.create" {
		t.Errorf("the next poll = %s, want the new event", later.body)
	}
	if len(later.header.Values("Link")) != 2 {
		t.Errorf("a poll page must link to next")
	}
}

// With a log delay an event shows only once the delay has passed (its published time is
// still when it happened), and a poll that ran before then still gets it through its next
// link.
func TestSystemLogDelay(t *testing.T) {
	clock := simtest.NewClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	org := simtest.Start(t, withClock(clock))
	org.SetLogDelay(30 * time.Second)
	since := clock.Now().Add(-time.Minute).Format(time.RFC3339)
	happened := clock.Now()
	call(t, org, http.MethodPost, "/api/v1/idps", admin(org), idpBody("ID.me"))

	clock.Advance(29 * time.Second)
	poll := call(t, org, http.MethodGet, logQuery(map[string]string{"since": since}), admin(org), nil)
	bounded := call(t, org, http.MethodGet, logQuery(map[string]string{"since": since, "until": clock.Now().Format(time.RFC3339)}), admin(org), nil)
	if len(poll.list(t)) != 0 || len(bounded.list(t)) != 0 {
		t.Fatalf("the event showed before the delay: poll %s, bounded %s", poll.body, bounded.body)
	}
	next, _ := parseLink(t, poll.header.Values("Link")[1])

	clock.Advance(time.Second)
	later := call(t, org, http.MethodGet, next.RequestURI(), admin(org), nil)
	ev := later.list(t)
	if len(ev) != 1 || ev[0]["eventType"] != "system.idp.lifecycle.create" {
		t.Fatalf("after the delay the poll's next link = %s, want the event", later.body)
	}
	if ev[0]["published"] != happened.Format("2006-01-02T15:04:05.000Z") {
		t.Errorf("published = %v, want when it happened (%s)", ev[0]["published"], happened)
	}
	org.SetLogDelay(0)
	clock.Advance(time.Second)
	call(t, org, http.MethodPost, "/api/v1/idps", admin(org), idpBody("Other"))
	if n := len(call(t, org, http.MethodGet, logQuery(map[string]string{"since": since}), admin(org), nil).list(t)); n != 2 {
		t.Errorf("without a delay both events show at once, got %d", n)
	}
}
