package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/idme-okta/idme-okta/assets"
	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/ui/clipboard"
)

// The accessible driver asks the same questions and runs the same steps as the TUI, as plain
// sequential prompts: no alternate screen, no redraws, no spinners ("Checking… done" lines
// instead), numbered choices. It shares the root model's state and decisions (resume, start
// over, when progress may be saved) and the texts of render.go; only the driving differs.
type accessible struct {
	m   *Model
	p   *prompter
	ctx context.Context
	st  styles
}

// errQuit is the admin choosing Quit; like the end of input it stops with progress saved.
var errQuit = errors.New("quit")

func runAccessible(ctx context.Context, opts Options) error {
	m := newModel(ctx, opts)
	defer m.cancel()
	a := &accessible{m: m, p: newPrompter(opts.In, opts.Out), ctx: m.sess.ctx, st: plainStyles()}
	err := a.run()
	switch {
	case err == nil:
		m.finished = true
		a.p.say("", summaryText(m.sess, a.st, 100))
		return nil
	case errors.Is(err, errQuit), errors.Is(err, errEndOfInput), ctx.Err() != nil:
		m.aborted = true
		if m.canSave() {
			if serr := m.saver.saveNow(m.sess.setup); serr != nil {
				a.p.say("Progress not saved: " + serr.Error())
			}
		}
		a.p.say("", m.stoppedText())
		return ErrAborted
	}
	return err
}

func (a *accessible) run() error {
	a.intro()
	if err := a.progressQuestion(); err != nil {
		return err
	}
	if err := a.connect(); err != nil {
		return err
	}
	if err := a.settings(); err != nil {
		return err
	}
	return a.steps()
}

func (a *accessible) intro() {
	s := a.m.sess
	a.p.say(fmt.Sprintf("idme-okta %s: set up Sign in with ID.me in your Okta org.", s.opts.Version))
	if s.opts.Demo {
		a.p.say("DEMO: you are connected to a simulated Okta org and a simulated ID.me on this machine.")
	}
	a.p.say("The steps:")
	for i, e := range s.board.entries {
		a.p.say(fmt.Sprintf("  %d. %s", i+1, e.title))
	}
	a.p.say("Nothing is written to your Okta org before you confirm it. Progress is saved as you go (never your token or the client secret).", "")
}

// progressQuestion handles a progress file found before connecting (damaged or not).
func (a *accessible) progressQuestion() error {
	m := a.m
	switch {
	case m.progressErr != nil:
		return a.damaged()
	case m.progress != nil:
		return a.resumeQuestion()
	}
	return nil
}

func (a *accessible) damaged() error {
	a.p.say("The saved progress cannot be read: " + a.m.progressErr.Error())
	i, err := a.p.choose("What now?", []string{"Start over (the damaged file is kept as a .bak copy)", "Quit"}, 0)
	if err != nil {
		return err
	}
	if i == 1 {
		return errQuit
	}
	a.m.resumeAsked = true
	if err := a.m.startOver(); err != nil {
		a.p.say(err.Error())
	}
	return nil
}

func (a *accessible) resumeQuestion() error {
	m := a.m
	p := m.progress
	org := p.OrgURL
	a.p.say(fmt.Sprintf("You have started this before for %s (saved %s): %d of %d steps done.",
		org, when(p.UpdatedAt, time.Now()), doneCount(p, m.sess.opts.Steps), len(m.sess.opts.Steps)))
	for {
		i, err := a.p.choose("Resuming re-checks every step against Okta.", []string{"Resume", "Start over", "Show the saved status", "Quit"}, 0)
		if err != nil {
			return err
		}
		switch i {
		case 0:
			m.resumeAsked = true
			m.resume()
			return nil
		case 1:
			m.resumeAsked = true
			if err := m.startOver(); err != nil {
				a.p.say(err.Error())
			}
			return nil
		case 2:
			for _, st := range m.sess.opts.Steps {
				r, ok := p.Steps[st.ID()]
				if !ok {
					a.p.say("  " + shortTitle(st) + ": not reached")
					continue
				}
				a.p.say(fmt.Sprintf("  %s: %s. %s", shortTitle(st), markOf(r.Status).word(), r.Detail))
			}
		default:
			return errQuit
		}
	}
}

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
			if st := s.stepByID(idConnect); st != nil {
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
			s.board.set(idConnect, markOf(report.Status), report.Detail)
			setup.RecordStep(idConnect, report.Status, report.Detail)
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

func (a *accessible) save() error {
	if !a.m.canSave() {
		return nil
	}
	if err := a.m.saver.saveNow(a.m.sess.setup); err != nil {
		a.p.say("Progress not saved: " + err.Error())
	}
	return nil
}

// idpExists asks Okta, read-only, whether the identity provider is there already (then the
// client secret may be left empty).
func (a *accessible) idpExists() bool {
	s := a.m.sess
	st := s.stepByID(idIdentityProvider)
	if st == nil || s.setup.Okta == nil {
		return false
	}
	msg := prefetchCmd(a.ctx, s.setup, []steps.Step{st}, 0, false)().(prefetchedMsg)
	for _, o := range msg.outcomes {
		if o.Err == nil && (o.Report.Status == steps.StatusDone || o.Report.Status == steps.StatusDrifted) {
			return true
		}
	}
	return false
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
	idpName, ruleName := orDefault(ans.IdPName, steps.DefaultIdPName), orDefault(ans.RuleName, steps.DefaultRuleName)
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

// steps runs every step after connect, in order, like the TUI's flow.
func (a *accessible) steps() error {
	list := a.m.sess.opts.Steps
	for i := 0; i < len(list); i++ {
		st := list[i]
		if st.ID() == idConnect {
			continue
		}
		a.p.say("", fmt.Sprintf("Step %d of %d: %s", i+1, len(list), st.Title()))
		var err error
		switch st.ID() {
		case idProfileMappings:
			var changed bool
			if changed, err = a.mappings(); err == nil && changed {
				// New rows may need attributes the earlier steps have not created yet.
				for _, id := range []string{idUserAttributes, idIdPAttributes} {
					if dep := a.m.sess.stepByID(id); dep != nil {
						a.p.say(shortTitle(dep) + " again, for the changed table:")
						if err = a.step(dep, applyLabels()); err != nil {
							break
						}
					}
				}
			}
			if err == nil {
				err = a.step(st, applyLabels())
			}
		case idHandoff:
			err = a.handoff(st)
		case idOrgChecklist:
			err = a.step(st, checklistLabels())
		default:
			err = a.step(st, applyLabels())
		}
		var edit *editSettingsError
		if errors.As(err, &edit) {
			if err := a.settings(); err != nil {
				return err
			}
			i-- // the same step again
			continue
		}
		if err != nil {
			return err
		}
		if err := a.save(); err != nil {
			return err
		}
	}
	return nil
}

// editSettingsError: the admin wants to change the ID.me settings, then retry the step.
type editSettingsError struct{}

func (*editSettingsError) Error() string { return "edit the ID.me settings" }

// step runs one generic step: check, plan, confirm (twice for overwrites), apply, result.
func (a *accessible) step(st steps.Step, labels stepLabels) error {
	s := a.m.sess
	setup := s.setup
	for {
		fmt.Fprint(a.p.out, "Checking (read-only)… ")
		r, err := st.Check(a.ctx, setup)
		if err == nil && r.Status == steps.StatusError {
			err = reportError(r)
		}
		if a.ctx.Err() != nil {
			return a.ctx.Err()
		}
		if err != nil {
			a.p.say("failed.")
			setup.RecordStep(st.ID(), steps.StatusError, err.Error())
			s.board.set(st.ID(), markError, err.Error())
			if again, err := a.failed("check "+strings.ToLower(st.Title())+" in Okta (read-only)", err, st); err != nil || !again {
				return err
			}
			continue
		}
		a.p.say("done.")
		setup.RecordStep(st.ID(), r.Status, r.Detail)
		s.board.set(st.ID(), markOf(r.Status), r.Detail)
		shown := r
		if labels.attestation {
			shown = withoutOverwrite(r)
		}
		a.p.say(planLines(a.st, shown, 100, labels.heading)...)
		if r.Status == steps.StatusDone && len(r.Changes) == 0 {
			a.p.say(shortTitle(st) + " is already in place: nothing to write.")
			return nil
		}
		i, err := a.p.choose(labels.question, []string{labels.apply, labels.skip, "Quit"}, 0)
		if err != nil {
			return err
		}
		switch i {
		case 1:
			s.board.set(st.ID(), markSkipped, r.Detail)
			return nil
		case 2:
			return errQuit
		}
		if r.NeedsOverwrite() && !labels.attestation {
			a.p.say("These changes replace existing configuration in Okta:")
			a.p.say(overwriteLines(a.st, r, 100)...)
			j, err := a.p.choose("Whatever an admin set there before is overwritten.", []string{"Back (do not replace)", "Replace it"}, 0)
			if err != nil {
				return err
			}
			if j == 0 {
				continue // check again and show the plan
			}
		}
		fmt.Fprint(a.p.out, "Applying… ")
		res, err := st.Apply(a.ctx, setup, r)
		if a.ctx.Err() != nil {
			return a.ctx.Err()
		}
		if err != nil {
			a.p.say("failed.")
			setup.RecordStep(st.ID(), steps.StatusError, err.Error())
			s.board.set(st.ID(), markError, err.Error())
			if again, err := a.failed(strings.ToLower(labels.apply)+": "+st.Title(), err, st); err != nil || !again {
				return err
			}
			continue
		}
		a.p.say("done.")
		a.p.say(resultLines(a.st, res, 100)...)
		setup.RecordStep(st.ID(), steps.StatusDone, res.Detail)
		s.board.set(st.ID(), markDone, res.Detail)
		return nil
	}
}

// failed explains an error and asks what to do; again reports "retry".
func (a *accessible) failed(tried string, err error, st steps.Step) (again bool, _ error) {
	a.p.say(errorLines(a.st, tried, err, 100)...)
	i, cerr := a.p.choose("What now?", []string{"Retry", "Skip this step", "Edit the ID.me settings", "Quit"}, 0)
	switch {
	case cerr != nil:
		return false, cerr
	case i == 0:
		return true, nil
	case i == 1:
		return false, nil
	case i == 2:
		return false, &editSettingsError{}
	}
	return false, errQuit
}

// mappings reviews the mapping table; changed reports whether the admin changed it.
func (a *accessible) mappings() (changed bool, _ error) {
	setup := a.m.sess.setup
	ms := newMappingsScreen(a.m.sess)
	for {
		a.p.say("At each sign-in with ID.me, Okta fills these user attributes from claims in the ID token:")
		for i, r := range ms.rows {
			a.p.say(fmt.Sprintf("  %d. %s ← %s", i+1, r.Attribute, r.Claim))
		}
		a.p.say("Note: Okta's \"Apply updates now\" button has no public API: the mappings apply to each user at their next sign-in.")
		i, err := a.p.choose("The mapping table:", []string{"Keep this table", "Add a row", "Edit a row", "Remove a row", "Reset to the guide's table"}, 0)
		if err != nil {
			return false, err
		}
		switch i {
		case 0:
			if err := steps.ValidateMappings(ms.rows); err != nil {
				a.p.say("  Not accepted: " + err.Error())
				continue
			}
			setup.Answers.Mappings = slices.Clone(ms.rows)
			return !slices.Equal(ms.rows, ms.original), nil
		case 1:
			row, err := a.newRow(ms)
			if err != nil {
				return false, err
			}
			ms.rows = append(slices.Clone(ms.rows), row)
		case 2, 3:
			n, err := a.p.ask(fmt.Sprintf("Row number (1-%d)", len(ms.rows)), "", func(v string) error {
				if k, err := strconv.Atoi(v); err != nil || k < 1 || k > len(ms.rows) {
					return fmt.Errorf("type a row number from 1 to %d", len(ms.rows))
				}
				return nil
			})
			if err != nil {
				return false, err
			}
			k, _ := strconv.Atoi(n)
			rows := slices.Clone(ms.rows)
			if i == 3 {
				ms.rows = slices.Delete(rows, k-1, k)
				continue
			}
			if rows[k-1].Attribute, err = a.p.ask("Okta attribute", rows[k-1].Attribute, nonEmpty("the Okta attribute")); err != nil {
				return false, err
			}
			if rows[k-1].Claim, err = a.p.ask("ID.me claim", rows[k-1].Claim, nonEmpty("the ID.me claim")); err != nil {
				return false, err
			}
			ms.rows = rows
		case 4:
			ms.rows = steps.DefaultMappings()
		}
	}
}

func (a *accessible) newRow(ms *mappingsScreen) (steps.MappingRow, error) {
	sugg := ms.suggestions()
	labels := make([]string, 0, len(sugg)+1)
	for _, c := range sugg {
		labels = append(labels, fmt.Sprintf("%s ← %s (%s)", c.OktaAttribute, c.Claim, c.Title))
	}
	labels = append(labels, "Another claim (type the names)")
	i, err := a.p.choose("Add which ID.me claim?", labels, 0)
	if err != nil {
		return steps.MappingRow{}, err
	}
	if i < len(sugg) {
		return steps.MappingRow{Attribute: sugg[i].OktaAttribute, Claim: sugg[i].Claim}, nil
	}
	attr, err := a.p.ask("Okta attribute", "", nonEmpty("the Okta attribute"))
	if err != nil {
		return steps.MappingRow{}, err
	}
	claim, err := a.p.ask("ID.me claim", "", nonEmpty("the ID.me claim"))
	return steps.MappingRow{Attribute: attr, Claim: claim}, err
}

// handoff saves, shows and copies the sheet for the ID.me Solution Consultant.
func (a *accessible) handoff(st steps.Step) error {
	s := a.m.sess
	setup := s.setup
	for {
		fmt.Fprint(a.p.out, "Saving the handoff sheet… ")
		r, err := st.Check(a.ctx, setup)
		if err == nil {
			_, err = setup.Handoff()
		}
		detail := r.Detail
		if err == nil && r.Status != steps.StatusDone {
			var res steps.Result
			res, err = st.Apply(a.ctx, setup, r)
			detail = res.Detail
		}
		if a.ctx.Err() != nil {
			return a.ctx.Err()
		}
		if err != nil {
			a.p.say("failed.")
			s.board.set(st.ID(), markError, err.Error())
			if again, err := a.failed("save the handoff sheet", err, st); err != nil || !again {
				return err
			}
			continue
		}
		a.p.say("done.")
		setup.RecordStep(st.ID(), steps.StatusDone, detail)
		s.board.set(st.ID(), markDone, detail)
		break
	}
	h, err := setup.Handoff()
	if err != nil {
		return err
	}
	text, err := steps.RenderHandoff(h, "text")
	if err != nil {
		return err
	}
	a.p.say("ID.me must register Okta's redirect URI for your client before anyone can sign in. Send them this sheet; it contains no secrets.", "")
	a.p.say(strings.Split(strings.TrimRight(string(text), "\n"), "\n")...)
	a.p.say("")
	if f := setup.HandoffFile(); f != "" {
		a.p.say("Saved to " + f)
	}
	for {
		res := clipboard.Result{Method: clipboard.MethodNone, Err: errNoClipboard}
		if s.opts.Copy != nil {
			res = s.opts.Copy(string(text))
		}
		a.p.say(res.Message())
		i, err := a.p.choose("The handoff sheet:", []string{"Continue", "Copy it again"}, 0)
		if err != nil || i == 0 {
			return err
		}
	}
}
