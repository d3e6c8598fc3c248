package steps

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Outcome is the result of checking one step.
type Outcome struct {
	Step   Step
	Report Report
	Err    error
}

// Check phases: a step's Check may use what the Checks of earlier phases learned (connect
// primes the shared reads, identity-provider finds the IdP id the later steps need). Steps of
// one phase are checked concurrently.
const (
	phasePreflight = iota // connect
	phaseIdP              // identity-provider
	phaseRest             // everything else, in parallel
)

// checkPhaser is implemented by the steps other steps' Checks depend on.
type checkPhaser interface{ checkPhase() int }

func phaseOf(st Step) int {
	if p, ok := st.(checkPhaser); ok {
		return p.checkPhase()
	}
	return phaseRest
}

// NotCheckedError is the Outcome error of a step that was not checked because a step it
// depends on could not be checked.
type NotCheckedError struct {
	StepID  string // the step that was not checked
	Blocker string // the step that failed
}

func (e *NotCheckedError) Error() string {
	return fmt.Sprintf("%s: not checked because step %s failed", e.StepID, e.Blocker)
}

// CheckAll checks every step of list and returns one Outcome per step, in list order. Steps
// of the same phase are checked concurrently; if a step fails, the steps of later phases are
// not checked (their Err is a *NotCheckedError). The outcome of each step is recorded in s.
// It starts from fresh reads: what an earlier run remembered is forgotten.
func CheckAll(ctx context.Context, s *Setup, list []Step) []Outcome {
	s.Refresh()
	out := checkPhased(ctx, s, list)
	for _, o := range out {
		recordOutcome(s, o)
	}
	return out
}

// checkPhased checks the steps of list phase by phase, the steps of a phase concurrently,
// with whatever reads s remembers.
func checkPhased(ctx context.Context, s *Setup, list []Step) []Outcome {
	out := make([]Outcome, len(list))
	byPhase := map[int][]int{}
	for i, st := range list {
		out[i].Step = st
		byPhase[phaseOf(st)] = append(byPhase[phaseOf(st)], i)
	}
	phases := make([]int, 0, len(byPhase))
	for p := range byPhase {
		phases = append(phases, p)
	}
	sort.Ints(phases)

	blocker := ""
	for _, p := range phases {
		idx := byPhase[p]
		if blocker != "" {
			for _, i := range idx {
				out[i].Err = &NotCheckedError{StepID: list[i].ID(), Blocker: blocker}
				out[i].Report = Report{Status: StatusError, Detail: out[i].Err.Error()}
			}
			continue
		}
		var wg sync.WaitGroup
		for _, i := range idx {
			wg.Add(1)
			go func() {
				defer wg.Done()
				out[i].Report, out[i].Err = checkStep(ctx, s, list[i])
			}()
		}
		wg.Wait()
		for _, i := range idx {
			if out[i].Err != nil && blocker == "" {
				blocker = list[i].ID()
			}
		}
	}
	return out
}

// CheckStep checks one step, as CheckAll does for each: the Report says StatusError when
// the check failed, and the outcome is recorded in s. Use it to re-check a single step (call
// s.Refresh first to forget what earlier checks read).
func CheckStep(ctx context.Context, s *Setup, st Step) Outcome {
	o := Outcome{Step: st}
	o.Report, o.Err = checkStep(ctx, s, st)
	recordOutcome(s, o)
	return o
}

// checkStep runs one Check and makes its Report consistent with its error.
func checkStep(ctx context.Context, s *Setup, st Step) (Report, error) {
	r, err := st.Check(ctx, s)
	if err != nil {
		r.Status = StatusError
		if r.Detail == "" {
			r.Detail = err.Error()
		}
	}
	return r, err
}

func recordOutcome(s *Setup, o Outcome) {
	if o.Err != nil && errors.As(o.Err, new(*NotCheckedError)) {
		return // nothing new is known about it
	}
	s.RecordStep(o.Step.ID(), o.Report.Status, o.Report.Detail)
}

// EventKind says what happened to a step during Run.
type EventKind string

const (
	EventChecked  EventKind = "checked"  // its Check finished (Report, or Err)
	EventDone     EventKind = "done"     // nothing to do: Okta already matches
	EventPlanned  EventKind = "planned"  // PlanOnly: Report.Changes would be made
	EventApplying EventKind = "applying" // Apply started
	EventApplied  EventKind = "applied"  // Apply finished (Result)
	EventRefused  EventKind = "refused"  // it would overwrite configuration and AllowOverwrite is off
	EventFailed   EventKind = "failed"   // Check or Apply failed (Err)
)

// Event is one thing Run did, for `apply` to print and the wizard to follow.
type Event struct {
	Kind   EventKind
	StepID string
	Title  string
	Report Report
	Result Result
	Err    error
}

// RunOptions steer Run.
type RunOptions struct {
	// PlanOnly checks every step and reports what would change, writing nothing at all:
	// neither to Okta nor to disk.
	PlanOnly bool
	// AllowOverwrite permits changes to existing configuration (drift fixes). Without it
	// such steps are refused (headless: --yes).
	AllowOverwrite bool
	// OnEvent, if set, is called for every event, from Run's goroutine.
	OnEvent func(Event)
}

// OverwriteRefusedError means Run left steps alone because their changes need a
// confirmation (Change.Overwrite) and RunOptions.AllowOverwrite was off.
type OverwriteRefusedError struct {
	StepIDs []string
	// Stopped: a refused step blocks the rest (Report.Blocks), so the run stopped there.
	Stopped bool
}

func (e *OverwriteRefusedError) Error() string {
	msg := fmt.Sprintf("not applied without confirmation: %s (changes existing configuration or confirms what idme-okta cannot check); review the plan and run again with --yes",
		strings.Join(e.StepIDs, ", "))
	if e.Stopped {
		msg += "; the run stopped there and wrote nothing after it, since the later steps build on it"
	}
	return msg
}

// Run converges Okta with the guide, headless: it checks every step, then applies the steps
// that are not done, in order. After a step wrote something, the steps after it are checked
// again (concurrently, as in CheckAll) before the next one is applied: their view of Okta
// may be stale, and the reads the new object makes possible (the schema and mapping of a new
// IdP) are made together. The first failure stops the run;
// steps refused for want of AllowOverwrite do not stop it, but Run then returns an
// *OverwriteRefusedError. The progress file is saved after every applied step and at the end
// (never in PlanOnly mode). Incomplete answers stop it before anything is read.
func Run(ctx context.Context, s *Setup, list []Step, opts RunOptions) error {
	emit := func(e Event) {
		if opts.OnEvent != nil {
			opts.OnEvent(e)
		}
	}
	if err := s.Answers.Validate(); err != nil {
		return fmt.Errorf("the answers are incomplete: %w", err)
	}
	outcomes := CheckAll(ctx, s, list)
	for _, o := range outcomes {
		emit(Event{Kind: EventChecked, StepID: o.Step.ID(), Title: o.Step.Title(), Report: o.Report, Err: o.Err})
	}
	if opts.PlanOnly {
		return plan(outcomes, emit)
	}
	// An answer a check found wrong (a test group that does not exist) stops the run before
	// its first write, rather than when that step's turn comes after the others have written.
	for _, o := range outcomes {
		if len(InvalidAnswers(o.Err)) > 0 {
			emit(Event{Kind: EventFailed, StepID: o.Step.ID(), Title: o.Step.Title(), Report: o.Report, Err: o.Err})
			return o.Err
		}
	}

	var refused []string
	stale := false     // the last step applied changed Okta: the outcomes after it may be stale
	rechecked := false // the outcomes from here on come from a re-check, not yet reported
	for i := range outcomes {
		if stale {
			copy(outcomes[i:], checkPhased(ctx, s, list[i:]))
			stale, rechecked = false, true
		}
		o := outcomes[i]
		st := o.Step
		if rechecked {
			recordOutcome(s, o)
			emit(Event{Kind: EventChecked, StepID: st.ID(), Title: st.Title(), Report: o.Report, Err: o.Err})
		}
		base := Event{StepID: st.ID(), Title: st.Title(), Report: o.Report}
		switch {
		case o.Err != nil:
			base.Kind, base.Err = EventFailed, o.Err
			emit(base)
			return errors.Join(o.Err, s.Save())
		case o.Report.Status == StatusDone:
			base.Kind = EventDone
			emit(base)
			continue
		case o.Report.NeedsOverwrite() && !opts.AllowOverwrite:
			base.Kind = EventRefused
			base.Err = &OverwriteRefusedError{StepIDs: []string{st.ID()}}
			emit(base)
			refused = append(refused, st.ID())
			if o.Report.Blocks {
				// Nothing more may be written: the run stops here, having written nothing
				// that builds on what the admin has not confirmed.
				return errors.Join(&OverwriteRefusedError{StepIDs: refused, Stopped: true}, s.Save())
			}
			continue
		}

		base.Kind = EventApplying
		emit(base)
		res, err := st.Apply(ctx, s, o.Report)
		if err != nil {
			s.RecordStep(st.ID(), StatusError, err.Error())
			base.Kind, base.Result, base.Err = EventFailed, res, err
			emit(base)
			return errors.Join(err, s.Save())
		}
		stale = res.Writes > 0
		s.RecordStep(st.ID(), StatusDone, res.Detail)
		if err := s.Save(); err != nil {
			return err
		}
		base.Kind, base.Result = EventApplied, res
		emit(base)
	}
	if err := s.Save(); err != nil {
		return err
	}
	if len(refused) > 0 {
		return &OverwriteRefusedError{StepIDs: refused}
	}
	return nil
}

// plan reports each checked step as done, planned or failed, and returns the check errors.
func plan(outcomes []Outcome, emit func(Event)) error {
	var errs []error
	for _, o := range outcomes {
		e := Event{StepID: o.Step.ID(), Title: o.Step.Title(), Report: o.Report, Err: o.Err}
		switch {
		case o.Err != nil:
			e.Kind = EventFailed
			if !errors.As(o.Err, new(*NotCheckedError)) {
				errs = append(errs, o.Err)
			}
		case o.Report.Status == StatusDone:
			e.Kind = EventDone
		default:
			e.Kind = EventPlanned
		}
		emit(e)
	}
	return errors.Join(errs...)
}
