package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/idme-okta/idme-okta/steps/flow"
)

// readScreen is a page that is read, then left with Enter: the welcome (flow.Welcome) and the
// summary (flow.Summary).
type readScreen struct {
	sess   *session
	name   string
	button string // the one action, "Start" or "Exit"
	text   func(sess *session, width int) string
	enter  tea.Cmd
	last   bool // the summary: leaving it is the end of the run, not an abort
}

func newWelcomeScreen(sess *session, _ flow.Page) *readScreen {
	s := &readScreen{sess: sess, name: "Welcome", button: "Start", text: welcomeText}
	s.enter = finish(s, flow.Began{})
	return s
}

// newSummaryScreen ends the flow: each step's final status, the ids Okta gave, the handoff
// file and what is left to do. The same text is printed after the program exits (Run).
func newSummaryScreen(sess *session, _ flow.Page) *readScreen {
	text := func(sess *session, width int) string { return summaryText(sess, sess.styles, width) }
	return &readScreen{sess: sess, name: "Summary", button: "Exit", text: text, enter: quitCmd, last: true}
}

func (s *readScreen) init() tea.Cmd { return nil }

func (s *readScreen) update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyMsg); ok && key.Matches(km, keyEnter) {
		return s.enter
	}
	return nil
}

func (s *readScreen) body(width int) string { return s.text(s.sess, width) }

func (s *readScreen) actions(int) string {
	return s.sess.styles.key.Render("[ " + s.button + " (enter) ]")
}

func (s *readScreen) title() string { return s.name }

func (s *readScreen) bindings() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", strings.ToLower(s.button)))}
}

func (s *readScreen) typing() bool { return false }

// welcomeText says what will happen: the steps, and the promise that nothing is written to
// Okta before the admin confirms it.
func welcomeText(sess *session, width int) string {
	sty := sess.styles
	var lines []string
	lines = append(lines, sty.heading.Render("Set up “Sign in with ID.me” in your Okta org"), "")
	lines = append(lines, wrap("This wizard follows Okta's guide for using ID.me as an OpenID Connect identity provider. It makes the Okta calls for you and shows what it did.", width, "", "")...)
	if sess.opts.Demo {
		lines = append(lines, "")
		lines = append(lines, wrap(sty.demo.Render("DEMO")+" You are connected to a simulated Okta org and a simulated ID.me on this machine. Nothing leaves your computer.", width, "", "")...)
	}
	lines = append(lines, "", sty.heading.Render("What will happen"))
	lines = append(lines, stepList(sess.board().Entries, width)...)
	lines = append(lines, "")
	lines = append(lines, wrap(sty.bold.Render("Nothing is written to your Okta org before you confirm it.")+" Each step first checks Okta and shows what it would change. Progress is saved as you go (never your token or the client secret), so you can stop at any time and resume.", width, "", "")...)
	lines = append(lines, "", "You will need:")
	for _, need := range []string{
		"an Okta API token of a Super Administrator (or an OAuth service app)",
		"the ID.me client ID, client secret and policy handle from your ID.me Solution Consultant",
	} {
		lines = append(lines, wrap(need, width, "  • ", "    ")...)
	}
	return strings.Join(lines, "\n")
}

// stepList numbers the steps, in two columns when they fit: the promise under the list
// ("nothing is written …") must stay on a 24-row terminal.
func stepList(entries []flow.Entry, width int) []string {
	items := make([]string, len(entries))
	colWidth := 0
	for i, e := range entries {
		items[i] = fmt.Sprintf("%2d. %s", i+1, e.Title)
		colWidth = max(colWidth, lipgloss.Width(items[i]))
	}
	const gap = 4
	if len(items) < 6 || 2*colWidth+gap > width {
		var lines []string
		for i, e := range entries {
			lines = append(lines, wrap(e.Title, width, fmt.Sprintf("%2d. ", i+1), "    ")...)
		}
		return lines
	}
	rows := (len(items) + 1) / 2
	lines := make([]string, rows)
	for r := range rows {
		lines[r] = items[r]
		if r+rows < len(items) {
			lines[r] += strings.Repeat(" ", colWidth+gap-lipgloss.Width(items[r])) + items[r+rows]
		}
	}
	return lines
}
