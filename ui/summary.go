package ui

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps"
)

// summaryScreen ends the flow: each step's final status, the ids Okta gave, the handoff file
// and what is left to do. The same text is printed after the program exits (Run).
type summaryScreen struct {
	sess *session
}

func newSummaryScreen(sess *session) *summaryScreen { return &summaryScreen{sess: sess} }

func (s *summaryScreen) init() tea.Cmd { return nil }

func (s *summaryScreen) update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyMsg); ok && key.Matches(km, keyEnter) {
		return quitCmd
	}
	return nil
}

func (s *summaryScreen) body(width int) string { return summaryText(s.sess, s.sess.st, width) }

func (s *summaryScreen) actions(int) string { return s.sess.st.key.Render("[ Exit (enter) ]") }

func (s *summaryScreen) title() string { return "Summary" }

func (s *summaryScreen) bindings() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "exit"))}
}

func (s *summaryScreen) typing() bool { return false }

// summaryText is the record of the run.
func (m *Model) summaryText(st styles, width int) string { return summaryText(m.sess, st, width) }

func summaryText(sess *session, st styles, width int) string {
	setup := sess.setup
	known := setup.Known()
	lines := []string{st.heading.Render("Summary"), ""}
	org := setup.Answers.OrgURL
	if setup.Okta != nil {
		org = setup.Okta.OrgURL()
	}
	if org != "" {
		lines = append(lines, wrap("Okta org: "+org, width, "", "  ")...)
		lines = append(lines, "")
	}

	var left, attested, status []string
	for _, e := range sess.board.entries {
		word := e.mark.render(st, e.word(), st.warn) // anything not done is left to do
		status = append(status, wrap(fmt.Sprintf("%s %s — %s", e.mark.symbol(), e.title, word), width, "", "    ")...)
		if e.id == idTestSignIn {
			if e.detail != "" && (e.mark == markDone || e.mark == markError) {
				status = append(status, wrap(e.detail, width, "    ", "    ")...)
			}
			continue // said below, with what to do
		}
		if e.mark == markDone {
			continue
		}
		// An attestation says itself what is left: where to turn the setting on.
		if step := sess.stepByID(e.id); step != nil && steps.FactsOf(step).Attestation != nil {
			attested = append(attested, steps.FactsOf(step).Attestation.LeftToDo)
			continue
		}
		left = append(left, fmt.Sprintf("Finish “%s” (%s): run idme-okta again; finished steps are kept.", e.title, e.mark.word()))
	}
	left = append(left, attested...)
	if known.RedirectURI != "" {
		left = append(left, "Send the handoff sheet to your ID.me Solution Consultant: sign-in works once ID.me has registered the redirect URI.")
	}
	left = append(left, signInLeft(sess, org)...)

	// What is left comes first: it is what the admin acts on.
	lines = append(lines, st.heading.Render("Left to do"))
	for _, l := range left {
		lines = append(lines, wrap(l, width, "• ", "  ")...)
	}
	lines = append(lines, "", st.heading.Render("Steps"))
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
	lines = append(lines, "", st.heading.Render("In Okta and on disk"))
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

// signInLeft is what the test sign-in leaves to do: nothing after a pass, the first
// problem's fix after a failure, the ways to test when it did not run.
func signInLeft(sess *session, org string) []string {
	howToTest := "Test the sign-in: run idme-okta test-signin, or open " + cmp.Or(org, "your Okta org") + " in a private window and choose “Sign in with ID.me” (the guide's “Test the integration”)."
	switch sess.signIn.state {
	case signInPassed:
		return nil
	case signInFailed:
		fix := "Fix the test sign-in: " + strings.TrimRight(sess.signIn.detail, ". ") + "."
		if sess.signIn.hint != "" {
			fix += " " + sess.signIn.hint
		}
		return []string{strings.TrimRight(fix, ". ") + ". Then test again: idme-okta test-signin."}
	}
	return []string{howToTest}
}
