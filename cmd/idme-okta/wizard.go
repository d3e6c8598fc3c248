package main

import (
	"context"
	"errors"
	"flag"
	"strings"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/ui"
	"github.com/idme-okta/idme-okta/ui/clipboard"
)

func runWizard(ctx context.Context, c *cli, args []string) error {
	fs := newFlagSet(c, "",
		"The setup wizard: walks you through Okta's guide for ID.me as an OpenID Connect identity\n"+
			"provider, making the Okta API calls itself. Flags and environment prefill its answers.\n"+
			"Quit at any time (ctrl+c): progress is saved and the next run offers to resume.",
		append(append(append([]string{}, connectionEnv...), idmeEnvDoc...), envAccessible+"=1  plain sequential prompts (like --accessible)")...)
	var s settings
	s.addConnection(fs)
	s.addIDme(fs)
	accessible := addAccessible(fs)
	if err := s.parse(fs, args); err != nil {
		return helpOK(err)
	}
	plain := c.accessible(*accessible)
	if !c.interactive && !plain {
		return usagef("the wizard needs a terminal: run it in one, use --accessible for plain prompts, or use 'idme-okta apply' for scripts")
	}
	setup, progress, err := c.wizardSetup(&s)
	if err != nil {
		return err
	}
	return c.runUI(ctx, setup, progress, plain, nil)
}

// accessible reports whether to use plain sequential prompts: the flag, IDME_OKTA_ACCESSIBLE,
// or a terminal that cannot redraw (TERM=dumb).
func (c *cli) accessible(flag bool) bool {
	v := c.getenv(envAccessible)
	return flag || (v != "" && v != "0") || c.getenv("TERM") == "dumb"
}

func addAccessible(fs *flag.FlagSet) *bool {
	return fs.Bool("accessible", false, "plain sequential prompts for screen readers: no redraws, no spinners (also TERM=dumb or "+envAccessible+"=1)")
}

// wizardSetup prefills the wizard from flags, environment and defaults. Unlike the headless
// commands it needs nothing: what is missing, the wizard asks; a damaged progress file is
// shown to the admin by the wizard itself, with a way out. When a progress file is found,
// flags and environment are applied over its answers too, so they win on resume as well.
func (c *cli) wizardSetup(s *settings) (*steps.Setup, *steps.Progress, error) {
	loc, err := c.locate(s)
	if err != nil {
		return nil, nil, err
	}
	answers, err := c.answersOver(s, loc, steps.DefaultAnswers())
	if err != nil {
		return nil, nil, err
	}
	if loc.progress != nil {
		if loc.progress.Answers, err = c.answersOver(s, loc, loc.progress.Answers); err != nil {
			return nil, nil, err
		}
	}
	secrets := steps.Secrets{
		APIToken:         strings.TrimSpace(c.getenv(envToken)),
		IDmeClientSecret: strings.TrimSpace(c.getenv(envIDmeSecret)),
	}
	if pem := c.getenv(envSAPrivateKey); pem != "" {
		secrets.PrivateKeyPEM = []byte(pem)
	}
	setup := steps.NewSetup(nil, answers, secrets, steps.Objects{})
	setup.StatePath = loc.statePath
	setup.Version = version
	return setup, loc.progress, nil
}

// runUI runs the wizard (or its accessible twin) and maps its end to an exit.
func (c *cli) runUI(ctx context.Context, setup *steps.Setup, progress *steps.Progress, accessible bool, demoBrowser func(context.Context, string) error) error {
	err := ui.Run(ctx, ui.Options{
		OpenBrowser: openBrowser,
		DemoBrowser: demoBrowser,
		Setup:       setup,
		Progress:    progress,
		Steps:       steps.All(),
		Dial: func(_ context.Context, a steps.Answers, sec steps.Secrets) (*okta.Client, error) {
			return c.dial(a, sec)
		},
		Copy:       func(text string) clipboard.Result { return clipboard.Copy(text, clipboard.DefaultEnv()) },
		Demo:       demoBrowser != nil,
		Accessible: accessible,
		In:         c.stdin,
		Out:        c.stdout,
		Version:    version,
	})
	if errors.Is(err, ui.ErrAborted) {
		return errStoppedSilently
	}
	return err
}
