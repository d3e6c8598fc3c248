package steps

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

var benchLatencies = []time.Duration{0, 100 * time.Millisecond}

// reportRequests reports reads and writes per run, and how long the run would take if its
// requests were made one after the other (serial-ms/op), to compare with ns/op: the gap is
// what running independent reads concurrently buys.
func reportRequests(b *testing.B, reads, writes, runs int, latency time.Duration) {
	b.ReportMetric(float64(reads)/float64(runs), "reads/op")
	b.ReportMetric(float64(writes)/float64(runs), "writes/op")
	b.ReportMetric(float64(reads+writes)/float64(runs)*float64(latency.Milliseconds()), "serial-ms/op")
}

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
}

// BenchmarkFreshSetup runs the whole guide against a new org each time.
func BenchmarkFreshSetup(b *testing.B) {
	for _, latency := range benchLatencies {
		b.Run(fmt.Sprintf("latency=%dms", latency.Milliseconds()), func(b *testing.B) {
			reads, writes := 0, 0
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
				reads += simtest.Reads(org)
				writes += simtest.Writes(org)
				closeOrg(b, org)
			}
			reportRequests(b, reads, writes, b.N, latency)
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
			org.ResetRequests()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				s := benchSetup(b, org, statePath)
				b.StartTimer()
				if err := Run(context.Background(), s, All(), RunOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			writes := simtest.Writes(org)
			if writes != 0 {
				b.Errorf("a rerun wrote %d times", writes)
			}
			reportRequests(b, simtest.Reads(org), writes, b.N, latency)
		})
	}
}
