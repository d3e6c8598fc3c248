package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/idme-okta/idme-okta/okta/sim/idme"
	"github.com/idme-okta/idme-okta/okta/sim/simbrowser"
	"github.com/idme-okta/idme-okta/steps"
)

// demoOptions are the flags of `demo`.
type demoOptions struct {
	accessible bool            // --accessible
	claims     idme.ClaimStyle // --idme-claims
}

func parseDemo(c *cli, args []string) (*demoOptions, error) {
	fs := newFlagSet(c, "demo",
		"The wizard against a simulated Okta org and a simulated ID.me, both running inside this\n"+
			"process: no account, no network. Answers are prefilled, so Enter walks the whole guide.\n"+
			"Nothing is kept after it ends.")
	o := &demoOptions{}
	addAccessible(fs, &o.accessible)
	addIDmeClaims(fs, &o.claims)
	return o, parseFlags(fs, args)
}

func runDemo(ctx context.Context, c *cli, o *demoOptions) error {
	plain := c.accessible(o.accessible)
	if !c.interactive && !plain {
		return usagef("the demo needs a terminal%s: run it in one, or use --accessible for plain prompts", c.ttyAdvice)
	}
	w, err := startWorld("127.0.0.1:0", "127.0.0.1:0", o.claims)
	if err != nil {
		return err
	}
	defer w.Close()

	// The demo's progress lives and dies with the simulated org.
	dir, err := os.MkdirTemp("", "idme-okta-demo-")
	if err != nil {
		return fmt.Errorf("create a scratch directory for the demo: %w", err)
	}
	defer os.RemoveAll(dir)

	answers := steps.DefaultAnswers()
	answers.OrgURL = w.org.URL()
	answers.IDmeEnv, answers.IDmeBaseURL, err = steps.ResolveIDmeBaseURL("", w.idme.BaseURL())
	if err != nil {
		return err
	}
	answers.IDmeClientID = w.clientID
	answers.PolicyHandle = w.policyHandle
	setup := steps.NewSetup(nil, answers, steps.Secrets{
		APIToken:         w.org.AdminToken(),
		IDmeClientSecret: w.clientSecret,
	}, steps.Objects{})
	setup.StatePath = filepath.Join(dir, "demo.json")
	setup.Version = version
	// A person in the demo may click through the simulated pages in their own browser, or
	// let idme-okta do it where there is none (SSH, a container).
	clickThrough := func(ctx context.Context, url string) error {
		page, err := simbrowser.New().Open(ctx, url)
		if err != nil {
			return err
		}
		if page.Status >= 400 {
			return fmt.Errorf("the simulated browser stopped at %q: %s", page.Title, page.Text())
		}
		return nil
	}
	return c.runUI(ctx, setup, nil, plain, clickThrough)
}
