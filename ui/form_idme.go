package ui

import (
	"cmp"
	"errors"
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/idme-okta/idme-okta/assets"
	"github.com/idme-okta/idme-okta/steps"
)

// idmeAnswers are the ID.me settings: what ID.me gave the admin (environment, client ID and
// secret, policy handle) and, under "advanced", the names of the Okta objects. The secret is
// only ever drawn masked, and never printed.
type idmeAnswers struct {
	sess *session

	env, customBase, clientID, secret, handle, idpName, ruleName string
	advanced                                                     bool
	secretPreset                                                 bool // a secret came with the options
	customPreset                                                 bool // a custom base URL came with the options: offered as its own choice, not asked
	// back offers Back as an environment (the accessible mode, which has no esc): the
	// questions end there and the page goes back (flow.Back).
	back bool
}

const (
	envCustom = "custom"
	envBack   = "back" // not an environment: the accessible mode's way back (idmeAnswers.back)
)

func newIDmeAnswers(sess *session) *idmeAnswers {
	if d := sess.idmeDraft; d != nil {
		return d // typed before going back (esc): nothing is lost
	}
	setup := sess.setup()
	a := setup.Answers
	s := &idmeAnswers{
		sess:         sess,
		env:          a.IDmeEnv,
		clientID:     a.IDmeClientID,
		handle:       a.PolicyHandle,
		idpName:      cmp.Or(a.IdPName, steps.DefaultIdPName),
		ruleName:     cmp.Or(a.RuleName, steps.DefaultRuleName),
		secretPreset: setup.Secrets.IDmeClientSecret != "",
	}
	// A base URL that is not one of ID.me's environments (the demo's simulated ID.me) is
	// offered as its own choice, so it is visible rather than silently kept.
	if env, base, err := steps.ResolveIDmeBaseURL("", a.IDmeBaseURL); err == nil && a.IDmeBaseURL != "" {
		if env == envCustom {
			s.env, s.customBase, s.customPreset = envCustom, base, true
		} else {
			s.env = env
		}
	}
	s.env = cmp.Or(s.env, "sandbox")
	return s
}

func (s *idmeAnswers) envOptions() []huh.Option[string] {
	var opts []huh.Option[string]
	for _, e := range assets.Environments() {
		opts = append(opts, huh.NewOption(e.Title, e.ID))
	}
	// Custom is always offered (a first run had only Sandbox and Production, with no word of
	// --idme-base-url); its base URL is asked next.
	label := "Custom: another base URL (as --idme-base-url)"
	if s.customBase != "" {
		label = "Custom (" + s.customBase + ")"
	}
	opts = append(opts, huh.NewOption(label, envCustom))
	if s.back {
		opts = append(opts, huh.NewOption("Back to the page before", envBack))
	}
	return opts
}

// secretMayStay: Enter keeps a secret given with the options, or the one Okta stores.
func (s *idmeAnswers) secretMayStay() bool { return s.secretPreset || s.sess.flow.SecretKept() }

func (s *idmeAnswers) form() *form {
	secretDesc := "From your ID.me Solution Consultant. Masked; never saved or shown."
	switch {
	case s.secretPreset:
		secretDesc = "Leave empty to use " + s.sess.secretSource() + ". Never saved or shown."
	case s.sess.flow.SecretKept():
		secretDesc = "The identity provider is already in Okta: leave empty to keep the secret stored there. Never saved or shown."
	}
	f := defineForm(
		group(choiceField("ID.me environment", &s.env, s.envOptions()...)),
		group(
			inputField("ID.me base URL", "The https address ID.me's endpoints live under, e.g. a stand-in's.", &s.customBase, func(v string) error {
				if strings.TrimSpace(v) == "" {
					return errors.New("enter the base URL, or choose Sandbox or Production")
				}
				_, _, err := steps.ResolveIDmeBaseURL("", strings.TrimSpace(v))
				return err
			}),
		).hideUnless(func() bool { return s.env == envCustom && !s.customPreset }),
		group(
			inputField("ID.me client ID", "", &s.clientID, steps.ValidateClientID),
			secretField("ID.me client secret", secretDesc, &s.secret, func(v string) error {
				if strings.TrimSpace(v) == "" && !s.secretMayStay() {
					return errors.New("enter the client secret: Okta needs it to create the identity provider")
				}
				return nil
			}),
		),
		group(
			inputField("ID.me policy handle", "Sent as the scope with openid, e.g. teacher or http://idmanagement.gov/ns/assurance/ial/2/aal/2.",
				&s.handle, steps.ValidatePolicyHandle),
			confirmField("Change the names of the Okta objects? (advanced)", "Yes", "No, use the guide's", &s.advanced),
		),
		group(
			inputField("Identity provider name", "", &s.idpName, func(v string) error { return steps.ValidateName("identity provider name", v) }),
			inputField("Routing rule name", "", &s.ruleName, func(v string) error { return steps.ValidateName("routing rule name", v) }),
		).hideUnless(func() bool { return s.advanced }),
	)
	f.done = s.goingBack
	return f
}

// goingBack: Back was answered for the environment.
func (s *idmeAnswers) goingBack() bool { return s.env == envBack }

// store writes the answers into the setup (no command reads it while the form is open).
func (s *idmeAnswers) store() error {
	explicit := ""
	if s.env == envCustom {
		explicit = strings.TrimSpace(s.customBase)
	}
	env, base, err := steps.ResolveIDmeBaseURL(s.env, explicit)
	if err != nil {
		return err
	}
	setup := s.sess.setup()
	setup.Answers.IDmeEnv, setup.Answers.IDmeBaseURL = env, base
	setup.Answers.IDmeClientID = strings.TrimSpace(s.clientID)
	setup.Answers.PolicyHandle = strings.TrimSpace(s.handle)
	setup.Answers.IdPName, setup.Answers.RuleName = s.idpName, s.ruleName
	if v := strings.TrimSpace(s.secret); v != "" {
		setup.Secrets.IDmeClientSecret = v
	}
	s.sess.idmeDraft = nil
	return nil
}
