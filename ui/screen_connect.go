package ui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
)

// connectScreen asks for the org and the credentials, builds the client and runs the connect
// step's read-only preflight. Failures show Okta's answer and offer retry or edit.
type connectScreen struct {
	sess  *session
	phase connectPhase
	form  *huh.Form
	spin  spinner.Model
	wait  ticket
	err   error         // dial or check failure
	fail  *steps.Report // the preflight's own verdict (StatusError)
	menu  *choice

	// Form values. The secret ones are only ever rendered masked by huh.
	orgURL, auth, token, appClientID, appKeyID, keyFile string
	tokenPreset                                         bool // a token came with the options
}

type connectPhase int

const (
	connectAsking connectPhase = iota
	connectDialing
	connectChecking
	connectFailed
)

const (
	connectRetry = iota
	connectEdit
)

func newConnectScreen(sess *session) *connectScreen {
	a := sess.setup.Answers
	s := &connectScreen{
		sess:        sess,
		spin:        newSpinner(sess.st),
		orgURL:      a.OrgURL,
		auth:        a.AuthMethod,
		appClientID: a.ServiceAppClientID,
		appKeyID:    a.ServiceAppKeyID,
		keyFile:     a.PrivateKeyFile,
		tokenPreset: sess.setup.Secrets.APIToken != "",
	}
	if s.auth == "" {
		s.auth = steps.AuthToken
	}
	s.form = s.buildForm()
	return s
}

func (s *connectScreen) buildForm() *huh.Form {
	tokenDesc := "Security > API > Tokens, created by a Super Administrator. It is not shown or saved."
	if s.tokenPreset {
		tokenDesc = "Leave empty to use " + s.sess.tokenSource() + ". It is not shown or saved."
	}
	return newForm(
		huh.NewGroup(
			huh.NewInput().Title("Okta org URL").
				Description("For example https://dev-123456.okta.com — an Admin Console (-admin) address is fine.").
				Placeholder("https://dev-123456.okta.com").
				Value(&s.orgURL).
				Validate(func(v string) error { _, err := okta.NormalizeOrgURL(v); return err }),
			huh.NewSelect[string]().Title("Sign in to Okta with").
				Options(
					huh.NewOption("an API token (SSWS)", steps.AuthToken),
					huh.NewOption("an OAuth 2.0 service app (private key JWT)", steps.AuthServiceApp),
				).Value(&s.auth),
		),
		huh.NewGroup(
			huh.NewInput().Title("API token").Description(tokenDesc).
				EchoMode(huh.EchoModePassword).Value(&s.token).
				Validate(func(v string) error {
					if strings.TrimSpace(v) == "" && !s.tokenPreset {
						return errors.New("enter the API token (Security > API > Tokens)")
					}
					return nil
				}),
		).WithHideFunc(func() bool { return s.auth != steps.AuthToken }),
		huh.NewGroup(
			huh.NewInput().Title("Service app client ID").Value(&s.appClientID).
				Validate(nonEmpty("the client ID of the API Services app")),
			huh.NewInput().Title("Key ID (kid)").Description("Optional: the id of the public key registered on the app.").Value(&s.appKeyID),
			huh.NewInput().Title("Private key file (PEM)").Description("A path; the key stays in its file and is not saved.").Value(&s.keyFile).
				Validate(nonEmpty("the path of the PEM file with the app's private key")),
		).WithHideFunc(func() bool { return s.auth != steps.AuthServiceApp }),
	)
}

func (s *connectScreen) init() tea.Cmd { return s.form.Init() }

func (s *connectScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		return spinTick(&s.spin, msg, s.phase == connectDialing || s.phase == connectChecking)
	case dialedMsg:
		if msg.ticket != s.wait {
			return nil
		}
		if msg.err != nil {
			return s.failed(msg.err, nil)
		}
		s.sess.setup.Okta = msg.client
		return s.preflight()
	case checkedMsg:
		if msg.ticket != s.wait {
			return nil
		}
		if msg.err != nil {
			return s.failed(msg.err, nil)
		}
		if msg.report.Status == steps.StatusError {
			r := msg.report
			return s.failed(nil, &r)
		}
		report := msg.report
		return finish(s, connectDoneMsg{report: report})
	}

	if size, ok := msg.(tea.WindowSizeMsg); ok {
		msg = formSize(size, s.body(size.Width))
	}
	switch s.phase {
	case connectAsking:
		var cmd tea.Cmd
		var completed bool
		if s.form, cmd, completed = updateForm(s.form, msg); completed {
			return tea.Batch(cmd, s.connect())
		}
		return cmd
	case connectFailed:
		v, ok := s.menu.update(msg)
		if !ok {
			return nil
		}
		if v == connectRetry {
			return s.connect()
		}
		s.phase, s.err, s.fail = connectAsking, nil, nil
		s.token = "" // a rejected token is not offered again
		s.form = s.buildForm()
		return s.form.Init()
	}
	return nil
}

// connect stores the answers and secrets and dials Okta.
func (s *connectScreen) connect() tea.Cmd {
	setup := s.sess.setup
	org, err := okta.NormalizeOrgURL(s.orgURL)
	if err != nil {
		return s.failed(err, nil)
	}
	setup.Answers.OrgURL = org
	setup.Answers.AuthMethod = s.auth
	setup.Answers.ServiceAppClientID = strings.TrimSpace(s.appClientID)
	setup.Answers.ServiceAppKeyID = strings.TrimSpace(s.appKeyID)
	setup.Answers.PrivateKeyFile = strings.TrimSpace(s.keyFile)
	if t := strings.TrimSpace(s.token); t != "" {
		setup.Secrets.APIToken = t
	}
	if st := s.sess.preflightStep(); st != nil {
		s.sess.board.setCurrent(st.ID())
		s.sess.board.set(st.ID(), markChecking, "")
	}
	s.phase, s.wait = connectDialing, s.sess.ticket()
	return tea.Batch(s.spin.Tick, dialCmd(s.sess.ctx, s.sess.opts.Dial, cloneAnswers(setup.Answers), setup.Secrets, s.wait))
}

// preflight runs the connect step's read-only check (who the token belongs to, and the reads
// the later steps need).
func (s *connectScreen) preflight() tea.Cmd {
	st := s.sess.preflightStep()
	if st == nil {
		return finish(s, connectDoneMsg{report: steps.Report{Status: steps.StatusDone}})
	}
	s.phase, s.wait = connectChecking, s.sess.ticket()
	return checkCmd(s.sess.ctx, s.sess.setup, st, s.wait)
}

func (s *connectScreen) failed(err error, report *steps.Report) tea.Cmd {
	s.phase, s.err, s.fail = connectFailed, err, report
	detail := ""
	if err != nil {
		detail = err.Error()
	} else if report != nil {
		detail = report.Detail
	}
	if st := s.sess.preflightStep(); st != nil {
		s.sess.board.set(st.ID(), markError, detail)
	}
	s.menu = newChoice(
		option{label: "Retry", key: "r", value: connectRetry},
		option{label: "Edit", key: "e", value: connectEdit},
	)
	return nil
}

func (s *connectScreen) body(width int) string {
	st := s.sess.st
	lines := []string{st.heading.Render("Connect to your Okta org"), ""}
	lines = append(lines, wrap("idme-okta only reads until you confirm a change. The token needs the Super Administrator role: the steps create an identity provider, profile attributes, mappings and a routing rule.", width, "", "")...)
	if org, err := okta.NormalizeOrgURL(s.orgURL); err == nil {
		lines = append(lines, "")
		lines = append(lines, wrap("Org: "+st.accent.Render(org), width, "", "     ")...)
		if typed := strings.TrimSpace(s.orgURL); strings.Contains(typed, "-admin") && !strings.Contains(org, "-admin") {
			lines = append(lines, wrap(st.muted.Render("(that is the Admin Console; the org address is used)"), width, "     ", "     ")...)
		}
	}
	switch s.phase {
	case connectFailed:
		lines = append(lines, "")
		if s.fail != nil {
			lines = append(lines, wrap(st.err.Render("✗ ")+"The connection works, but this account cannot run the setup:", width, "", "  ")...)
			lines = append(lines, wrap(s.fail.Detail, width, "  ", "  ")...)
			for _, n := range s.fail.Notes {
				lines = append(lines, wrap(n, width, "  ", "  ")...)
			}
		} else {
			lines = append(lines, errorLines(st, "connect to "+s.sess.setup.Answers.OrgURL+" and read the org (no writes)", s.err, width)...)
		}
		lines = append(lines, "", st.muted.Render("Nothing was written to Okta."))
	}
	return strings.Join(lines, "\n")
}

func (s *connectScreen) actions(width int) string {
	switch s.phase {
	case connectAsking:
		return s.form.View()
	case connectDialing:
		return s.spin.View() + " Connecting to " + s.sess.setup.Answers.OrgURL + "…"
	case connectChecking:
		return s.spin.View() + " Checking the token and reading the org (read-only)…"
	case connectFailed:
		return s.menu.view(s.sess.st, width)
	}
	return ""
}

func (s *connectScreen) title() string { return "Connect to Okta" }

func (s *connectScreen) bindings() []key.Binding {
	switch s.phase {
	case connectAsking:
		return formBindings
	case connectFailed:
		return []key.Binding{keyRetry, key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit"))}
	}
	return nil
}

func (s *connectScreen) typing() bool { return s.phase == connectAsking }
