package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
)

// These render the domain for people. The TUI screens and the accessible driver share them, so
// both say the same things; the accessible driver passes plain styles.

// wrap breaks s into lines of at most width cells, each prefixed with indent (the first with
// first). Long words such as URLs are broken hard rather than overflowing the terminal.
func wrap(s string, width int, first, indent string) []string {
	avail := max(width-ansi.StringWidth(indent), 10)
	var out []string
	for i, line := range strings.Split(ansi.Wrap(s, avail, ""), "\n") {
		prefix := indent
		if i == 0 {
			prefix = first
		}
		out = append(out, prefix+line)
	}
	return out
}

// statusLine says where a step stands, in words.
func statusLine(st styles, r steps.Report) string {
	k := markOf(r.Status)
	word := k.render(st, k.symbol()+" "+k.word(), st.accent)
	if r.Detail == "" {
		return "Status: " + word
	}
	return "Status: " + word + " — " + r.Detail
}

// overwriteTag marks changes that replace what an admin configured before.
const overwriteTag = "replaces existing configuration"

// planHeading introduces the changes of a plan.
const planHeading = "What will be written to Okta:"

// planLines describes a Check report: its status, each change with its details, and notes.
func planLines(st styles, r steps.Report, width int, heading string) []string {
	lines := wrap(statusLine(st, r), width, "", "  ")
	if len(r.Changes) > 0 {
		lines = append(lines, "", st.heading.Render(heading))
	}
	for _, c := range r.Changes {
		lines = append(lines, wrap(changeHeadline(c), width, "• ", "  ")...)
		if c.Overwrite {
			lines = append(lines, "  "+st.warn.Render("⚠ "+overwriteTag))
		}
		for _, d := range c.Details {
			lines = append(lines, wrap(d, width, "    ", "      ")...)
		}
	}
	if len(r.Notes) > 0 {
		lines = append(lines, "")
	}
	for _, n := range r.Notes {
		lines = append(lines, wrap(n, width, st.muted.Render("Note: "), "      ")...)
	}
	return lines
}

func changeHeadline(c steps.Change) string {
	action := c.Action
	if action != "" {
		action = strings.ToUpper(action[:1]) + action[1:]
	}
	return strings.TrimSpace(action + " " + c.Object)
}

// overwriteLines lists only the changes that replace existing configuration.
func overwriteLines(st styles, r steps.Report, width int) []string {
	var lines []string
	for _, c := range r.Changes {
		if !c.Overwrite {
			continue
		}
		lines = append(lines, wrap(changeHeadline(c), width, "• ", "  ")...)
		for _, d := range c.Details {
			lines = append(lines, wrap(d, width, "    ", "      ")...)
		}
	}
	return lines
}

// resultLines describes what Apply did, with the ids Okta gave.
func resultLines(st styles, res steps.Result, width int) []string {
	detail := res.Detail
	if detail == "" {
		detail = "Done."
	}
	lines := wrap(st.ok.Render("✓ ")+detail, width, "", "  ")
	for _, o := range res.Objects {
		line := o.Kind + ": " + o.Name
		if o.ID != "" {
			line += "  " + st.muted.Render("id ") + o.ID
		}
		lines = append(lines, wrap(line, width, "  ", "    ")...)
	}
	lines = append(lines, st.muted.Render(fmt.Sprintf("  Okta writes: %d", res.Writes)))
	return lines
}

// errorLines explain a failure: what we tried, what Okta said (code, summary, errorId), and
// what to do. Okta's errors never contain our credentials, and neither do ours.
func errorLines(st styles, tried string, err error, width int) []string {
	lines := wrap(st.err.Render("✗ ")+"Tried: "+tried, width, "", "  ")
	apiErr, ok := okta.AsAPIError(err)
	if !ok {
		return append(lines, wrap(err.Error(), width, "  ", "  ")...)
	}
	// What our side made of Okta's answer (e.g. "… did not accept the API token"), and any
	// advice added after it, without repeating Okta's answer itself.
	before, after, _ := strings.Cut(err.Error(), apiErr.Error())
	if b := strings.TrimRight(strings.TrimSpace(before), ":"); b != "" {
		lines = append(lines, wrap(b, width, "  ", "  ")...)
	}
	advice := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(after), ":"))
	if apiErr.Op != "" && apiErr.Op != tried {
		lines = append(lines, wrap("Okta call: "+apiErr.Op, width, "  ", "    ")...)
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
	lines = append(lines, wrap("Okta said: "+said, width, "  ", "    ")...)
	for _, c := range apiErr.Causes {
		lines = append(lines, wrap("cause: "+c, width, "    ", "      ")...)
	}
	if ids := apiErr.SupportIDs(); len(ids) > 0 {
		lines = append(lines, wrap(st.muted.Render(strings.Join(ids, " · ")), width, "  ", "    ")...)
	}
	switch {
	case apiErr.Hint != "":
		lines = append(lines, wrap(st.bold.Render("What to do: ")+apiErr.Hint, width, "  ", "    ")...)
	case advice != "":
		lines = append(lines, wrap(st.bold.Render("What to do: ")+advice, width, "  ", "    ")...)
	}
	return lines
}
