package flow

import (
	"context"
	"errors"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/doctor"
	"github.com/idme-okta/idme-okta/steps/export/terraform"
	"github.com/idme-okta/idme-okta/steps/promote"
	"github.com/idme-okta/idme-okta/steps/remove"
)

// Day two (issue 9): once connected to an org where a setup exists (the progress file knows
// its identity provider), the wizard offers what the headless commands do — resume the
// setup, its status, doctor, promote to production, remove, export as Terraform — on the
// Manage page. Each is a Job: [its answers] → read (nothing written) → what it found, or the
// plan → [a yes, for one that writes] → write → result. The work is the headless commands'
// own domain code; the job only says what comes next.

// Action is an answer of the Manage page.
type Action int

const (
	ActionResume  Action = iota // go on with the setup's steps
	ActionStatus                // every step checked against Okta (read-only)
	ActionDoctor                // steps/doctor: checks and the System Log's sign-ins (read-only)
	ActionPromote               // steps/promote: to ID.me production, in place (writes)
	ActionRemove                // steps/remove: what idme-okta made or adopted (writes)
	ActionExport                // steps/export/terraform: HCL files (writes files only)
)

// ManageChosen: the admin picked an action on the Manage page.
type ManageChosen struct{ Action Action }

// JobFinished: the admin is done with a job's page; back to the Manage page.
type JobFinished struct{}

func (ManageChosen) event() {}
func (JobFinished) event()  {}

// hasSetup reports whether the org has a setup to manage: the run resumed a progress file
// that knows its identity provider.
func (f *Flow) hasSetup() bool { return f.progress != nil && f.setup.Known().IdPID != "" }

// ManageMenu is the Manage page's question. Its choices are PickChoice(int(action)).
func ManageMenu() Menu {
	return menu("This org has a Sign in with ID.me setup. What would you like to do?",
		Option{Label: "Resume the setup", Key: "r", Choice: PickChoice(int(ActionResume))},
		Option{Label: "Status: check every step (read-only)", Key: "s", Choice: PickChoice(int(ActionStatus))},
		Option{Label: "Doctor: why sign-ins fail (read-only)", Key: "d", Choice: PickChoice(int(ActionDoctor))},
		Option{Label: "Promote to ID.me production", Key: "p", Choice: PickChoice(int(ActionPromote))},
		Option{Label: "Remove the integration", Key: "x", Choice: PickChoice(int(ActionRemove))},
		Option{Label: "Export as Terraform", Key: "t", Choice: PickChoice(int(ActionExport))},
		Option{Label: "Quit", Key: "q", Choice: ChoiceQuit},
	)
}

// ManageAnswer is the event of a Manage page answer, or nil for Quit (the renderer stops).
func ManageAnswer(c Choice) Event {
	if i, ok := c.Picked(); ok && i <= int(ActionExport) {
		return ManageChosen{Action: Action(i)}
	}
	return nil
}

// manage goes on from the Manage page.
func (f *Flow) manage(a Action) Move {
	if a == ActionResume {
		return f.toSettingsOrSteps()
	}
	return f.show(Page{Kind: ManageJob, Job: &Job{Action: a, flow: f}})
}

// JobPhase is where a job stands.
type JobPhase int

const (
	JobAsking  JobPhase = iota // the renderer asks the job's answers (Input)
	JobReading                 // Read runs: nothing is written
	JobShown                   // what it found, or the plan of what it would write
	JobWriting                 // Write runs
	JobDone                    // written
	JobFailed                  // Read or Write failed (Err)
)

// JobInput is what a job asks before it reads.
type JobInput int

const (
	InputNothing   JobInput = iota
	InputPromotion          // the production client ID and secret, a policy handle (Promotion)
	InputExportDir          // the directory the Terraform files go to (ExportDir)
)

// Job is the page of one day-two action. The renderer calls Begin, asks what Input names
// (then Answered), runs Read and Write off its event loop and reports them to ReadDone and
// WriteDone, and draws what the fields hold for the phase.
type Job struct {
	Action Action
	Phase  JobPhase
	Err    error // JobFailed: what went wrong …
	Tried  string

	// The answers (Asking).
	Promotion promote.Options // ClientID, ClientSecret, PolicyHandle
	ExportDir string

	// What Read found (JobShown) and Write did (JobDone), by action.
	Found Found
	Done  Done

	flow *Flow
}

// Found is what a job's Read found; only the field of its action is set.
type Found struct {
	Status  []steps.Outcome
	Doctor  *doctor.Report
	Remove  *remove.Plan
	Export  *terraform.Result
	Promote []steps.Event // the steps' checks against the moved answers (EventPlanned: what would change)

	next *steps.Setup // promote: the setup the move converges
}

// Done is what a job's Write did.
type Done struct {
	Removed  *remove.Result
	Written  []string      // export: the files written
	Promoted []steps.Event // promote: the steps' writes
}

// Input is what the job asks before it reads (InputNothing: nothing).
func (j *Job) Input() JobInput {
	switch j.Action {
	case ActionPromote:
		return InputPromotion
	case ActionExport:
		return InputExportDir
	}
	return InputNothing
}

// Writes reports whether the job writes (to Okta, or files): its plan then needs a yes.
func (j *Job) Writes() bool {
	return j.Action == ActionPromote || j.Action == ActionRemove || j.Action == ActionExport
}

// DefaultExportDir is where the wizard offers to write the Terraform files.
const DefaultExportDir = "idme-okta-terraform"

// Begin starts the job: its answers first, else its read.
func (j *Job) Begin() Do {
	if j.Input() != InputNothing {
		if j.ExportDir == "" {
			j.ExportDir = DefaultExportDir
		}
		j.Phase = JobAsking
		return DoAsk
	}
	j.Phase = JobReading
	return DoCheck
}

// Answered takes the answers DoAsk asked for (ok), or goes back to the Manage page.
func (j *Job) Answered(ok bool) (Do, Event) {
	if j.Phase != JobAsking {
		return DoShow, nil
	}
	if !ok {
		return DoShow, JobFinished{}
	}
	j.Phase = JobReading
	return DoCheck, nil
}

// Read does the job's reading with the setup of the run. It writes nothing, to Okta or to
// disk. It runs off the renderer's event loop; its result goes to ReadDone.
func (j *Job) Read(ctx context.Context, s *steps.Setup) (Found, error) {
	var f Found
	var err error
	switch j.Action {
	case ActionStatus:
		f.Status = steps.CheckAll(ctx, s, j.flow.list)
	case ActionDoctor:
		f.Doctor, err = doctor.Run(ctx, s, doctor.Options{})
	case ActionRemove:
		f.Remove, err = remove.MakePlan(ctx, s, remove.Options{})
	case ActionExport:
		if err = terraform.Check(j.ExportDir); err == nil {
			f.Export, err = terraform.Export(ctx, s, terraform.Options{Version: s.Version})
		}
	case ActionPromote:
		o := j.Promotion
		o.To = promote.ToProduction
		if f.next, err = promote.Prepare(s, o); err == nil {
			err = promote.Plan(ctx, f.next, o, func(e steps.Event) {
				if e.Kind == steps.EventPlanned || e.Kind == steps.EventFailed {
					f.Promote = append(f.Promote, e)
				}
			})
		}
	}
	return f, err
}

// ReadDone takes Read's result.
func (j *Job) ReadDone(f Found, err error) {
	if j.Phase != JobReading {
		return
	}
	if err != nil {
		j.Phase, j.Err, j.Tried = JobFailed, err, "read the org (nothing was written)"
		return
	}
	j.Found, j.Phase = f, JobShown
}

// NothingToWrite reports a plan that writes nothing (remove: nothing of ours is left; promote:
// already on production).
func (j *Job) NothingToWrite() bool {
	switch j.Action {
	case ActionRemove:
		return j.Found.Remove == nil || j.Found.Remove.Empty()
	case ActionPromote:
		return len(j.Found.Promote) == 0
	}
	return false
}

// Write makes the plan's writes, once the admin said yes; its result goes to WriteDone.
func (j *Job) Write(ctx context.Context, s *steps.Setup) (Done, error) {
	var d Done
	var err error
	switch j.Action {
	case ActionRemove:
		d.Removed, err = j.Found.Remove.Apply(ctx, s, nil)
	case ActionExport:
		d.Written, err = terraform.Write(j.ExportDir, j.Found.Export.Files, false)
	case ActionPromote:
		err = promote.Apply(ctx, j.Found.next, func(e steps.Event) {
			if e.Kind == steps.EventApplied || e.Kind == steps.EventFailed {
				d.Promoted = append(d.Promoted, e)
			}
		})
	default:
		err = errors.New("this action writes nothing")
	}
	return d, err
}

// WriteDone takes Write's result. A promotion done makes the moved setup the run's: its
// answers (production's client, endpoints) are what the wizard goes on with.
func (j *Job) WriteDone(d Done, err error) {
	if j.Phase != JobWriting {
		return
	}
	j.Done = d
	if err != nil {
		j.Phase, j.Err, j.Tried = JobFailed, err, "write"
		return
	}
	j.Phase = JobDone
	switch j.Action {
	case ActionPromote:
		j.flow.setup = j.Found.next
	case ActionRemove:
		j.flow.progress = nil // archived: nothing is left to manage
	}
}

// Menu is what the job's page offers now; empty while it reads or writes.
func (j *Job) Menu() Menu {
	back := Option{Label: "Back to the menu", Key: "b", Choice: ChoiceBack}
	quit := Option{Label: "Quit", Key: "q", Choice: ChoiceQuit}
	switch j.Phase {
	case JobShown:
		if !j.Writes() || j.NothingToWrite() {
			return menu("", back, quit)
		}
		return menu(j.confirmQuestion(), back, Option{Label: j.confirmLabel(), Key: "y", Choice: ChoiceApply}, quit).defaultTo(ChoiceBack)
	case JobDone:
		return menu("", back, quit)
	case JobFailed:
		return menu("What now?", Option{Label: "Retry", Key: "r", Choice: ChoiceRetry}, back, quit)
	}
	return Menu{}
}

func (j *Job) confirmQuestion() string {
	switch j.Action {
	case ActionRemove:
		return "Remove these objects from Okta? This cannot be undone."
	case ActionPromote:
		return "Make these changes in Okta? Sign-ins use ID.me production from then on."
	}
	return "Write these files?"
}

func (j *Job) confirmLabel() string {
	switch j.Action {
	case ActionRemove:
		return "Remove them"
	case ActionPromote:
		return "Promote"
	}
	return "Write the files"
}

// Choose takes an answer to Menu. A non-nil Event finishes the page.
func (j *Job) Choose(c Choice) (Do, Event) {
	if !j.Menu().Has(c) {
		return DoShow, nil
	}
	switch c {
	case ChoiceApply:
		j.Phase = JobWriting
		return DoApply, nil
	case ChoiceRetry:
		j.Err = nil
		return j.Begin(), nil
	case ChoiceBack:
		return DoShow, JobFinished{}
	case ChoiceQuit:
		return DoQuit, nil
	}
	return DoShow, nil
}

// Managing reports that the run is on the day-two menu or one of its jobs, idle: quitting
// there is the end of the run, not an interruption (one while a job reads or writes is).
func (f *Flow) Managing() bool {
	switch f.page.Kind {
	case Manage:
		return true
	case ManageJob:
		ph := f.page.Job.Phase
		return ph != JobReading && ph != JobWriting
	}
	return false
}

// afterConnect is where the flow goes once connected and past the progress question: the
// Manage page when a setup exists, else the ID.me settings.
func (f *Flow) afterConnect() Move {
	if f.hasSetup() {
		return f.show(Page{Kind: Manage})
	}
	return f.toSettingsOrSteps()
}

// toSettingsOrSteps goes on after connecting: the ID.me settings, unless a resumed run has
// every answer they ask and needs no client secret (the identity provider the progress file
// knows keeps it in Okta): then straight on, to the first step not known done.
func (f *Flow) toSettingsOrSteps() Move {
	a, known := f.setup.Answers, f.setup.Known()
	resumed := f.progress != nil && f.resumeAsked
	if resumed && a.IDmeClientID != "" && a.PolicyHandle != "" && (known.IdPID != "" || f.setup.Secrets.IDmeClientSecret != "") {
		f.secretKept = f.secretKept || known.IdPID != ""
		mv := f.show(f.advance())
		mv.Save, mv.Refresh = f.CanSave(), true
		return mv
	}
	mv := f.show(Page{Kind: IDme})
	mv.Refresh = true
	return mv
}
