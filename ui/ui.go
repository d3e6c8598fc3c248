// Package ui is the idme-okta wizard: it walks an Okta admin through Okta's guide for ID.me
// as an OpenID Connect identity provider, doing the Okta calls itself (through package steps)
// and showing what it did. The flow itself is package steps/flow; this package renders it
// twice, as a Bubble Tea program (tui*.go, screen_*.go, component_*.go) and as plain lines
// for screen readers and TERM=dumb (line*.go), with the forms (form*.go), words (text*.go) and
// styles both share.
//
// Nothing here calls the Okta SDK: every read and write goes through steps.
package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/ui/clipboard"
)

// DialFunc builds the Okta client from the connect answers (steps.Dial in production).
type DialFunc func(ctx context.Context, a steps.Answers, s steps.Secrets) (*okta.Client, error)

// Options are everything the wizard needs; the CLI fills them from flags and environment.
type Options struct {
	Setup      *steps.Setup    // answers prefilled from flags/env/demo; secrets from env (never shown)
	Progress   *steps.Progress // the existing progress file, nil on a first run
	Steps      []steps.Step    // steps.All()
	Dial       DialFunc
	Copy       func(text string) clipboard.Result // clipboard.Copy with DefaultEnv
	Demo       bool                               // the built-in simulated org: say so on screen
	Accessible bool                               // plain sequential prompts (also when TERM=dumb)
	In         io.Reader                          // stdin (tests: a buffer)
	Out        io.Writer                          // stdout
	Version    string

	// OpenBrowser opens the admin's own browser on a URL; nil = never try (the URL is always shown).
	OpenBrowser func(url string) error
	// DemoBrowser, set only by `idme-okta demo`, walks the simulated Okta and ID.me pages like a
	// person would (okta/sim/simbrowser), for terminals without a browser. nil elsewhere.
	DemoBrowser func(ctx context.Context, url string) error
	// SignInTimeout bounds the wait for the browser; 0 = signin.DefaultTimeout.
	SignInTimeout time.Duration
	// LogSettle bounds the wait for Okta's System Log to show a test sign-in; 0 =
	// signin.DefaultLogSettle, negative = read it once.
	LogSettle time.Duration
}

// ErrAborted is returned by Run when the admin stopped before the end (ctrl+c, q). Progress
// was saved first, so running again offers to resume.
var ErrAborted = errors.New("aborted")

// New returns the root model of the wizard (teatest drives it directly).
func New(opts Options) tea.Model {
	return newModel(context.Background(), opts)
}

// Run runs the wizard until the summary or until the admin stops, which returns ErrAborted.
//
// The TUI uses the alternate screen, so resizing and step-by-step redraws never leave debris
// in the admin's scrollback; the summary is printed to Out after the program ends, so the
// record of what was done (ids, the handoff file) stays visible in the terminal.
func Run(ctx context.Context, opts Options) error {
	if err := opts.check(); err != nil {
		return err
	}
	if opts.Accessible || os.Getenv("TERM") == "dumb" {
		return runAccessible(ctx, opts)
	}
	useRendererFor(opts.Out)
	m := newModel(ctx, opts)
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(opts.In), tea.WithOutput(opts.Out), tea.WithAltScreen())
	final, err := p.Run()
	fm, _ := final.(*Model)
	if fm != nil {
		fm.cancel()
	}
	switch {
	case errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil, errors.Is(err, tea.ErrInterrupted):
		if fm != nil && fm.sess.flow.CanSave() {
			_ = fm.saver.saveNow(fm.sess.setup())
		}
		return ErrAborted
	case err != nil:
		return fmt.Errorf("wizard: %w", err)
	case fm == nil:
		return errors.New("wizard: the program ended without its model")
	}
	if fm.aborted {
		fmt.Fprintln(opts.Out, stoppedText(fm.sess.flow))
		return ErrAborted
	}
	if fm.sess.flow.Managing() {
		fmt.Fprintln(opts.Out, managedText)
		return nil
	}
	// Printed into the normal screen after the program: as wide as the terminal was.
	fmt.Fprintln(opts.Out, summaryText(fm.sess, plainStyles(), min(max(fm.width, 40), 100)))
	return nil
}

// useRendererFor makes lipgloss's default renderer, which our styles and huh's theme use,
// decide colours for the writer the wizard really draws on: none when it is not a terminal or
// when NO_COLOR is set (termenv's EnvColorProfile), forced on by CLICOLOR_FORCE.
func useRendererFor(out io.Writer) {
	lipgloss.SetDefaultRenderer(lipgloss.NewRenderer(out))
}

func (o Options) check() error {
	switch {
	case o.Setup == nil:
		return errors.New("wizard: Options.Setup is nil")
	case o.Dial == nil:
		return errors.New("wizard: Options.Dial is nil")
	case o.In == nil || o.Out == nil:
		return errors.New("wizard: Options.In and Options.Out are required")
	}
	return nil
}

// errNoClipboard is shown when the run has no clipboard (Options.Copy is nil).
var errNoClipboard = errors.New("no clipboard is available to this run; the sheet is on screen and in the file")
