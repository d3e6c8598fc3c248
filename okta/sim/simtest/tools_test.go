package simtest_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// stopper is a testing.TB whose Fatal and Skip record instead of stopping the goroutine,
// so RequireTool's three outcomes can be observed.
type stopper struct {
	testing.TB
	fatal, skip string
}

func (s *stopper) Helper()                   {}
func (s *stopper) Fatalf(f string, a ...any) { s.fatal = fmt.Sprintf(f, a...); runtime.Goexit() }
func (s *stopper) Skipf(f string, a ...any)  { s.skip = fmt.Sprintf(f, a...); runtime.Goexit() }
func (s *stopper) run(f func(testing.TB)) *stopper {
	done := make(chan struct{})
	go func() { defer close(done); f(s) }()
	<-done
	return s
}

func TestRequireToolFindsSkipsOrFailsInCI(t *testing.T) {
	var found string
	s := (&stopper{TB: t}).run(func(tb testing.TB) { found = simtest.RequireTool(tb, "no-such-tool-1", "sh") })
	if !strings.HasSuffix(found, "/sh") || s.fatal != "" || s.skip != "" {
		t.Errorf("found %q, fatal %q, skip %q; want the second name's path", found, s.fatal, s.skip)
	}

	t.Setenv(simtest.CIEnv, "")
	s = (&stopper{TB: t}).run(func(tb testing.TB) { simtest.RequireTool(tb, "no-such-tool-1") })
	if s.skip == "" || s.fatal != "" || !strings.Contains(s.skip, "no-such-tool-1") {
		t.Errorf("outside CI: skip %q, fatal %q", s.skip, s.fatal)
	}

	t.Setenv(simtest.CIEnv, "1")
	s = (&stopper{TB: t}).run(func(tb testing.TB) { simtest.RequireTool(tb, "no-such-tool-1") })
	if s.fatal == "" || s.skip != "" || !strings.Contains(s.fatal, "no-such-tool-1") {
		t.Errorf("in CI: fatal %q, skip %q", s.fatal, s.skip)
	}
}
