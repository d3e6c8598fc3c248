package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/steps/signin"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// testSignInOptions are the flags of `test-signin`.
type testSignInOptions struct {
	answers   answerFlags
	flow      string        // --flow
	port      int           // --callback-port
	noBrowser bool          // --no-browser
	timeout   time.Duration // --timeout
	json      bool          // --json
}

func parseTestSignIn(c *cli, args []string) (*testSignInOptions, error) {
	fs := newFlagSet(c, "test-signin",
		"A real sign-in through Okta and ID.me: idme-okta listens on 127.0.0.1, opens the Okta\n"+
			"authorize URL (idp=<the ID.me IdP>) in your browser, and when you come back verifies\n"+
			"the ID token (signature, issuer, audience, expiry, nonce, state) and checks the Okta\n"+
			"user's mapped attributes. Creates the test app first if it is missing.",
		connectionEnv...)
	o := &testSignInOptions{}
	o.answers.addConnection(fs)
	o.answers.addTestGroup(fs)
	oneOfVar(fs, &o.flow, "flow", signin.FlowCode, []string{signin.FlowCode, signin.FlowIDToken}, `"code" (authorization code + PKCE) or "id_token" (the guide's response_type=id_token, response_mode=form_post)`)
	fs.IntVar(&o.port, "callback-port", 0, fmt.Sprintf("loopback port for the callback (default %d, or the one saved); a busy port falls back to a free one", steps.DefaultCallbackPort))
	fs.BoolVar(&o.noBrowser, "no-browser", false, "do not open a browser: print the URL on its own line to stderr and wait")
	fs.DurationVar(&o.timeout, "timeout", signin.DefaultTimeout, "how long to wait for the browser to come back")
	fs.BoolVar(&o.json, "json", false, `print one object: {"result":"pass"|"fail","verdict":"pass"|"pass_with_warnings"|"fail","claims":{…},"user":{…},"problems":[…],"warnings":[…]}`)
	if err := o.answers.parse(fs, args); err != nil {
		return o, err
	}
	if o.answers.set["callback-port"] {
		// Before anything is read, written or saved: a port that is not one would be
		// registered on the test app and remembered for every later test.
		if err := steps.ValidateCallbackPort(o.port); err != nil {
			return o, usagef("--callback-port: %v", err)
		}
	}
	return o, nil
}

func runTestSignIn(ctx context.Context, c *cli, o *testSignInOptions) error {
	setup, err := c.prepare(&o.answers, false)
	if err != nil {
		return err
	}
	if o.answers.set["callback-port"] {
		setup.Answers.CallbackPort = o.port
	}
	lock, err := steps.LockOrg(ctx, setup.OrgURL(), "test-signin", lockWait) // it may create the test app
	if err != nil {
		return err
	}
	defer lock.Release()
	status := c.stderr
	if !o.json {
		status = c.stdout
	}
	if err := signin.Ready(ctx, setup, func(line string) { fmt.Fprintln(status, termtext.Line(line)) }); err != nil {
		return o.answers.invalid(c, err, setup.StatePath) // a test group Okta does not have: exit 2
	}

	opts := signin.OptionsFor(setup)
	opts.Flow, opts.Timeout = o.flow, o.timeout
	opts.Show = func(u string) {
		fmt.Fprintf(c.stderr, "Open this URL in a browser to sign in (waiting up to %s):\n%s\n", o.timeout, termtext.Line(u))
	}
	opts.LogWaiting = func(waited, deadline time.Duration) {
		fmt.Fprintf(c.stderr, "Waiting for Okta's System Log to show the sign-in (%s of up to %s; ctrl+c stops)…\n", waited.Round(time.Second), deadline)
	}
	if !o.noBrowser {
		opts.OpenBrowser = c.openBrowser
	}
	res, err := signin.Run(ctx, opts)
	if errors.Is(err, context.Canceled) {
		return errAborted
	}
	if err != nil {
		return err
	}
	if err := recordSignIn(setup, res); err != nil {
		fmt.Fprintf(c.stderr, "idme-okta: the result could not be saved for status: %s\n", termtext.Line(err.Error()))
	}
	if o.json {
		b, err := json.Marshal(res)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.stdout, string(termtext.JSON(b)))
	} else {
		printSignIn(c.stdout, res)
	}
	if !res.Pass { // a pass with warnings exits 0: the configuration is right
		return errSilent
	}
	return nil
}

// recordSignIn keeps the result in the progress file, as the wizard does, so that status
// reports the last test sign-in.
func recordSignIn(setup *steps.Setup, res *signin.Result) error {
	out := flow.LiveOutcome(res)
	st := steps.StatusError
	if out.State == flow.SignInPassed {
		st = steps.StatusDone
	}
	setup.RecordStep(flow.IDTestSignIn, st, out.Detail)
	return setup.Save()
}

// printSignIn explains the result in words: verdict, what came back, what to fix. Claims,
// profile fields, System Log entries and the callback's error all come from outside (a local
// page can call the listener too), so each is one escaped line: none can forge a "PASS".
func printSignIn(w io.Writer, r *signin.Result) {
	fmt.Fprintln(w, "\n"+signin.VerdictLine(r))
	for _, p := range r.Problems {
		fmt.Fprintf(w, "\n  ✗ %s\n    %s\n", termtext.Line(p.Message), termtext.Line(p.Hint))
	}
	for _, p := range r.Warnings {
		fmt.Fprintf(w, "\n  ! %s\n    %s\n", termtext.Line(p.Message), termtext.Line(p.Hint))
	}
	if len(r.Claims) > 0 {
		fmt.Fprintln(w, "\nID token claims (verified):")
		printMap(w, r.Claims)
	}
	if len(r.User) > 0 {
		fmt.Fprintln(w, "\nOkta user profile:")
		printMap(w, r.User)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "\nnote: %s\n", termtext.Line(n))
	}
	if !r.Pass && len(r.Events) > 0 {
		fmt.Fprintln(w, "\nSystem Log since the test started:")
		for _, e := range r.Events {
			fmt.Fprintf(w, "  %s\n", termtext.Line(signin.DescribeEvent(e))) // DescribeEvent starts with the time
		}
	}
}

func printMap(w io.Writer, m map[string]any) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	width := 0
	shown := make([]string, len(keys))
	for i, k := range keys {
		shown[i] = termtext.Line(k)
		width = max(width, len(shown[i]))
	}
	for i, k := range keys {
		fmt.Fprintf(w, "  %-*s  %s\n", width, shown[i], termtext.Line(strings.TrimSpace(fmt.Sprint(m[k]))))
	}
}
