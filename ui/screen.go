package ui

import (
	"context"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
)

// screen draws one page of the flow (flow.Page) in the TUI. The root model owns the frame
// (header, side panel, footer, scrolling) and passes the flow's moves on; a screen owns its
// content and keys, and tells the root it is finished with a flow.Event (finish).
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

// session is what every page shares, in both renderers: the run's context (cancelled on
// quit), the options, the flow and the styles.
type session struct {
	ctx    context.Context
	opts   Options
	flow   *flow.Flow
	styles styles
	last   ticket // the TUI's last request for work
}

// setup is the run's setup; resume and start over replace it, so it is asked for each time.
func (s *session) setup() *steps.Setup { return s.flow.Setup() }

func (s *session) board() *flow.Board { return s.flow.Board() }

func (s *session) ticket() ticket {
	s.last++
	return s.last
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
