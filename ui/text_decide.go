package ui

import (
	"fmt"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// The words of the questions a step's check leaves to the admin (flow/decide.go): adopt an
// identity provider made by hand, pick one of several, decide how users reach ID.me.

// Why idme-okta adopts rather than creating another: the answer it does not offer.
const (
	adoptWhy   = "idme-okta takes it on (adopts it) and repairs what differs from the guide; it keeps its name. A separate one needs another ID.me client: ID.me registers one redirect URI per client, so a second identity provider for the same client could never sign anyone in."
	adoptLeave = "If you leave it as it is, nothing after this step is written: every later step builds on the identity provider."
)

// plannedLines are a plan as its page shows it: a decision to make, or the writes (with
// what adopting means when the plan adopts).
func plannedLines(sty styles, t *flow.Task, width int, heading string) []string {
	if d := t.Decision(); d != nil {
		return decisionLines(sty, t.Report, d, width)
	}
	lines := planLines(sty, t.Shown(), width, heading)
	if t.Adopting() {
		lines = append(lines, "")
		lines = append(lines, wrap(sty.bold.Render("Adopt, not duplicate: ")+adoptWhy, width, "", "")...)
		lines = append(lines, wrap(adoptLeave, width, "", "")...)
	}
	return lines
}

// decisionLines: where the step stands, why it asks, what each answer does, and its notes.
func decisionLines(sty styles, r steps.Report, d *steps.Decision, width int) []string {
	lines := wrap(statusLine(sty, r), width, "", "  ")
	for i, e := range d.Explain {
		lines = append(lines, "")
		e = termtext.Line(e) // it may name apps from Okta
		if i == 0 {
			lines = append(lines, wrap(e, width, "", "")...)
			continue
		}
		lines = append(lines, wrap(e, width, "• ", "  ")...)
	}
	return append(lines, noteLines(sty, r.Notes, width)...)
}

// candidateLines explain the choice among identity providers that use the ID.me client.
func candidateLines(sty styles, t *flow.Task, clientID string, width int) []string {
	lines := wrap(fmt.Sprintf("%d identity providers in this org use the ID.me client ID %s, and none is known to be idme-okta's:", len(t.Candidates), termtext.Line(clientID)), width, "", "")
	for _, c := range t.Candidates {
		lines = append(lines, wrap(fmt.Sprintf("%s  %s  %s", termtext.Quoted(c.Name), termtext.Line(c.ID), termtext.Line(c.Status)), width, "• ", "  ")...)
	}
	lines = append(lines, "")
	lines = append(lines, wrap("Pick the one to adopt; the others are left as they are (delete the ones you do not use in Security > Identity Providers). idme-okta creates no other for this client: ID.me registers one redirect URI per client.", width, "", "")...)
	return lines
}
