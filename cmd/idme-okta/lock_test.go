package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/steps"
)

// Three apply runs started together, against an org slow enough that they overlap (each
// request takes 30 ms): Okta does not make app labels or rule names unique, so without the
// org lock each run found the objects missing and made its own (issue 10: three test apps).
// With it they take turns, and the later ones find everything done.
func TestConcurrentAppliesMakeEachObjectOnce(t *testing.T) {
	isolate(t)
	w := newWorld(t)
	w.org.SetLatency(30 * time.Millisecond)
	setLockWait(t, time.Minute)
	var wg sync.WaitGroup
	codes := make([]int, 3)
	outs := make([]string, 3)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--yes")
			codes[i], outs[i] = code, out+errOut
		}()
	}
	wg.Wait()
	for i, code := range codes {
		if code != exitOK {
			t.Errorf("run %d exited %d:\n%s", i, code, outs[i])
		}
	}
	snap := w.org.Snapshot()
	if n := len(snap.IdPs); n != 1 {
		t.Errorf("%d identity providers", n)
	}
	apps := 0
	for _, a := range snap.Apps {
		if a["label"] == steps.DefaultTestAppLabel {
			apps++
		}
	}
	if apps != 1 {
		t.Errorf("%d test apps", apps)
	}
	rules := 0
	for _, r := range snap.Rules {
		if r["name"] == steps.DefaultRuleName {
			rules++
		}
	}
	if rules != 1 {
		t.Errorf("%d routing rules", rules)
	}
}

// A second run waits briefly, then says who holds the org: its pid, its command and since
// when; it writes nothing.
func TestASecondRunSaysWhoHoldsTheOrg(t *testing.T) {
	isolate(t)
	w := newWorld(t)
	held, err := steps.LockOrg(context.Background(), w.org.URL(), "wizard", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	setLockWait(t, 300*time.Millisecond)
	start := time.Now()
	out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--yes")
	if code != exitFailure {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{fmt.Sprintf("pid %d", os.Getpid()), `"idme-okta wizard"`, "since", w.org.URL(), "wait for it to finish"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("the message does not say %q:\n%s", want, errOut)
		}
	}
	if waited := time.Since(start); waited < 300*time.Millisecond {
		t.Errorf("gave up after %s without waiting", waited)
	}
	if n := len(w.org.Requests()); n != 0 {
		t.Errorf("the second run sent %d requests to Okta", n)
	}
	held.Release()
	if out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--yes"); code != exitOK {
		t.Fatalf("after the release: exit %d\n%s\n%s", code, out, errOut)
	}
}

func setLockWait(t *testing.T, d time.Duration) {
	old := lockWait
	lockWait = d
	t.Cleanup(func() { lockWait = old })
}
