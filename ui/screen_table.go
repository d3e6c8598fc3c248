package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// tableScreen is the mapping table (flow.MappingTable: Okta attribute ← ID.me claim) before
// the step that writes it: keep it, add a row (the catalogue's other claims are suggested),
// edit or remove rows. The table is validated before it is kept.
type tableScreen struct {
	sess   *session
	table  *flow.Table
	cursor int
	menu   *choice
	err    error

	// The row form (add or edit); nil while the table has focus.
	form               *huh.Form
	row                *rowAnswers
	contentW, contentH int
}

func newTableScreen(sess *session, p flow.Page) *tableScreen {
	return &tableScreen{sess: sess, table: p.Table, menu: newChoice(p.Table.Menu())}
}

func (s *tableScreen) init() tea.Cmd { return nil }

func (s *tableScreen) update(msg tea.Msg) tea.Cmd {
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
	rows := s.table.Rows
	if km, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(km, keyUp):
			s.cursor = max(s.cursor-1, 0)
			return nil
		case key.Matches(km, keyDown):
			s.cursor = min(s.cursor+1, len(rows)-1)
			return nil
		case key.Matches(km, keyBack) && s.sess.flow.CanGoBack():
			return finish(s, flow.Back{})
		}
	}
	c, ok := s.menu.update(msg)
	if !ok {
		return nil
	}
	s.err = nil
	// After an edit the first answer says what it now does, and Enter picks it again: the
	// table is most often kept as it now is.
	defer func() { s.menu = newChoice(s.table.Menu()) }()
	switch c {
	case flow.ChoiceKeepTable:
		ev, err := s.table.Keep()
		if err != nil {
			s.err = err
			return nil
		}
		return finish(s, ev)
	case flow.ChoiceAddRow:
		return s.openForm(-1)
	case flow.ChoiceEditRow:
		if len(rows) > 0 {
			return s.openForm(s.cursor)
		}
	case flow.ChoiceRemoveRow:
		s.table.Remove(s.cursor)
		s.cursor = min(s.cursor, max(len(s.table.Rows)-1, 0))
	case flow.ChoiceResetTable:
		s.table.Reset()
		s.cursor = 0
	case flow.ChoiceUndoTable:
		s.table.Undo()
		s.cursor = min(s.cursor, max(len(s.table.Rows)-1, 0))
	}
	return nil
}

func (s *tableScreen) openForm(at int) tea.Cmd {
	s.row = newRowAnswers(s.table, at)
	s.form = s.row.form().tui()
	size := tea.WindowSizeMsg{Width: s.contentW, Height: max(s.contentH/2, 8)}
	m, _ := s.form.Update(size)
	s.form = m.(*huh.Form)
	return s.form.Init()
}

func (s *tableScreen) updateForm(msg tea.Msg) tea.Cmd {
	if formBack(s.form, msg) {
		s.form = nil
		return nil
	}
	var cmd tea.Cmd
	var completed bool
	if s.form, cmd, completed = updateForm(s.form, msg); !completed {
		return cmd
	}
	s.form = nil
	s.row.put()
	if s.row.at < 0 {
		s.cursor = len(s.table.Rows) - 1
	}
	s.err = s.table.Problem()
	s.menu = newChoice(s.table.Menu())
	return cmd
}

func (s *tableScreen) body(width int) string {
	lines, _ := s.render(width)
	return strings.Join(lines, "\n")
}

// cursorLine is the body line the row cursor is on: the frame scrolls to keep it visible.
func (s *tableScreen) cursorLine(width int) int {
	_, line := s.render(width)
	return line
}

func (s *tableScreen) render(width int) ([]string, int) {
	sty := s.sess.styles
	lines := []string{sty.heading.Render("Profile mappings"), ""}
	lines = append(lines, wrap(tableIntro, width, "", "")...)
	lines = append(lines, wrap(tableStyles, width, "", "")...)
	lines = append(lines, wrap(tableNote, width, sty.muted.Render("Note: "), "      ")...)
	lines = append(lines, "")
	attrW := 18
	for _, r := range s.table.Rows {
		attrW = max(attrW, lipgloss.Width(r.Attribute))
	}
	attrW = min(attrW, max(width/2-4, 10))
	lines = append(lines, sty.muted.Render(fmt.Sprintf("  %-*s  ←  %s", attrW, "Okta attribute", "ID.me claim it reads")))
	cursorLine := len(lines)
	for i, r := range s.table.Rows {
		line := fmt.Sprintf("%-*s  ←  %s", attrW, termtext.Line(r.Attribute), termtext.Line(readsShort(r))) // a progress file may hold them
		if mark := rowMarkWords(s.table, i); mark != "" {
			line += sty.muted.Render("  " + mark)
		}
		if steps.ClaimNote(r.Claim) != "" {
			line += sty.warn.Render("  ⚠")
		}
		if i == s.cursor && s.form == nil {
			lines = append(lines, tableRow(sty.panelCurrent.Render("› "), line, attrW, width)...)
			// The row's last line, so a row wrapped onto two (its mark on a narrow terminal)
			// is scrolled into view whole.
			cursorLine = len(lines) - 1
		} else {
			lines = append(lines, tableRow("  ", line, attrW, width)...)
		}
	}
	if s.err != nil {
		lines = append(lines, "")
		lines = append(lines, wrap(sty.err.Render("✗ ")+termtext.Line(s.err.Error()), width, "", "  ")...)
	}
	return lines, cursorLine
}

// actions: the row form, or the buttons under why the table cannot be kept, the warning
// about the row under the cursor and what the last edit did, pinned there so they stay in
// view however long the table is.
func (s *tableScreen) actions(width int) string {
	if s.form != nil {
		return s.form.View()
	}
	sty := s.sess.styles
	var lines []string
	if s.err != nil {
		lines = append(lines, wrap(sty.err.Render("✗ ")+s.err.Error(), width, "", "  ")...)
	}
	if s.cursor < len(s.table.Rows) {
		if note := steps.ClaimNote(s.table.Rows[s.cursor].Claim); note != "" {
			lines = append(lines, wrap(note, width, sty.warn.Render("⚠ "), "  ")...)
		}
	}
	if said := s.table.LastEdit(); said != "" {
		lines = append(lines, wrap(said, width, sty.muted.Render("↶ "), "  ")...)
	}
	if len(lines) > 0 {
		lines = append(lines, "")
	}
	return strings.Join(append(lines, s.menu.view(sty, width)), "\n")
}

func (s *tableScreen) title() string { return "Profile mappings" }

func (s *tableScreen) bindings() []key.Binding {
	if s.form != nil {
		return formKeys(s.form, true)
	}
	b := append([]key.Binding{key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "row"))}, s.menu.bindings()...)
	if s.sess.flow.CanGoBack() {
		b = append(b, keyBack)
	}
	return b
}

func (s *tableScreen) typing() bool { return s.form != nil }

// readsShort is what a row reads, as the table column has room for: "fname, else given_name"
// (the words above the table say the second is OpenID Connect's name; the accessible mode
// says steps.MappingRow.Reads in full).
func readsShort(r steps.MappingRow) string {
	var claims []string
	for _, src := range r.Sources() {
		claims = append(claims, src.Claim)
	}
	return strings.Join(claims, ", else ")
}

// tableRow is one row of the table, wrapped under its claims when the terminal is narrow.
func tableRow(prefix, line string, attrW, width int) []string {
	if lipgloss.Width(prefix+line) <= width {
		return []string{prefix + line}
	}
	return wrap(line, width, prefix, strings.Repeat(" ", attrW+7))
}
