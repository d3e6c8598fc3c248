package ui

import (
	"fmt"
	"slices"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps"
)

// withTableStep adds a mapping step to the fake world, fed by its user attributes.
func withTableStep(w *fakeWorld) *fakeStep {
	table := &fakeStep{id: steps.IDProfileMappings, title: "Map ID.me claims to Okta user attributes",
		facts:  steps.Facts{ShortTitle: "Profile mappings", Page: steps.PageMappingTable, Prerequisites: []string{steps.IDUserAttributes}},
		report: missing("rows to set", steps.Change{Action: "update", Object: "profile mapping"}),
		result: steps.Result{Detail: "rows set"}}
	w.opts.Steps = append(w.opts.Steps, table)
	return table
}

// The mapping editor as an admin meets it, at 100×30, 80×24 and 60×20, before the attributes
// are created: an edited row is marked edited (not added) and the first button says what it
// will do; Remove and Reset act at once and Undo takes them back (Reset no longer loses an
// added row); a claim ID.me does not document is accepted with a warning.
func TestMappingEditorMarksUndoesAndWarns(t *testing.T) {
	for _, size := range [][2]int{{100, 30}, {80, 24}, {60, 20}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			w := newFakeWorld(t)
			withTableStep(w)
			d := drive(t, New(w.opts), 80, 24)
			connectAndSettings(d, "tok", "sec")
			d.waitFor("What will be written")
			d.press('a')
			d.waitFor("identity provider created")
			d.enter()
			d.waitFor("Okta attribute", "Keep guide's table")
			d.resize(size[0], size[1])
			d.waitFor("idme_uuid")

			// Edit firstName ← fname into firstName ← given_name.
			for range 3 {
				d.key(tea.KeyDown)
			}
			d.waitFor("› firstName")
			d.press('e')
			d.waitFocus("Okta attribute")
			d.enter()
			d.waitFocus("ID.me claim")
			d.key(tea.KeyCtrlU)
			d.typeText("given_name")
			d.enter()
			d.waitFor("(edited; guide: fname)", "OpenID Connect's name", "Use edited table")

			// Add a catalogue row, reset (it goes), undo (it is back).
			d.press('a')
			d.waitFocus("Add which ID.me claim?")
			d.enter()
			d.waitFor("birthdate  (added)", "You added birth_date ← birth_date")
			d.press('r')
			d.waitFor("You put the guide's table back", "Keep guide's table", "Undo")
			d.press('u')
			d.waitFor("(edited; guide: fname)", "Use edited table")

			// Remove a row, undo.
			for range 10 {
				d.key(tea.KeyDown)
			}
			d.waitFor("› zipCode")
			d.press('d')
			d.waitFor("You removed zipCode ← zip")
			d.press('u')
			d.waitFor("› zipCode", "You added birth_date ← birth_date")

			// A made-up claim: accepted, with a warning.
			d.press('a')
			d.waitFocus("Add which ID.me claim?")
			for range 7 {
				d.key(tea.KeyDown)
			}
			d.waitFor("> Another claim")
			d.enter()
			d.waitFocus("Okta attribute")
			d.typeText("idme_colour")
			d.enter()
			d.waitFocus("ID.me claim")
			d.typeText("favourite_colour")
			d.enter()
			d.waitFor("favourite_colour  (added)  ⚠", `claim named "favourite_colour"`)
			d.enter()
			d.waitFor("Add ID.me attributes to the Okta user profile", "What will be written")
			ctrlC(d)
			m := d.final()
			rows := m.sess.setup().Answers.Mappings
			for _, want := range []steps.MappingRow{{Attribute: "firstName", Claim: "given_name"}, {Attribute: "birth_date", Claim: "birth_date"},
				{Attribute: "zipCode", Claim: "zip"}, {Attribute: "idme_colour", Claim: "favourite_colour"}} {
				if !slices.Contains(rows, want) {
					t.Errorf("the table kept lacks %v: %v", want, rows)
				}
			}
		})
	}
}
