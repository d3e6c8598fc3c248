package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/idme-okta/idme-okta/steps"
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
	fs.BoolVar(&o.json, "json", false, `print {"org_url":…,"engine":"identity"|"classic","steps":[{"id","title","status","detail"}]}`)
	return o, o.answers.parse(fs, args)
}

func runStatus(ctx context.Context, c *cli, o *statusOptions) error {
	setup, err := c.prepare(&o.answers, false)
	if err != nil {
		return err
	}
	// status reads; it never saves, so a stale progress file stays as the admin left it.
	setup.StatePath = ""

	outcomes := steps.CheckAll(ctx, setup, steps.All())
	doc := statusJSON{OrgURL: setup.Okta.OrgURL(), Engine: string(setup.Known().Engine)}
	failed := false
	for _, o := range outcomes {
		st := statusStepJSON{ID: o.Step.ID(), Title: o.Step.Title(), Status: string(o.Report.Status), Detail: o.Report.Detail}
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
	if ctx.Err() != nil {
		return errAborted
	}

	if o.json {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
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
	}
	if failed {
		return errSilent // a check could not run: the reason is in its detail
	}
	return nil
}

func firstLine(s string) string {
	for i, r := range s {
		if r == '\n' {
			return s[:i] + " …"
		}
	}
	return s
}
