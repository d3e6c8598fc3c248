package flow_test

import (
	"slices"
	"testing"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
)

// tableOf opens the mapping table of a run whose table step comes first.
func tableOf(t *testing.T) *flow.Table {
	t.Helper()
	table := todo("table", steps.Facts{Page: steps.PageMappingTable})
	mv := toFirstStep(t, run(t, table))
	if mv.Page.Table == nil {
		t.Fatalf("first page %s, want the table", describe(mv.Page))
	}
	return mv.Page.Table
}

// Rows are marked against the guide's table: an edited row is edited (with the guide's
// claim), a new attribute added. The first answer says what it does with the table.
func TestTableMarksAndKeepLabel(t *testing.T) {
	tb := tableOf(t)
	if l := tb.Menu().Options[0].Label; l != "Keep guide's table" {
		t.Errorf("unchanged: %q", l)
	}
	i := slices.IndexFunc(tb.Rows, func(r steps.MappingRow) bool { return r.Attribute == "firstName" })
	tb.Put(i, steps.MappingRow{Attribute: "firstName", Claim: "given_name"})
	tb.Put(-1, steps.MappingRow{Attribute: "birth_date", Claim: "birth_date"})
	if m, guide := tb.Mark(i); m != flow.RowEdited || guide != "fname" {
		t.Errorf("edited row: %v %q", m, guide)
	}
	if m, _ := tb.Mark(len(tb.Rows) - 1); m != flow.RowAdded {
		t.Errorf("added row: %v", m)
	}
	if m, _ := tb.Mark(0); m != flow.RowGuide {
		t.Errorf("guide row: %v", m)
	}
	if l := tb.Menu().Options[0].Label; l != "Use edited table" {
		t.Errorf("edited: %q", l)
	}
	if tb.Changes() != 2 {
		t.Errorf("changes %d, want 2", tb.Changes())
	}
}

// Remove and Reset act at once; Undo takes each back, in order, and is offered only then.
func TestTableUndo(t *testing.T) {
	tb := tableOf(t)
	if tb.Menu().Has(flow.ChoiceUndoTable) {
		t.Error("undo offered before any edit")
	}
	added := steps.MappingRow{Attribute: "birth_date", Claim: "birth_date"}
	tb.Put(-1, added)
	tb.Reset()
	if slices.Contains(tb.Rows, added) || tb.LastEdit() != "You put the guide's table back. Undo takes it back." {
		t.Fatalf("after reset: %v, %q", tb.Rows, tb.LastEdit())
	}
	tb.Undo()
	if !slices.Contains(tb.Rows, added) {
		t.Fatalf("undo of the reset lost the added row: %v", tb.Rows)
	}
	tb.Remove(0)
	if tb.Rows[0].Attribute == "idme_uuid" || !tb.Menu().Has(flow.ChoiceUndoTable) {
		t.Fatalf("remove: %v", tb.Rows)
	}
	tb.Undo()
	tb.Undo()
	if !slices.Equal(tb.Rows, steps.DefaultMappings()) || tb.CanUndo() {
		t.Errorf("after undoing everything: %v (more: %v)", tb.Rows, tb.CanUndo())
	}
}
