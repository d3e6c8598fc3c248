package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/ui/clipboard"
)

// Messages are how work done in tea.Cmds comes back to the event loop, and how screens tell
// the root model they are finished. Results of long work carry the ticket of the screen that
// asked for them, so a result that arrives after the admin moved on is dropped.

// ticket identifies one request for work; a screen remembers the ticket it is waiting for.
type ticket int

// dialedMsg: the Okta client was built (or not) from the connect answers.
type dialedMsg struct {
	ticket ticket
	client *okta.Client
	err    error
}

// checkedMsg: a step's Check came back.
type checkedMsg struct {
	ticket ticket
	report steps.Report
	err    error
}

// appliedMsg: a step's Apply came back.
type appliedMsg struct {
	ticket ticket
	result steps.Result
	err    error
}

// appsReadMsg: the org's apps came back, for a routing rule's scope.
type appsReadMsg struct {
	ticket ticket
	apps   []okta.App
	err    error
}

// jobReadMsg and jobWrittenMsg: a day-two job's read or write came back.
type jobReadMsg struct {
	ticket ticket
	found  flow.Found
	err    error
}

type jobWrittenMsg struct {
	ticket ticket
	done   flow.Done
	err    error
}

// prefetchedMsg: CheckAll over a copy of the setup came back (side panel statuses).
type prefetchedMsg struct {
	generation int
	forPanel   bool
	outcomes   []steps.Outcome
}

// copiedMsg: a clipCopy's text went to the clipboard (or did not).
type copiedMsg struct {
	ticket ticket
	result clipboard.Result
}

// savedMsg: the progress file was written (err is shown, not fatal).
type savedMsg struct{ err error }

// A screen that is finished sends its flow.Event with finish, which tags it with the screen:
// keys typed faster than the event loop can reach a screen again after it finished (a
// second Enter on "Continue"), and an outcome from a screen that is no longer shown must not
// move the flow a second time.

type finishedMsg struct {
	from  screen
	event flow.Event
}

func finish(from screen, ev flow.Event) tea.Cmd {
	return func() tea.Msg { return finishedMsg{from: from, event: ev} }
}

// saveMsg asks the root to save the progress in the background (a test sign-in's outcome
// was recorded; the screen stays).
type saveMsg struct{}

func requestSave() tea.Msg { return saveMsg{} }

// quitMsg asks the root model to stop: progress is saved and Run returns ErrAborted, unless
// the flow is finished.
type quitMsg struct{}

// quitCmd sends quitMsg: a Quit button, Exit on the summary, an aborted form (huh's ctrl+c).
func quitCmd() tea.Msg { return quitMsg{} }
