// Package flow is the setup wizard's flow, free of any UI: which page comes next, the queue
// of steps shown again, the confirmations a change needs, the answers each page offers,
// when the progress may be saved, and where every step stands. The Bubble Tea program and
// the accessible mode (package ui) are its two renderers: they draw a page, run the Okta
// calls it asks for, and report what happened.
//
// Everything it knows about a step it learns from steps.Facts: a step added to steps.All()
// gets its place, its page and its confirmations here without a change to either renderer.
package flow

import (
	"slices"
	"strings"
	"time"

	"github.com/idme-okta/idme-okta/steps"
)

// Options are what a run of the wizard starts from.
type Options struct {
	Setup    *steps.Setup    // answers prefilled from flags, environment or the demo
	Progress *steps.Progress // the progress file found by the CLI; nil: read Setup.StatePath
	Steps    []steps.Step    // steps.All()
}

// Flow is one run of the wizard. It is not safe for concurrent use: the renderers call it
// from their event loop (the TUI) or their one goroutine (the accessible mode).
type Flow struct {
	setup   *steps.Setup
	list    []steps.Step
	initial steps.Answers // the prefilled answers, for "start over"

	progress    *steps.Progress // progress found for this org, offered for resume
	progressErr error           // the progress file is damaged
	resumeAsked bool            // the resume question was answered (it is asked once)
	connected   bool
	pathFromOrg bool // the progress file's path came from the org connected to (offerResumeForOrg)

	page     Page
	pos      int             // index in list of the last step reached in order; -1 before the first
	queue    []queued        // steps to show before moving on
	reviewed map[string]bool // steps whose review page (the mapping table) was shown
	// tableAt is the step in order whose page waits while the mapping table it feeds is
	// reviewed first (its prerequisite: the attributes follow the table); nil otherwise.
	tableAt steps.Step

	board      *Board
	signIn     SignInOutcome
	beforeTest Entry    // the test's board entry before the test (or the check) now running
	leftAlone  string   // the step whose object made by hand the admin left alone: the run stopped there
	trail      []stop   // the pages shown that Back can return to, the current one last
	passed     []string // the steps passed in place since the last page that stopped (for a notice)
	secretKept bool     // an IdP of ours is in Okta: the ID.me client secret may stay empty
	signInDone bool     // the admin left the test sign-in: the run ends with the summary
}

// queued is a step to show (again) before the flow moves on.
type queued struct {
	step    steps.Step
	revisit bool // shown again after a page changed its prerequisites: pass through when done
}

// New starts a run. A progress file that cannot be read is not an error here: the first
// page says so and offers a way out.
func New(o Options) *Flow {
	f := &Flow{
		setup:    o.Setup,
		list:     o.Steps,
		initial:  o.Setup.Answers.Clone(),
		progress: o.Progress,
		pos:      -1,
		reviewed: map[string]bool{},
		board:    newBoard(o.Steps),
	}
	if f.progress == nil && o.Setup.StatePath != "" {
		f.progress, f.progressErr = steps.FindProgress(o.Setup.StatePath)
	}
	return f
}

// Move is where the flow goes, and what the renderer should do on the way.
type Move struct {
	Page Page
	// Save: write the progress file (it may: CanSave held when the move was made).
	Save bool
	// Refresh: check the steps beside the flow (Prefetch), for the side panel and the
	// ID.me settings.
	Refresh bool
	// Notice is a problem worth a line of its own that does not stop the flow.
	Notice string
}

// Event is how a page reports that it is finished, and how.
type Event interface{ event() }

// The events, one per way a page can end.
type (
	// Began: the welcome page was read.
	Began struct{}
	// ResumeChosen answers a progress file found (the resume or the damaged-file page).
	ResumeChosen struct{ StartOver bool }
	// Connected: the Okta client works and the preflight step passed with this report.
	Connected struct{ Report steps.Report }
	// IDmeDone: the ID.me settings are in the setup's answers and secrets.
	IDmeDone struct{}
	// TableReviewed: the mapping table is in the answers; Changed when the admin edited it.
	TableReviewed struct{ Changed bool }
	// StepFinished: the admin is done with a step's page.
	StepFinished struct{}
	// EditIDme: a step failed in a way the ID.me settings can fix (a missing client secret
	// …): the settings, then the same step again.
	EditIDme struct {
		Why string // said on the settings page: why they are asked again ("" for nothing)
	}
	// SignInChosen: how to test the integration, and for the live test which response
	// (signin.FlowCode or signin.FlowIDToken).
	SignInChosen struct {
		Way      Way
		Response string
	}
	// SignInBack: back to the ways to test.
	SignInBack struct{}
	// SignInFinished: the admin is done with the test sign-in.
	SignInFinished struct{}
)

func (Began) event()          {}
func (ResumeChosen) event()   {}
func (Connected) event()      {}
func (IDmeDone) event()       {}
func (TableReviewed) event()  {}
func (StepFinished) event()   {}
func (EditIDme) event()       {}
func (SignInChosen) event()   {}
func (SignInBack) event()     {}
func (SignInFinished) event() {}

// Start is the first page: the progress file found for the org (damaged, or to resume, the
// board showing what it remembers meanwhile), else the welcome.
func (f *Flow) Start() Move {
	if p, ok := f.progressPage(); ok {
		return f.show(p)
	}
	return f.show(Page{Kind: Welcome})
}

func (f *Flow) progressPage() (Page, bool) {
	switch {
	case f.progressErr != nil:
		return Page{Kind: Damaged, Err: f.progressErr}, true
	case f.progress != nil:
		f.board.seed(f.progress.Steps)
		return Page{Kind: Resume, Progress: f.progress}, true
	}
	return Page{}, false
}

// Next takes the current page's outcome and says where the flow goes: welcome or resume →
// connect → (resume, when progress for the org turns up only now) → ID.me settings → one
// page per step → test sign-in → summary.
func (f *Flow) Next(ev Event) Move {
	switch ev := ev.(type) {
	case Began:
		return f.afterProgressQuestion()

	case ResumeChosen:
		f.resumeAsked = true
		notice := ""
		if ev.StartOver {
			if err := f.startOver(); err != nil {
				notice = err.Error()
			}
		} else {
			f.resume()
		}
		mv := f.afterProgressQuestion()
		mv.Notice = notice
		return mv

	case Connected:
		f.connected = true
		if st := f.Preflight(); st != nil {
			f.board.set(st.ID(), MarkOf(ev.Report.Status), ev.Report.Detail)
			f.setup.RecordStep(st.ID(), ev.Report.Status, ev.Report.Detail)
		}
		if mv, asked := f.offerResumeForOrg(); asked {
			return mv
		}
		mv := f.afterConnect()
		mv.Save = f.CanSave()
		return mv

	case IDmeDone:
		mv := f.show(f.advance())
		mv.Save, mv.Refresh = f.CanSave(), true
		return mv

	case TableReviewed:
		st := f.page.Step
		f.reviewed[st.ID()] = true
		if ev.Changed {
			// The steps the table feeds that were shown already see the new table.
			for _, id := range steps.FactsOf(st).Prerequisites {
				if dep := f.stepByID(id); dep != nil && f.wentPast(dep) {
					f.queue = append(f.queue, queued{step: dep, revisit: true})
				}
			}
		}
		if f.tableAt != nil {
			// Reviewed ahead of the steps it feeds: go on to the one waiting; the mapping
			// step comes in its own place.
			f.queue = append(f.queue, queued{step: f.tableAt})
			f.tableAt = nil
		} else {
			f.queue = append(f.queue, queued{step: st})
		}
		return f.saveAndShow(f.advance())

	case StepFinished:
		if t := f.page.Task; t != nil && t.Pass && t.Phase == InPlace {
			f.passed = append(f.passed, t.Facts.ShortTitle)
		} else {
			f.passed = nil
		}
		mv := f.saveAndShow(f.advance())
		if len(f.passed) > 0 {
			mv.Notice = "Done before, still in place, passed: " + strings.Join(f.passed, ", ")
		}
		return mv

	case Back:
		return f.back()

	case JumpTo:
		return f.jump(ev.ID)

	case LeftAlone:
		f.queue = nil
		return f.saveAndShow(Page{Kind: Summary})

	case EditIDme:
		if st := f.page.Step; st != nil {
			f.queue = append([]queued{{step: st}}, f.queue...)
		}
		mv := f.show(Page{Kind: IDme})
		mv.Notice = ev.Why
		return mv

	case SignInChosen:
		switch ev.Way {
		case WayOwn, WayDemo:
			return f.show(Page{Kind: SignInLive, Way: ev.Way, Response: ev.Response})
		case WayPortal:
			return f.show(Page{Kind: SignInPortal})
		}
		f.RecordSignIn(SignInOutcome{State: SignInSkipped})
		return f.saveAndShow(Page{Kind: Summary})

	case SignInBack:
		f.SignInStopped() // a wait stopped with esc has no outcome
		return f.show(f.signInPage())

	case SignInFinished:
		f.signInDone = true
		if f.goLiveAfterTest() {
			return f.saveAndShow(f.advance())
		}
		return f.saveAndShow(Page{Kind: Summary})

	case ManageChosen:
		return f.manage(ev.Action)

	case JobFinished:
		return f.show(Page{Kind: Manage})
	}
	return Move{Page: f.page}
}

func (f *Flow) saveAndShow(p Page) Move {
	mv := f.show(p)
	mv.Save = f.CanSave()
	return mv
}

// show makes p the current page, and its step the board's current entry.
func (f *Flow) show(p Page) Move {
	f.page = p
	f.remember(p)
	switch p.Kind {
	case StepPage, MappingTable, HandoffSheet:
		f.board.setCurrent(p.Step.ID())
	case SignInChoice, SignInLive, SignInPortal:
		f.board.setCurrent(IDTestSignIn)
	case Connect:
		// Its entry becomes current when the preflight starts (Connecting).
	default:
		f.board.Current = -1
	}
	return Move{Page: p}
}

// afterProgressQuestion goes on from the welcome or the progress file's question.
func (f *Flow) afterProgressQuestion() Move {
	if !f.connected {
		return f.show(Page{Kind: Connect})
	}
	return f.afterConnect()
}

// offerResumeForOrg looks for progress of the org just connected to, when the CLI could not
// know the org (and so the progress file) before the admin typed it.
func (f *Flow) offerResumeForOrg() (Move, bool) {
	if f.resumeAsked || f.setup.StatePath != "" {
		return Move{}, false
	}
	path, err := steps.DefaultStatePath(f.setup.Answers.OrgURL)
	if err != nil {
		mv := f.show(Page{Kind: IDme})
		mv.Notice, mv.Refresh = err.Error(), true
		return mv, true
	}
	f.setup.StatePath, f.pathFromOrg = path, true
	f.progress, f.progressErr = steps.FindProgress(path)
	if p, ok := f.progressPage(); ok {
		return f.show(p), true
	}
	return Move{}, false
}

// resume takes the answers and object ids of the progress file (steps.Resume).
func (f *Flow) resume() {
	if f.progress != nil {
		f.setup = steps.Resume(f.setup, f.progress, f.initial, f.connected)
	}
}

// startOver sets the old progress file aside and forgets its answers (steps.StartOver).
func (f *Flow) startOver() error {
	next, err := steps.StartOver(f.setup, f.initial, f.connected, time.Now())
	if old := f.progress; old != nil && old.Objects.IdPID != "" && next.Answers.IDmeClientID == "" {
		// The identity provider stays in Okta, and its step finds it by its ID.me client: a
		// blank client ID would find it only by name and plan to replace its endpoints.
		a := &next.Answers
		a.IDmeClientID, a.IDmeEnv, a.IDmeBaseURL = old.Answers.IDmeClientID, old.Answers.IDmeEnv, old.Answers.IDmeBaseURL
	}
	f.setup = next
	f.progress, f.progressErr = nil, nil
	f.board.reset()
	return err
}

// advance is the next page in order: the queue first, then the next step of the list (the
// connection's step has the connect page; a step that feeds a mapping table not yet reviewed
// waits behind the table, so what it creates follows the table), then the test sign-in when
// the run has its app, then the summary.
func (f *Flow) advance() Page {
	if len(f.queue) > 0 {
		q := f.queue[0]
		f.queue = f.queue[1:]
		return f.stepPage(q.step, q.revisit)
	}
	for f.pos+1 < len(f.list) {
		f.pos++
		st := f.list[f.pos]
		if steps.FactsOf(st).Page == steps.PageConnect {
			continue
		}
		if f.board.knownDone(st.ID()) {
			return f.passPage(st)
		}
		if table := f.tableFedBy(st); table != nil {
			f.tableAt = st
			return f.stepPage(table, false)
		}
		return f.stepPage(st, false)
	}
	if hasSignIn(f.list) && !f.signInDone {
		return f.signInPage()
	}
	return Page{Kind: Summary}
}

// tableFedBy is a later step with a mapping table not yet reviewed that st is a prerequisite
// of, or nil.
func (f *Flow) tableFedBy(st steps.Step) steps.Step {
	for _, later := range f.list[f.pos+1:] {
		facts := steps.FactsOf(later)
		if facts.Page == steps.PageMappingTable && !f.reviewed[later.ID()] && slices.Contains(facts.Prerequisites, st.ID()) {
			return later
		}
	}
	return nil
}

// wentPast reports a step the flow went past in order.
func (f *Flow) wentPast(st steps.Step) bool {
	return slices.IndexFunc(f.list, func(o steps.Step) bool { return o.ID() == st.ID() }) < f.pos
}

// stepPage is the page for one step: its review first (the mapping table) unless it was
// reviewed in this run, the handoff sheet, or the generic page.
func (f *Flow) stepPage(st steps.Step, revisit bool) Page {
	facts := steps.FactsOf(st)
	switch {
	case facts.Page == steps.PageMappingTable && !f.reviewed[st.ID()]:
		return Page{Kind: MappingTable, Step: st, Table: f.newTable(st)}
	case facts.Page == steps.PageHandoffSheet:
		return Page{Kind: HandoffSheet, Step: st, Task: f.newTask(st, facts, false)}
	}
	return Page{Kind: StepPage, Step: st, Task: f.newTask(st, facts, revisit)}
}

// passPage is the page of a step known done: its check runs, and the page passes on when
// the step is still in place (a line in the accessible mode, the notice in the TUI) or stops
// on what changed.
func (f *Flow) passPage(st steps.Step) Page {
	facts := steps.FactsOf(st)
	kind := StepPage
	if facts.Page == steps.PageHandoffSheet {
		kind = HandoffSheet
	}
	t := f.newTask(st, facts, false)
	t.Pass = true
	return Page{Kind: kind, Step: st, Task: t}
}

// Setup is the run's setup. Resume and start over replace it: ask again after Next.
func (f *Flow) Setup() *steps.Setup { return f.setup }

// Steps are the run's steps.
func (f *Flow) Steps() []steps.Step { return f.list }

// Board is where every step stands in this run.
func (f *Flow) Board() *Board { return f.board }

// Connected reports that the connection works.
func (f *Flow) Connected() bool { return f.connected }

// ProgressFound reports a progress file found for the org, readable or not.
func (f *Flow) ProgressFound() bool { return f.progress != nil || f.progressErr != nil }

// CanSave reports whether the setup in memory may replace the progress file: only once
// connected (before that nothing was learned), and never while a progress file that was
// found is neither resumed nor set aside (saving would overwrite it with a blank run).
func (f *Flow) CanSave() bool {
	return f.connected && f.progressErr == nil && (f.progress == nil || f.resumeAsked)
}

// stepByID finds a step of the run.
func (f *Flow) stepByID(id string) steps.Step {
	for _, st := range f.list {
		if st.ID() == id {
			return st
		}
	}
	return nil
}

// firstWith returns the first step of list whose facts match, or nil.
func firstWith(list []steps.Step, match func(steps.Facts) bool) steps.Step {
	for _, st := range list {
		if match(steps.FactsOf(st)) {
			return st
		}
	}
	return nil
}

// Preflight is the step the connect page runs once dialled (steps.PageConnect); nil when
// the run has none.
func (f *Flow) Preflight() steps.Step {
	return firstWith(f.list, func(fa steps.Facts) bool { return fa.Page == steps.PageConnect })
}

// Connecting: the connect page dials and runs the preflight now.
func (f *Flow) Connecting() {
	if st := f.Preflight(); st != nil {
		f.board.setCurrent(st.ID())
		f.board.set(st.ID(), MarkChecking, "")
	}
}

// Preflighted takes how connecting went: err from dialling or from the preflight step's
// check, r the check's report (a run without a preflight step passes a done report). It is
// the Connected event, or nil when connecting failed: the board says why, and the page offers
// ConnectFailedMenu. A report with StatusError is the account's own failure: the connection
// works, but it cannot run the setup.
func (f *Flow) Preflighted(r steps.Report, err error) Event {
	detail := r.Detail
	switch {
	case err != nil:
		detail = err.Error()
	case r.Status != steps.StatusError:
		return Connected{Report: r}
	}
	if st := f.Preflight(); st != nil {
		f.board.set(st.ID(), MarkError, detail)
	}
	return nil
}
