package steps

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta/sim"
)

// The call budget of one run of the whole guide (issue 10, item 7): BenchmarkFreshSetup and
// BenchmarkRerun fail when a run needs more, so a change that adds a call is seen (make test
// runs every benchmark once). Today every read answers a question a write depends on, so
// these are close to the floor for a safe run. They are the one place to revise: raise a
// number only on purpose, in a commit that says which call was added and why it is needed
// (reading GET /.well-known/okta-organization or every page of IdPs for adoption will).
//
// Each is today's figure, without slack (simulated org at 100 ms a request): fresh 12 reads +
// 7 writes in 13 round trips, rerun 13 reads in 6 round trips. Round trips are counted from
// when requests arrived and were answered, not from a clock, so a loaded machine does not
// move them: a request sent together with another would have to be held up for 100 ms.
var (
	// A fresh setup: one write per object (Terraform needs about 50 calls for the same objects).
	freshBudget = callBudget{calls: 19, writes: 7, roundTrips: 13}
	// A rerun against an org that already follows the guide: reads only.
	rerunBudget = callBudget{calls: 13, writes: 0, roundTrips: 6}
)

// callBudget bounds one run. roundTrips is the longest chain of requests each made after the
// previous one was answered: reads that do not depend on each other are sent together, so a
// run is far fewer round trips than calls, and a read made to wait for an unrelated one adds
// a round trip even when the number of calls stays the same.
type callBudget struct {
	calls, writes, roundTrips int
}

// runCalls is what the simulated org saw of one run.
type runCalls struct {
	reads, writes, roundTrips int
}

func (c runCalls) calls() int { return c.reads + c.writes }

// callsOf reads the org's request log. rateLimited counts 429 answers: a benchmark that meets
// the simulator's rate limit times the wait, not the run.
func callsOf(org *sim.Org) (c runCalls, rateLimited int) {
	reqs := org.Requests()
	for _, r := range reqs {
		if !strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		if r.Write {
			c.writes++
		} else if r.Method == http.MethodGet {
			c.reads++
		}
		if r.Status == http.StatusTooManyRequests {
			rateLimited++
		}
	}
	c.roundTrips = roundTrips(reqs)
	return c, rateLimited
}

// roundTrips is the longest chain of requests in which each arrived after the previous one
// was answered: the number of sequential waits a client at high latency sits through. It is
// found greedily by earliest answer (interval scheduling), which gives the longest chain of
// intervals that do not overlap.
func roundTrips(reqs []sim.Request) int {
	answered := slices.DeleteFunc(slices.Clone(reqs), func(r sim.Request) bool { return r.Answered.IsZero() })
	slices.SortFunc(answered, func(a, b sim.Request) int { return a.Answered.Compare(b.Answered) })
	n := 0
	var free time.Time // when the chain's last request was answered
	for _, r := range answered {
		if !r.Arrived.Before(free) {
			n++
			free = r.Answered
		}
	}
	return n
}

// check stops the benchmark when one run went over budget, or met the simulator's rate limit
// (then the benchmark timed the waits, not the run).
func (budget callBudget) check(b *testing.B, what string, got runCalls, rateLimited int, timed bool) {
	b.Helper()
	if rateLimited > 0 {
		b.Fatalf("%s: %d requests were answered 429 by the simulator's rate limit; the benchmark timed the waits", what, rateLimited)
	}
	if got.calls() > budget.calls || got.writes > budget.writes {
		b.Fatalf("%s is over its call budget: %d calls with %d writes, budget %d calls with %d writes (steps/bench_test.go)",
			what, got.calls(), got.writes, budget.calls, budget.writes)
	}
	if timed && got.roundTrips > budget.roundTrips {
		b.Fatalf("%s is over its round-trip budget: %d requests made one after the other, budget %d: are independent reads still sent together? (steps/bench_test.go)",
			what, got.roundTrips, budget.roundTrips)
	}
}

// report logs the most a run needed against the budget (a benchmark's log is always printed,
// so `make bench` shows it) and reports it as metrics, with serial-ms/op: how long the run
// would take if its requests were made one after the other, to compare with ns/op.
func (budget callBudget) report(b *testing.B, what string, most runCalls, latency time.Duration) {
	b.Helper()
	trips := "round trips are counted at 100 ms latency"
	if latency >= roundTripLatency {
		trips = fmt.Sprintf("%d round trips (budget %d)", most.roundTrips, budget.roundTrips)
		b.ReportMetric(float64(most.roundTrips), "round-trips/op")
	}
	b.Logf("%s: %d reads + %d writes = %d calls (budget %d calls, %d writes), %s",
		what, most.reads, most.writes, most.calls(), budget.calls, budget.writes, trips)
	b.ReportMetric(float64(most.reads), "reads/op")
	b.ReportMetric(float64(most.writes), "writes/op")
	b.ReportMetric(float64(most.calls())*float64(latency.Milliseconds()), "serial-ms/op")
}

// most is the larger of each count.
func (c runCalls) most(d runCalls) runCalls {
	return runCalls{reads: max(c.reads, d.reads), writes: max(c.writes, d.writes), roundTrips: max(c.roundTrips, d.roundTrips)}
}

// roundTripLatency is the latency at which round trips are counted: far above the simulator's
// own time per request, so requests sent together overlap however loaded the machine is.
const roundTripLatency = 100 * time.Millisecond

var benchLatencies = []time.Duration{0, roundTripLatency}

// benchSetup is the Setup a new process would build for org: from the progress file at
// statePath if there is one.
func benchSetup(b *testing.B, org *sim.Org, statePath string) *Setup {
	b.Helper()
	return (&simEnv{org: org, statePath: statePath}).setup(b)
}

func closeOrg(b *testing.B, org *sim.Org) {
	b.Helper()
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	if err := org.Close(); err != nil {
		b.Fatal(err)
	}
	for _, v := range org.Violations() {
		b.Errorf("request that real Okta would reject: %s", v)
	}
	if err := org.SpecCheckOn(); err != nil {
		b.Error(err)
	}
}

// BenchmarkFreshSetup runs the whole guide against a new org each time.
func BenchmarkFreshSetup(b *testing.B) {
	for _, latency := range benchLatencies {
		b.Run(fmt.Sprintf("latency=%dms", latency.Milliseconds()), func(b *testing.B) {
			var most runCalls
			b.StopTimer()
			for i := 0; i < b.N; i++ {
				org, err := sim.Start(sim.Options{})
				if err != nil {
					b.Fatal(err)
				}
				org.SetLatency(latency)
				s := benchSetup(b, org, filepath.Join(b.TempDir(), "org.json"))
				b.StartTimer()
				err = Run(context.Background(), s, All(), RunOptions{})
				b.StopTimer()
				if err != nil {
					b.Fatal(err)
				}
				got, rateLimited := callsOf(org)
				closeOrg(b, org)
				freshBudget.check(b, "fresh setup", got, rateLimited, latency >= roundTripLatency)
				most = most.most(got)
			}
			freshBudget.report(b, "fresh setup", most, latency)
		})
	}
}

// BenchmarkRerun runs the guide again against an org that already follows it, as a new
// process resuming from the progress file would: it must write nothing.
func BenchmarkRerun(b *testing.B) {
	for _, latency := range benchLatencies {
		b.Run(fmt.Sprintf("latency=%dms", latency.Milliseconds()), func(b *testing.B) {
			org, err := sim.Start(sim.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer closeOrg(b, org)
			statePath := filepath.Join(b.TempDir(), "org.json")
			if err := Run(context.Background(), benchSetup(b, org, statePath), All(), RunOptions{}); err != nil {
				b.Fatal(err)
			}
			org.SetLatency(latency)
			var most runCalls
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				s := benchSetup(b, org, statePath)
				org.ResetRequests()
				b.StartTimer()
				if err := Run(context.Background(), s, All(), RunOptions{}); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				got, rateLimited := callsOf(org)
				rerunBudget.check(b, "rerun", got, rateLimited, latency >= roundTripLatency)
				most = most.most(got)
				b.StartTimer()
			}
			b.StopTimer()
			rerunBudget.report(b, "rerun", most, latency)
		})
	}
}
