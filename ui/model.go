package ui

import (
	"context"
	"fmt"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
)

// Model is the root of the TUI: the screen of the flow's current page (pages.go), the frame
// around it (frame.go) and the keys that work everywhere.
type Model struct {
	sess   *session
	cancel context.CancelFunc
	saver  *saver

	screen screen

	width, height int
	scroll        int
	showHelp      bool
	help          help.Model
	notice        string // one line under the content: a save failure, …

	prefetchGen int
	aborted     bool
	finished    bool
}

func newModel(ctx context.Context, opts Options) *Model {
	ctx, cancel := context.WithCancel(ctx)
	m := &Model{
		sess:   newSession(ctx, opts, newStyles()),
		cancel: cancel,
		saver:  &saver{},
		help:   help.New(),
		width:  80,
		height: 24,
	}
	m.screen = m.screenFor(m.sess.flow.Start().Page)
	return m
}

// newSession starts the flow of a run, for either renderer.
func newSession(ctx context.Context, opts Options, sty styles) *session {
	if opts.Setup == nil {
		opts.Setup = steps.NewSetup(nil, steps.DefaultAnswers(), steps.Secrets{}, steps.Objects{})
	}
	if opts.Setup.Version == "" {
		opts.Setup.Version = opts.Version
	}
	f := flow.New(flow.Options{Setup: opts.Setup, Progress: opts.Progress, Steps: opts.Steps})
	return &session{ctx: ctx, opts: opts, flow: f, styles: sty}
}

// Init starts the first screen.
func (m *Model) Init() tea.Cmd { return m.screen.init() }

// Aborted reports that the admin stopped before the end (Run returns ErrAborted).
func (m *Model) Aborted() bool { return m.aborted }

// Finished reports that the admin reached the summary and left it.
func (m *Model) Finished() bool { return m.finished }

// Update routes a message: global keys and flow messages to the root, the rest to the screen.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.aborted || m.finished {
		return m, nil // quitting: late results start nothing new
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		w, h := m.contentSize()
		return m, m.screen.update(tea.WindowSizeMsg{Width: w, Height: h})
	case tea.KeyMsg:
		if cmd, handled := m.globalKey(msg); handled {
			return m, cmd
		}
	case quitMsg:
		return m, m.quit()
	case savedMsg:
		if msg.err != nil {
			m.notice = "Progress not saved: " + msg.err.Error()
		}
		return m, nil
	case prefetchedMsg:
		m.prefetched(msg)
		// What the prefetch learned may change the screen's text (the client secret hint),
		// so its form gets a new height budget.
		w, h := m.contentSize()
		return m, m.screen.update(tea.WindowSizeMsg{Width: w, Height: h})
	case saveMsg:
		return m, m.save()
	case finishedMsg:
		if msg.from != m.screen {
			return m, nil // a late or repeated outcome of a screen already left
		}
		return m, m.move(m.sess.flow.Next(msg.event))
	}
	return m, m.screen.update(msg)
}

// globalKey handles the keys that work on every screen.
func (m *Model) globalKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	if key.Matches(msg, keyAbort) {
		return m.quit(), true
	}
	if m.screen.typing() {
		return nil, false
	}
	switch {
	case key.Matches(msg, keyQuit):
		return m.quit(), true
	case key.Matches(msg, keyHelp):
		m.showHelp = !m.showHelp
		return nil, true
	case key.Matches(msg, keyPgUp):
		m.scroll = max(m.scroll-m.bodyHeight()/2, 0)
		return nil, true
	case key.Matches(msg, keyPgDn):
		m.scroll += m.bodyHeight() / 2 // clamped when drawn
		return nil, true
	}
	return nil, false
}

// quit stops the wizard. Before the summary it is an abort: in-flight Okta calls are
// cancelled and the progress is saved, so the next run can resume.
//
// Either way the last save is made here, in order after any still running in the background
// (a later one finds a newer snapshot written and skips), so nothing writes the progress file
// after Run has returned.
func (m *Model) quit() tea.Cmd {
	if _, ok := m.screen.(*summaryScreen); ok {
		m.finished = true
	} else {
		m.aborted = true
	}
	m.cancel()
	if m.sess.flow.CanSave() {
		if err := m.saver.saveNow(m.sess.setup()); err != nil {
			m.notice = err.Error()
		}
	}
	return tea.Quit
}

// show replaces the current screen.
func (m *Model) show(s screen) tea.Cmd {
	m.screen, m.scroll = s, 0
	initCmd := s.init()
	w, h := m.contentSize()
	return tea.Batch(initCmd, s.update(tea.WindowSizeMsg{Width: w, Height: h}))
}

// prefetched takes background check results (side panel, the client secret hint).
func (m *Model) prefetched(msg prefetchedMsg) {
	if msg.generation == m.prefetchGen {
		m.sess.flow.Prefetched(msg.outcomes, msg.forPanel)
	}
}

// stoppedText is printed after an abort; it says only what is true about the progress file.
func stoppedText(f *flow.Flow) string {
	path := f.Setup().StatePath
	switch {
	case f.CanSave() && path != "":
		return fmt.Sprintf("Stopped. Progress is saved in %s; run idme-okta again to resume.", path)
	case f.ProgressFound():
		return fmt.Sprintf("Stopped. The progress file %s was left as it was.", path)
	case !f.Connected():
		return "Stopped before connecting to Okta: nothing was written to Okta or saved."
	}
	return "Stopped. No progress file was given, so nothing was saved."
}
