package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// statusJSON is the `status --json` document; its keys are a contract.
type statusJSON struct {
	OrgURL string           `json:"org_url"`
	Engine string           `json:"engine,omitempty"` // "identity" | "classic"; absent when connect failed
	Steps  []statusStepJSON `json:"steps"`
}

type statusStepJSON struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Status string `json:"status"` // done | missing | drifted | error
	Detail string `json:"detail"`
	// Duplicates are copies of the step's object that idme-okta made (apply deletes them
	// after confirmation); absent when there are none.
	Duplicates []statusDuplicateJSON `json:"duplicates,omitempty"`
}

type statusDuplicateJSON struct {
	Kind   string `json:"kind"` // "test app" | "routing rule"
	Name   string `json:"name"`
	ID     string `json:"id"`
	Status string `json:"status"` // as Okta has it: ACTIVE | INACTIVE
	Keeps  string `json:"keeps"`  // the id of the copy idme-okta keeps
}

// statusOptions are the flags of `status`.
type statusOptions struct {
	answers answerFlags
	json    bool // --json
}

func parseStatus(c *cli, args []string) (*statusOptions, error) {
	fs := newFlagSet(c, "status",
		"Check every step against Okta (Okta is the truth; the progress file is only a hint)\n"+
			"and print each as done, missing, drifted or error. Reads only; writes nothing.",
		connectionEnv...)
	o := &statusOptions{}
	o.answers.addConnection(fs)
	fs.BoolVar(&o.json, "json", false, `print {"org_url":…,"engine":"identity"|"classic","steps":[{"id","title","status","detail","duplicates"?}]}`)
	return o, o.answers.parse(fs, args)
}

func runStatus(ctx context.Context, c *cli, o *statusOptions) error {
	setup, err := c.prepare(&o.answers, false)
	if err != nil {
		return err
	}
	// status reads and never saves (CheckAll writes nothing), so a stale progress file stays
	// as the admin left it. StatePath stays: the handoff step finds the saved sheet beside it.
	outcomes := steps.CheckAll(ctx, setup, steps.All())
	doc := statusJSON{OrgURL: setup.Okta.OrgURL(), Engine: string(setup.Known().Engine)}
	failed := false
	for _, o := range outcomes {
		st := statusStepJSON{ID: o.Step.ID(), Title: o.Step.Title(), Status: string(o.Report.Status), Detail: o.Report.Detail}
		for _, d := range o.Report.Duplicates {
			st.Duplicates = append(st.Duplicates, statusDuplicateJSON{Kind: d.Kind, Name: d.Name, ID: d.ID, Status: d.Status, Keeps: d.Keeps})
		}
		if o.Err != nil {
			failed = true
			st.Status, st.Detail = string(steps.StatusError), o.Err.Error()
			var nc *steps.NotCheckedError
			if errors.As(o.Err, &nc) {
				st.Detail = fmt.Sprintf("not checked: step %s failed", nc.Blocker)
			}
		}
		doc.Steps = append(doc.Steps, st)
	}
	doc.Steps = append(doc.Steps, signInRow(setup.StepRecords()[flow.IDTestSignIn]))
	if ctx.Err() != nil {
		return errAborted
	}

	if o.json {
		if err := writeJSON(c.stdout, doc); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(c.stdout, "idme-okta status: %s\n", doc.OrgURL)
		if e := setup.Known().Engine; e != "" {
			fmt.Fprintf(c.stdout, "engine: %s\n", e)
		}
		fmt.Fprintln(c.stdout)
		tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
		for _, st := range doc.Steps {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", st.Status, st.ID, termtext.Line(firstLine(st.Detail)))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		printDuplicates(c.stdout, doc.Steps)
	}
	if failed {
		return errSilent // a check could not run: the reason is in its detail
	}
	return nil
}

// signInRow is the test sign-in as the progress file last recorded it: no check can sign a
// person in, so status reports the last test (the wizard's or test-signin's) and its date.
// A failed or missing test is "missing": sign-in is not known to work ("error" is kept for
// a check that could not run).
func signInRow(r steps.StepRecord) statusStepJSON {
	row := statusStepJSON{ID: flow.IDTestSignIn, Title: flow.SignInTitle, Status: string(steps.StatusMissing)}
	when := ""
	if !r.At.IsZero() {
		when = " on " + r.At.Local().Format("2006-01-02 15:04")
	}
	switch r.Status {
	case steps.StatusDone:
		row.Status = string(steps.StatusDone)
		row.Detail = fmt.Sprintf("passed%s: %s (the last test recorded; run idme-okta test-signin to test again)", when, r.Detail)
	case "":
		row.Detail = "not run yet: run idme-okta test-signin, or the wizard's test sign-in"
	default:
		row.Detail = fmt.Sprintf("the last test sign-in%s failed: %s (run idme-okta test-signin again after fixing it)", when, r.Detail)
	}
	return row
}

// printDuplicates lists the copies idme-okta made twice, under the table.
func printDuplicates(w io.Writer, rows []statusStepJSON) {
	header := false
	for _, st := range rows {
		for _, d := range st.Duplicates {
			if !header {
				fmt.Fprintln(w, "\nduplicates idme-okta made (idme-okta apply deletes them once confirmed, e.g. with --yes):")
				header = true
			}
			fmt.Fprintf(w, "  %s %s %s (%s), a copy of %s, which stays\n", d.Kind, termtext.Quoted(d.Name), termtext.Line(d.ID), termtext.Line(d.Status), termtext.Line(d.Keeps))
		}
	}
}

func firstLine(s string) string {
	for i, r := range s {
		if r == '\n' {
			return s[:i] + " …"
		}
	}
	return s
}
