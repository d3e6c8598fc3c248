package ui

import (
	"context"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// The TUI renderer: a Bubble Tea program that draws each page of the flow as a screen
// (screen_*.go) inside a frame (tui_frame.go), built from components (component_*.go). Work
// runs in tea.Cmds (tui_commands.go) and comes back as messages (tui_messages.go).

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

// Model is the root of the TUI: the screen of the flow's current page, the frame around it
// and the keys that work everywhere.
type Model struct {
	sess   *session
	cancel context.CancelFunc
	saver  *saver

	screen screen

	width, height int
	scroll        int
	showHelp      bool
	picking       bool // the step list has the keys: ↑/↓ and enter jump to a step
	pick          int  // the board entry under the cursor while picking
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
			m.notice = "Progress not saved: " + termtext.Line(msg.err.Error())
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
	typing := m.screen.typing()
	if key.Matches(msg, keyHelpTyping) || !typing && key.Matches(msg, keyHelp) {
		// The footer's height changes, and with it the screen's area.
		m.showHelp = !m.showHelp
		w, h := m.contentSize()
		return m.screen.update(tea.WindowSizeMsg{Width: w, Height: h}), true
	}
	if typing {
		return nil, false
	}
	if m.picking {
		return m.pickKey(msg), true
	}
	switch {
	case key.Matches(msg, keySteps) && m.canPick():
		m.picking, m.pick = true, max(m.sess.board().Current, 0)
		return nil, true
	case key.Matches(msg, keyQuit):
		return m.quit(), true
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
	if s, ok := m.screen.(*readScreen); ok && s.last || m.sess.flow.Managing() {
		m.finished = true
	} else {
		m.aborted = true
	}
	m.cancel()
	if m.sess.flow.CanSave() {
		if err := m.saver.saveNow(m.sess.setup()); err != nil {
			m.notice = termtext.Line(err.Error())
		}
	}
	return tea.Quit
}

// show replaces the current screen.
func (m *Model) show(s screen) tea.Cmd {
	m.screen, m.scroll, m.picking = s, 0, false
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

// move follows the flow to its next page: a notice, a save and a background check on the
// way, then the page's screen. A notice is about the page it comes with: the next page
// replaces it (the steps a resume passed were still listed on the summary).
func (m *Model) move(mv flow.Move) tea.Cmd {
	m.notice = mv.Notice
	var cmds []tea.Cmd
	if mv.Save {
		cmds = append(cmds, m.save())
	}
	if mv.Refresh {
		cmds = append(cmds, m.prefetch())
	}
	return tea.Batch(append(cmds, m.show(m.screenFor(mv.Page)))...)
}

// screens build the TUI's screen for each kind of page.
var screens = map[flow.Kind]func(*session, flow.Page) screen{
	flow.Welcome:      drawn(newWelcomeScreen),
	flow.Resume:       drawn(newResumeScreen),
	flow.Damaged:      drawn(newDamagedScreen),
	flow.Connect:      drawn(newConnectScreen),
	flow.IDme:         drawn(newIDmeScreen),
	flow.StepPage:     drawn(newStepScreen),
	flow.MappingTable: drawn(newTableScreen),
	flow.HandoffSheet: drawn(newHandoffScreen),
	flow.SignInChoice: drawn(newSignInChoiceScreen),
	flow.SignInLive:   drawn(newSignInLiveScreen),
	flow.SignInPortal: drawn(newSignInPortalScreen),
	flow.Summary:      drawn(newSummaryScreen),
	flow.Manage:       drawn(newManageScreen),
	flow.ManageJob:    drawn(newJobScreen),
}

// drawn makes a screen's constructor one of screens.
func drawn[S screen](build func(*session, flow.Page) S) func(*session, flow.Page) screen {
	return func(s *session, p flow.Page) screen { return build(s, p) }
}

// screenFor is the TUI's screen for a page of the flow.
func (m *Model) screenFor(p flow.Page) screen { return screens[p.Kind](m.sess, p) }

// save writes the progress in the background, when it may (flow.CanSave).
func (m *Model) save() tea.Cmd {
	if !m.sess.flow.CanSave() {
		return nil
	}
	return m.saver.saveCmd(m.sess.setup())
}

// prefetch checks steps in the background, on a copy of the setup, for the side panel and
// the ID.me settings (flow.Prefetch says which).
func (m *Model) prefetch() tea.Cmd {
	list, forPanel := m.sess.flow.Prefetch()
	if len(list) == 0 {
		return nil
	}
	m.prefetchGen++
	return prefetchCmd(m.sess.ctx, m.sess.setup(), list, m.prefetchGen, forPanel)
}
