package ui

import (
	"fmt"
	"strings"

	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// summaryText is the record of the run: what is left to do first (flow.LeftToDo), then every
// step's status, then the ids Okta gave and the files written.
func summaryText(sess *session, sty styles, width int) string {
	setup := sess.setup()
	known := setup.Known()
	lines := []string{sty.heading.Render("Summary"), ""}
	org := setup.OrgURL()
	if org != "" {
		lines = append(lines, wrap("Okta org: "+org, width, "", "  ")...)
		lines = append(lines, "")
	}

	var status []string
	for _, e := range sess.board().Entries {
		word := markRender(e.Mark, sty, entryWord(e), sty.warn) // anything not done is left to do
		status = append(status, wrap(fmt.Sprintf("%s %s — %s", markSymbol(e.Mark), e.Title, word), width, "", "    ")...)
		// The test's outcome, and what a decision means (how users reach ID.me without a
		// routing rule), are worth their line.
		if e.Detail != "" && (e.Decided || e.ID == flow.IDTestSignIn && (e.Mark == flow.MarkDone || e.Mark == flow.MarkError)) {
			status = append(status, wrap(termtext.Line(e.Detail), width, "    ", "    ")...)
		}
		if live := sess.flow.LiveNote(e); live != "" {
			status = append(status, wrap(live, width, "    ", "    ")...)
		}
	}

	// What is left comes first: it is what the admin acts on.
	lines = append(lines, sty.heading.Render("Left to do"))
	for _, l := range sess.flow.LeftToDo(org, entryWord) {
		lines = append(lines, wrap(termtext.Line(l), width, "• ", "  ")...)
	}
	lines = append(lines, "", sty.heading.Render("Steps"))
	lines = append(lines, status...)

	ids := []struct {
		label, value string
		path         bool // never broken inside a name (labelledPath)
	}{
		{"Identity provider id", known.IdPID, false},
		{"Redirect URI (for ID.me)", known.RedirectURI, false},
		{"Profile mapping id", known.MappingID, false},
		{"Routing rule id", known.RuleID, false},
		{"Test app id", known.TestAppID, false},
		{"Test app client ID", known.TestAppClientID, false},
		{"Handoff sheet", known.HandoffFile, true},
		{"Progress file", setup.StatePath, true},
	}
	lines = append(lines, "", sty.heading.Render("In Okta and on disk"))
	if sess.opts.Demo {
		lines = append(lines, wrap("(demo: the simulated org and these files are gone when the demo ends)", width, "", "")...)
	}
	for _, id := range ids {
		switch {
		case id.value == "":
		case id.path:
			lines = append(lines, labelledPath(id.label+": ", termtext.Line(id.value), width)...)
		default:
			lines = append(lines, wrap(fmt.Sprintf("%s: %s", id.label, termtext.Line(id.value)), width, "", "    ")...)
		}
	}
	return strings.Join(lines, "\n")
}

// stoppedText is printed after an abort; it says only what is true about the progress file.
func stoppedText(f *flow.Flow) string {
	path := f.Setup().StatePath
	switch {
	case f.CanSave() && path != "":
		return fmt.Sprintf("Stopped. Progress is saved in %s; run idme-okta again to resume.", path)
	case f.ProgressFound():
		return fmt.Sprintf("Stopped. The progress file %s was left as it was.", path)
	case !f.Connected():
		return "Stopped before connecting to Okta: nothing was written to Okta or saved."
	}
	return "Stopped. No progress file was given, so nothing was saved."
}
