package ui

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/steps/signin"
)

// signInChoiceScreen is the guide's "Test the integration" (flow.SignInChoice): how to test
// (Option 2 verified end to end, Option 1 on the Okta page, or later), and, for Option 2,
// which response: the authorization code with PKCE or the guide's own id_token form_post URL
// (f).
type signInChoiceScreen struct {
	sess     *session
	ways     flow.SignInWays
	menu     *choice
	response string // signin.FlowCode or signin.FlowIDToken
}

// keyFlow toggles the response of Option 2; "q" and "c" are taken (quit, copy).
const keyFlow = "f"

var keyToggleFlow = key.NewBinding(key.WithKeys(keyFlow), key.WithHelp(keyFlow, "id_token or code"))

func newSignInChoiceScreen(sess *session, _ flow.Page) *signInChoiceScreen {
	ways := sess.flow.SignInWays(sess.opts.DemoBrowser != nil)
	return &signInChoiceScreen{sess: sess, ways: ways, menu: newList(ways.Menu), response: signin.FlowCode}
}

func (s *signInChoiceScreen) init() tea.Cmd { return nil }

func (s *signInChoiceScreen) update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyMsg); ok && s.ways.Live && key.Matches(km, keyToggleFlow) {
		s.response = otherFlow(s.response)
		return nil
	}
	if km, ok := msg.(tea.KeyMsg); ok && key.Matches(km, keyBack) && s.sess.flow.CanGoBack() {
		return finish(s, flow.Back{})
	}
	c, ok := s.menu.update(msg)
	if !ok {
		return nil
	}
	return finish(s, s.ways.Chosen(c, s.response))
}

func otherFlow(f string) string {
	if f == signin.FlowIDToken {
		return signin.FlowCode
	}
	return signin.FlowIDToken
}

// flowWords says what a flow is, for the choice and the waiting screen.
func flowWords(f string) string {
	if f == signin.FlowIDToken {
		return "the guide's URL: response_type=id_token, response_mode=form_post"
	}
	return "authorization code with PKCE"
}

func (s *signInChoiceScreen) body(width int) string {
	return strings.Join(signInChoiceLines(s.sess, s.sess.styles, width, s.ways, s.response, keyFlow), "\n")
}

// signInChoiceLines explain the ways to test; the accessible mode prints them too. toggle is
// the key that switches the response, "" where there is none (the accessible mode offers the
// other response as an option of its own).
func signInChoiceLines(sess *session, sty styles, width int, ways flow.SignInWays, responseFlow, toggle string) []string {
	lines := []string{sty.heading.Render("Test the integration"), ""}
	if !ways.Portal {
		lines = append(lines, wrap("There is nothing to test yet: the ID.me identity provider is not in Okta (its step was skipped or failed). Run idme-okta again to finish it, then test.", width, "", "")...)
		return lines
	}
	port := cmp.Or(sess.setup().Answers.CallbackPort, steps.DefaultCallbackPort)
	lines = append(lines, wrap("Okta's guide ends by signing in through ID.me once: Okta should accept the sign-in and fill the user's attributes.", width, "", "")...)
	lines = append(lines, "")
	if ways.Live {
		lines = append(lines, wrap(sty.bold.Render("Run a test sign-in")+" (the guide's Option 2): Okta's authorize URL with idp=<the ID.me IdP> goes straight to ID.me; the answer comes back to idme-okta on "+steps.CallbackURI(port)+", which verifies the ID token and every mapped attribute.", width, "• ", "  ")...)
		if sess.opts.DemoBrowser != nil {
			lines = append(lines, wrap(sty.bold.Render("In the demo")+", idme-okta can click through the simulated pages itself, as a person would.", width, "• ", "  ")...)
		}
	} else {
		lines = append(lines, wrap("The verified test sign-in needs the test app, which is not in Okta (its step was skipped or failed).", width, "• ", "  ")...)
	}
	if ways.Held {
		lines = append(lines, wrap(sty.bold.Render("Signing in on the Okta page")+" (Option 1) comes after going live: the routing rule is held back, so the page shows no “Sign in with ID.me” yet. The verified test needs no routing rule; after it passes, idme-okta offers to go live.", width, "• ", "  ")...)
	} else {
		lines = append(lines, wrap(sty.bold.Render("Sign in on the Okta page yourself")+" (Option 1): in a private window, choose “Sign in with ID.me” on your org's sign-in page; idme-okta then finds the sign-in in the System Log.", width, "• ", "  ")...)
	}
	lines = append(lines, "")
	lines = append(lines, wrap("ID.me must have registered Okta's redirect URI (the handoff sheet). Signing in creates or updates the Okta user; nothing else is written to Okta.", width, "", "")...)
	if ways.Live {
		lines = append(lines, "")
		other := "an option below: " + flowWords(otherFlow(responseFlow))
		if toggle != "" {
			other = toggle + ": " + flowWords(otherFlow(responseFlow))
		}
		lines = append(lines, wrap(sty.muted.Render(fmt.Sprintf("Response: %s (%s)", flowWords(responseFlow), other)), width, "", "  ")...)
	}
	return lines
}

func (s *signInChoiceScreen) actions(width int) string { return s.menu.view(s.sess.styles, width) }

func (s *signInChoiceScreen) title() string { return flow.SignInTitle }

func (s *signInChoiceScreen) bindings() []key.Binding {
	b := s.menu.bindings()
	if s.ways.Live {
		b = append(b, keyToggleFlow)
	}
	if s.sess.flow.CanGoBack() {
		b = append(b, keyBack)
	}
	return b
}

func (s *signInChoiceScreen) typing() bool { return false }
