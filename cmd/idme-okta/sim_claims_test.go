package main

import (
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/idme"
)

// A bad --idme-claims is a usage error naming the flag and both allowed values, before
// anything starts (demo checks it before it asks for a terminal).
func TestIDmeClaimsFlagRejectsUnknownStyles(t *testing.T) {
	for _, cmd := range []string{"sim", "demo"} {
		_, errOut, code := runCLI(t, nil, cmd, "--idme-claims", "standard")
		if code != exitUsage || !strings.Contains(errOut, "-idme-claims") || !strings.Contains(errOut, `"standard"`) ||
			!strings.Contains(errOut, "guide") || !strings.Contains(errOut, "oidc") {
			t.Errorf("%s: code %d, stderr %q", cmd, code, errOut)
		}
	}
}

// The style reaches the simulated ID.me.
func TestStartWorldPassesTheClaimStyle(t *testing.T) {
	for _, style := range []idme.ClaimStyle{"", idme.ClaimsOIDC} {
		w, err := startWorld("127.0.0.1:0", "127.0.0.1:0", style)
		if err != nil {
			t.Fatal(err)
		}
		want := style
		if want == "" {
			want = idme.ClaimsGuide
		}
		if got := w.idme.ClaimStyle(); got != want {
			t.Errorf("style %q: simulated ID.me releases %q", style, got)
		}
		w.Close()
	}
}
