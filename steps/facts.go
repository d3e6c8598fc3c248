package steps

import "cmp"

// Facts are what the wizard's flow (package steps/flow) needs to know about a step beyond
// Check and Apply. A step declares its own by implementing Described; the flow and its
// renderers never test a step's ID, so adding a step is its file here and its line in All.
type Facts struct {
	// ShortTitle names the step on the side panel, the way Okta's Admin Console does; ""
	// means Title.
	ShortTitle string
	// Page is how the wizard presents the step.
	Page Page
	// Prerequisites are earlier steps (by ID) that create what the answers of this step's own
	// page ask for: a row of the mapping table targets an attribute the attribute steps
	// create. The wizard shows the page before the first of them, so they follow its answers;
	// if those answers change after some were shown, it shows those again, passing through
	// the ones with nothing to do.
	Prerequisites []string
	// Attestation is set for a step Okta has no API for: Apply only records what the admin
	// confirms, so nothing is replaced and one confirmation is enough.
	Attestation *Attestation
	// KeepsClientSecret: the object this step creates holds the ID.me client secret. When its
	// check finds the object in Okta, the secret may be left empty (Okta keeps the stored one).
	KeepsClientSecret bool
	// SignInApp: the step creates the app the live test sign-in signs in to. A run whose list
	// has such a step ends with the test sign-in.
	SignInApp bool
}

// Page is how the wizard presents a step.
type Page int

const (
	// PagePlan is the generic page: check, the plan of writes, confirm, apply, the result.
	PagePlan Page = iota
	// PageConnect: the step checks the connection itself; the wizard's connect page asks for
	// the org and credentials, dials and runs it before any other step.
	PageConnect
	// PageMappingTable: the mapping table is reviewed, and may be edited, before the plan.
	PageMappingTable
	// PageHandoffSheet: the step saves the handoff sheet (a file of our own, nothing in
	// Okta), so it is saved without a question and shown, ready to copy.
	PageHandoffSheet
)

// Attestation words a step that has no API: what the wizard asks, the answer that records
// the confirmation, and what the summary says while it is not given.
type Attestation struct {
	Question string // e.g. "Is it on?"
	Confirm  string // the button that records it, e.g. "It is on: record it"
	LeftToDo string // the summary's line while unconfirmed
}

// Described is a step that declares Facts. A step that does not gets the zero Facts: the
// generic page, its Title on the side panel.
type Described interface {
	Facts() Facts
}

// FactsOf returns the facts a step declares, with ShortTitle filled in.
func FactsOf(st Step) Facts {
	var f Facts
	if d, ok := st.(Described); ok {
		f = d.Facts()
	}
	f.ShortTitle = cmp.Or(f.ShortTitle, st.Title())
	return f
}
