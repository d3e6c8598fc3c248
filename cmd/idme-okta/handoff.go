package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/ui/clipboard"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// handoffOptions are the flags of `handoff`.
type handoffOptions struct {
	answers answerFlags
	format  string // --format
	copy    bool   // --copy
}

func parseHandoff(c *cli, args []string) (*handoffOptions, error) {
	fs := newFlagSet(c, "handoff",
		"Print the handoff sheet for your ID.me Solution Consultant: the redirect URI they must\n"+
			"register (read from Okta's identity provider, never built by hand), the policy handle,\n"+
			"environment, org and IdP. The sheet never contains a secret.",
		connectionEnv...)
	o := &handoffOptions{}
	o.answers.addConnection(fs)
	oneOfVar(fs, &o.format, "format", "text", steps.HandoffFormats, orList(steps.HandoffFormats))
	fs.BoolVar(&o.copy, "copy", false, "also copy the sheet to the clipboard (OSC 52 over SSH); says which method ran on stderr")
	if err := o.answers.parse(fs, args); err != nil {
		return o, err
	}
	return o, nil
}

func runHandoff(ctx context.Context, c *cli, o *handoffOptions) error {
	p, err := c.resolve(&o.answers)
	if err != nil {
		return err
	}
	setup := p.setup(nil, steps.Secrets{})
	setup.StatePath = "" // handoff reads; it never saves progress

	// Okta is the truth: with credentials, the IdP (and its redirect URI) is read again.
	// Without them, the sheet says what the progress file recorded from Okta, and we say so.
	if secrets, err := c.oktaSecrets(p.answers); err == nil {
		if setup.Okta, err = c.dial(p.answers, secrets); err != nil {
			return err
		}
	} else if p.loc.Progress != nil && p.loc.Progress.Objects.RedirectURI != "" {
		fmt.Fprintf(c.stderr, "note: %s is not set; the redirect URI comes from the progress file (%s) and was not re-read from Okta\n", envToken, p.loc.StatePath)
	}
	h, err := setup.CurrentHandoff(ctx)
	switch {
	case errors.Is(err, steps.ErrNoRedirectURI):
		return fmt.Errorf("%w (run idme-okta, or idme-okta apply, first)", err)
	case err != nil:
		return err
	}
	sheet, err := steps.RenderHandoff(h, o.format)
	if err != nil {
		return err
	}
	if o.format != "json" {
		// Text for people, shown in a terminal and pasted from the clipboard: the IdP's name
		// and Okta's redirect URI must not carry a control sequence there. JSON stays exact:
		// only how its strings are spelled changes.
		sheet = []byte(termtext.Block(string(sheet)))
	} else {
		sheet = termtext.JSON(sheet)
	}
	if _, err := c.stdout.Write(sheet); err != nil {
		return err
	}
	if o.copy {
		r := clipboard.Copy(string(sheet), clipboard.DefaultEnv())
		fmt.Fprintln(c.stderr, strings.TrimSpace(r.Message()))
		if r.Method == clipboard.MethodNone {
			return errSilent
		}
	}
	return nil
}
