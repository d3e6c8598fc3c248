package ui

import (
	"cmp"
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/idme-okta/idme-okta/assets"
	"github.com/idme-okta/idme-okta/steps"
)

// settingsScreen asks for what ID.me gave the admin: environment, client ID and secret,
// policy handle, and (under "advanced") the names of the Okta objects.
type settingsScreen struct {
	sess *session
	form *huh.Form

	env, customBase, clientID, secret, handle, idpName, ruleName string
	advanced                                                     bool
	secretPreset                                                 bool
	submitted                                                    bool
}

const envCustom = "custom"

func newSettingsScreen(sess *session) *settingsScreen {
	a := sess.setup.Answers
	s := &settingsScreen{
		sess:         sess,
		env:          a.IDmeEnv,
		clientID:     a.IDmeClientID,
		handle:       a.PolicyHandle,
		idpName:      cmp.Or(a.IdPName, steps.DefaultIdPName),
		ruleName:     cmp.Or(a.RuleName, steps.DefaultRuleName),
		secretPreset: sess.setup.Secrets.IDmeClientSecret != "",
	}
	// A base URL that is not one of ID.me's environments (the demo's simulated ID.me) is
	// offered as its own choice, so it is visible rather than silently kept.
	if env, base, err := steps.ResolveIDmeBaseURL("", a.IDmeBaseURL); err == nil && a.IDmeBaseURL != "" {
		if env == envCustom {
			s.env, s.customBase = envCustom, base
		} else {
			s.env = env
		}
	}
	s.env = cmp.Or(s.env, "sandbox")
	s.form = s.buildForm()
	return s
}

func (s *settingsScreen) envOptions() []huh.Option[string] {
	var opts []huh.Option[string]
	for _, e := range assets.Environments() {
		opts = append(opts, huh.NewOption(e.Title, e.ID))
	}
	if s.customBase != "" {
		opts = append(opts, huh.NewOption("Custom ("+s.customBase+")", envCustom))
	}
	return opts
}

func (s *settingsScreen) buildForm() *huh.Form {
	secretDesc := "From your ID.me Solution Consultant. Masked; never saved or shown."
	if s.secretPreset {
		secretDesc = "Leave empty to use " + s.sess.secretSource() + ". Never saved or shown."
	}
	return newForm(
		huh.NewGroup(
			huh.NewSelect[string]().Title("ID.me environment").Options(s.envOptions()...).Value(&s.env),
			huh.NewInput().Title("ID.me client ID").Value(&s.clientID).Validate(steps.ValidateClientID),
			huh.NewInput().Title("ID.me client secret").Description(secretDesc).
				EchoMode(huh.EchoModePassword).Value(&s.secret).
				Validate(func(v string) error {
					if strings.TrimSpace(v) == "" && !s.secretPreset && !s.sess.idpExists {
						return errors.New("enter the client secret: Okta needs it to create the identity provider")
					}
					return nil
				}),
		),
		huh.NewGroup(
			huh.NewInput().Title("ID.me policy handle").
				Description("Sent as the scope with openid, e.g. teacher or http://idmanagement.gov/ns/assurance/ial/2/aal/2.").
				Value(&s.handle).Validate(steps.ValidatePolicyHandle),
			huh.NewConfirm().Title("Change the names of the Okta objects? (advanced)").
				Affirmative("Yes").Negative("No, use the guide's").Value(&s.advanced),
		),
		huh.NewGroup(
			huh.NewInput().Title("Identity provider name").Value(&s.idpName).
				Validate(func(v string) error { return steps.ValidateName("identity provider name", v) }),
			huh.NewInput().Title("Routing rule name").Value(&s.ruleName).
				Validate(func(v string) error { return steps.ValidateName("routing rule name", v) }),
		).WithHideFunc(func() bool { return !s.advanced }),
	)
}

func (s *settingsScreen) init() tea.Cmd { return s.form.Init() }

func (s *settingsScreen) update(msg tea.Msg) tea.Cmd {
	if s.submitted {
		return nil // a completed form would report completion again
	}
	if size, ok := msg.(tea.WindowSizeMsg); ok {
		msg = formSize(size, s.body(size.Width))
	}
	var cmd tea.Cmd
	var completed bool
	if s.form, cmd, completed = updateForm(s.form, msg); !completed {
		return cmd
	}
	if err := s.store(); err != nil {
		// Only possible for a custom base URL that stopped resolving; ask again.
		s.form = s.buildForm()
		return s.form.Init()
	}
	s.submitted = true
	return tea.Batch(cmd, finish(s, settingsDoneMsg{}))
}

// store writes the answers into the setup. No command reads the setup while a form is open.
func (s *settingsScreen) store() error {
	explicit := ""
	if s.env == envCustom {
		explicit = s.customBase
	}
	env, base, err := steps.ResolveIDmeBaseURL(s.env, explicit)
	if err != nil {
		return err
	}
	setup := s.sess.setup
	setup.Answers.IDmeEnv, setup.Answers.IDmeBaseURL = env, base
	setup.Answers.IDmeClientID = strings.TrimSpace(s.clientID)
	setup.Answers.PolicyHandle = s.handle
	setup.Answers.IdPName, setup.Answers.RuleName = s.idpName, s.ruleName
	if v := strings.TrimSpace(s.secret); v != "" {
		setup.Secrets.IDmeClientSecret = v
	}
	return nil
}

func (s *settingsScreen) body(width int) string {
	st := s.sess.st
	lines := []string{st.heading.Render("ID.me settings"), ""}
	lines = append(lines, wrap("Your ID.me Solution Consultant provides the client ID, client secret and policy handle. The Okta identity provider will use exactly these values.", width, "", "")...)
	if s.sess.idpExists && !s.secretPreset {
		lines = append(lines, "")
		lines = append(lines, wrap("An identity provider with this name is already in Okta: leave the client secret empty to keep the secret stored in Okta.", width, st.accent.Render("ℹ "), "  ")...)
	}
	if h := strings.TrimSpace(s.handle); h != "" {
		lines = append(lines, "")
		lines = append(lines, wrap("Scopes Okta will send: "+st.accent.Render("openid "+h), width, "", "  ")...)
	}
	return strings.Join(lines, "\n")
}

func (s *settingsScreen) actions(int) string { return s.form.View() }

func (s *settingsScreen) title() string { return "ID.me settings" }

func (s *settingsScreen) bindings() []key.Binding { return formBindings }

func (s *settingsScreen) typing() bool { return true }
