package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/ui/clipboard"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

func runHandoff(ctx context.Context, c *cli, args []string) error {
	fs := newFlagSet(c, "handoff",
		"Print the handoff sheet for your ID.me Solution Consultant: the redirect URI they must\n"+
			"register (read from Okta's identity provider, never built by hand), the policy handle,\n"+
			"environment, org and IdP. The sheet never contains a secret.",
		connectionEnv...)
	var s settings
	s.addConnection(fs)
	format := fs.String("format", "text", "text, markdown or json")
	copyIt := fs.Bool("copy", false, "also copy the sheet to the clipboard (OSC 52 over SSH); says which method ran on stderr")
	if err := s.parse(fs, args); err != nil {
		return helpOK(err)
	}
	if !slices.Contains(steps.HandoffFormats, *format) {
		return usagef("--format %q: use text, markdown or json", *format)
	}
	p, err := c.resolve(&s)
	if err != nil {
		return err
	}
	setup := p.setup(nil, steps.Secrets{})
	setup.StatePath = "" // handoff reads; it never saves progress

	// Okta is the truth: with credentials, read the IdP (and its redirect URI) again.
	// Without them, use what the progress file recorded from Okta, and say so.
	if secrets, err := c.oktaSecrets(p.answers); err == nil {
		client, err := c.dial(p.answers, secrets)
		if err != nil {
			return err
		}
		setup.Okta = client
		if _, err := steps.IdentityProvider().Check(ctx, setup); err != nil {
			return fmt.Errorf("read the identity provider from Okta: %w", err)
		}
	} else if p.progress != nil && p.progress.Objects.RedirectURI != "" {
		fmt.Fprintf(c.stderr, "note: %s is not set; the redirect URI comes from the progress file (%s) and was not re-read from Okta\n", envToken, p.statePath)
	}
	h, err := setup.Handoff()
	if err != nil {
		return fmt.Errorf("%w (run idme-okta, or idme-okta apply, first)", err)
	}
	sheet, err := steps.RenderHandoff(h, *format)
	if err != nil {
		return err
	}
	if *format != "json" {
		// Text for people, shown in a terminal and pasted from the clipboard: the IdP's name
		// and Okta's redirect URI must not carry a control sequence there. JSON stays exact
		// (it escapes control characters itself).
		sheet = []byte(termtext.Block(string(sheet)))
	}
	if _, err := c.stdout.Write(sheet); err != nil {
		return err
	}
	if *copyIt {
		r := clipboard.Copy(string(sheet), clipboard.DefaultEnv())
		fmt.Fprintln(c.stderr, strings.TrimSpace(r.Message()))
		if r.Method == clipboard.MethodNone {
			return errSilent
		}
	}
	return nil
}
