package okta

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"
)

func TestListLogEventsWalksBoundedPages(t *testing.T) {
	var events []map[string]any
	if err := json.Unmarshal(mustRead("log_events.json"), &events); err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		e["id"] = e["uuid"] // pagedJSON pages by "id"
	}
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{"GET /api/v1/logs": pagedJSON(events, 1)}))
	c, _ := newTestClient(t, f)
	since := time.Date(2024, 5, 1, 9, 59, 0, 0, time.UTC)
	until := time.Date(2024, 5, 1, 12, 0, 0, 0, time.FixedZone("CEST", 2*3600))
	got, err := c.ListLogEvents(context.Background(), LogQuery{Since: since, Until: until,
		Filter: `target.id eq "` + idpID + `"`})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].UUID != "ev-1" || got[2].UUID != "ev-3" {
		t.Fatalf("events %+v", got)
	}
	first := got[0]
	if first.OutcomeResult != "FAILURE" || first.OutcomeReason != "Unable to match the transformed username" ||
		first.ActorName != "ID.me IdP - OIDC" || first.TransactionID != "tx-1" ||
		first.DebugData["errorCode"] != "GENERAL_NONSUCCESS" || len(first.Targets) != 1 ||
		!first.Published.Equal(time.Date(2024, 5, 1, 10, 0, 1, 0, time.UTC)) {
		t.Errorf("event 0 = %+v", first)
	}
	hits := f.Hits()
	if len(hits) != 3 {
		t.Fatalf("pages = %d, want 3", len(hits))
	}
	q, _ := url.ParseQuery(hits[0].Query)
	want := map[string]string{
		"since": "2024-05-01T09:59:00Z", "until": "2024-05-01T10:00:00Z", "sortOrder": "ASCENDING",
		"limit": "100", "filter": `target.id eq "` + idpID + `"`,
	}
	for k, v := range want {
		if q.Get(k) != v {
			t.Errorf("query %s = %q, want %q", k, q.Get(k), v)
		}
	}
	if q2, _ := url.ParseQuery(hits[1].Query); q2.Get("after") != "ev-1" || q2.Get("until") != want["until"] {
		t.Errorf("second page query %v", q2)
	}
}

// One event of a busy org's log with fields of a type we do not expect (an actor name that
// is a number, a time in another format, a target that is no list) fails neither the read
// nor the events around it: its odd fields are left empty.
func TestAnOddlyShapedLogEventDoesNotFailTheRead(t *testing.T) {
	body := `[{"uuid":"ev-odd","published":"yesterday","eventType":"user.authentication.auth_via_IDP","actor":{"displayName":5},"target":{"id":"x"},"outcome":{"result":"SUCCESS"}},` +
		`{"uuid":"ev-ok","published":"2024-05-01T10:00:01.000Z","eventType":"user.authentication.auth_via_IDP","actor":{"displayName":"ID.me"},"outcome":{"result":"FAILURE","reason":"r"}},7]`
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{"GET /api/v1/logs": serveBody(200, body)}))
	c, _ := newTestClient(t, f)
	got, err := c.ListLogEvents(context.Background(), LogQuery{Since: time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC), Until: time.Date(2024, 5, 1, 11, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].UUID != "ev-odd" || got[0].OutcomeResult != "SUCCESS" || !got[0].Published.IsZero() || got[0].ActorName != "" {
		t.Fatalf("events %+v", got)
	}
	if ok := got[1]; ok.ActorName != "ID.me" || ok.OutcomeReason != "r" || !ok.Published.Equal(time.Date(2024, 5, 1, 10, 0, 1, 0, time.UTC)) {
		t.Errorf("the event beside the odd one = %+v", ok)
	}
}

func TestListLogEventsValidatesTheWindow(t *testing.T) {
	f := newFakeOkta(t, routes(t, nil))
	c, _ := newTestClient(t, f)
	now := time.Now()
	for _, q := range []LogQuery{
		{Since: now},
		{Since: now, Until: now.Add(-time.Minute)},
		{Until: now, Limit: 5000},
	} {
		if _, err := c.ListLogEvents(context.Background(), q); err == nil {
			t.Errorf("%+v accepted", q)
		}
	}
	if len(f.Hits()) != 0 {
		t.Error("an invalid query reached Okta")
	}
}
