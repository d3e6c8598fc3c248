package ui

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/steps/signin"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// The test sign-in's results in words, for both renderers.

// keyClaims are the Okta ID token's claims worth showing, in the order a person reads them:
// who issued it, for which app, about whom, and through which identity provider.
var keyClaims = []string{"iss", "aud", "sub", "name", "preferred_username", "email", "idp", "amr"}

// logWaitLine says that the test waits for Okta's System Log to show how the sign-in ended
// (Okta writes its events a little after the fact), and how to stop waiting.
func logWaitLine(waited, deadline time.Duration, stop string) string {
	return fmt.Sprintf("Okta's System Log does not show the sign-in yet: waiting (%s of up to %s; %s stops)…",
		shortDuration(waited.Round(time.Second)), shortDuration(deadline), stop)
}

// signInResultLines explain a live test: the verdict, then on a pass what came back (the
// verified claims, the Okta user's mapped attributes) and on a failure every problem with
// what to do and the System Log of the test's window.
func signInResultLines(sty styles, res *signin.Result, expect []steps.MappingRow, width int) []string {
	var lines []string
	switch res.Verdict() {
	case signin.VerdictPass:
		lines = append(lines, wrap(sty.ok.Render("✓ PASS")+" — the sign-in through Okta and ID.me worked and the ID token verified.", width, "", "  ")...)
	case signin.VerdictPassWithWarnings:
		lines = append(lines, wrap(sty.ok.Render("✓ PASS")+sty.warn.Render(" with warnings")+" — the sign-in through Okta and ID.me worked and the ID token verified; this person lacks some claims, which is not a fault of the configuration.", width, "", "  ")...)
	default:
		lines = append(lines, wrap(sty.err.Render("✗ FAIL")+" — the test sign-in did not work: the configuration or the token is at fault.", width, "", "  ")...)
		lines = append(lines, "")
		lines = append(lines, problemLines(sty, res.Problems, width)...)
	}
	if len(res.Warnings) > 0 {
		lines = append(lines, "")
		lines = append(lines, warningLines(sty, res.Warnings, width)...)
	}
	// The mapped attributes first: they are what the setup was for, and what the admin
	// checks in Directory > People after the guide's Option 1.
	if len(res.User) > 0 {
		lines = append(lines, "")
		lines = append(lines, wrap(sty.heading.Render("Okta user "+termtext.Line(flow.WhoSignedIn(res.User, res.Claims))+": mapped attributes"), width, "", "  ")...)
		lines = append(lines, mappedLines(sty, res.User, expect, width)...)
	}
	if len(res.Claims) > 0 {
		heading := "ID token from Okta (verified):"
		if !res.Pass {
			heading = "ID token from Okta:"
		}
		lines = append(lines, "", sty.heading.Render(heading))
		lines = append(lines, claimLines(res.Claims, width)...)
	}
	if !res.Pass && len(res.Events) > 0 {
		lines = append(lines, "", sty.heading.Render("System Log since the test started:"))
		lines = append(lines, eventLines(res.Events, width)...)
	}
	lines = append(lines, noteLines(sty, res.Notes, width)...)
	return lines
}

// portalResultLines explain Option 1's check: who signed in, and whether Okta created or
// updated them, with their mapped profile; or that no sign-in was found, and why if the
// System Log says.
func portalResultLines(sty styles, pc *signin.PortalCheck, since time.Time, expect []steps.MappingRow, width int) []string {
	var lines []string
	if !pc.SignedIn {
		lines = append(lines, wrap(sty.err.Render("✗ ")+"No sign-in through ID.me found since "+since.Local().Format("15:04:05")+".", width, "", "  ")...)
		lines = append(lines, "")
		if len(pc.Problems) > 0 {
			lines = append(lines, problemLines(sty, pc.Problems, width)...)
		} else {
			lines = append(lines, wrap("The System Log has no sign-in through the ID.me identity provider since this screen opened. Finish the sign-in in the browser (Okta's dashboard or a welcome page is the end), then check again. Okta may take a few seconds to log it.", width, "", "")...)
		}
		return append(lines, noteLines(sty, pc.Notes, width)...)
	}
	who := cmp.Or(pc.Login, pc.UserID)
	if pc.Name != "" && pc.Name != who {
		who = pc.Name + " (" + who + ")"
	}
	who = termtext.Line(who)
	lines = append(lines, wrap(sty.ok.Render("✓ ")+who+" signed in through ID.me at "+pc.At.Local().Format("15:04:05")+".", width, "", "  ")...)
	switch {
	case pc.Created:
		lines = append(lines, wrap("Okta created the user just in time (JIT) from what ID.me sent.", width, "  ", "  ")...)
	case pc.ProfileUpdated:
		lines = append(lines, wrap("The user existed; Okta updated their profile from what ID.me sent.", width, "  ", "  ")...)
	default:
		lines = append(lines, wrap("The user existed; their profile did not change.", width, "  ", "  ")...)
	}
	if len(pc.User) > 0 {
		lines = append(lines, "", sty.heading.Render("Okta user profile: mapped attributes"))
		lines = append(lines, mappedLines(sty, pc.User, expect, width)...)
	}
	return append(lines, noteLines(sty, pc.Notes, width)...)
}

// problemLines: each problem's message and what to do about it.
func problemLines(sty styles, problems []signin.Problem, width int) []string {
	return findingLines(problems, width, sty.err.Render("✗ "), sty.bold.Render("What to do: "))
}

// warningLines: each warning and what it means; they do not fail the test.
func warningLines(sty styles, warnings []signin.Problem, width int) []string {
	return findingLines(warnings, width, sty.warn.Render("! "), "")
}

func findingLines(ps []signin.Problem, width int, mark, hintLead string) []string {
	var lines []string
	for i, p := range ps {
		if i > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, wrap(termtext.Line(p.Message), width, mark, "  ")...)
		if p.Hint != "" {
			lines = append(lines, wrap(hintLead+termtext.Line(p.Hint), width, "  ", "  ")...)
		}
	}
	return lines
}

// claimLines list the key claims that are present, aligned.
func claimLines(claims map[string]any, width int) []string {
	var rows [][2]string
	for _, c := range keyClaims {
		if v, ok := claims[c]; ok {
			rows = append(rows, [2]string{c, value(v)})
		}
	}
	return columns(rows, width)
}

// mappedLines list the mapping table's attributes with the values the Okta user has:
// "firstName ← fname   JANE".
func mappedLines(sty styles, user map[string]any, expect []steps.MappingRow, width int) []string {
	rows := make([][2]string, len(expect))
	for i, r := range expect {
		v := sty.muted.Render("(empty)")
		if signin.Filled(user[r.Attribute]) {
			v = value(user[r.Attribute])
		}
		rows[i] = [2]string{termtext.Line(r.Attribute + " ← " + r.Claim), v}
	}
	return columns(rows, width)
}

// columns lays out label/value rows: values in a column of their own, wrapped inside it; on
// a terminal too narrow for two columns, each value goes under its label.
func columns(rows [][2]string, width int) []string {
	pad := 0
	for _, r := range rows {
		pad = max(pad, ansi.StringWidth(r[0]))
	}
	col := pad + 4 // two spaces before the label, two after
	var lines []string
	for _, r := range rows {
		if col > width/2 {
			lines = append(lines, wrap(r[0], width, "  ", "    ")...)
			lines = append(lines, wrap(r[1], width, "    ", "    ")...)
			continue
		}
		label := "  " + r[0] + strings.Repeat(" ", pad-ansi.StringWidth(r[0])) + "  "
		lines = append(lines, wrap(r[1], width, label, strings.Repeat(" ", col))...)
	}
	return lines
}

// eventLines are System Log events in words.
func eventLines(events []okta.LogEvent, width int) []string {
	var lines []string
	for _, e := range events {
		lines = append(lines, wrap(termtext.Line(signin.DescribeEvent(e)), width, "  ", "    ")...)
	}
	return lines
}

func noteLines(sty styles, notes []string, width int) []string {
	var lines []string
	for _, n := range notes {
		lines = append(lines, "")
		lines = append(lines, wrap(termtext.Line(n), width, sty.muted.Render("Note: "), "      ")...)
	}
	return lines
}

// value prints a claim or profile value from ID.me or Okta: lists joined, nothing else
// interpreted, made safe by termtext.
func value(v any) string { return termtext.Line(valueText(v)) }

func valueText(v any) string {
	switch v := v.(type) {
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = fmt.Sprint(x)
		}
		return strings.Join(parts, ", ")
	case []string:
		return strings.Join(v, ", ")
	case float64:
		// JSON numbers: whole ones without the exponent a float prints.
		if v == float64(int64(v)) {
			return fmt.Sprint(int64(v))
		}
	}
	return strings.TrimSpace(fmt.Sprint(v))
}
