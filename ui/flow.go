package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps"
)

// shortTitle names a step on the side panel (steps.Facts).
func shortTitle(st steps.Step) string { return steps.FactsOf(st).ShortTitle }

// firstWith returns the first step of list whose facts match, or nil.
func firstWith(list []steps.Step, match func(steps.Facts) bool) steps.Step {
	for _, st := range list {
		if match(steps.FactsOf(st)) {
			return st
		}
	}
	return nil
}

// preflightStep is the step the connect page runs after dialling (steps.PageConnect).
func (s *session) preflightStep() steps.Step {
	return firstWith(s.opts.Steps, func(f steps.Facts) bool { return f.Page == steps.PageConnect })
}

// secretHolder is the step whose object keeps the ID.me client secret in Okta.
func (s *session) secretHolder() steps.Step {
	return firstWith(s.opts.Steps, func(f steps.Facts) bool { return f.KeepsClientSecret })
}

// flow is the state machine: welcome or resume → connect → (resume, when progress for the
// org turns up only now) → ID.me settings → one screen per step → test sign-in → summary.
func (m *Model) flow(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case welcomeDoneMsg:
		return m.afterResume()

	case resumeDoneMsg:
		m.resumeAsked = true
		if msg.choice == resumeStartOver {
			if err := m.startOver(); err != nil {
				m.notice = err.Error()
			}
		} else {
			m.resume()
		}
		return m.afterResume()

	case connectDoneMsg:
		m.connected = true
		m.sess.board.current = -1 // the settings are not a step
		if st := m.sess.preflightStep(); st != nil {
			m.sess.board.set(st.ID(), markOf(msg.report.Status), msg.report.Detail)
			m.sess.setup.RecordStep(st.ID(), msg.report.Status, msg.report.Detail)
		}
		if cmd, asked := m.offerResumeForOrg(); asked {
			return cmd
		}
		return tea.Batch(m.save(), m.prefetch(), m.show(newSettingsScreen(m.sess)))

	case settingsDoneMsg:
		return tea.Batch(m.save(), m.prefetch(), m.advance())

	case mappingsDoneMsg:
		m.reviewed[msg.stepID] = true
		// New rows may target attributes the earlier steps have not created yet: show the
		// step's prerequisites again (they pass straight through when nothing is missing),
		// then the step.
		if st := m.sess.stepByID(msg.stepID); st != nil && msg.changed {
			for _, id := range steps.FactsOf(st).Prerequisites {
				if m.sess.stepByID(id) != nil {
					m.queue = append(m.queue, queued{id: id, passIfDone: true})
				}
			}
		}
		m.queue = append(m.queue, queued{id: msg.stepID})
		return tea.Batch(m.save(), m.advance())

	case stepDoneMsg:
		return tea.Batch(m.save(), m.advance())

	case handoffDoneMsg:
		return tea.Batch(m.save(), m.advance())

	case signInPickedMsg:
		switch msg.way {
		case signInOwn, signInDemo:
			return m.show(newSignInLiveScreen(m.sess, msg.way, msg.flow))
		case signInPortal:
			return m.show(newSignInPortalScreen(m.sess))
		}
		m.sess.recordSignIn(signInOutcome{state: signInSkipped})
		return m.toSummary()

	case signInBackMsg:
		return m.show(newSignInChoiceScreen(m.sess))

	case signInRecordedMsg:
		return m.save()

	case signInDoneMsg:
		return m.toSummary()

	case editSettingsMsg:
		m.queue = append([]queued{{id: msg.stepID}}, m.queue...)
		return m.show(newSettingsScreen(m.sess))
	}
	return nil
}

// save writes the progress in the background, when it may (canSave).
func (m *Model) save() tea.Cmd {
	if !m.canSave() {
		return nil
	}
	return m.saver.saveCmd(m.sess.setup)
}

// afterResume goes on from the welcome or resume question.
func (m *Model) afterResume() tea.Cmd {
	if !m.connected {
		return m.show(newConnectScreen(m.sess))
	}
	return tea.Batch(m.prefetch(), m.show(newSettingsScreen(m.sess)))
}

// offerResumeForOrg looks for progress of the org just connected to, when the CLI could not
// know the org (and so the progress file) before the admin typed it.
func (m *Model) offerResumeForOrg() (tea.Cmd, bool) {
	setup := m.sess.setup
	if m.resumeAsked || setup.StatePath != "" {
		return nil, false
	}
	path, err := steps.DefaultStatePath(setup.Answers.OrgURL)
	if err != nil {
		m.notice = err.Error()
		return nil, false
	}
	setup.StatePath = path
	m.progress, m.progressErr = steps.FindProgress(path)
	if s := m.progressScreen(); s != nil {
		return m.show(s), true
	}
	return nil, false
}

// resume takes the answers and object ids of the progress file (steps.Resume).
func (m *Model) resume() {
	if m.progress == nil {
		return
	}
	m.sess.setup = steps.Resume(m.sess.setup, m.progress, m.initial, m.connected)
}

// startOver sets the old progress file aside (kept as a .bak) and forgets its answers.
func (m *Model) startOver() error {
	next, err := steps.StartOver(m.sess.setup, m.initial, m.connected, time.Now())
	m.sess.setup = next
	m.progress, m.progressErr = nil, nil
	m.sess.board.reset()
	return err
}

// prefetch checks every step in the background for the side panel, on a copy of the setup.
// Before the ID.me settings are complete, the checks would only report what is missing from
// the answers, so only the identity provider's existence is asked for then.
func (m *Model) prefetch() tea.Cmd {
	if m.sess.setup.Okta == nil {
		return nil
	}
	m.prefetchGen++
	if m.sess.setup.Answers.Validate() != nil {
		st := m.sess.secretHolder()
		if st == nil {
			return nil
		}
		return prefetchCmd(m.sess.ctx, m.sess.setup, []steps.Step{st}, m.prefetchGen, false)
	}
	return prefetchCmd(m.sess.ctx, m.sess.setup, m.sess.opts.Steps, m.prefetchGen, true)
}

// queued is a step to show (again) before the flow moves on.
type queued struct {
	id         string
	passIfDone bool // go straight on when the step has nothing to do
}

// advance shows the next step's screen; after the last step come the test sign-in and the
// summary.
func (m *Model) advance() tea.Cmd {
	if len(m.queue) > 0 {
		q := m.queue[0]
		m.queue = m.queue[1:]
		return m.showStep(q.id, q.passIfDone)
	}
	list := m.sess.opts.Steps
	for m.stepIdx+1 < len(list) {
		m.stepIdx++
		if st := list[m.stepIdx]; steps.FactsOf(st).Page != steps.PageConnect {
			return m.showStep(st.ID(), false)
		}
	}
	if hasTestSignIn(list) {
		return m.testSignIn()
	}
	return m.toSummary()
}

// testSignIn shows the guide's "Test the integration" after the last step. Runs without the
// test app to sign in to (hasTestSignIn) go straight to the summary.
func (m *Model) testSignIn() tea.Cmd {
	m.sess.board.setCurrent(idTestSignIn)
	return m.show(newSignInChoiceScreen(m.sess))
}

// toSummary ends the flow, with the progress saved.
func (m *Model) toSummary() tea.Cmd {
	m.sess.board.current = -1
	return tea.Batch(m.save(), m.show(newSummaryScreen(m.sess)))
}

// showStep opens the screen for one step. revisit: shown again after the mapping table
// changed; it passes straight through when nothing is left to do.
func (m *Model) showStep(id string, revisit bool) tea.Cmd {
	st := m.sess.stepByID(id)
	facts := steps.FactsOf(st)
	m.sess.board.setCurrent(id)
	switch {
	case facts.Page == steps.PageMappingTable && !m.reviewed[id]:
		return m.show(newMappingsScreen(m.sess, st))
	case facts.Page == steps.PageHandoffSheet:
		return m.show(newHandoffScreen(m.sess, st))
	}
	return m.show(newStepScreen(m.sess, st, labelsFor(facts), revisit))
}

// labelsFor adapts the generic step screen to a step: an attestation (no API) "applies" by
// recording what the admin confirms.
func labelsFor(f steps.Facts) stepLabels {
	if f.Attestation != nil {
		return attestationLabels(f.Attestation)
	}
	return applyLabels()
}
