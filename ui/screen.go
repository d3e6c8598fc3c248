package ui

import (
	"context"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps"
)

// screen is one page of the wizard. The root model owns the frame (header, side panel,
// footer, scrolling) and the flow between screens; a screen owns its content and keys, and
// tells the root it is finished by returning a message (welcomeDoneMsg, stepDoneMsg …).
//
// Screens are pointers updated in place. They receive every message the root does not
// consume, including a tea.WindowSizeMsg already reduced to their content area.
type screen interface {
	init() tea.Cmd
	update(msg tea.Msg) tea.Cmd
	// body is the scrollable part: explanations, plans, results.
	body(width int) string
	// actions stay pinned under the body: forms, buttons, spinners.
	actions(width int) string
	// title names the screen in the header.
	title() string
	// bindings are the screen's own keys, for the footer.
	bindings() []key.Binding
	// typing reports that a text input has focus: global keys (q, ?, esc) then go to it.
	typing() bool
}

// session is what every screen shares: the run's context (cancelled on quit), the options,
// the setup the steps work on, the styles and the side panel.
type session struct {
	ctx   context.Context
	opts  Options
	setup *steps.Setup
	st    styles
	board *board
	last  ticket
	// idpExists is what the prefetch learned: an IdP of our name is already in Okta, so the
	// ID.me client secret may be left empty (Okta keeps the stored one).
	idpExists bool
	// signIn is the test sign-in's outcome in this run, for the summary.
	signIn signInOutcome
}

func (s *session) ticket() ticket {
	s.last++
	return s.last
}

// stepByID finds a step of the run's list.
func (s *session) stepByID(id string) steps.Step {
	for _, st := range s.opts.Steps {
		if st.ID() == id {
			return st
		}
	}
	return nil
}

// tokenSource names where a preset API token came from, for "leave empty to use …".
func (s *session) tokenSource() string {
	if s.opts.Demo {
		return "the demo org's admin token"
	}
	return "the token from OKTA_CLIENT_TOKEN"
}

// secretSource names where a preset ID.me client secret came from.
func (s *session) secretSource() string {
	if s.opts.Demo {
		return "the demo's ID.me client secret"
	}
	return "the secret from IDME_CLIENT_SECRET"
}
