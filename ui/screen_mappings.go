package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"

	"github.com/idme-okta/idme-okta/assets"
	"github.com/idme-okta/idme-okta/steps"
)

// mappingsScreen shows the mapping table (Okta attribute ← ID.me claim) before the
// profile-mappings step: keep it, add a row (the catalogue's other claims are suggested),
// edit or remove rows. The table is validated with steps.ValidateMappings before it is kept.
type mappingsScreen struct {
	sess     *session
	step     steps.Step
	original []steps.MappingRow
	rows     []steps.MappingRow
	cursor   int
	menu     *choice
	err      error

	// The row form (add or edit); nil while the table has focus.
	form               *huh.Form
	editing            int // row being edited; -1 when adding
	pick               string
	attribute, claim   string
	contentW, contentH int
}

const (
	mapKeep = iota
	mapAdd
	mapEdit
	mapRemove
	mapReset
)

const otherClaim = "\x00other"

func newMappingsScreen(sess *session, st steps.Step) *mappingsScreen {
	rows := slices.Clone(sess.setup.Answers.Mappings)
	if len(rows) == 0 {
		rows = steps.DefaultMappings()
	}
	return &mappingsScreen{
		sess:     sess,
		step:     st,
		original: slices.Clone(sess.setup.Answers.Mappings),
		rows:     rows,
		menu: newChoice(
			option{label: "Keep table", value: mapKeep},
			option{label: "Add", key: "a", value: mapAdd},
			option{label: "Edit", key: "e", value: mapEdit},
			option{label: "Remove", key: "d", value: mapRemove},
			option{label: "Reset", key: "r", value: mapReset},
		),
		editing: -1,
	}
}

func (s *mappingsScreen) init() tea.Cmd { return nil }

func (s *mappingsScreen) update(msg tea.Msg) tea.Cmd {
	if size, ok := msg.(tea.WindowSizeMsg); ok {
		s.contentW, s.contentH = size.Width, size.Height
		if s.form != nil {
			m, cmd := s.form.Update(tea.WindowSizeMsg{Width: size.Width, Height: max(size.Height/2, 8)})
			s.form = m.(*huh.Form)
			return cmd
		}
		return nil
	}
	if s.form != nil {
		return s.updateForm(msg)
	}
	if km, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(km, keyUp):
			s.cursor = max(s.cursor-1, 0)
			return nil
		case key.Matches(km, keyDown):
			s.cursor = min(s.cursor+1, len(s.rows)-1)
			return nil
		}
	}
	v, ok := s.menu.update(msg)
	if !ok {
		return nil
	}
	// After an edit Enter means "keep" again: the table is most often kept as it now is.
	s.menu.focus = 0
	s.err = nil
	switch v {
	case mapKeep:
		if err := steps.ValidateMappings(s.rows); err != nil {
			s.err = err
			return nil
		}
		changed := !slices.Equal(s.rows, s.original)
		s.sess.setup.Answers.Mappings = slices.Clone(s.rows) // a new slice: snapshots keep theirs
		return finish(s, mappingsDoneMsg{stepID: s.step.ID(), changed: changed})
	case mapAdd:
		return s.openForm(-1)
	case mapEdit:
		if len(s.rows) > 0 {
			return s.openForm(s.cursor)
		}
	case mapRemove:
		if len(s.rows) > 0 {
			s.rows = slices.Delete(slices.Clone(s.rows), s.cursor, s.cursor+1)
			s.cursor = min(s.cursor, max(len(s.rows)-1, 0))
		}
	case mapReset:
		s.rows, s.cursor = steps.DefaultMappings(), 0
	}
	return nil
}

// suggestions are catalogue claims whose Okta attribute is not mapped yet.
func (s *mappingsScreen) suggestions() []assets.Claim {
	var out []assets.Claim
	for _, c := range assets.Claims() {
		if !slices.ContainsFunc(s.rows, func(r steps.MappingRow) bool { return r.Attribute == c.OktaAttribute }) {
			out = append(out, c)
		}
	}
	return out
}

func (s *mappingsScreen) openForm(row int) tea.Cmd {
	s.editing, s.pick = row, otherClaim
	s.attribute, s.claim = "", ""
	var groups []*huh.Group
	if row >= 0 {
		s.attribute, s.claim = s.rows[row].Attribute, s.rows[row].Claim
	} else {
		var opts []huh.Option[string]
		for _, c := range s.suggestions() {
			opts = append(opts, huh.NewOption(fmt.Sprintf("%s ← %s  (%s)", c.OktaAttribute, c.Claim, c.Title), c.Claim+"\x00"+c.OktaAttribute))
		}
		opts = append(opts, huh.NewOption("Another claim (type the names)", otherClaim))
		s.pick = opts[0].Value
		groups = append(groups, huh.NewGroup(
			huh.NewSelect[string]().Title("Add which ID.me claim?").Options(opts...).Value(&s.pick).Height(8),
		))
	}
	groups = append(groups, huh.NewGroup(
		huh.NewInput().Title("Okta attribute").Description("The Okta user profile attribute to fill, e.g. birth_date.").
			Value(&s.attribute).Validate(nonEmpty("the Okta attribute")),
		huh.NewInput().Title("ID.me claim").Description("The claim name in ID.me's ID token, e.g. birth_date.").
			Value(&s.claim).Validate(nonEmpty("the ID.me claim")),
	).WithHideFunc(func() bool { return s.pick != otherClaim }))
	s.form = newForm(groups...)
	size := tea.WindowSizeMsg{Width: s.contentW, Height: max(s.contentH/2, 8)}
	m, _ := s.form.Update(size)
	s.form = m.(*huh.Form)
	return s.form.Init()
}

func (s *mappingsScreen) updateForm(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyMsg); ok && key.Matches(km, keyBack) {
		s.form = nil
		return nil
	}
	var cmd tea.Cmd
	var completed bool
	if s.form, cmd, completed = updateForm(s.form, msg); !completed {
		return cmd
	}
	s.form = nil
	row := steps.MappingRow{Attribute: strings.TrimSpace(s.attribute), Claim: strings.TrimSpace(s.claim)}
	if claim, attr, ok := strings.Cut(s.pick, "\x00"); ok && s.pick != otherClaim {
		row = steps.MappingRow{Attribute: attr, Claim: claim}
	}
	rows := slices.Clone(s.rows)
	if s.editing >= 0 {
		rows[s.editing] = row
	} else {
		rows = append(rows, row)
		s.cursor = len(rows) - 1
	}
	s.rows = rows
	s.err = steps.ValidateMappings(s.rows)
	return cmd
}

func (s *mappingsScreen) body(width int) string {
	lines, _ := s.render(width)
	return strings.Join(lines, "\n")
}

// cursorLine is the body line the row cursor is on: the frame scrolls to keep it visible.
func (s *mappingsScreen) cursorLine(width int) int {
	_, line := s.render(width)
	return line
}

func (s *mappingsScreen) render(width int) ([]string, int) {
	st := s.sess.st
	lines := []string{st.heading.Render("Profile mappings"), ""}
	lines = append(lines, wrap("At each sign-in with ID.me, Okta fills these user attributes from claims in the ID token.", width, "", "")...)
	lines = append(lines, wrap("Okta's “Apply updates now” button has no public API: the mappings apply to each user at their next sign-in.", width, st.muted.Render("Note: "), "      ")...)
	lines = append(lines, "")
	attrW := 18
	for _, r := range s.rows {
		attrW = max(attrW, lipgloss.Width(r.Attribute))
	}
	attrW = min(attrW, max(width/2-4, 10))
	lines = append(lines, st.muted.Render(fmt.Sprintf("  %-*s  ←  %s", attrW, "Okta attribute", "ID.me claim")))
	cursorLine := len(lines)
	guide := steps.DefaultMappings()
	for i, r := range s.rows {
		line := fmt.Sprintf("%-*s  ←  %s", attrW, r.Attribute, r.Claim)
		if !slices.Contains(guide, r) {
			line += st.muted.Render("  (added)")
		}
		if i == s.cursor && s.form == nil {
			cursorLine = len(lines)
			lines = append(lines, st.panelCurrent.Render("› ")+line)
		} else {
			lines = append(lines, "  "+line)
		}
	}
	if s.err != nil {
		lines = append(lines, "")
		lines = append(lines, wrap(st.err.Render("✗ ")+s.err.Error(), width, "", "  ")...)
	}
	return lines, cursorLine
}

func (s *mappingsScreen) actions(width int) string {
	if s.form != nil {
		return s.form.View()
	}
	return s.menu.view(s.sess.st, width)
}

func (s *mappingsScreen) title() string { return "Profile mappings" }

func (s *mappingsScreen) bindings() []key.Binding {
	if s.form != nil {
		return append(slices.Clone(formBindings), keyBack)
	}
	return append([]key.Binding{key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "row"))}, s.menu.bindings()...)
}

func (s *mappingsScreen) typing() bool { return s.form != nil }
