package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
)

// rowAnswers are a row of the mapping table being added or edited: a claim of the catalogue
// that is not mapped yet, or any attribute and claim typed by name.
type rowAnswers struct {
	table            *flow.Table
	at               int // the row edited; -1 adds one
	claimChoice      string
	attribute, claim string
}

// otherClaim is the choice to type the names: no catalogue claim has this value.
const otherClaim = "\x00other"

func newRowAnswers(t *flow.Table, at int) *rowAnswers {
	r := &rowAnswers{table: t, at: at, claimChoice: otherClaim}
	if at >= 0 && at < len(t.Rows) {
		r.attribute, r.claim = t.Rows[at].Attribute, t.Rows[at].Claim
	}
	return r
}

func (r *rowAnswers) form() *form {
	var groups []*formGroup
	if r.at < 0 {
		var opts []huh.Option[string]
		for _, c := range r.table.Suggestions() {
			opts = append(opts, huh.NewOption(fmt.Sprintf("%s ← %s  (%s)", c.OktaAttribute, c.Claim, c.Title), c.Claim+"\x00"+c.OktaAttribute))
		}
		opts = append(opts, huh.NewOption("Another claim (type the names)", otherClaim))
		r.claimChoice = opts[0].Value
		suggested := choiceField("Add which ID.me claim?", &r.claimChoice, opts...)
		suggested.choice.Height(8)
		groups = append(groups, group(suggested))
	}
	return defineForm(append(groups, group(
		inputField("Okta attribute", "The Okta user profile attribute to fill, e.g. birth_date.", &r.attribute, nonEmpty("the Okta attribute")),
		inputField("ID.me claim", "The claim name in ID.me's ID token, e.g. birth_date.", &r.claim, nonEmpty("the ID.me claim")),
	).hideUnless(func() bool { return r.claimChoice == otherClaim }))...)
}

// put writes the row into the table.
func (r *rowAnswers) put() {
	row := steps.MappingRow{Attribute: strings.TrimSpace(r.attribute), Claim: strings.TrimSpace(r.claim)}
	if claim, attr, ok := strings.Cut(r.claimChoice, "\x00"); ok && r.claimChoice != otherClaim {
		row = steps.MappingRow{Attribute: attr, Claim: claim}
	}
	r.table.Put(r.at, row)
}
