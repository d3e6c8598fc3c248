package steps

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

func TestCachedReadSharesOneFetchAmongConcurrentReaders(t *testing.T) {
	s := NewSetup(nil, DefaultAnswers(), Secrets{}, Objects{})
	var fetches atomic.Int32
	release := make(chan struct{})
	fetch := func(context.Context) (string, error) {
		fetches.Add(1)
		<-release
		return "schema", nil
	}
	var wg sync.WaitGroup
	results := make([]string, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], _ = cachedRead(context.Background(), s, "k", fetch)
		}()
	}
	close(release)
	wg.Wait()
	if n := fetches.Load(); n != 1 {
		t.Errorf("%d fetches for one key, want 1", n)
	}
	for i, r := range results {
		if r != "schema" {
			t.Errorf("reader %d got %q", i, r)
		}
	}
}

func TestCachedReadForgetsFailuresAndOnRequest(t *testing.T) {
	s := NewSetup(nil, DefaultAnswers(), Secrets{}, Objects{})
	calls := 0
	fetch := func(context.Context) (int, error) {
		calls++
		if calls == 1 {
			return 0, errors.New("503")
		}
		return calls, nil
	}
	if _, err := cachedRead(context.Background(), s, "k", fetch); err == nil {
		t.Fatal("first fetch should fail")
	}
	if v, err := cachedRead(context.Background(), s, "k", fetch); err != nil || v != 2 {
		t.Fatalf("after a failure: %v, %v; want a new fetch", v, err)
	}
	if v, _ := cachedRead(context.Background(), s, "k", fetch); v != 2 {
		t.Errorf("a successful read was not remembered: %v", v)
	}
	s.forget("k")
	if v, _ := cachedRead(context.Background(), s, "k", fetch); v != 3 {
		t.Errorf("forget did not forget: %v", v)
	}
	s.remember("k", 42)
	if v, _ := cachedRead(context.Background(), s, "k", fetch); v != 42 {
		t.Errorf("remember did not store: %v", v)
	}
	s.Refresh()
	if v, _ := cachedRead(context.Background(), s, "k", fetch); v != 4 {
		t.Errorf("Refresh did not forget: %v", v)
	}
}

// A reader that arrives while a fetch is in flight waits for it rather than fetching again;
// the first test cannot be sure its readers overlap, this one is. The late reader's context
// is already cancelled, so waiting returns at once with its error, and a second fetch (the
// bug) would show in the count.
func TestCachedReadJoinsAFetchInFlight(t *testing.T) {
	s := NewSetup(nil, DefaultAnswers(), Secrets{}, Objects{})
	var fetches atomic.Int32
	started, release := make(chan struct{}), make(chan struct{})
	fetch := func(ctx context.Context) (string, error) {
		if fetches.Add(1) == 1 {
			close(started)
		}
		if err := ctx.Err(); err != nil {
			return "", err
		}
		<-release
		return "schema", nil
	}
	first := make(chan string)
	go func() {
		v, _ := cachedRead(context.Background(), s, "k", fetch)
		first <- v
	}()
	<-started

	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := cachedRead(cancelled, s, "k", fetch); !errors.Is(err, context.Canceled) {
		t.Errorf("late reader with a cancelled context: err = %v, want context.Canceled", err)
	}
	if n := fetches.Load(); n != 1 {
		t.Errorf("%d fetches while one was in flight, want 1", n)
	}

	close(release)
	if v := <-first; v != "schema" {
		t.Errorf("first reader got %q", v)
	}
	if v, err := cachedRead(context.Background(), s, "k", fetch); v != "schema" || err != nil || fetches.Load() != 1 {
		t.Errorf("after the fetch: %q, %v, %d fetches; want the remembered value", v, err, fetches.Load())
	}
}
