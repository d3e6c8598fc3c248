package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/signin"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

func runTestSignIn(ctx context.Context, c *cli, args []string) error {
	fs := newFlagSet(c, "test-signin",
		"A real sign-in through Okta and ID.me: idme-okta listens on 127.0.0.1, opens the Okta\n"+
			"authorize URL (idp=<the ID.me IdP>) in your browser, and when you come back verifies\n"+
			"the ID token (signature, issuer, audience, expiry, nonce, state) and checks the Okta\n"+
			"user's mapped attributes. Creates the test app first if it is missing.",
		connectionEnv...)
	var s settings
	s.addConnection(fs)
	s.addTestGroup(fs)
	flow := fs.String("flow", signin.FlowCode, `"code" (authorization code + PKCE) or "id_token" (the guide's response_type=id_token, response_mode=form_post)`)
	port := fs.Int("callback-port", 0, fmt.Sprintf("loopback port for the callback (default %d, or the one saved); a busy port falls back to a free one", steps.DefaultCallbackPort))
	noBrowser := fs.Bool("no-browser", false, "do not open a browser: print the URL on its own line to stderr and wait")
	timeout := fs.Duration("timeout", signin.DefaultTimeout, "how long to wait for the browser to come back")
	asJSON := fs.Bool("json", false, `print one object: {"result":"pass"|"fail","claims":{…},"user":{…},"problems":[…]}`)
	if err := s.parse(fs, args); err != nil {
		return helpOK(err)
	}
	if *flow != signin.FlowCode && *flow != signin.FlowIDToken {
		return usagef("--flow %q: use code or id_token", *flow)
	}
	setup, err := c.prepare(&s, false)
	if err != nil {
		return err
	}
	if *port != 0 {
		setup.Answers.CallbackPort = *port
	}
	status := c.stderr
	if !*asJSON {
		status = c.stdout
	}

	// The IdP must exist; the test app is this command's to create.
	list := []steps.Step{steps.Connect(), steps.IdentityProvider(), steps.TestApp()}
	for _, o := range steps.CheckAll(ctx, setup, list) {
		switch {
		case o.Err != nil:
			return fmt.Errorf("%s: %w", o.Step.Title(), o.Err)
		case o.Step.ID() == steps.IDIdentityProvider && o.Report.Status == steps.StatusMissing:
			return fmt.Errorf("there is no ID.me identity provider in %s yet: run idme-okta (or idme-okta apply) first", setup.Okta.OrgURL())
		case o.Step.ID() == steps.IDTestApp && o.Report.Status != steps.StatusDone:
			fmt.Fprintf(status, "Preparing the test app: %s\n", termtext.Line(o.Report.Detail))
			res, err := o.Step.Apply(ctx, setup, o.Report)
			if err != nil {
				return fmt.Errorf("%s: %w", o.Step.Title(), err)
			}
			setup.RecordStep(o.Step.ID(), steps.StatusDone, res.Detail)
			if err := setup.Save(); err != nil {
				return err
			}
		}
	}

	known := setup.Known()
	opts := signin.Options{
		Okta:     setup.Okta,
		OrgURL:   setup.Okta.OrgURL(),
		ClientID: known.TestAppClientID,
		IdPID:    known.IdPID,
		Port:     setup.Answers.CallbackPort,
		Flow:     *flow,
		Timeout:  *timeout,
		Expect:   setup.Answers.Mappings,
		EnsurePort: func(ctx context.Context, p int) error {
			_, err := steps.EnsureTestAppCallback(ctx, setup.Okta, known.TestAppID, setup.Answers.CallbackPort, p)
			return err
		},
		Show: func(u string) {
			fmt.Fprintf(c.stderr, "Open this URL in a browser to sign in (waiting up to %s):\n%s\n", *timeout, termtext.Line(u))
		},
	}
	if !*noBrowser {
		opts.OpenBrowser = openBrowser
	}
	res, err := signin.Run(ctx, opts)
	if errors.Is(err, context.Canceled) {
		return errAborted
	}
	if err != nil {
		return err
	}
	if *asJSON {
		b, err := json.Marshal(res)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.stdout, string(b))
	} else {
		printSignIn(c.stdout, res)
	}
	if !res.Pass {
		return errSilent
	}
	return nil
}

// printSignIn explains the result in words: verdict, what came back, what to fix. Claims,
// profile fields, System Log entries and the callback's error all come from outside (a local
// page can call the listener too), so each is one escaped line: none can forge a "PASS".
func printSignIn(w io.Writer, r *signin.Result) {
	if r.Pass {
		fmt.Fprintln(w, "\nPASS: the sign-in through Okta and ID.me worked and the ID token verified.")
	} else {
		fmt.Fprintln(w, "\nFAIL: the test sign-in did not work.")
	}
	for _, p := range r.Problems {
		fmt.Fprintf(w, "\n  ✗ %s\n    %s\n", termtext.Line(p.Message), termtext.Line(p.Hint))
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
