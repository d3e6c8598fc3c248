package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps/flow"
)

// summaryScreen ends the flow: each step's final status, the ids Okta gave, the handoff file
// and what is left to do. The same text is printed after the program exits (Run).
type summaryScreen struct {
	sess *session
}

func newSummaryScreen(sess *session, _ flow.Page) *summaryScreen { return &summaryScreen{sess: sess} }

func (s *summaryScreen) init() tea.Cmd { return nil }

func (s *summaryScreen) update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyMsg); ok && key.Matches(km, keyEnter) {
		return quitCmd
	}
	return nil
}

func (s *summaryScreen) body(width int) string { return summaryText(s.sess, s.sess.styles, width) }

func (s *summaryScreen) actions(int) string { return s.sess.styles.key.Render("[ Exit (enter) ]") }

func (s *summaryScreen) title() string { return "Summary" }

func (s *summaryScreen) bindings() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "exit"))}
}

func (s *summaryScreen) typing() bool { return false }

// summaryText is the record of the run: what is left to do first (flow.LeftToDo), then every
// step's status, then the ids Okta gave and the files written.
func summaryText(sess *session, sty styles, width int) string {
	setup := sess.setup()
	known := setup.Known()
	lines := []string{sty.heading.Render("Summary"), ""}
	org := setup.OrgURL()
	if org != "" {
		lines = append(lines, wrap("Okta org: "+org, width, "", "  ")...)
		lines = append(lines, "")
	}

	var status []string
	for _, e := range sess.board().Entries {
		word := markRender(e.Mark, sty, entryWord(e), sty.warn) // anything not done is left to do
		status = append(status, wrap(fmt.Sprintf("%s %s — %s", markSymbol(e.Mark), e.Title, word), width, "", "    ")...)
		if e.ID == flow.IDTestSignIn && e.Detail != "" && (e.Mark == flow.MarkDone || e.Mark == flow.MarkError) {
			status = append(status, wrap(e.Detail, width, "    ", "    ")...)
		}
	}

	// What is left comes first: it is what the admin acts on.
	lines = append(lines, sty.heading.Render("Left to do"))
	for _, l := range sess.flow.LeftToDo(org, entryWord) {
		lines = append(lines, wrap(l, width, "• ", "  ")...)
	}
	lines = append(lines, "", sty.heading.Render("Steps"))
	lines = append(lines, status...)

	ids := []struct{ label, value string }{
		{"Identity provider id", known.IdPID},
		{"Redirect URI (for ID.me)", known.RedirectURI},
		{"Profile mapping id", known.MappingID},
		{"Routing rule id", known.RuleID},
		{"Test app id", known.TestAppID},
		{"Test app client ID", known.TestAppClientID},
		{"Handoff sheet", known.HandoffFile},
		{"Progress file", setup.StatePath},
	}
	lines = append(lines, "", sty.heading.Render("In Okta and on disk"))
	if sess.opts.Demo {
		lines = append(lines, wrap("(demo: the simulated org and these files are gone when the demo ends)", width, "", "")...)
	}
	for _, id := range ids {
		if id.value != "" {
			lines = append(lines, wrap(fmt.Sprintf("%s: %s", id.label, id.value), width, "", "    ")...)
		}
	}
	return strings.Join(lines, "\n")
}
