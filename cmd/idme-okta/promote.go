package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/promote"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// promoteOptions are the flags of `promote`.
type promoteOptions struct {
	answers   answerFlags
	to        string // --to
	clientID  string // --idme-client-id
	handle    string // --policy-handle
	baseURL   string // --idme-base-url
	fromState string // --from-state
	planOnly  bool   // --plan
	yes       bool   // --yes
}

func parsePromote(c *cli, args []string) (*promoteOptions, error) {
	fs := newFlagSet(c, "promote",
		"Move a finished sandbox setup to ID.me production in place: the identity provider gets\n"+
			"the production client ID and secret (and policy handle, if new), its four endpoints and\n"+
			"issuer switch to production, and a new handoff sheet is written (the redirect URI stays\n"+
			"the org's: ID.me must register it for the production client). Or, with --from-state,\n"+
			"carry another org's finished setup (mapping table, names, attributes) to this org.\n"+
			"Both run the normal steps: the plan is shown first; running it again finishes a move.",
		append(append([]string{}, connectionEnv...), envIDmeSecret+"  the production client secret (--to production); never passed as a flag")...)
	o := &promoteOptions{}
	o.answers.addConnection(fs)
	suggestVar(fs, &o.to, "to", "", []string{promote.ToProduction}, `where to move the setup: "production"`)
	fs.StringVar(&o.clientID, "idme-client-id", "", "the ID.me production client ID (with --to production)")
	fs.StringVar(&o.handle, "policy-handle", "", "the ID.me production policy handle, when it differs from the sandbox one")
	fs.StringVar(&o.baseURL, "idme-base-url", "", "production's base URL, for a simulated ID.me on this machine (default https://api.id.me/)")
	pathVar(fs, &o.fromState, "from-state", "", "progress `file` of a finished setup in another org, whose answers are applied to this org")
	fs.BoolVar(&o.planOnly, "plan", false, "print the writes it would make and write nothing")
	fs.BoolVar(&o.yes, "yes", false, "make the move without asking (for scripts)")
	if err := o.answers.parse(fs, args); err != nil {
		return o, err
	}
	// These name the production values, not the setup's current answers.
	for _, name := range []string{"idme-client-id", "policy-handle", "idme-base-url"} {
		delete(o.answers.set, name)
	}
	switch {
	case o.to == "" && o.fromState == "":
		return o, usagef("promote needs --to production (or --from-state FILE to bring another org's setup here)")
	case o.to != "" && o.to != promote.ToProduction:
		return o, usagef("--to %q: a setup is promoted to production only", o.to)
	case o.to != "" && o.clientID == "":
		return o, usagef("--to production needs --idme-client-id: the production client ID from your ID.me Solution Consultant")
	case o.to == "" && (o.clientID != "" || o.handle != "" || o.baseURL != ""):
		return o, usagef("--idme-client-id, --policy-handle and --idme-base-url go with --to production")
	}
	return o, nil
}

func runPromote(ctx context.Context, c *cli, o *promoteOptions) error {
	p, err := c.resolve(&o.answers)
	if err != nil {
		return err
	}
	opts := promote.Options{To: o.to, BaseURL: o.baseURL, ClientID: o.clientID, PolicyHandle: o.handle}
	if o.fromState != "" {
		from, err := steps.LoadProgress(o.fromState)
		if err != nil {
			return usagef("--from-state %s: %v", o.fromState, err)
		}
		opts.From = from
	}
	if o.to != "" {
		if opts.ClientSecret, err = c.secret(envIDmeSecret, "ID.me production client secret"); err != nil {
			return err
		}
	}
	// Every value is checked before Okta is contacted.
	var invalid *promote.InvalidError
	if _, err := promote.Answers(p.answers, opts); errors.As(err, &invalid) {
		return usagef("%v", err)
	} else if err != nil {
		return err
	}
	secrets, err := c.oktaSecrets(p.answers)
	if err != nil {
		return err
	}
	if o.to == "" {
		// Carried to another org, the client is the same: its secret creates the IdP there.
		secrets.IDmeClientSecret = strings.TrimSpace(c.getenv(envIDmeSecret))
	}
	client, err := c.dial(p.answers, secrets)
	if err != nil {
		return err
	}
	next, err := promote.Prepare(p.setup(client, secrets), opts)
	if err != nil {
		return err
	}
	a := next.Answers
	fmt.Fprintf(c.stdout, "idme-okta promote: %s\nprogress file: %s\n", next.OrgURL(), next.StatePath)
	if opts.From != nil {
		fmt.Fprintf(c.stdout, "carrying the setup of %s (%s)\n", termtext.Line(opts.From.OrgURL), o.fromState)
	}
	fmt.Fprintf(c.stdout, "ID.me: %s (%s), client %s, policy handle %s\n\n", a.IDmeEnv, termtext.Line(a.IDmeBaseURL), termtext.Line(a.IDmeClientID), termtext.Line(a.PolicyHandle))

	plan := &applyPrinter{w: c.stdout}
	if err := promote.Plan(ctx, next, opts, plan.event); err != nil {
		switch {
		case errors.Is(err, context.Canceled):
			return errAborted
		case errors.Is(err, promote.ErrNothingToPromote):
			return err
		}
		fmt.Fprintln(c.stdout, "\nPlan incomplete: a check failed (above). Nothing was written.")
		return errSilent
	}
	if h, err := next.Handoff(); err == nil {
		fmt.Fprintf(c.stdout, "\nFrom the switch on, ID.me sign-ins go to %s: ID.me must have registered Okta's\n"+
			"redirect URI for client %s before then, or they fail (ask your Solution Consultant;\n"+
			"the new handoff sheet is saved with the move):\n  redirect URI: %s\n  policy handle: %s\n",
			termtext.Line(a.IDmeBaseURL), termtext.Line(a.IDmeClientID), termtext.Line(h.RedirectURI), termtext.Line(h.PolicyHandle))
	}
	if plan.planned == 0 {
		fmt.Fprintln(c.stdout, "\nNothing to change: the org already matches.")
		return nil
	}
	fmt.Fprintf(c.stdout, "\nPlan: %d change(s) in %d step(s).\n", plan.pendingChanges, plan.planned)
	if o.planOnly {
		fmt.Fprintln(c.stdout, "Nothing was written (--plan).")
		return nil
	}
	if err := c.confirmWrites(o.yes, fmt.Sprintf("Make these changes to %s?", next.OrgURL()), "yes"); err != nil {
		return err
	}
	// Prove the progress file can be written before Okta is (as apply does).
	if err := next.Save(); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout)
	run := &applyPrinter{w: c.stdout}
	runErr := promote.Apply(ctx, next, run.event)
	run.summary(false, runErr)
	switch {
	case runErr == nil:
		if path := next.HandoffFile(); path != "" {
			fmt.Fprintf(c.stdout, "The new handoff sheet is in %s: send it to your ID.me Solution Consultant (idme-okta handoff --copy), then run idme-okta test-signin.\n", path)
		}
		return nil
	case errors.Is(runErr, context.Canceled):
		return errAborted
	default:
		return errSilent
	}
}
