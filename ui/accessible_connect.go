package ui

import (
	"cmp"
	"errors"
	"fmt"

	"github.com/idme-okta/idme-okta/assets"
	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
)

// The accessible driver's connect and ID.me settings questions (the TUI's connect and
// settings screens).

func (a *accessible) connect() error {
	s := a.m.sess
	setup := s.setup
	for {
		org, err := a.p.ask("Okta org URL (e.g. https://dev-123456.okta.com)", setup.Answers.OrgURL, func(v string) error {
			_, err := okta.NormalizeOrgURL(v)
			return err
		})
		if err != nil {
			return err
		}
		org, _ = okta.NormalizeOrgURL(org)
		a.p.say("Using " + org)
		def := 0
		if setup.Answers.AuthMethod == steps.AuthServiceApp {
			def = 1
		}
		method, err := a.p.choose("Sign in to Okta with:", []string{"an API token (SSWS)", "an OAuth 2.0 service app (private key JWT)"}, def)
		if err != nil {
			return err
		}
		setup.Answers.OrgURL = org
		if method == 0 {
			setup.Answers.AuthMethod = steps.AuthToken
			if err := a.askToken(); err != nil {
				return err
			}
		} else {
			setup.Answers.AuthMethod = steps.AuthServiceApp
			if err := a.askServiceApp(); err != nil {
				return err
			}
		}
		done, err := a.dialAndCheck()
		if err != nil || done {
			return err
		}
	}
}

func (a *accessible) askToken() error {
	setup := a.m.sess.setup
	label := "API token (Security > API > Tokens; not shown, not saved)"
	preset := setup.Secrets.APIToken != ""
	if preset {
		label = "API token (press Enter to use " + a.m.sess.tokenSource() + ")"
	}
	tok, err := a.p.secret(label, func(v string) error {
		if v == "" && !preset {
			return errors.New("enter the API token")
		}
		return nil
	})
	if err != nil {
		return err
	}
	if tok != "" {
		setup.Secrets.APIToken = tok
	}
	return nil
}

func (a *accessible) askServiceApp() error {
	ans := &a.m.sess.setup.Answers
	var err error
	if ans.ServiceAppClientID, err = a.p.ask("Service app client ID", ans.ServiceAppClientID, nonEmpty("the client ID")); err != nil {
		return err
	}
	if ans.ServiceAppKeyID, err = a.p.ask("Key ID (kid), optional", ans.ServiceAppKeyID, nil); err != nil {
		return err
	}
	ans.PrivateKeyFile, err = a.p.ask("Private key file (PEM path; the key stays in its file)", ans.PrivateKeyFile, nonEmpty("the path of the PEM file"))
	return err
}

// dialAndCheck connects and runs the connect step's preflight. done reports success; false
// with a nil error means the admin wants to edit the answers.
func (a *accessible) dialAndCheck() (done bool, err error) {
	m := a.m
	s := m.sess
	setup := s.setup
	for {
		fmt.Fprint(a.p.out, "Connecting and checking the token (read-only)… ")
		client, err := s.opts.Dial(a.ctx, cloneAnswers(setup.Answers), setup.Secrets)
		var report steps.Report
		if err == nil {
			setup.Okta = client
			if st := s.preflightStep(); st != nil {
				report, err = st.Check(a.ctx, setup)
				if err == nil && report.Status == steps.StatusError {
					err = reportError(report)
				}
			}
		}
		if a.ctx.Err() != nil {
			return false, a.ctx.Err()
		}
		if err == nil {
			a.p.say("done.", report.Detail)
			m.connected = true
			if st := s.preflightStep(); st != nil {
				s.board.set(st.ID(), markOf(report.Status), report.Detail)
				setup.RecordStep(st.ID(), report.Status, report.Detail)
			}
			return true, a.afterConnect()
		}
		a.p.say("failed.")
		a.p.say(errorLines(a.st, "connect to "+setup.Answers.OrgURL+" and read the org (no writes)", err, 100)...)
		a.p.say("Nothing was written to Okta.")
		i, cerr := a.p.choose("What now?", []string{"Retry", "Edit the answers", "Quit"}, 0)
		switch {
		case cerr != nil:
			return false, cerr
		case i == 1:
			return false, nil
		case i == 2:
			return false, errQuit
		}
	}
}

// afterConnect looks for progress of this org when it could not be known before.
func (a *accessible) afterConnect() error {
	m := a.m
	if _, asked := m.offerResumeForOrg(); asked {
		if err := a.progressQuestion(); err != nil {
			return err
		}
	}
	m.resumeAsked = true
	return a.save()
}

// idpExists asks Okta, read-only, whether the identity provider is there already (then the
// client secret may be left empty).
func (a *accessible) idpExists() bool {
	s := a.m.sess
	st := s.secretHolder()
	if st == nil || s.setup.Okta == nil {
		return false
	}
	o := steps.CheckStep(a.ctx, privateCopy(s.setup), st)
	return o.Err == nil && idpInOkta(o.Report)
}

func (a *accessible) settings() error {
	s := a.m.sess
	setup := s.setup
	ans := setup.Answers
	a.p.say("", "ID.me settings: your ID.me Solution Consultant provides the client ID, client secret and policy handle.")

	envs := assets.Environments()
	labels := make([]string, 0, len(envs)+1)
	def := 0
	for i, e := range envs {
		labels = append(labels, e.Title)
		if e.ID == ans.IDmeEnv {
			def = i
		}
	}
	custom := ""
	if env, base, err := steps.ResolveIDmeBaseURL("", ans.IDmeBaseURL); err == nil && ans.IDmeBaseURL != "" && env == envCustom {
		custom = base
		labels = append(labels, "Custom ("+custom+")")
		def = len(labels) - 1
	}
	i, err := a.p.choose("ID.me environment:", labels, def)
	if err != nil {
		return err
	}
	envID, explicit := envCustom, custom
	if i < len(envs) {
		envID, explicit = envs[i].ID, ""
	}
	env, base, err := steps.ResolveIDmeBaseURL(envID, explicit)
	if err != nil {
		return err
	}
	clientID, err := a.p.ask("ID.me client ID", ans.IDmeClientID, steps.ValidateClientID)
	if err != nil {
		return err
	}
	secretPreset := setup.Secrets.IDmeClientSecret != ""
	exists := a.idpExists()
	label := "ID.me client secret (not shown, not saved)"
	switch {
	case secretPreset:
		label = "ID.me client secret (press Enter to use " + s.secretSource() + ")"
	case exists:
		label = "ID.me client secret (the identity provider is already in Okta: press Enter to keep the secret stored there)"
	}
	secret, err := a.p.secret(label, func(v string) error {
		if v == "" && !secretPreset && !exists {
			return errors.New("enter the client secret: Okta needs it to create the identity provider")
		}
		return nil
	})
	if err != nil {
		return err
	}
	handle, err := a.p.ask("ID.me policy handle (sent as the scope with openid)", ans.PolicyHandle, steps.ValidatePolicyHandle)
	if err != nil {
		return err
	}
	idpName, ruleName := cmp.Or(ans.IdPName, steps.DefaultIdPName), cmp.Or(ans.RuleName, steps.DefaultRuleName)
	adv, err := a.p.choose("Change the names of the Okta objects? (advanced)", []string{"No, use the guide's names", "Yes"}, 0)
	if err != nil {
		return err
	}
	if adv == 1 {
		if idpName, err = a.p.ask("Identity provider name", idpName, func(v string) error { return steps.ValidateName("identity provider name", v) }); err != nil {
			return err
		}
		if ruleName, err = a.p.ask("Routing rule name", ruleName, func(v string) error { return steps.ValidateName("routing rule name", v) }); err != nil {
			return err
		}
	}
	setup.Answers.IDmeEnv, setup.Answers.IDmeBaseURL = env, base
	setup.Answers.IDmeClientID, setup.Answers.PolicyHandle = clientID, handle
	setup.Answers.IdPName, setup.Answers.RuleName = idpName, ruleName
	if secret != "" {
		setup.Secrets.IDmeClientSecret = secret
	}
	a.p.say("Scopes Okta will send: openid " + handle)
	return a.save()
}
