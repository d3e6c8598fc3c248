package ui

import (
	"maps"
	"slices"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
)

// toTheMappingTable walks a first run against the simulated org up to and including the
// identity provider: the mapping table is the next page.
func toTheMappingTable(t *testing.T) (*simWorld, *driver) {
	t.Helper()
	w := startSimWorld(t)
	d := drive(t, New(w.options(t)), 100, 30, w.org.AdminToken(), canaryClientSecret)
	for _, sc := range w.fullRun(false)[:4] {
		sc.arrive(d)
		sc.act(d)
	}
	return w, d
}

// The mapping table comes before the attributes are created, so they follow it: a row from
// the catalogue is added, the login row removed (refused: Okta needs a username), the table
// reset and the row added again; then the user attributes add the new row's target (and
// not transaction_ial, which no row fills), the IdP profile gets the claim and the mapping
// writes it.
func TestMappingTableBeforeAttributesWhichFollowIt(t *testing.T) {
	w, d := toTheMappingTable(t)
	d.waitFor("Okta attribute", "ID.me claim it reads", "firstName", "fname, else given_name")
	d.press('a')
	d.waitFocus("Add which ID.me claim?")
	d.waitFor("> birth_date ← birth_date")
	d.enter()
	d.waitFor("birth_date", "(added)")

	// Remove the login row (row 3): the table is refused.
	for range 11 {
		d.key(tea.KeyUp)
	}
	d.key(tea.KeyDown)
	d.key(tea.KeyDown)
	d.waitFor("› login")
	d.press('d')
	d.enter() // Keep table
	d.waitFor("no row for login")

	d.press('r')
	d.press('a')
	d.waitFocus("Add which ID.me claim?")
	d.enter()
	d.waitFor("(added)")
	d.enter() // keep

	d.waitFor(stepTitle(steps.IDUserAttributes), "idme_uuid (string", "birth_date (string")
	d.press('a')
	d.waitFor("Okta writes: 1")
	d.enter()
	d.waitFor(stepTitle(steps.IDIdPAttributes), "birth_date")
	d.press('a')
	d.waitFor("Okta writes: 1")
	d.enter()
	d.waitFor(stepTitle(steps.IDProfileMappings), "birth_date")
	d.press('a')
	d.waitFor("Okta writes:")
	ctrlC(d)
	m := d.final()

	if custom := w.org.Snapshot().UserSchemaCustom; simtest.At(custom, "birth_date") == nil || simtest.At(custom, "transaction_ial") != nil {
		t.Errorf("custom user attributes %v, want birth_date (a row fills it) and no transaction_ial", slices.Collect(maps.Keys(custom)))
	}
	if !slices.Contains(m.sess.setup().Answers.Mappings, steps.MappingRow{Attribute: "birth_date", Claim: "birth_date"}) {
		t.Errorf("answers lack the added row: %v", m.sess.setup().Answers.Mappings)
	}
	snap := w.org.Snapshot()
	idpID := m.sess.setup().Known().IdPID
	if simtest.At(snap.IdPSchemas[idpID], "birth_date") == nil {
		t.Error("the IdP profile has no birth_date attribute")
	}
	for _, mp := range snap.Mappings {
		if simtest.Str(mp, "source", "id") == idpID && simtest.Str(mp, "target", "id") == m.sess.setup().Known().UserTypeID {
			if got := simtest.Str(mp, "properties", "birth_date", "expression"); got != (steps.MappingRow{Attribute: "birth_date", Claim: "birth_date"}).Expression() {
				t.Errorf("mapping birth_date = %q", got)
			}
		}
	}
}

// q and ? are letters like any other while a text input has the focus.
func TestGlobalKeysDoNotStealFromTextInputs(t *testing.T) {
	w := newFakeWorld(t)
	d := drive(t, New(w.opts), 80, 24)
	d.waitFor("Nothing is written")
	d.enter()
	d.waitFocus("Okta org URL")
	d.typeText("q?")
	d.press('q')
	d.waitFor("> q?q")
	d.key(tea.KeyCtrlU)
	d.typeText("dev-1.okta.com")
	d.enter()
	d.waitFocus("Sign in to Okta with")
	ctrlC(d)
	m := d.final()
	if got := m.sess.setup().Answers.OrgURL; got != "" {
		t.Errorf("org URL stored before connecting: %q", got)
	}
	if !m.Aborted() {
		t.Error("ctrl+c did not abort")
	}
}
