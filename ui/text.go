package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// The words of the wizard: the domain for people. Both renderers say them, so they say the
// same things; the accessible mode passes plain styles.

// waitText is a pause before Okta is asked again (a rate limit can hold a call for a
// minute), with the seconds left at now: the TUI's line under the screen while it lasts,
// the accessible mode's line as it starts.
func waitText(w okta.Wait, now time.Time) string {
	return termtext.Line(w.Say(now))
}

// wrap breaks s into lines of at most width cells, each prefixed with indent (the first with
// first). Lines break at spaces only, never inside a word (a flag such as --map stays whole);
// a word longer than a line, such as a URL, is broken hard rather than overflowing the
// terminal.
func wrap(s string, width int, first, indent string) []string {
	avail := max(width-ansi.StringWidth(indent), 10)
	var out []string
	for i, line := range wrapAtSpaces(s, avail) {
		prefix := indent
		if i == 0 {
			prefix = first
		}
		out = append(out, prefix+line)
	}
	return out
}

// wrapAtSpaces breaks each line of s at spaces into lines of at most limit cells. ansi.Wrap
// would also break after every hyphen, splitting --map into "-" and "-map".
func wrapAtSpaces(s string, limit int) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line, w := "", 0
		for i, word := range strings.Split(para, " ") {
			ww := ansi.StringWidth(word)
			switch {
			case i == 0:
			case w+1+ww <= limit:
				line, w = line+" ", w+1
			default:
				out = append(out, line)
				line, w = "", 0
			}
			if w+ww > limit { // a word longer than a line
				parts := strings.Split(ansi.Hardwrap(word, limit, false), "\n")
				if w > 0 {
					out = append(out, strings.TrimSuffix(line, " "))
				}
				out = append(out, parts[:len(parts)-1]...)
				word, line, w = parts[len(parts)-1], "", 0
				ww = ansi.StringWidth(word)
			}
			line, w = line+word, w+ww
		}
		out = append(out, line)
	}
	return out
}

// statusLine says where a step stands, in words.
func statusLine(sty styles, r steps.Report) string {
	k := flow.MarkOf(r.Status)
	word := markRender(k, sty, markSymbol(k)+" "+markWord(k), sty.accent)
	if r.Detail == "" {
		return "Status: " + word
	}
	return "Status: " + word + " — " + termtext.Line(r.Detail)
}

// overwriteTag marks changes that replace what an admin configured before; deleteTag those
// that delete an object (a copy idme-okta made).
const (
	overwriteTag = "replaces existing configuration"
	deleteTag    = "deletes it from Okta"
)

// secondYes is what the second confirmation of t's changes says: a warning above the
// changes, and what its answers do.
func secondYes(r steps.Report) (warning, explain string) {
	if r.DeletesOnly() {
		return "These changes delete objects from Okta:", "Only the copies named are deleted; the one idme-okta keeps stays. Choose “Delete them” to go ahead, or Back to review."
	}
	return overwriteWarning, "Whatever an admin set there before is overwritten. Choose “Replace it” to go ahead, or Back to review."
}

// The words of a step's page, for both renderers.
const (
	planHeading      = "What will be written to Okta:"                  // above a plan's changes
	attestHeading    = "What you confirm (nothing is written to Okta):" // … an attestation's
	attestIntro      = "Some settings have no Okta API. Check this one in the Admin Console; the wizard records your answer and writes nothing to Okta."
	overwriteWarning = "These changes replace existing configuration in Okta:"
)

// inPlace says that a step has nothing to write.
func inPlace(t *flow.Task) string {
	return t.Facts.ShortTitle + " is already in place: nothing to write."
}

// checkingLine says what a step's check is doing.
func checkingLine(t *flow.Task) string {
	return "Checking " + strings.ToLower(t.Step.Title()) + "…"
}

// planLines describes a Check report: its status, each change with its details, and notes.
func planLines(sty styles, r steps.Report, width int, heading string) []string {
	lines := wrap(statusLine(sty, r), width, "", "  ")
	if len(r.Changes) > 0 {
		lines = append(lines, "", sty.heading.Render(heading))
	}
	for _, c := range r.Changes {
		lines = append(lines, wrap(changeHeadline(c), width, "• ", "  ")...)
		switch {
		case c.Overwrite && c.Action == steps.ActionDelete:
			lines = append(lines, "  "+sty.warn.Render("⚠ "+deleteTag))
		case c.Overwrite:
			lines = append(lines, "  "+sty.warn.Render("⚠ "+overwriteTag))
		}
		for _, d := range c.Details {
			lines = append(lines, wrap(termtext.Line(d), width, "    ", "      ")...)
		}
	}
	if len(r.Notes) > 0 {
		lines = append(lines, "")
	}
	for _, n := range r.Notes {
		lines = append(lines, wrap(termtext.Line(n), width, sty.muted.Render("Note: "), "      ")...)
	}
	return lines
}

func changeHeadline(c steps.Change) string {
	action := c.Action
	if action != "" {
		action = strings.ToUpper(action[:1]) + action[1:]
	}
	return strings.TrimSpace(action + " " + termtext.Line(c.Object))
}

// overwriteLines lists only the changes that replace existing configuration.
func overwriteLines(sty styles, r steps.Report, width int) []string {
	var lines []string
	for _, c := range r.Changes {
		if !c.Overwrite {
			continue
		}
		lines = append(lines, wrap(changeHeadline(c), width, "• ", "  ")...)
		for _, d := range c.Details {
			lines = append(lines, wrap(termtext.Line(d), width, "    ", "      ")...)
		}
	}
	return lines
}

// resultLines describes what Apply did, with the ids Okta gave.
func resultLines(sty styles, res steps.Result, width int) []string {
	detail := termtext.Line(res.Detail)
	if detail == "" {
		detail = "Done."
	}
	lines := wrap(sty.ok.Render("✓ ")+detail, width, "", "  ")
	for _, o := range res.Objects {
		line := o.Kind + ": " + termtext.Line(o.Name)
		if o.ID != "" {
			line += "  " + sty.muted.Render("id ") + termtext.Line(o.ID)
		}
		lines = append(lines, wrap(line, width, "  ", "    ")...)
	}
	lines = append(lines, sty.muted.Render(fmt.Sprintf("  Okta writes: %d", res.Writes)))
	return lines
}

// connectFailureLines explain why connecting failed: the dial or the preflight's read
// (err), or else the preflight's own verdict on the account (report).
func connectFailureLines(sty styles, org string, err error, report steps.Report, width int) []string {
	var lines []string
	if err == nil {
		lines = append(lines, wrap(sty.err.Render("✗ ")+"The connection works, but this account cannot run the setup:", width, "", "  ")...)
		lines = append(lines, wrap(termtext.Line(report.Detail), width, "  ", "  ")...)
		for _, n := range report.Notes {
			lines = append(lines, wrap(termtext.Line(n), width, "  ", "  ")...)
		}
	} else {
		lines = append(lines, errorLines(sty, "connect to "+org+" and read the org (no writes)", err, width)...)
	}
	return append(lines, "", sty.muted.Render("Nothing was written to Okta."))
}

// errorLines explain a failure: what we tried, what Okta said (code, summary, errorId), and
// what to do. Okta's errors never contain our credentials, and neither do ours; they may
// quote Okta's data, so each part goes through termtext.
func errorLines(sty styles, tried string, err error, width int) []string {
	lines := wrap(sty.err.Render("✗ ")+"Tried: "+termtext.Line(tried), width, "", "  ")
	apiErr, ok := okta.AsAPIError(err)
	if !ok {
		return append(lines, blockLines(err.Error(), width, "  ")...)
	}
	// What our side made of Okta's answer (e.g. "… did not accept the API token"), and any
	// advice added after it, without repeating Okta's answer itself.
	before, after, _ := strings.Cut(err.Error(), apiErr.Error())
	if b := strings.TrimRight(strings.TrimSpace(before), ":"); b != "" {
		lines = append(lines, blockLines(b, width, "  ")...)
	}
	advice := termtext.Block(strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(after), ":")))
	if apiErr.Op != "" && apiErr.Op != tried {
		lines = append(lines, wrap("Okta call: "+termtext.Line(apiErr.Op), width, "  ", "    ")...)
	}
	said := ""
	switch {
	case apiErr.Status == 0:
		said = "no answer from Okta"
		if apiErr.Err != nil {
			said += ": " + apiErr.Err.Error()
		}
	case apiErr.Code != "" || apiErr.Summary != "":
		said = fmt.Sprintf("%d %s — %s", apiErr.Status, apiErr.Code, apiErr.Summary)
	case apiErr.OAuthError != "":
		said = fmt.Sprintf("%d %s — %s", apiErr.Status, apiErr.OAuthError, apiErr.OAuthDescription)
	default:
		said = fmt.Sprintf("HTTP %d", apiErr.Status)
	}
	// A proxy's or Wi-Fi sign-in page's answer is not Okta's: say whose it is not.
	label := "Okta said: "
	if apiErr.NotFromOkta {
		label = "The answer (not from Okta): "
	}
	lines = append(lines, wrap(label+termtext.Line(said), width, "  ", "    ")...)
	for _, c := range apiErr.Causes {
		lines = append(lines, wrap("cause: "+termtext.Line(c), width, "    ", "      ")...)
	}
	if ids := apiErr.SupportIDs(); len(ids) > 0 {
		lines = append(lines, wrap(sty.muted.Render(termtext.Line(strings.Join(ids, " · "))), width, "  ", "    ")...)
	}
	switch {
	case apiErr.Hint != "":
		lines = append(lines, wrap(sty.bold.Render("What to do: ")+termtext.Line(apiErr.Hint), width, "  ", "    ")...)
	case advice != "":
		lines = append(lines, wrap(sty.bold.Render("What to do: ")+advice, width, "  ", "    ")...)
	}
	return lines
}

// blockLines wraps text from outside that may hold several lines (an error that quotes
// Okta): each line made safe by termtext, then wrapped with indent.
func blockLines(s string, width int, indent string) []string {
	var lines []string
	for _, l := range strings.Split(termtext.Block(s), "\n") {
		lines = append(lines, wrap(l, width, indent, indent)...)
	}
	return lines
}

// The mapping table's explanation and its caveat.
const (
	tableIntro = "At each sign-in with ID.me, Okta fills these user attributes from claims in the ID token. The next steps add only the attributes this table needs; the mapping is written after them."
	// tableStyles says why a row reads two claims (steps.MappingRow.Reads).
	tableStyles = "A row reads the guide's claim, else its OpenID Connect twin: ID.me policies release one or the other."
	tableNote   = "Okta's “Apply updates now” button has no public API: the mappings apply to each user at their next sign-in."
)

// rowMarkWords says how row at of the mapping table differs from the guide's: "(added)",
// "(edited; guide: fname)" with the claim the guide reads, or "" for one of the guide's rows.
func rowMarkWords(t *flow.Table, at int) string {
	switch mark, guide := t.Mark(at); mark {
	case flow.RowAdded:
		return "(added)"
	case flow.RowEdited:
		return "(edited; guide: " + guide + ")"
	}
	return ""
}

// handoffIntro says why the handoff sheet matters.
const handoffIntro = "ID.me must register Okta's redirect URI for your client before anyone can sign in. Send them this sheet; it contains no secrets."

// handoffSheet is the sheet for ID.me as shown: the text form (ASCII, safe for every
// clipboard) and the file it was saved to ("" without a progress file).
type handoffSheet struct {
	text, file string
}

func renderSheet(setup *steps.Setup) (handoffSheet, error) {
	h, err := setup.Handoff()
	if err != nil {
		return handoffSheet{}, err
	}
	text, err := steps.RenderHandoff(h, "text")
	if err != nil {
		return handoffSheet{}, err
	}
	return handoffSheet{text: string(text), file: setup.HandoffFile()}, nil
}

func (h handoffSheet) lines() []string { return strings.Split(strings.TrimRight(h.text, "\n"), "\n") }
