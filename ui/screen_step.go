package ui

import (
	"errors"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps"
)

// stepScreen is one Okta step: check (spinner) → plan → confirm → apply (spinner) → result.
// Changes that overwrite existing configuration need a second, explicit confirmation whose
// default is to go back.
type stepScreen struct {
	sess    *session
	step    steps.Step
	labels  stepLabels
	revisit bool // shown again after the mapping table changed: pass through when done

	phase  stepPhase
	spin   spinner.Model
	wait   ticket
	report steps.Report
	result steps.Result
	err    error
	tried  string // what failed, in words
	menu   *choice
}

type stepPhase int

const (
	stepChecking  stepPhase = iota
	stepInPlace             // Okta already matches: nothing to do
	stepPlanned             // changes to confirm
	stepOverwrite           // second confirmation for changes that replace configuration
	stepApplying
	stepApplied
	stepFailed
)

// stepLabels adapt the generic screen to a step: an attestation "applies" by recording the
// admin's confirmation.
type stepLabels struct {
	apply, skip string
	heading     string // above the changes
	question    string // the accessible driver's prompt before the choice
	intro       string
	// attestation: applying only records what the admin says about Okta (no write), so the
	// button is the explicit confirmation and nothing is "replaced".
	attestation bool
}

func applyLabels() stepLabels {
	return stepLabels{apply: "Apply", skip: "Skip", heading: planHeading, question: "Apply these changes?"}
}

func attestationLabels(a *steps.Attestation) stepLabels {
	return stepLabels{
		apply:       a.Confirm,
		skip:        "Later",
		heading:     "What you confirm (nothing is written to Okta):",
		question:    a.Question,
		intro:       "Some settings have no Okta API. Check this one in the Admin Console; the wizard records your answer and writes nothing to Okta.",
		attestation: true,
	}
}

// Menu values.
const (
	pickApply = iota
	pickSkip
	pickContinue
	pickRetry
	pickReplace
	pickBack
	pickSettings
	pickQuit
)

func newStepScreen(sess *session, st steps.Step, labels stepLabels, revisit bool) *stepScreen {
	return &stepScreen{sess: sess, step: st, labels: labels, revisit: revisit, spin: newSpinner(sess.st)}
}

func (s *stepScreen) init() tea.Cmd { return s.check() }

func (s *stepScreen) check() tea.Cmd {
	s.phase, s.err, s.wait = stepChecking, nil, s.sess.ticket()
	s.sess.board.set(s.step.ID(), markChecking, "")
	return tea.Batch(s.spin.Tick, checkCmd(s.sess.ctx, s.sess.setup, s.step, s.wait))
}

func (s *stepScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		return spinTick(&s.spin, msg, s.phase == stepChecking || s.phase == stepApplying)
	case checkedMsg:
		if msg.ticket != s.wait {
			return nil
		}
		return s.checked(msg.report, msg.err)
	case appliedMsg:
		if msg.ticket != s.wait {
			return nil
		}
		return s.applied(msg.result, msg.err)
	}
	v, ok := s.menu.update(msg)
	if !ok {
		return nil
	}
	return s.pick(v)
}

func (s *stepScreen) checked(r steps.Report, err error) tea.Cmd {
	id := s.step.ID()
	s.report = r
	if err != nil || r.Status == steps.StatusError {
		if err == nil {
			err = reportError(r)
		}
		s.sess.setup.RecordStep(id, steps.StatusError, err.Error())
		return s.fail("check "+strings.ToLower(s.step.Title())+" in Okta (read-only)", err)
	}
	s.sess.setup.RecordStep(id, r.Status, r.Detail)
	s.sess.board.set(id, markOf(r.Status), r.Detail)
	if r.Status == steps.StatusDone && len(r.Changes) == 0 {
		if s.revisit {
			return s.done()
		}
		s.phase = stepInPlace
		s.menu = newChoice(option{label: "Continue", value: pickContinue})
		return nil
	}
	s.plan()
	return nil
}

// plan offers the changes: apply, skip or quit.
func (s *stepScreen) plan() {
	s.phase = stepPlanned
	s.menu = newChoice(
		option{label: s.labels.apply, key: "a", value: pickApply},
		option{label: s.labels.skip, key: "s", value: pickSkip},
		option{label: "Quit", key: "q", value: pickQuit},
	)
}

func (s *stepScreen) applied(res steps.Result, err error) tea.Cmd {
	id := s.step.ID()
	if err != nil {
		s.sess.setup.RecordStep(id, steps.StatusError, err.Error())
		return s.fail(strings.ToLower(s.labels.apply)+": "+s.step.Title(), err)
	}
	s.result = res
	s.sess.setup.RecordStep(id, steps.StatusDone, res.Detail)
	s.sess.board.set(id, markDone, res.Detail)
	s.phase = stepApplied
	s.menu = newChoice(option{label: "Continue", value: pickContinue})
	return nil
}

func (s *stepScreen) fail(tried string, err error) tea.Cmd {
	s.phase, s.err, s.tried = stepFailed, err, tried
	s.sess.board.set(s.step.ID(), markError, err.Error())
	s.menu = stepFailedMenu()
	return nil
}

// stepFailedMenu is the choice after a step (or the handoff sheet) failed: retry, skip it,
// or fix the ID.me settings (a missing client secret …) and come back.
func stepFailedMenu() *choice {
	return newChoice(
		option{label: "Retry", key: "r", value: pickRetry},
		option{label: "Skip", key: "s", value: pickSkip},
		option{label: "Edit ID.me settings", key: "e", value: pickSettings},
	)
}

func (s *stepScreen) pick(v int) tea.Cmd {
	switch v {
	case pickApply:
		if s.report.NeedsOverwrite() && !s.labels.attestation {
			s.phase = stepOverwrite
			s.menu = newChoice(
				option{label: "Back", key: "b", value: pickBack},
				option{label: "Replace it", key: "y", value: pickReplace},
			).focusValue(pickBack)
			return nil
		}
		return s.apply()
	case pickReplace:
		return s.apply()
	case pickBack:
		s.plan()
		return nil
	case pickSkip:
		if s.phase != stepFailed {
			s.sess.board.set(s.step.ID(), markSkipped, s.report.Detail)
		} else {
			s.sess.board.set(s.step.ID(), markError, s.err.Error())
		}
		return s.done()
	case pickRetry:
		return s.check()
	case pickSettings:
		id := s.step.ID()
		return finish(s, editSettingsMsg{stepID: id})
	case pickContinue:
		return s.done()
	case pickQuit:
		return quitCmd // progress is saved, as with q anywhere
	}
	return nil
}

func (s *stepScreen) apply() tea.Cmd {
	s.phase, s.menu, s.wait = stepApplying, nil, s.sess.ticket()
	return tea.Batch(s.spin.Tick, applyCmd(s.sess.ctx, s.sess.setup, s.step, s.report, s.wait))
}

func (s *stepScreen) done() tea.Cmd {
	id := s.step.ID()
	return finish(s, stepDoneMsg{id: id})
}

func (s *stepScreen) body(width int) string {
	st := s.sess.st
	lines := []string{st.heading.Render(s.step.Title()), ""}
	report := s.report
	if s.labels.attestation {
		report = withoutOverwrite(report)
	}
	if s.labels.intro != "" {
		lines = append(lines, wrap(s.labels.intro, width, "", "")...)
		lines = append(lines, "")
	}
	switch s.phase {
	case stepChecking:
		lines = append(lines, st.muted.Render("Reading Okta; nothing is written."))
	case stepInPlace:
		lines = append(lines, planLines(st, report, width, s.labels.heading)...)
		lines = append(lines, "", st.ok.Render("✓ "+shortTitle(s.step)+" is already in place: nothing to write."))
	case stepPlanned, stepApplying:
		lines = append(lines, planLines(st, report, width, s.labels.heading)...)
	case stepOverwrite:
		lines = append(lines, wrap(st.warn.Render("⚠ These changes replace existing configuration in Okta:"), width, "", "  ")...)
		lines = append(lines, overwriteLines(st, s.report, width)...)
		lines = append(lines, "")
		lines = append(lines, wrap("Whatever an admin set there before is overwritten. Choose “Replace it” to go ahead, or Back to review.", width, "", "")...)
	case stepApplied:
		lines = append(lines, resultLines(st, s.result, width)...)
		for _, n := range s.report.Notes {
			lines = append(lines, "")
			lines = append(lines, wrap(n, width, st.muted.Render("Note: "), "      ")...)
		}
	case stepFailed:
		lines = append(lines, errorLines(st, s.tried, s.err, width)...)
	}
	return strings.Join(lines, "\n")
}

func (s *stepScreen) actions(width int) string {
	switch s.phase {
	case stepChecking:
		return s.spin.View() + " Checking " + strings.ToLower(s.step.Title()) + "…"
	case stepApplying:
		return s.spin.View() + " Writing to Okta…"
	}
	return s.menu.view(s.sess.st, width)
}

func (s *stepScreen) title() string { return shortTitle(s.step) }

func (s *stepScreen) bindings() []key.Binding { return s.menu.bindings() }

func (s *stepScreen) typing() bool { return false }

// withoutOverwrite drops the overwrite marks of an attestation: nothing is replaced.
func withoutOverwrite(r steps.Report) steps.Report {
	r.Changes = slices.Clone(r.Changes)
	for i := range r.Changes {
		r.Changes[i].Overwrite = false
	}
	return r
}

// reportError turns a check that reported an error without returning one into an error.
func reportError(r steps.Report) error {
	detail := r.Detail
	if detail == "" {
		detail = "the check failed"
	}
	return errors.New(detail)
}
