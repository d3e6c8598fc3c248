package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// applyOptions are the flags of `apply`.
type applyOptions struct {
	answers  answerFlags
	planOnly bool // --plan
	yes      bool // --yes
}

func parseApply(c *cli, args []string) (*applyOptions, error) {
	fs := newFlagSet(c, "apply",
		"Run every step of the guide without prompts, in this order:"+guideSteps()+"\n"+
			"Safe to repeat: only what is missing is written. Changes to existing configuration\n"+
			"(drift fixes), the org checklist confirmation and deleting copies idme-okta made\n"+
			"twice need --yes.",
		append(append([]string{}, connectionEnv...), idmeEnvDoc...)...)
	o := &applyOptions{}
	o.answers.addConnection(fs)
	o.answers.addIDme(fs)
	fs.BoolVar(&o.planOnly, "plan", false, "print the writes it would make and write nothing")
	fs.BoolVar(&o.yes, "yes", false, "confirm changes to existing configuration, the org checklist (JIT provisioning is on) and deleting copies idme-okta made twice")
	return o, o.answers.parse(fs, args)
}

func runApply(ctx context.Context, c *cli, o *applyOptions) error {
	setup, prep, err := c.prepareFrom(&o.answers, true)
	if err != nil {
		return err
	}
	// A value that is simply missing is a usage error naming where to give it; a value that
	// is there but wrong is explained by Validate.
	switch {
	case setup.Answers.IDmeClientID == "":
		return usagef("no ID.me client ID: pass --idme-client-id or set %s", envIDmeClientID)
	case setup.Answers.PolicyHandle == "":
		return usagef("no ID.me policy handle: pass --policy-handle or set %s", envPolicyHandle)
	}
	if err := setup.Answers.Validate(); err != nil {
		return o.answers.invalid(c, err, setup.StatePath)
	}
	if !o.planOnly {
		// One run per org at a time, taken before anything is read: after waiting for
		// another run, this one sees what that one made.
		lock, err := steps.LockOrg(ctx, setup.OrgURL(), "apply", lockWait)
		if err != nil {
			return err
		}
		defer lock.Release()
		// Prove the progress file can be written before Okta is: a run that wrote to Okta
		// but could not record it would leave the next run to rediscover everything.
		if err := setup.Save(); err != nil {
			return err
		}
	}
	fmt.Fprintf(c.stdout, "idme-okta apply: %s\nprogress file: %s\n", setup.Answers.OrgURL, setup.StatePath)
	if lines := prep.fromFile(c, &o.answers); len(lines) > 0 {
		fmt.Fprintln(c.stdout, "answers from the progress file (no flag or variable gave them):")
		for _, l := range lines {
			fmt.Fprintf(c.stdout, "  %s\n", termtext.Line(l))
		}
	}
	fmt.Fprintln(c.stdout)

	p := &applyPrinter{w: c.stdout}
	runErr := steps.Run(ctx, setup, steps.All(), steps.RunOptions{
		PlanOnly:       o.planOnly,
		AllowOverwrite: o.yes,
		OnEvent:        p.event,
	})
	p.summary(o.planOnly, runErr)
	var refused *steps.OverwriteRefusedError
	switch {
	case runErr == nil:
		return nil
	case errors.As(runErr, &refused):
		return errSilent
	case errors.Is(runErr, context.Canceled):
		return errAborted
	case len(steps.InvalidAnswers(runErr)) > 0:
		return o.answers.invalid(c, runErr, setup.StatePath) // a value Okta showed wrong: exit 2
	default:
		return errSilent // the failing step was printed with its error
	}
}

// applyPrinter turns runner events into plain lines: apply runs in scripts and CI logs. What
// a step reports quotes Okta's data, so every such text goes through termtext.
type applyPrinter struct {
	w                io.Writer
	applied, done    int
	planned, refused int
	writes, failed   int
	pendingChanges   int
}

func (p *applyPrinter) event(e steps.Event) {
	switch e.Kind {
	case steps.EventChecked:
		// The outcome is printed by the event that follows (done, planned, applying …).
	case steps.EventDone:
		p.done++
		fmt.Fprintf(p.w, "[done]    %s: %s\n", e.Title, termtext.Line(e.Report.Detail))
	case steps.EventPlanned:
		p.planned++
		p.pendingChanges += len(e.Report.Changes)
		fmt.Fprintf(p.w, "[plan]    %s: %s\n", e.Title, termtext.Line(e.Report.Detail))
		printChanges(p.w, e.Report)
	case steps.EventRefused:
		p.refused++
		fmt.Fprintf(p.w, "[refused] %s: %s\n", e.Title, termtext.Line(e.Report.Detail))
		printChanges(p.w, e.Report)
		fmt.Fprintf(p.w, "          not applied: this changes existing configuration or confirms what idme-okta cannot check; review it and run again with --yes\n")
	case steps.EventApplying:
		fmt.Fprintf(p.w, "[apply]   %s: %s\n", e.Title, termtext.Line(e.Report.Detail))
		printChanges(p.w, e.Report)
	case steps.EventApplied:
		p.applied++
		p.writes += e.Result.Writes
		fmt.Fprintf(p.w, "          ok: %s\n", termtext.Line(e.Result.Detail))
		for _, o := range e.Result.Objects {
			fmt.Fprintf(p.w, "          %s %s %s\n", o.Kind, termtext.Quoted(o.Name), termtext.Line(o.ID))
		}
	case steps.EventFailed:
		p.failed++
		var nc *steps.NotCheckedError
		if errors.As(e.Err, &nc) {
			fmt.Fprintf(p.w, "[skipped] %s: not checked because %s failed\n", e.Title, nc.Blocker)
			return
		}
		fmt.Fprintf(p.w, "[failed]  %s:\n%s\n", e.Title, indent(termtext.Block(e.Err.Error()), "          "))
	}
}

func printChanges(w io.Writer, r steps.Report) {
	for _, ch := range r.Changes {
		fmt.Fprintf(w, "          %s %s\n", ch.Action, termtext.Line(ch.Object))
		for _, d := range ch.Details {
			fmt.Fprintf(w, "            %s\n", termtext.Line(d))
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "          note: %s\n", termtext.Line(n))
	}
	if r.Decision != nil && r.Decision.Headless != "" {
		fmt.Fprintf(w, "          note: %s\n", termtext.Line(r.Decision.Headless))
	}
}

func (p *applyPrinter) summary(planOnly bool, err error) {
	fmt.Fprintln(p.w)
	var refused *steps.OverwriteRefusedError
	switch {
	case planOnly && err == nil:
		fmt.Fprintf(p.w, "Plan: %d change(s) in %d step(s); %d step(s) already done. Nothing was written (--plan).\n", p.pendingChanges, p.planned, p.done)
	case planOnly:
		fmt.Fprintf(p.w, "Plan incomplete: a check failed (above). Nothing was written (--plan).\n")
	case err == nil:
		fmt.Fprintf(p.w, "Done: %d step(s) applied with %d Okta write(s); %d step(s) were already done.\n", p.applied, p.writes, p.done)
	case errors.As(err, &refused):
		stop := ""
		if refused.Stopped {
			stop = " It stopped at the refused step: the steps after it build on it, so nothing after it was written."
		}
		fmt.Fprintf(p.w, "Stopped: %d step(s) applied with %d Okta write(s), %d already done, %d refused (above: they change existing configuration or take on what an admin made).%s\nReview the plan and run again with --yes to confirm.\n", p.applied, p.writes, p.done, p.refused, stop)
	case steps.WriteOutcomeUnknown(err):
		// Not "0 writes": the last one may have been made.
		fmt.Fprintf(p.w, "Stopped: %d step(s) applied with %d Okta write(s), %d already done, %d failed, and the outcome of the last write is unknown: its answer was lost, so Okta may have made it (above: what reading back found).\nRun the same command again to continue: idme-okta looks before it writes, so nothing is made twice.\n", p.applied, p.writes, p.done, p.failed)
	default:
		fmt.Fprintf(p.w, "Stopped: %d step(s) applied with %d Okta write(s), %d already done, %d refused, %d failed.\nRun the same command again to continue: what is done is not redone.\n", p.applied, p.writes, p.done, p.refused, p.failed)
	}
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+prefix)
}
