package ui

import (
	"fmt"
	"strings"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/doctor"
	"github.com/idme-okta/idme-okta/steps/export/terraform"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/steps/remove"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// The words of the Manage page and its jobs (flow/manage.go), for both renderers. What
// comes from Okta (names, evidence, System Log reasons) goes through termtext.

const manageIntro = "Okta already has a Sign in with ID.me setup from idme-okta in this org. Resume it to check every step and finish what is left, or look after it: nothing is written before you confirm a plan."

// managedText ends a run left from the day-two menu.
const managedText = "Done. Nothing was written that you did not confirm; run idme-okta again to come back to this menu."

// jobTitle names a job's page.
func jobTitle(a flow.Action) string {
	return map[flow.Action]string{
		flow.ActionStatus:  "Status",
		flow.ActionDoctor:  "Doctor",
		flow.ActionPromote: "Promote to ID.me production",
		flow.ActionRemove:  "Remove the integration",
		flow.ActionExport:  "Export as Terraform",
	}[a]
}

// jobWorking says what a job is doing while it reads or writes.
func jobWorking(j *flow.Job) string {
	if j.Phase == flow.JobWriting {
		if j.Action == flow.ActionExport {
			return "Writing the files…"
		}
		return "Writing to Okta…"
	}
	switch j.Action {
	case flow.ActionDoctor:
		return "Examining the org and its System Log (read-only)…"
	case flow.ActionPromote:
		return "Checking every step against production's settings (read-only)…"
	case flow.ActionExport:
		return "Reading the integration from Okta (read-only)…"
	}
	return "Checking the org (read-only)…"
}

// jobLines are a job's page below its title: what it found (or would write), what it did,
// or why it failed.
func jobLines(sty styles, j *flow.Job, width int) []string {
	switch j.Phase {
	case flow.JobFailed:
		return errorLines(sty, j.Tried, j.Err, width)
	case flow.JobDone:
		return doneLines(sty, j, width)
	case flow.JobShown, flow.JobWriting:
		return foundLines(sty, j, width)
	}
	return nil
}

func foundLines(sty styles, j *flow.Job, width int) []string {
	f := j.Found
	switch j.Action {
	case flow.ActionStatus:
		return statusLines(sty, f.Status, width)
	case flow.ActionDoctor:
		return doctorLines(sty, f.Doctor, width)
	case flow.ActionRemove:
		return removePlanLines(sty, f.Remove, width)
	case flow.ActionExport:
		return exportPlanLines(sty, j.ExportDir, f.Export, width)
	case flow.ActionPromote:
		return promotePlanLines(sty, f.Promote, width)
	}
	return nil
}

// statusLines: every step as Okta has it now.
func statusLines(sty styles, outcomes []steps.Outcome, width int) []string {
	lines := wrap("Every step checked against Okta just now (read-only):", width, "", "")
	lines = append(lines, "")
	for _, o := range outcomes {
		st, detail := o.Report.Status, o.Report.Detail
		if o.Err != nil {
			st, detail = steps.StatusError, o.Err.Error()
		}
		k := flow.MarkOf(st)
		lines = append(lines, wrap(markRender(k, sty, markSymbol(k)+" "+o.Step.Title()+" — "+markWord(k), sty.accent), width, "", "    ")...)
		if detail != "" {
			lines = append(lines, wrap(sty.muted.Render(termtext.Line(detail)), width, "    ", "    ")...)
		}
	}
	return lines
}

// doctorSymbol marks a check.
func doctorSymbol(sty styles, s doctor.Status) string {
	switch s {
	case doctor.OK:
		return sty.ok.Render("✓ ok  ")
	case doctor.Warn:
		return sty.warn.Render("! warn")
	}
	return sty.err.Render("✗ fail")
}

// doctorLines: the engine, each check with its evidence and fix, and the sign-ins of the
// System Log grouped by reason.
func doctorLines(sty styles, r *doctor.Report, width int) []string {
	engine := map[string]string{"identity": "Identity Engine", "classic": "Classic Engine"}[r.Engine]
	if engine == "" {
		engine = "engine unknown"
	}
	lines := wrap(fmt.Sprintf("%s (%s). Nothing was written.", r.OrgURL, engine), width, "", "")
	failed, warned := 0, 0
	for _, ch := range r.Checks {
		lines = append(lines, "")
		lines = append(lines, wrap(doctorSymbol(sty, ch.Status)+" "+sty.bold.Render(ch.Title), width, "", "       ")...)
		lines = append(lines, wrap(termtext.Line(ch.Evidence), width, "       ", "       ")...)
		if ch.Fix != "" {
			fix := "Fix: " + termtext.Line(ch.Fix)
			if ch.ApplyFixes {
				fix += " (resuming the setup fixes it)"
			}
			lines = append(lines, wrap(fix, width, "       ", "       ")...)
		}
		switch ch.Status {
		case doctor.Fail:
			failed++
		case doctor.Warn:
			warned++
		}
	}
	si := r.SignIns
	lines = append(lines, "", sty.heading.Render(fmt.Sprintf("ID.me sign-ins since %s", si.Since.Local().Format("2006-01-02 15:04"))))
	if si.Error != "" {
		lines = append(lines, wrap("The System Log could not be read: "+termtext.Line(si.Error), width, "", "  ")...)
	} else {
		lines = append(lines, fmt.Sprintf("%d in all: %d succeeded, %d failed", si.Total, si.Succeeded, si.Failed))
	}
	for _, reason := range si.Reasons {
		lines = append(lines, wrap(termtext.Line(reason.Line()), width, "• ", "  ")...)
		lines = append(lines, wrap(termtext.Line(reason.Hint), width, "  ", "  ")...)
	}
	return append(lines, "", fmt.Sprintf("%d checks: %d failed, %d warned.", len(r.Checks), failed, warned))
}

// removePlanLines: what would be removed, in order, what is gone already and what is left
// alone, and why.
func removePlanLines(sty styles, p *remove.Plan, width int) []string {
	var lines []string
	if p.NoProgress {
		lines = append(lines, wrap("There is no progress file for this org: idme-okta removes only what it made or adopted, which that file records.", width, "", "")...)
	}
	if p.Empty() {
		lines = append(lines, wrap("Nothing of idme-okta's is left in this org to remove.", width, "", "")...)
	} else {
		lines = append(lines, sty.heading.Render("What will be removed from Okta, in this order:"))
	}
	for _, it := range p.Items {
		line := fmt.Sprintf("%s %s %s", strings.Join(it.Steps, " and "), it.Kind, termtext.Quoted(it.Name))
		if it.ID != "" {
			line += " (" + termtext.Line(it.ID) + ")"
		}
		if it.Status != "" {
			line += ", now " + termtext.Line(it.Status)
		}
		lines = append(lines, wrap(line, width, "• ", "  ")...)
	}
	for _, g := range p.Gone {
		lines = append(lines, wrap("already gone: "+termtext.Line(g), width, "• ", "  ")...)
	}
	if len(p.Left) > 0 {
		lines = append(lines, "", sty.heading.Render("Left alone:"))
		for _, l := range p.Left {
			lines = append(lines, wrap(fmt.Sprintf("%s %s (%s): %s", l.Kind, termtext.Quoted(l.Name), termtext.Line(l.ID), termtext.Line(l.Why)), width, "• ", "  ")...)
		}
	}
	lines = append(lines, "")
	lines = append(lines, wrap("The custom Okta user attributes stay: they hold your users' data. To remove them too, run idme-okta remove --attributes, which counts the users holding a value first.", width, "", "")...)
	if !p.Empty() {
		lines = append(lines, wrap("Once removed, the progress file is archived (.removed), not deleted.", width, "", "")...)
	}
	return lines
}

// exportPlanLines: the files the export writes, the resources with the ids Terraform imports
// them by, and what the files could not say.
func exportPlanLines(sty styles, dir string, r *terraform.Result, width int) []string {
	lines := []string{sty.heading.Render("Files to write in " + dir + ":")}
	for _, f := range r.Files {
		lines = append(lines, "• "+f.Name)
	}
	lines = append(lines, "", sty.heading.Render("Resources, with the ids their import blocks name:"))
	for _, res := range r.Resources {
		lines = append(lines, wrap(res.Address+"  "+termtext.Line(res.ImportID), width, "• ", "  ")...)
	}
	lines = append(lines, noteLines(sty, r.Notes, width)...)
	lines = append(lines, "")
	return append(lines, wrap("The ID.me client secret is a Terraform variable in the files, never its value. Nothing is written to Okta.", width, "", "")...)
}

// promotePlanLines: the steps that change for production, as a step's plan shows them.
func promotePlanLines(sty styles, events []steps.Event, width int) []string {
	if len(events) == 0 {
		return wrap("Every step already matches these production settings: nothing to write.", width, "", "")
	}
	var lines []string
	for _, e := range events {
		lines = append(lines, sty.bold.Render(e.Title))
		if e.Err != nil {
			lines = append(lines, errorLines(sty, "check "+strings.ToLower(e.Title), e.Err, width)...)
			continue
		}
		for _, c := range e.Report.Changes {
			lines = append(lines, wrap(changeHeadline(c), width, "• ", "  ")...)
		}
		lines = append(lines, "")
	}
	return append(lines, wrap("The redirect URI stays the org's: register it for the production client with your ID.me Solution Consultant (the new handoff sheet says so).", width, "", "")...)
}

func doneLines(sty styles, j *flow.Job, width int) []string {
	d := j.Done
	switch j.Action {
	case flow.ActionRemove:
		r := d.Removed
		lines := []string{sty.ok.Render("✓ ") + fmt.Sprintf("Removed: %d Okta writes (%d already gone).", r.Writes, r.Gone)}
		if r.Archived != "" {
			lines = append(lines, wrap("The progress file is archived as "+r.Archived, width, "  ", "  ")...)
		}
		return lines
	case flow.ActionExport:
		lines := []string{sty.ok.Render("✓ ") + "Written:"}
		for _, p := range d.Written {
			lines = append(lines, wrap(p, width, "  ", "  ")...)
		}
		lines = append(lines, "")
		return append(lines, wrap("Run terraform init and terraform plan there: the import blocks adopt the objects, so the first plan shows no changes.", width, "", "")...)
	case flow.ActionPromote:
		lines := []string{sty.ok.Render("✓ ") + "Promoted to ID.me production."}
		for _, e := range d.Promoted {
			lines = append(lines, wrap(e.Title+": "+termtext.Line(e.Result.Detail), width, "• ", "  ")...)
		}
		lines = append(lines, "")
		return append(lines, wrap("Send the new handoff sheet to your ID.me Solution Consultant, then test the sign-in (idme-okta test-signin).", width, "", "")...)
	}
	return nil
}
