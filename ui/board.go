package ui

import (
	"github.com/charmbracelet/lipgloss"

	"github.com/idme-okta/idme-okta/steps"
)

// mark is where a step stands on the side panel.
type mark int

const (
	markPending  mark = iota // not looked at yet
	markChecking             // a Check is running
	markTodo                 // Okta lacks something the step would create
	markDrifted              // it exists but differs from the guide
	markDone                 // Okta matches the guide
	markSkipped              // the admin chose to skip it this time
	markError                // the check or the apply failed
)

// symbol and word: the panel never relies on colour alone.
func (k mark) symbol() string {
	return [...]string{"○", "…", "○", "!", "✓", "–", "✗"}[k]
}

func (k mark) word() string {
	return [...]string{"pending", "checking", "to do", "drifted", "done", "skipped", "error"}[k]
}

// render colours text as the mark's status: done green, drifted amber, error red; any other
// mark in other.
func (k mark) render(st styles, text string, other lipgloss.Style) string {
	switch k {
	case markDone:
		return st.ok.Render(text)
	case markDrifted:
		return st.warn.Render(text)
	case markError:
		return st.err.Render(text)
	}
	return other.Render(text)
}

func markOf(s steps.Status) mark {
	switch s {
	case steps.StatusDone:
		return markDone
	case steps.StatusMissing:
		return markTodo
	case steps.StatusDrifted:
		return markDrifted
	case steps.StatusError:
		return markError
	}
	return markPending
}

// entry is one row of the side panel.
type entry struct {
	id, title string
	mark      mark
	detail    string
	// visited: the flow itself has checked or applied the step, so a late prefetch result,
	// which describes Okta before the admin acted, must not overwrite it.
	visited bool
}

// board is the side panel's model: every step with its mark, and which one is current.
type board struct {
	entries []entry
	current int // index into entries; -1 before the first step
}

func newBoard(list []steps.Step) *board {
	b := &board{current: -1}
	for _, st := range list {
		b.entries = append(b.entries, entry{id: st.ID(), title: shortTitle(st)})
	}
	if hasTestSignIn(list) {
		b.entries = append(b.entries, entry{id: idTestSignIn, title: signInTitle})
	}
	return b
}

// word is the entry's status in a word: a test passes or fails rather than being "done".
func (e entry) word() string {
	if e.id == idTestSignIn {
		switch e.mark {
		case markDone:
			return "passed"
		case markError:
			return "failed"
		case markChecking:
			return "testing"
		}
	}
	return e.mark.word()
}

func (b *board) index(id string) int {
	for i, e := range b.entries {
		if e.id == id {
			return i
		}
	}
	return -1
}

// set records what the flow learned about a step.
func (b *board) set(id string, k mark, detail string) {
	if i := b.index(id); i >= 0 {
		b.entries[i].mark, b.entries[i].detail, b.entries[i].visited = k, detail, true
	}
}

// prefetched records a background check, unless the flow has been there since.
func (b *board) prefetched(id string, k mark, detail string) {
	if i := b.index(id); i >= 0 && !b.entries[i].visited {
		b.entries[i].mark, b.entries[i].detail = k, detail
	}
}

// seed shows what the progress file remembers, before anything is re-checked.
func (b *board) seed(records map[string]steps.StepRecord) {
	for id, r := range records {
		if i := b.index(id); i >= 0 {
			b.entries[i].mark, b.entries[i].detail = markOf(r.Status), r.Detail
		}
	}
}

// reset forgets every mark (start over).
func (b *board) reset() {
	for i := range b.entries {
		b.entries[i].mark, b.entries[i].detail, b.entries[i].visited = markPending, "", false
	}
	b.current = -1
}

func (b *board) setCurrent(id string) { b.current = b.index(id) }
