package ui

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/signin"
)

// signInChoiceScreen is the guide's "Test the integration": how to test (Option 2 verified
// end to end, Option 1 on the Okta page, or later), and, for Option 2, which response: the
// authorization code with PKCE or the guide's own id_token form_post URL (f).
type signInChoiceScreen struct {
	sess *session
	menu *choice
	flow string
	// What can run: Option 2 needs the test app, both need the identity provider.
	canLive, canPortal bool
}

// Accelerators of the choice; "q" and "c" are taken (quit, copy).
const (
	keyTryDemo   = "d"
	keyTryOwn    = "t"
	keyTryPortal = "o"
	keyTrySkip   = "s"
	keyFlow      = "f"
)

var keyToggleFlow = key.NewBinding(key.WithKeys(keyFlow), key.WithHelp(keyFlow, "id_token or code"))

func newSignInChoiceScreen(sess *session) *signInChoiceScreen {
	known := sess.setup.Known()
	s := &signInChoiceScreen{
		sess:      sess,
		flow:      signin.FlowCode,
		canPortal: known.IdPID != "",
		canLive:   known.IdPID != "" && known.TestAppClientID != "",
	}
	var opts []option
	if s.canLive && sess.opts.DemoBrowser != nil {
		// The demo's newcomer presses Enter and sees a passing sign-in; a person with a
		// browser is one key away.
		opts = append(opts, option{label: "Let idme-okta click through the simulated pages", key: keyTryDemo, value: int(signInDemo)})
	}
	if s.canLive {
		opts = append(opts, option{label: "Run a test sign-in (verified end to end)", key: keyTryOwn, value: int(signInOwn)})
	}
	if s.canPortal {
		opts = append(opts, option{label: "Sign in on the Okta page yourself", key: keyTryPortal, value: int(signInPortal)})
	}
	skip := "Skip for now"
	if !s.canPortal {
		skip = "Continue to the summary"
	}
	opts = append(opts, option{label: skip, key: keyTrySkip, value: int(signInSkip)})
	s.menu = newChoice(opts...)
	s.menu.vertical = true
	return s
}

func (s *signInChoiceScreen) init() tea.Cmd { return nil }

func (s *signInChoiceScreen) update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyMsg); ok && s.canLive && key.Matches(km, keyToggleFlow) {
		s.flow = otherFlow(s.flow)
		return nil
	}
	v, ok := s.menu.update(msg)
	if !ok {
		return nil
	}
	return finish(s, signInPickedMsg{way: signInWay(v), flow: s.flow})
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
	return strings.Join(signInChoiceLines(s.sess, s.sess.st, width, s.canLive, s.canPortal, s.flow), "\n")
}

// signInChoiceLines explain the ways to test; the accessible driver prints them too.
func signInChoiceLines(sess *session, st styles, width int, canLive, canPortal bool, flow string) []string {
	lines := []string{st.heading.Render("Test the integration"), ""}
	if !canPortal {
		lines = append(lines, wrap("There is nothing to test yet: the ID.me identity provider is not in Okta (its step was skipped or failed). Run idme-okta again to finish it, then test.", width, "", "")...)
		return lines
	}
	port := cmp.Or(sess.setup.Answers.CallbackPort, steps.DefaultCallbackPort)
	lines = append(lines, wrap("Okta's guide ends by signing in through ID.me once: Okta should accept the sign-in and fill the user's attributes.", width, "", "")...)
	lines = append(lines, "")
	if canLive {
		lines = append(lines, wrap(st.bold.Render("Run a test sign-in")+" (the guide's Option 2): Okta's authorize URL with idp=<the ID.me IdP> goes straight to ID.me; the answer comes back to idme-okta on "+steps.CallbackURI(port)+", which verifies the ID token and every mapped attribute.", width, "• ", "  ")...)
		if sess.opts.DemoBrowser != nil {
			lines = append(lines, wrap(st.bold.Render("In the demo")+", idme-okta can click through the simulated pages itself, as a person would.", width, "• ", "  ")...)
		}
	} else {
		lines = append(lines, wrap("The verified test sign-in needs the test app, which is not in Okta (its step was skipped or failed).", width, "• ", "  ")...)
	}
	lines = append(lines, wrap(st.bold.Render("Sign in on the Okta page yourself")+" (Option 1): in a private window, choose “Sign in with ID.me” on your org's sign-in page; idme-okta then finds the sign-in in the System Log.", width, "• ", "  ")...)
	lines = append(lines, "")
	lines = append(lines, wrap("ID.me must have registered Okta's redirect URI (the handoff sheet). Signing in creates or updates the Okta user; nothing else is written to Okta.", width, "", "")...)
	if canLive {
		lines = append(lines, "")
		lines = append(lines, wrap(st.muted.Render(fmt.Sprintf("Response: %s (%s: %s)", flowWords(flow), keyFlow, flowWords(otherFlow(flow)))), width, "", "  ")...)
	}
	return lines
}

func (s *signInChoiceScreen) actions(width int) string { return s.menu.view(s.sess.st, width) }

func (s *signInChoiceScreen) title() string { return signInTitle }

func (s *signInChoiceScreen) bindings() []key.Binding {
	b := s.menu.bindings()
	if s.canLive {
		b = append(b, keyToggleFlow)
	}
	return b
}

func (s *signInChoiceScreen) typing() bool { return false }

// signInResultMenu is the choice under a test sign-in's result. After a pass, Continue comes
// first; otherwise trying again does, and the other ways to test (this choice) are offered.
// again names the retry: "Retry", "Test again", "Check again".
func signInResultMenu(pass bool, again string) *choice {
	if pass {
		return newChoice(
			option{label: "Continue", value: pickContinue},
			option{label: again, key: "r", value: pickRetry},
		)
	}
	return newChoice(
		option{label: again, key: "r", value: pickRetry},
		option{label: "Continue", value: pickContinue},
		option{label: "Other ways to test", key: "b", value: pickBack},
	)
}
