package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/idme-okta/idme-okta/steps/doctor"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// doctorOptions are the flags of `doctor`.
type doctorOptions struct {
	answers answerFlags
	since   time.Duration // --since
	json    bool          // --json
}

func parseDoctor(c *cli, args []string) (*doctorOptions, error) {
	fs := newFlagSet(c, "doctor",
		"Examine the org's \"Sign in with ID.me\" and say what is wrong, why, and how to fix it:\n"+
			"the identity provider (found by its ID.me endpoints or client ID, so an org set up by\n"+
			"hand works too), its scopes, userinfo endpoint, environments and claims, the mapping,\n"+
			"the routing rule, the engine and the test app; and the ID.me sign-ins of the System\n"+
			"Log since --since, grouped by reason and explained. Reads only; writes nothing.\n"+
			"Exits 1 when a check fails.",
		connectionEnv...)
	o := &doctorOptions{since: doctor.DefaultSince}
	o.answers.addConnection(fs)
	fs.Func("since", "how far back to read the System Log, e.g. 24h, 90m or 7d (default 24h, at most 90d)", func(v string) error {
		d, err := parseSince(v)
		o.since = d
		return err
	})
	fs.BoolVar(&o.json, "json", false, `print {"org_url","engine","checks":[{"id","status","title","evidence","fix","apply_fixes"}],"signins":{"since","total","succeeded","failed","reasons":[…]}}`)
	return o, o.answers.parse(fs, args)
}

// parseSince reads a Go duration, or a number of days ("7d"), from 1 minute to 90 days (the
// System Log keeps 90).
func parseSince(v string) (time.Duration, error) {
	var d time.Duration
	if days, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil {
			return 0, fmt.Errorf("want a duration such as 24h, 90m or 7d")
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(v); err != nil {
			return 0, fmt.Errorf("want a duration such as 24h, 90m or 7d")
		}
	}
	switch {
	case d < time.Minute:
		return 0, fmt.Errorf("%s is too short: at least 1m", v)
	case d > doctor.MaxSince:
		return 0, fmt.Errorf("%s is further back than the System Log keeps (90d)", v)
	}
	return d, nil
}

func runDoctor(ctx context.Context, c *cli, o *doctorOptions) error {
	setup, err := c.prepare(&o.answers, false)
	if err != nil {
		return err
	}
	setup.StatePath = "" // doctor reads; the progress file stays as it is
	r, err := doctor.Run(ctx, setup, doctor.Options{Since: o.since})
	if err != nil {
		if ctx.Err() != nil {
			return errAborted
		}
		return err
	}
	if o.json {
		err = writeJSON(c.stdout, r)
	} else {
		printDoctor(c.stdout, r, o.since)
	}
	switch {
	case err != nil:
		return err
	case r.Failed():
		return errSilent // the failing checks were printed
	}
	return nil
}

// printDoctor writes the report for a person. Evidence and reasons quote Okta, so they go
// through termtext.
func printDoctor(w io.Writer, r *doctor.Report, since time.Duration) {
	engine := map[string]string{"identity": "Identity Engine", "classic": "Classic Engine"}[r.Engine]
	if engine == "" {
		engine = "engine unknown"
	}
	fmt.Fprintf(w, "idme-okta doctor: %s (%s)\n\n", r.OrgURL, engine)
	failed, warned := 0, 0
	for _, ch := range r.Checks {
		fmt.Fprintf(w, "%-5s %-20s %s\n", ch.Status, ch.ID, ch.Title)
		fmt.Fprintf(w, "%s\n", indent(termtext.Block(ch.Evidence), "      "))
		if ch.Fix != "" {
			fix := "fix: " + ch.Fix
			if ch.ApplyFixes {
				fix += " (idme-okta apply fixes this)"
			}
			fmt.Fprintf(w, "%s\n", indent(termtext.Block(fix), "      "))
		}
		switch ch.Status {
		case doctor.Fail:
			failed++
		case doctor.Warn:
			warned++
		}
	}

	si := r.SignIns
	fmt.Fprintf(w, "\nID.me sign-ins in the last %s (since %s):", durationText(since), si.Since.Local().Format("2006-01-02 15:04"))
	switch {
	case si.Error != "":
		fmt.Fprintf(w, " the System Log could not be read\n")
	default:
		fmt.Fprintf(w, " %d, %d succeeded, %d failed\n", si.Total, si.Succeeded, si.Failed)
	}
	for _, reason := range si.Reasons {
		fmt.Fprintf(w, "  %s\n%s\n", termtext.Line(reason.Line()), indent(termtext.Block(reason.Hint), "      "))
	}
	fmt.Fprintf(w, "\n%d check(s): %d failed, %d warned.\n", len(r.Checks), failed, warned)
}

// durationText writes d as --since takes it: 7d, 24h, 1h30m.
func durationText(d time.Duration) string {
	if day := 24 * time.Hour; d%day == 0 && d > day {
		return fmt.Sprintf("%dd", d/day)
	}
	return strings.TrimSuffix(strings.TrimSuffix(d.String(), "0s"), "0m")
}
