package signin

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta"
)

func shortPolls(t *testing.T) {
	first, every := logPollFirst, logPollEvery
	logPollFirst, logPollEvery = time.Millisecond, time.Millisecond
	t.Cleanup(func() { logPollFirst, logPollEvery = first, every })
}

// The log is read again until it tells how the sign-in ended, each pause announced; a
// sign-in logged only as auth_via_social ends the wait like auth_via_IDP.
func TestPollLogWaitsForAConclusiveEventAndSaysSo(t *testing.T) {
	shortPolls(t)
	reads, pauses := 0, 0
	events, err := pollLog(context.Background(), time.Minute, func(waited, deadline time.Duration) {
		pauses++
		if deadline != time.Minute || waited < 0 {
			t.Errorf("waiting(%v, %v)", waited, deadline)
		}
	}, func(context.Context) ([]okta.LogEvent, error) {
		reads++
		if reads < 3 {
			return []okta.LogEvent{{EventType: "user.session.start"}}, nil
		}
		return []okta.LogEvent{{EventType: eventAuthViaSocial, OutcomeResult: "SUCCESS"}}, nil
	}, conclusive)
	if err != nil || reads != 3 || pauses != 2 || len(events) != 1 || events[0].EventType != eventAuthViaSocial {
		t.Errorf("reads %d, pauses %d, events %v, err %v", reads, pauses, events, err)
	}
}

// A cancelled wait ends at once with what was read; a wait <= 0 reads once.
func TestPollLogIsCancellableAndCanReadOnce(t *testing.T) {
	logPollFirst, logPollEvery = time.Hour, time.Hour
	t.Cleanup(func() { logPollFirst, logPollEvery = 2*time.Second, 5*time.Second })
	ctx, cancel := context.WithCancel(context.Background())
	reads := 0
	read := func(context.Context) ([]okta.LogEvent, error) { reads++; return nil, nil }
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = pollLog(ctx, 2*time.Hour, func(time.Duration, time.Duration) { cancel() }, read, conclusive)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("a cancelled wait did not end")
	}
	if reads != 1 {
		t.Errorf("reads = %d, want 1", reads)
	}
	reads = 0
	if _, err := pollLog(context.Background(), -1, nil, read, conclusive); err != nil || reads != 1 {
		t.Errorf("read once: %d reads, %v", reads, err)
	}
}

func TestPortalCheckCountsAuthViaSocial(t *testing.T) {
	since := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	s := healthyStub("0oaAPP", "0oaIDP", "00u1", "")
	s.events = []okta.LogEvent{{EventType: eventAuthViaSocial, Published: since.Add(time.Second), OutcomeResult: "SUCCESS",
		ActorID: "00u1", Targets: []okta.LogTarget{{ID: "0oaIDP", Type: "IdentityProvider"}}}}
	pc, err := confirmPortal(context.Background(), s, "0oaIDP", since, func() time.Time { return since.Add(time.Minute) }, -1, nil)
	if err != nil || !pc.SignedIn || pc.UserID != "00u1" {
		t.Errorf("check = %+v, %v", pc, err)
	}
	if q := s.queries[0].Filter; !strings.Contains(q, `eventType eq "user.authentication.auth_via_social"`) || !strings.Contains(q, `eventType eq "user.authentication.auth_via_IDP"`) {
		t.Errorf("filter %q", q)
	}
}
