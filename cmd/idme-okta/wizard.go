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

// wizardOptions are the flags of the wizard.
type wizardOptions struct {
	answers    answerFlags
	accessible bool // --accessible
}

func parseWizard(c *cli, args []string) (*wizardOptions, error) {
	fs := newFlagSet(c, "wizard",
		"The setup wizard: walks you through Okta's guide for ID.me as an OpenID Connect identity\n"+
			"provider, making the Okta API calls itself. Flags and environment prefill its answers.\n"+
			"Quit at any time (ctrl+c): progress is saved and the next run offers to resume.",
		append(append(append([]string{}, connectionEnv...), idmeEnvDoc...), envAccessible+"=1  plain sequential prompts (like --accessible)")...)
	o := &wizardOptions{}
	o.answers.addConnection(fs)
	o.answers.addIDme(fs)
	addAccessible(fs, &o.accessible)
	return o, o.answers.parse(fs, args)
}

func runWizard(ctx context.Context, c *cli, o *wizardOptions) error {
	plain := c.accessible(o.accessible)
	if !c.interactive && !plain {
		return usagef("the wizard needs a terminal%s: run it in one, use --accessible for plain prompts, or use 'idme-okta apply' for scripts", c.ttyAdvice)
	}
	setup, progress, err := c.wizardSetup(&o.answers)
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

func addAccessible(fs *flag.FlagSet, v *bool) {
	fs.BoolVar(v, "accessible", false, "plain sequential prompts for screen readers: no redraws, no spinners (also TERM=dumb or "+envAccessible+"=1)")
}

// wizardSetup prefills the wizard from flags, environment and defaults. Unlike the headless
// commands it needs nothing: what is missing, the wizard asks; a damaged progress file is
// shown to the admin by the wizard itself, with a way out. When a progress file is found,
// flags and environment are applied over its answers too, so they win on resume as well.
func (c *cli) wizardSetup(f *answerFlags) (*steps.Setup, *steps.Progress, error) {
	loc, err := c.locate(f)
	if err != nil {
		return nil, nil, err
	}
	// The prefill starts from the guide's defaults, not the file: "start over" returns to it.
	answers, err := f.answers(c, steps.Location{Org: loc.Org}.Answers())
	if err != nil {
		return nil, nil, err
	}
	if err := answers.ValidateGiven(); err != nil {
		return nil, nil, f.invalid(c, err, "")
	}
	if loc.Progress != nil {
		if loc.Progress.Answers, err = f.answers(c, loc.Answers()); err != nil {
			return nil, nil, err
		}
		if err := loc.Progress.Answers.ValidateGiven(); err != nil {
			return nil, nil, f.invalid(c, err, loc.StatePath)
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
	setup.StatePath = loc.StatePath
	setup.Version = version
	return setup, loc.Progress, nil
}

// runUI runs the wizard (or its accessible twin) and maps its end to an exit.
func (c *cli) runUI(ctx context.Context, setup *steps.Setup, progress *steps.Progress, accessible bool, demoBrowser func(context.Context, string) error) error {
	var held orgLock
	defer held.release()
	err := ui.Run(ctx, ui.Options{
		OpenBrowser: c.openBrowser,
		DemoBrowser: demoBrowser,
		Setup:       setup,
		Progress:    progress,
		Steps:       steps.All(),
		Dial: func(ctx context.Context, a steps.Answers, sec steps.Secrets) (*okta.Client, error) {
			client, err := c.dial(a, sec)
			if err != nil {
				return nil, err
			}
			// Connecting comes before every read a write depends on: the org's lock is
			// taken here, for the org the admin connects to (it may change on the way).
			if err := held.take(ctx, client.OrgURL(), "wizard"); err != nil {
				return nil, err
			}
			return client, nil
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
