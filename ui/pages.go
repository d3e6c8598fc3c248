package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps/flow"
)

// move follows the flow to its next page: a notice, a save and a background check on the
// way, then the page's screen.
func (m *Model) move(mv flow.Move) tea.Cmd {
	if mv.Notice != "" {
		m.notice = mv.Notice
	}
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
