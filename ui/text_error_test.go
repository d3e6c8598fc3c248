package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta"
)

// An answer that is not Okta's (a proxy's or Wi-Fi sign-in page: no request id, no Okta
// error body) is not shown as what Okta said, on either renderer; Okta's own answer is.
func TestAnAnswerNotFromOktaIsNotCalledOktas(t *testing.T) {
	proxy := fmt.Errorf("list identity providers: %w", &okta.APIError{Op: "list identity providers", Status: 403, NotFromOkta: true, Hint: "check the proxy"})
	oktas := fmt.Errorf("list identity providers: %w", &okta.APIError{Op: "list identity providers", Status: 403, Code: "E0000006", Summary: "You do not have permission"})
	for name, sty := range map[string]styles{"wizard": newStyles(), "accessible": plainStyles()} {
		got := strings.Join(errorLines(sty, "check the identity provider", proxy, 80), "\n")
		if strings.Contains(got, "Okta said") || !strings.Contains(got, "The answer (not from Okta): HTTP 403") {
			t.Errorf("%s: a proxy's answer is shown as:\n%s", name, got)
		}
		if got := strings.Join(errorLines(sty, "check the identity provider", oktas, 80), "\n"); !strings.Contains(got, "Okta said: 403 E0000006") {
			t.Errorf("%s: Okta's own answer is shown as:\n%s", name, got)
		}
	}
}
