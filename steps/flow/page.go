package flow

import "github.com/idme-okta/idme-okta/steps"

// Kind is a kind of page. Each renderer has one way to draw each kind.
type Kind int

const (
	Welcome      Kind = iota // what will happen; nothing asked
	Resume                   // a progress file was found: resume, start over, see its status
	Damaged                  // a progress file cannot be read: start over or quit
	Connect                  // the org and credentials; dial; the preflight step
	IDme                     // the ID.me settings
	StepPage                 // one step: check, plan, confirm, apply, result (Task)
	MappingTable             // a step's mapping table, reviewed before its plan (Table)
	HandoffSheet             // the handoff sheet: saved, shown, copied (Task)
	SignInChoice             // how to test the integration
	SignInLive               // the verified test sign-in (Way, Flow)
	SignInPortal             // the admin signs in on the Okta page; the System Log tells
	Summary                  // what was done and what is left
	Manage                   // a setup exists: resume it, or a day-two action (ManageMenu)
	ManageJob                // one day-two action (Job)
)

// Page is what the wizard shows now.
type Page struct {
	Kind Kind
	Step steps.Step // StepPage, MappingTable, HandoffSheet

	Task  *Task  // StepPage, HandoffSheet: the step's page as a state machine
	Table *Table // MappingTable: the rows being edited
	Job   *Job   // ManageJob: the action as a state machine

	Way      Way    // SignInLive: who opens the URL
	Response string // SignInLive: signin.FlowCode or signin.FlowIDToken

	Progress *steps.Progress // Resume: what the file remembers
	Err      error           // Damaged: why the file cannot be read
}
