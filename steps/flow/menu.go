package flow

import "github.com/idme-okta/idme-okta/steps"

// Choice is an answer a page offers. The renderers draw a Menu as they can (a row of
// buttons with accelerators, numbered lines) and report the Choice picked.
type Choice int

const (
	ChoiceNone Choice = iota
	ChoiceContinue
	ChoiceQuit
	ChoiceRetry
	ChoiceSkip
	ChoiceBack

	ChoiceResume    // the progress file: go on from it
	ChoiceStartOver // … or set it aside
	ChoiceStatus    // … or see what it remembers first

	ChoiceEditAnswers // connect failed: ask the org and credentials again

	ChoiceApply    // a step's plan
	ChoiceReplace  // the second confirmation of an overwrite
	ChoiceEditIDme // a step failed in a way the ID.me settings can fix
	ChoiceCopy     // copy the sheet or the address again
	ChoiceSaveHere // save a copy of the sheet in the current directory

	ChoiceKeepTable // the mapping table
	ChoiceAddRow
	ChoiceEditRow
	ChoiceRemoveRow
	ChoiceResetTable
	ChoiceUndoTable

	ChoiceTestDemo   // the test sign-in: the demo's simulated browser
	ChoiceTestOwn    // … the verified test in the admin's browser
	ChoiceTestPortal // … the Okta-hosted page (Option 1)
	ChoiceTestToken  // … Option 2 with the guide's id_token URL (SignInWays.WithIDToken)
	ChoiceCheckLog   // Option 1: look for the sign-in in the System Log
	ChoiceDemoWalk   // Option 1 in the demo: the simulated browser signs in

	ChoicePrevious // the page before this one (Back)
	ChoiceFix      // a failure: go to the earlier step that fixes it (Task.FixStep)

	ChoiceLeave // an identity provider made by hand: leave it (and stop before what builds on it)

	ChoiceHold   // a step that goes live (steps.GoLive): hold it back until the test passes
	ChoiceGoLive // … or let it go live now

	// choicePick and the choices after it pick an item of a list (PickChoice): a candidate
	// to adopt, an answer of a step's Decision.
	choicePick Choice = 1000
)

// PickChoice is the choice that picks item i of a list.
func PickChoice(i int) Choice { return choicePick + Choice(i) }

// Picked is the item a PickChoice picks.
func (c Choice) Picked() (int, bool) { return int(c - choicePick), c >= choicePick }

// Option is one answer of a Menu.
type Option struct {
	Label  string
	Key    string // an accelerator the TUI offers, e.g. "a"; "" for none
	Choice Choice
}

// Menu is what a page asks: its options, and the one Enter picks.
type Menu struct {
	Question string // said before the options where there is no screen around them
	Options  []Option
	Default  int // index into Options
}

func menu(question string, opts ...Option) Menu { return Menu{Question: question, Options: opts} }

// Has reports whether the menu offers c.
func (m Menu) Has(c Choice) bool {
	for _, o := range m.Options {
		if o.Choice == c {
			return true
		}
	}
	return false
}

// defaultTo makes c the answer Enter picks.
func (m Menu) defaultTo(c Choice) Menu {
	for i, o := range m.Options {
		if o.Choice == c {
			m.Default = i
		}
	}
	return m
}

// The menus of the pages that are not a step.

// ResumeMenu follows "you have started this before".
func ResumeMenu() Menu {
	return menu("Resuming re-checks every step against Okta.",
		Option{Label: "Resume where I left off", Key: "r", Choice: ChoiceResume},
		Option{Label: "Start over (the old file is kept as a .bak copy)", Key: "n", Choice: ChoiceStartOver},
		Option{Label: "Show the saved status", Key: "s", Choice: ChoiceStatus},
		Option{Label: "Quit", Choice: ChoiceQuit},
	)
}

// StartOverMenu confirms "start over" (p: the file set aside): Back is the default. It says
// what is kept: Okta's objects, and the ID.me client of an identity provider the file knows,
// by which the step finds it again instead of planning to replace its endpoints.
func StartOverMenu(p *steps.Progress) Menu {
	q := "Start over? The progress file is set aside as a .bak copy and its answers forgotten; nothing in Okta is removed."
	if p != nil && p.Objects.IdPID != "" && p.Answers.IDmeClientID != "" {
		q += " The identity provider it made stays in Okta: its ID.me client (" + p.Answers.IDmeClientID + ") is kept, so it is found again rather than replaced."
	}
	return menu(q,
		Option{Label: "Back", Key: "b", Choice: ChoiceBack},
		Option{Label: "Start over", Key: "n", Choice: ChoiceStartOver},
	).defaultTo(ChoiceBack)
}

// DamagedMenu follows a progress file that cannot be read.
func DamagedMenu() Menu {
	return menu("What now?",
		Option{Label: "Start over (the damaged file is kept as a .bak copy)", Key: "n", Choice: ChoiceStartOver},
		Option{Label: "Quit", Choice: ChoiceQuit},
	)
}

// ConnectFailedMenu follows a connection or preflight that failed.
func ConnectFailedMenu() Menu {
	return menu("What now?",
		Option{Label: "Retry", Key: "r", Choice: ChoiceRetry},
		Option{Label: "Edit the answers", Key: "e", Choice: ChoiceEditAnswers},
	)
}
