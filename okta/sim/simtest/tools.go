package simtest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// CIEnv is set by .ci/run: there, a test that needs an installed tool must not skip.
const CIEnv = "IDME_OKTA_CI"

// RequireTool returns the path of the first of names found on PATH. Without any, it skips
// the test with a message naming the tool, except in CI (.ci/run installs the tools and sets
// IDME_OKTA_CI), where a skipped black-box test would be a silent hole, so it fails.
func RequireTool(t testing.TB, names ...string) string {
	t.Helper()
	for _, name := range names {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	what := strings.Join(names, " or ")
	if os.Getenv(CIEnv) != "" {
		t.Fatalf("%s is required in CI (.ci/run installs it) and was not found", what)
	}
	t.Skipf("%s is not installed (.ci/run installs it): skipping", what)
	return ""
}
