package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/steps/remove"
	"github.com/idme-okta/idme-okta/steps/signin"
)

// hostile is what someone who can write one value into Okta or ID.me (an object name, a
// scope, a claim, a System Log actor) would put there: OSC 52 (set the clipboard), OSC 0
// (set the title), CSI 2J (clear the screen), CR LF and cursor-up to forge a line, a C1 CSI.
const hostile = "\x1b]52;c;cHduZWQ=\x07\x1b]0;owned\x07\x1b[2J\r\n\x1b[1APASS\u009b"

// hostileShown is how termtext shows the start of hostile: escaped, readable.
const hostileShown = `\x1b]52;c;cHduZWQ=`

// assertInert fails when text holds anything of hostile a terminal would act on (beyond the
// wizard's own styling), or when the escaped form is missing (the value was dropped rather
// than shown).
func assertInert(t *testing.T, what, text string) {
	t.Helper()
	if raw := interpreted(text); raw != "" {
		t.Errorf("%s sends %q to the terminal:\n%s", what, raw, text)
	}
	if !strings.Contains(text, hostileShown) {
		t.Errorf("%s does not show the hostile value escaped:\n%s", what, text)
	}
}

// Every page text that quotes Okta or ID.me, in both renderers' styles, shows a hostile
// value inert: a step's plan and its overwrite warning, a result, a failed connection, an
// Okta error, a live test's verdict with claims, profile, problems and System Log, the
// portal check.
func TestOutsideTextIsInertOnEveryPage(t *testing.T) {
	report := steps.Report{
		Status: steps.StatusDrifted,
		Detail: "identity provider " + hostile,
		Changes: []steps.Change{{
			Action: "replace", Object: `identity provider "Evil` + hostile + `"`, Overwrite: true,
			Details: []string{"scopes: openid " + hostile + " → openid teacher"},
		}},
		Notes: []string{"note " + hostile},
	}
	result := steps.Result{Detail: "created " + hostile, Writes: 1, Objects: []steps.Object{{Kind: "identity provider", Name: "Evil" + hostile, ID: "0oa" + hostile}}}
	apiErr := fmt.Errorf("create identity provider: %w", &okta.APIError{
		Op: "create identity provider", Status: 400, Code: "E0000001", Summary: "Api validation failed: " + hostile,
		Causes: []string{"name: " + hostile}, Hint: "hint " + hostile,
	})
	live := &signin.Result{
		Claims:   map[string]any{"sub": "00u1", "name": "Eve" + hostile, "preferred_username": "eve" + hostile},
		User:     map[string]any{"login": "eve" + hostile, "firstName": "EVE" + hostile},
		Problems: []signin.Problem{{Code: "x", Message: "ID.me said " + hostile, Hint: "do " + hostile}},
		Events:   []okta.LogEvent{{Published: time.Now(), DisplayMessage: "Authenticate user via IDP", OutcomeResult: "FAILURE", OutcomeReason: hostile, ActorName: "Mallory" + hostile}},
		Notes:    []string{"note " + hostile},
	}
	portal := &signin.PortalCheck{SignedIn: true, At: time.Now(), Login: "eve" + hostile, Name: "Eve" + hostile, User: map[string]any{"firstName": "EVE" + hostile}, Notes: []string{hostile}}
	rows := []steps.MappingRow{{Attribute: "firstName", Claim: "fname"}}
	removal := &remove.Plan{
		Items: []remove.Item{{Kind: "routing rule", Name: "Rule" + hostile, ID: "0pr1", Status: "ACTIVE", Steps: []string{"deactivate", "delete"}}},
		Left:  []remove.Left{{Kind: "routing rule", Name: "Theirs" + hostile, ID: "0pr2", Why: "not ours"}},
	}
	choice := &flow.Task{Candidates: []flow.Candidate{{ID: "0oa1", Name: "ID.me" + hostile, Status: "ACTIVE"}}}

	for name, sty := range map[string]styles{"wizard": newStyles(), "accessible": plainStyles()} {
		pages := map[string][]string{
			"plan":              planLines(sty, report, 80, planHeading),
			"overwrite":         overwriteLines(sty, report, 80),
			"result":            resultLines(sty, result, 80),
			"connect failure":   connectFailureLines(sty, "https://example.okta.com", nil, report, 80),
			"Okta error":        errorLines(sty, "create identity provider", apiErr, 80),
			"other error":       errorLines(sty, "read", errors.New("read: "+hostile), 80),
			"live test, failed": signInResultLines(sty, live, rows, 80),
			"portal check":      portalResultLines(sty, portal, time.Now(), rows, 80),
			"remove plan":       removePlanLines(sty, removal, 80),
			"IdP choice":        candidateLines(sty, choice, "client", 80),
		}
		live.Pass = true
		pages["live test, passed"] = signInResultLines(sty, live, rows, 80)
		live.Pass = false
		for page, lines := range pages {
			text := strings.Join(lines, "\n")
			assertInert(t, name+": "+page, text)
			// Escaped once: a name quoted with %q after termtext showed \\x1b.
			if strings.Contains(text, `\\x1b`) {
				t.Errorf("%s: %s escapes the hostile value twice:\n%s", name, page, text)
			}
		}
	}
}
