package flow

import (
	"slices"

	"github.com/idme-okta/idme-okta/assets"
	"github.com/idme-okta/idme-okta/steps"
)

// Table is the mapping table (Okta attribute ← ID.me claim) while the admin reviews it, before
// the step that writes it. Every edit makes a new slice: a snapshot of the answers being
// saved in the background never shares one.
type Table struct {
	flow     *Flow
	Rows     []steps.MappingRow
	original []steps.MappingRow
}

func (f *Flow) newTable(st steps.Step) *Table {
	rows := slices.Clone(f.setup.Answers.Mappings)
	if len(rows) == 0 {
		rows = steps.DefaultMappings()
	}
	return &Table{flow: f, Rows: rows, original: slices.Clone(f.setup.Answers.Mappings)}
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

// Put adds row (at < 0) or replaces row at.
func (t *Table) Put(at int, row steps.MappingRow) {
	rows := slices.Clone(t.Rows)
	if at < 0 || at >= len(rows) {
		rows = append(rows, row)
	} else {
		rows[at] = row
	}
	t.Rows = rows
}

// Remove deletes row at.
func (t *Table) Remove(at int) {
	if at >= 0 && at < len(t.Rows) {
		t.Rows = slices.Delete(slices.Clone(t.Rows), at, at+1)
	}
}

// Reset puts the guide's table back.
func (t *Table) Reset() { t.Rows = steps.DefaultMappings() }

// Added reports a row that is not one of the guide's.
func Added(row steps.MappingRow) bool { return !slices.Contains(steps.DefaultMappings(), row) }

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
