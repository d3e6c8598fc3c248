package ui

import (
	"context"
	"errors"
	"fmt"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps"
)

// Model is the root of the wizard: a state machine over screens (flow.go), the frame around
// them (frame.go) and the keys that work everywhere.
type Model struct {
	sess   *session
	cancel context.CancelFunc
	saver  *saver

	initial     steps.Answers   // the prefilled answers, for "start over"
	progress    *steps.Progress // progress found for this org, offered for resume
	progressErr error           // the progress file is damaged
	resumeAsked bool            // the resume question was answered (it is asked once)
	connected   bool

	screen   screen
	stepIdx  int             // index in opts.Steps of the step being shown; -1 before the first
	queue    []queued        // steps to show before moving on (attributes after new mapping rows)
	reviewed map[string]bool // steps whose review page (the mapping table) was shown

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
	if opts.Setup == nil {
		opts.Setup = steps.NewSetup(nil, steps.DefaultAnswers(), steps.Secrets{}, steps.Objects{})
	}
	if opts.Setup.Version == "" {
		opts.Setup.Version = opts.Version
	}
	m := &Model{
		sess: &session{
			ctx:   ctx,
			opts:  opts,
			setup: opts.Setup,
			st:    newStyles(),
			board: newBoard(opts.Steps),
		},
		cancel:   cancel,
		saver:    &saver{},
		initial:  cloneAnswers(opts.Setup.Answers),
		stepIdx:  -1,
		reviewed: map[string]bool{},
		help:     help.New(),
		width:    80,
		height:   24,
	}
	m.progress = opts.Progress
	if m.progress == nil && opts.Setup.StatePath != "" {
		m.progress, m.progressErr = steps.FindProgress(opts.Setup.StatePath)
	}
	if m.screen = m.progressScreen(); m.screen == nil {
		m.screen = newWelcomeScreen(m.sess)
	}
	return m
}

// progressScreen asks about the progress file found for the org: damaged, or to resume (the
// side panel shows what it remembers meanwhile); nil when there is none.
func (m *Model) progressScreen() screen {
	switch {
	case m.progressErr != nil:
		return newDamagedScreen(m.sess, m.progressErr)
	case m.progress != nil:
		m.sess.board.seed(m.progress.Steps)
		return newResumeScreen(m.sess, m.progress)
	}
	return nil
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
	case finishedMsg:
		if msg.from != m.screen {
			return m, nil // a late or repeated outcome of a screen already left
		}
		return m, m.flow(msg.msg)
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
	if m.canSave() {
		if err := m.saver.saveNow(m.sess.setup); err != nil {
			m.notice = err.Error()
		}
	}
	return tea.Quit
}

// canSave reports whether the setup in memory may replace the progress file: only once we
// are connected (before that nothing was learned), and never while a progress file that was
// found is neither resumed nor set aside (saving would overwrite it with a blank run).
func (m *Model) canSave() bool {
	return m.connected && m.progressErr == nil && (m.progress == nil || m.resumeAsked)
}

// show replaces the current screen.
func (m *Model) show(s screen) tea.Cmd {
	m.screen, m.scroll = s, 0
	initCmd := s.init()
	w, h := m.contentSize()
	return tea.Batch(initCmd, s.update(tea.WindowSizeMsg{Width: w, Height: h}))
}

// prefetched shows background check results on the side panel.
func (m *Model) prefetched(msg prefetchedMsg) {
	if msg.generation != m.prefetchGen {
		return
	}
	for _, o := range msg.outcomes {
		var nc *steps.NotCheckedError
		if errors.As(o.Err, &nc) {
			continue
		}
		if steps.FactsOf(o.Step).KeepsClientSecret && o.Err == nil {
			m.sess.idpExists = idpInOkta(o.Report)
		}
		if msg.forPanel {
			m.sess.board.prefetched(o.Step.ID(), markOf(o.Report.Status), o.Report.Detail)
		}
	}
}

// idpInOkta reads the identity provider step's check: an IdP of our name is in Okta (as the
// guide wants it or not), so the ID.me client secret may be left empty to keep Okta's.
func idpInOkta(r steps.Report) bool {
	return r.Status == steps.StatusDone || r.Status == steps.StatusDrifted
}

// stoppedText is printed after an abort; it says only what is true about the progress file.
func (m *Model) stoppedText() string {
	path := m.sess.setup.StatePath
	switch {
	case m.canSave() && path != "":
		return fmt.Sprintf("Stopped. Progress is saved in %s; run idme-okta again to resume.", path)
	case m.progress != nil || m.progressErr != nil:
		return fmt.Sprintf("Stopped. The progress file %s was left as it was.", path)
	case !m.connected:
		return "Stopped before connecting to Okta: nothing was written to Okta or saved."
	}
	return "Stopped. No progress file was given, so nothing was saved."
}
