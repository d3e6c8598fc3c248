package flow

import (
	"slices"

	"github.com/idme-okta/idme-okta/assets"
	"github.com/idme-okta/idme-okta/steps"
)

// Table is the mapping table (Okta attribute ← ID.me claim) while the admin reviews it, before
// the steps that create what it needs. Every edit makes a new slice: a snapshot of the
// answers being saved in the background never shares one. Every edit can be undone, so Remove
// and Reset act at once.
type Table struct {
	flow     *Flow
	Rows     []steps.MappingRow
	original []steps.MappingRow // the rows as the page opened: what Keep compares with
	undo     []edit
}

// edit is one change to the table: the rows before it, and what it did in words.
type edit struct {
	before []steps.MappingRow
	said   string
}

func (f *Flow) newTable(st steps.Step) *Table {
	rows := slices.Clone(f.setup.Answers.Mappings)
	if len(rows) == 0 {
		rows = steps.DefaultMappings()
	}
	return &Table{flow: f, Rows: rows, original: slices.Clone(rows)}
}

// Suggestions are the catalogue's claims whose Okta attribute is not mapped yet.
func (t *Table) Suggestions() []assets.Claim {
	var out []assets.Claim
	for _, c := range assets.Claims() {
		if !slices.ContainsFunc(t.Rows, func(r steps.MappingRow) bool { return r.Attribute == c.OktaAttribute }) {
			out = append(out, c)
		}
	}
	return out
}

// change replaces the rows, remembering the old ones for Undo.
func (t *Table) change(rows []steps.MappingRow, said string) {
	t.undo = append(t.undo, edit{before: t.Rows, said: said})
	t.Rows = rows
}

// Put adds row (at < 0) or replaces row at.
func (t *Table) Put(at int, row steps.MappingRow) {
	rows := slices.Clone(t.Rows)
	if at < 0 || at >= len(rows) {
		t.change(append(rows, row), "added "+rowWords(row))
		return
	}
	if rows[at] == row {
		return
	}
	said := "changed " + rowWords(rows[at]) + " to " + rowWords(row)
	rows[at] = row
	t.change(rows, said)
}

// Remove deletes row at.
func (t *Table) Remove(at int) {
	if at >= 0 && at < len(t.Rows) {
		t.change(slices.Delete(slices.Clone(t.Rows), at, at+1), "removed "+rowWords(t.Rows[at]))
	}
}

// Reset puts the guide's table back.
func (t *Table) Reset() {
	if !slices.Equal(t.Rows, steps.DefaultMappings()) {
		t.change(steps.DefaultMappings(), "put the guide's table back")
	}
}

// CanUndo reports an edit to take back.
func (t *Table) CanUndo() bool { return len(t.undo) > 0 }

// Undo takes the last edit back.
func (t *Table) Undo() {
	if n := len(t.undo); n > 0 {
		t.Rows = t.undo[n-1].before
		t.undo = t.undo[:n-1]
	}
}

// LastEdit says what the last edit did, with how to take it back ("" when there is none): a
// removal or a reset acts at once, so the page says so.
func (t *Table) LastEdit() string {
	if n := len(t.undo); n > 0 {
		return "You " + t.undo[n-1].said + ". Undo takes it back."
	}
	return ""
}

func rowWords(r steps.MappingRow) string { return r.Attribute + " ← " + r.Claim }

// RowMark is how a row differs from the guide's table.
type RowMark int

const (
	RowGuide  RowMark = iota // one of the guide's rows, as the guide has it
	RowEdited                // the guide maps this attribute from another claim
	RowAdded                 // the guide does not map this attribute
)

// Mark says how row at differs from the guide's table, and for an edited row the claim the
// guide reads.
func (t *Table) Mark(at int) (RowMark, string) {
	row := t.Rows[at]
	for _, g := range steps.DefaultMappings() {
		if g.Attribute != row.Attribute {
			continue
		}
		if g.Claim == row.Claim {
			return RowGuide, ""
		}
		return RowEdited, g.Claim
	}
	return RowAdded, ""
}

// Changes counts the rows added, removed or changed since the page opened.
func (t *Table) Changes() int {
	n := 0
	for _, r := range t.Rows {
		if !slices.Contains(t.original, r) {
			n++
		}
	}
	for _, r := range t.original {
		if !slices.ContainsFunc(t.Rows, func(o steps.MappingRow) bool { return o.Attribute == r.Attribute }) {
			n++
		}
	}
	return n
}

// Warnings are the table's rows whose claim ID.me does not document, or documents in one
// claim style only (steps.ClaimNote), one line each.
func (t *Table) Warnings() []string {
	var out []string
	for _, r := range t.Rows {
		if note := steps.ClaimNote(r.Claim); note != "" {
			out = append(out, r.Attribute+" ← "+r.Claim+": "+note)
		}
	}
	return out
}

// Problem is what is wrong with the table as it stands (nil: it can be kept).
func (t *Table) Problem() error { return steps.ValidateMappings(t.Rows) }

// Keep stores the table in the answers and finishes the page, unless it cannot be kept
// (Problem).
func (t *Table) Keep() (Event, error) {
	if err := t.Problem(); err != nil {
		return nil, err
	}
	t.flow.setup.Answers.Mappings = slices.Clone(t.Rows)
	return TableReviewed{Changed: !slices.Equal(t.Rows, t.original)}, nil
}

// Menu is the table's: the first answer says what it does with the table as it now stands.
// The labels are short: the row of buttons fits beside the side panel.
func (t *Table) Menu() Menu {
	keep := "Keep guide's table"
	switch {
	case t.Changes() > 0:
		keep = "Use edited table"
	case !slices.Equal(t.Rows, steps.DefaultMappings()):
		keep = "Keep this table"
	}
	opts := []Option{
		{Label: keep, Choice: ChoiceKeepTable},
		{Label: "Add", Key: "a", Choice: ChoiceAddRow},
		{Label: "Edit", Key: "e", Choice: ChoiceEditRow},
		{Label: "Remove", Key: "d", Choice: ChoiceRemoveRow},
		{Label: "Reset", Key: "r", Choice: ChoiceResetTable},
	}
	if t.CanUndo() {
		opts = append(opts, Option{Label: "Undo", Key: "u", Choice: ChoiceUndoTable})
	}
	return menu("The mapping table:", opts...)
}
