package flow

import "github.com/idme-okta/idme-okta/steps"

// Mark is where a step stands in this run, as the side panel, the summary and the accessible
// listing say it.
type Mark int

const (
	MarkPending  Mark = iota // not looked at yet
	MarkChecking             // a Check (or the test) is running
	MarkTodo                 // Okta lacks something the step would create
	MarkDrifted              // it exists but differs from the guide
	MarkDone                 // Okta matches the guide (the test: passed)
	MarkSkipped              // the admin chose to skip it this time
	MarkError                // the check or the apply failed (the test: failed)
)

// MarkOf is the mark of a step status.
func MarkOf(s steps.Status) Mark {
	switch s {
	case steps.StatusDone:
		return MarkDone
	case steps.StatusMissing:
		return MarkTodo
	case steps.StatusDrifted:
		return MarkDrifted
	case steps.StatusError:
		return MarkError
	}
	return MarkPending
}

// Entry is one row of the board: a step of the run, or the test sign-in.
type Entry struct {
	ID, Title string
	Mark      Mark
	Detail    string
	// Decided: done by the admin's decision (steps.Report.Decided); Detail says what it
	// means, and the summary shows it.
	Decided bool
	// visited: the flow itself has checked or applied the step, so a late background check,
	// which describes Okta before the admin acted, must not overwrite it.
	visited bool
	// seeded: the mark is the progress file's, resumed.
	seeded bool
}

// Board is every step of the run with its mark, and which one is current.
type Board struct {
	Entries []Entry
	Current int // index into Entries; -1 when no step is (connect's questions, the summary)
}

func newBoard(list []steps.Step) *Board {
	b := &Board{Current: -1}
	for _, st := range list {
		b.Entries = append(b.Entries, Entry{ID: st.ID(), Title: steps.FactsOf(st).ShortTitle})
	}
	if hasSignIn(list) {
		b.Entries = append(b.Entries, Entry{ID: IDTestSignIn, Title: SignInTitle})
	}
	return b
}

// Index is the position of the entry with that id, or -1.
func (b *Board) Index(id string) int {
	for i, e := range b.Entries {
		if e.ID == id {
			return i
		}
	}
	return -1
}

// set records what the flow learned about a step.
func (b *Board) set(id string, k Mark, detail string) {
	if i := b.Index(id); i >= 0 {
		b.Entries[i].Mark, b.Entries[i].Detail, b.Entries[i].visited = k, detail, true
		b.Entries[i].Decided = false
	}
}

// prefetched records a background check, unless the flow has been there since.
func (b *Board) prefetched(id string, k Mark, detail string) {
	if i := b.Index(id); i >= 0 && !b.Entries[i].visited {
		b.Entries[i].Mark, b.Entries[i].Detail = k, detail
	}
}

// seed shows what a progress file remembers, before anything is re-checked.
func (b *Board) seed(records map[string]steps.StepRecord) {
	for id, r := range records {
		if i := b.Index(id); i >= 0 {
			b.Entries[i].Mark, b.Entries[i].Detail, b.Entries[i].seeded = MarkOf(r.Status), r.Detail, true
		}
	}
}

// reset forgets every mark (start over).
func (b *Board) reset() {
	for i := range b.Entries {
		b.Entries[i].Mark, b.Entries[i].Detail, b.Entries[i].visited, b.Entries[i].seeded = MarkPending, "", false, false
	}
	b.Current = -1
}

// decided records whether a step is done by decision.
func (b *Board) decided(id string, yes bool) {
	if i := b.Index(id); i >= 0 {
		b.Entries[i].Decided = yes
	}
}

func (b *Board) setCurrent(id string) { b.Current = b.Index(id) }
