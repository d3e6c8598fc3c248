package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// idmeScreen asks for the ID.me settings (flow.IDme).
type idmeScreen struct {
	sess      *session
	answers   *idmeAnswers
	form      *huh.Form
	submitted bool
}

func newIDmeScreen(sess *session, _ flow.Page) *idmeScreen {
	s := &idmeScreen{sess: sess, answers: newIDmeAnswers(sess)}
	s.form = s.answers.form().tui()
	return s
}

func (s *idmeScreen) init() tea.Cmd { return s.form.Init() }

func (s *idmeScreen) update(msg tea.Msg) tea.Cmd {
	if s.submitted {
		return nil // a completed form would report completion again
	}
	if formBack(s.form, msg) && s.sess.flow.CanGoBack() {
		// Back to the page before (the step that asked for them, or connecting), keeping
		// what was typed for when the settings are shown again.
		s.sess.idmeDraft, s.submitted = s.answers, true
		return finish(s, flow.Back{})
	}
	if size, ok := msg.(tea.WindowSizeMsg); ok {
		msg = formSize(size, s.body(size.Width))
	}
	var cmd tea.Cmd
	var completed bool
	if s.form, cmd, completed = updateForm(s.form, msg); !completed {
		return cmd
	}
	if err := s.answers.store(); err != nil {
		// Only possible for a custom base URL that stopped resolving; ask again.
		s.form = s.answers.form().tui()
		return s.form.Init()
	}
	s.submitted = true
	return tea.Batch(cmd, finish(s, flow.IDmeDone{}))
}

func (s *idmeScreen) body(width int) string {
	sty := s.sess.styles
	lines := []string{sty.heading.Render("ID.me settings"), ""}
	if c := s.sess.connected(); c != "" {
		lines = append(lines, wrap(sty.ok.Render("✓ ")+termtext.Line(upperFirst(c)), width, "", "  ")...)
		lines = append(lines, "")
	}
	lines = append(lines, wrap("Your ID.me Solution Consultant provides the client ID, client secret and policy handle. The Okta identity provider will use exactly these values.", width, "", "")...)
	if s.sess.flow.SecretKept() && !s.answers.secretPreset {
		lines = append(lines, "")
		lines = append(lines, wrap("An identity provider with this name is already in Okta: leave the client secret empty to keep the secret stored in Okta.", width, sty.accent.Render("ℹ "), "  ")...)
	}
	if strings.TrimSpace(s.answers.handle) != "" {
		lines = append(lines, "")
		lines = append(lines, wrap("Scopes Okta will send: "+sty.accent.Render(steps.ScopesPreview(s.answers.handle)), width, "", "  ")...)
	}
	return strings.Join(lines, "\n")
}

func (s *idmeScreen) actions(int) string { return s.form.View() }

func (s *idmeScreen) title() string { return "ID.me settings" }

func (s *idmeScreen) bindings() []key.Binding {
	return formKeys(s.form, s.sess.flow.CanGoBack())
}

func (s *idmeScreen) typing() bool { return true }
