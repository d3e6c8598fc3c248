package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/idme-okta/idme-okta/steps/flow"
)

// The frame: a header, the side panel (or a one-line step header when narrow), the screen's
// scrollable body with its actions pinned below, and a footer of keys. Nothing drawn is wider
// or taller than the terminal.

const (
	wideMin    = 90 // below this many columns the side panel collapses into the header
	panelWidth = 28 // the panel's text; plus a border and a gap
	panelGap   = 3
	headerRows = 2 // title line and a blank line
	footerRows = 2 // a blank line and the keys
)

func (m *Model) wide() bool { return m.width >= wideMin }

// fullWidther is a screen showing values to copy (the authorize URL, the handoff sheet): while
// fullWidth holds, the side panel folds into the one-line header, as on a narrow terminal,
// so they get every column and nothing but them on their lines.
type fullWidther interface{ fullWidth() bool }

// panelShown: the side panel is drawn (a wide terminal, and the screen does not need the room).
func (m *Model) panelShown() bool {
	if f, ok := m.screen.(fullWidther); ok && f.fullWidth() {
		return false
	}
	return m.wide()
}

// contentSize is the area a screen draws in: the terminal less the header, the panel, the
// notice and the footer (taller while ? lists every key).
func (m *Model) contentSize() (w, h int) {
	footer := footerRows
	if m.showHelp {
		footer = 1 + lipgloss.Height(m.fullHelpView(m.keyMap()))
	}
	return m.contentSizeWith(footer)
}

func (m *Model) contentSizeWith(footer int) (w, h int) {
	w = m.width
	if m.panelShown() {
		w -= panelWidth + panelGap
	}
	h = m.height - headerRows - footer
	if m.noticeLine() != "" {
		h--
	}
	return max(w, 20), max(h, 3)
}

// scrolls reports that the body is longer than its area under the short footer, so pgup and
// pgdn do something.
func (m *Model) scrolls() bool {
	if m.picking {
		return false
	}
	w, h := m.contentSizeWith(footerRows)
	body := strings.Split(strings.TrimRight(m.screen.body(w), "\n"), "\n")
	return len(body) > bodyRows(h, m.screen.actions(w))
}

// bodyHeight is how many body lines fit above the actions.
func (m *Model) bodyHeight() int {
	w, h := m.contentSize()
	return bodyRows(h, m.screen.actions(w))
}

// bodyRows is how many of h rows are left to the body above actions and the blank line
// between them.
func bodyRows(h int, actions string) int {
	if actions == "" {
		return h
	}
	return max(h-lipgloss.Height(actions)-1, 1)
}

// View draws the frame around the current screen.
func (m *Model) View() string {
	w, h := m.contentSize()
	content := m.contentView(w, h)
	if m.panelShown() {
		panel := m.sess.styles.panel.Width(panelWidth).Height(h).MaxHeight(h).Render(m.panelView())
		content = lipgloss.JoinHorizontal(lipgloss.Top, panel, strings.Repeat(" ", panelGap-1), content)
	}
	var b strings.Builder
	b.WriteString(m.headerView())
	b.WriteString("\n\n")
	b.WriteString(content)
	if n := m.noticeLine(); n != "" {
		b.WriteString("\n" + m.sess.styles.warn.Render(n))
	}
	b.WriteString("\n\n")
	b.WriteString(m.footerView())
	return fit(b.String(), m.width, m.height)
}

// noticeLine is the line under the content: while a call waits for Okta's rate limit, the
// seconds left (a wait can last a minute, and a spinner alone looks hung; the busy screens'
// spinners redraw it every tick), else the notice.
func (m *Model) noticeLine() string {
	if c := m.sess.setup().Okta; c != nil {
		if w, ok := c.Waiting(); ok {
			return waitText(w, time.Now())
		}
	}
	return m.notice
}

// cursorLiner is a screen with a cursor in its body.
type cursorLiner interface{ cursorLine(width int) int }

// contentView is the body, scrolled, with the actions under it.
func (m *Model) contentView(w, h int) string {
	if m.picking {
		return m.pickView(w)
	}
	actions := m.screen.actions(w)
	bodyH := bodyRows(h, actions)
	lines := strings.Split(strings.TrimRight(m.screen.body(w), "\n"), "\n")
	if len(lines) > bodyH {
		// Leave room for the marker that says there is more.
		visible := max(bodyH-1, 1)
		if c, ok := m.screen.(cursorLiner); ok {
			// Keep the screen's cursor (a table row) in view.
			line := c.cursorLine(w)
			if line < m.scroll {
				m.scroll = line
			} else if line >= m.scroll+visible {
				m.scroll = line - visible + 1
			}
		}
		m.scroll = min(max(m.scroll, 0), len(lines)-visible)
		end := min(m.scroll+visible, len(lines))
		more := fmt.Sprintf("── lines %d–%d of %d · pgup/pgdn to scroll ──", m.scroll+1, end, len(lines))
		lines = append(lines[m.scroll:end:end], m.sess.styles.muted.Render(ansi.Truncate(more, w, "")))
	} else {
		m.scroll = 0
	}
	body := strings.Join(lines, "\n")
	if actions == "" {
		return body
	}
	// Actions follow the text directly: the eye does not have to jump to the bottom.
	return body + "\n\n" + actions
}

func (m *Model) headerView() string {
	sty := m.sess.styles
	left := sty.title.Render("idme-okta") + sty.muted.Render(" · Sign in with ID.me for Okta")
	if !m.panelShown() {
		left = sty.title.Render("idme-okta") + " · " + m.stepHeading()
	}
	if m.sess.opts.Demo {
		badge := sty.demo.Render("DEMO · simulated Okta org")
		if gap := m.width - lipgloss.Width(left) - lipgloss.Width(badge); gap >= 1 {
			return left + strings.Repeat(" ", gap) + badge
		}
		return left + " " + sty.demo.Render("DEMO")
	}
	return left
}

// stepHeading is the narrow-terminal header: "Step 4 of 8 · Profile mappings".
func (m *Model) stepHeading() string {
	b := m.sess.board()
	if b.Current >= 0 && len(b.Entries) > 0 {
		e := b.Entries[b.Current]
		return fmt.Sprintf("Step %d of %d · %s", b.Current+1, len(b.Entries), m.screen.title()) + " " + markSymbol(e.Mark)
	}
	return m.screen.title()
}

// panelView lists every step with its mark; the current one is highlighted.
func (m *Model) panelView() string {
	sty := m.sess.styles
	lines := []string{sty.heading.Render("Steps"), ""}
	inner := panelWidth - sty.panel.GetHorizontalPadding()
	b := m.sess.board()
	for i, e := range b.Entries {
		word := entryWord(e)
		if e.Mark == flow.MarkPending {
			word = "" // the ○ says it; a column of "pending" is noise
		}
		title := ansi.Truncate(e.Title, inner-2-len(word)-1, "…")
		pad := max(inner-2-lipgloss.Width(title)-len(word), 1)
		line := markSymbol(e.Mark) + " " + title + strings.Repeat(" ", pad) + markRender(e.Mark, sty, word, sty.muted)
		if i == b.Current {
			line = sty.panelCurrent.Render("› "+title) + strings.Repeat(" ", pad) + sty.muted.Render(word)
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// footerView is the screen's keys (keyMap): the short help, or with ? every key.
func (m *Model) footerView() string {
	if m.showHelp {
		return m.fullHelpView(m.keyMap())
	}
	return m.shortHelpView(m.keyMap())
}

// fit cuts every line to the terminal's width and the whole view to its height, so a long
// URL or a small terminal never makes the renderer wrap lines behind our back.
func fit(s string, width, height int) string {
	lines := strings.Split(s, "\n")
	if height > 0 && len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > width {
			lines[i] = ansi.Truncate(l, width, "")
		}
	}
	return strings.Join(lines, "\n")
}
