package ui

import "github.com/charmbracelet/lipgloss"

// The palette adapts to light and dark terminals. Colours only ever add emphasis: every status
// also has a symbol and a word, so the wizard reads the same with NO_COLOR or a screen reader.
var (
	colorAccent  = lipgloss.AdaptiveColor{Light: "#4B44C8", Dark: "#8E8AFA"}
	colorOK      = lipgloss.AdaptiveColor{Light: "#0B7A3B", Dark: "#3CCB7F"}
	colorWarn    = lipgloss.AdaptiveColor{Light: "#9A5200", Dark: "#F0A93B"}
	colorError   = lipgloss.AdaptiveColor{Light: "#B3122E", Dark: "#FF6B81"}
	colorMuted   = lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#8C8C8C"}
	colorSubtle  = lipgloss.AdaptiveColor{Light: "#D0D0D0", Dark: "#3A3A3A"}
	colorDemoBg  = lipgloss.AdaptiveColor{Light: "#FCE8B2", Dark: "#5C4300"}
	colorDemoTxt = lipgloss.AdaptiveColor{Light: "#5C4300", Dark: "#FCE8B2"}
)

// styles are built from lipgloss's default renderer, which huh's theme uses too, so one
// colour profile decision (NO_COLOR, a pipe, a pinned test profile) governs the whole screen.
type styles struct {
	title, heading, accent, ok, warn, err, muted, bold lipgloss.Style
	demo, key, panel, panelCurrent, rule               lipgloss.Style
}

func newStyles() styles {
	s := lipgloss.NewStyle
	return styles{
		title:        s().Bold(true).Foreground(colorAccent),
		heading:      s().Bold(true),
		accent:       s().Foreground(colorAccent),
		ok:           s().Foreground(colorOK),
		warn:         s().Foreground(colorWarn),
		err:          s().Foreground(colorError),
		muted:        s().Foreground(colorMuted),
		bold:         s().Bold(true),
		demo:         s().Bold(true).Foreground(colorDemoTxt).Background(colorDemoBg).Padding(0, 1),
		key:          s().Bold(true).Foreground(colorAccent),
		panel:        s().Border(lipgloss.NormalBorder(), false, true, false, false).BorderForeground(colorSubtle).PaddingRight(1),
		panelCurrent: s().Bold(true).Foreground(colorAccent),
		rule:         s().Foreground(colorSubtle),
	}
}

// plainStyles render nothing but the text: the accessible mode prints with them.
func plainStyles() styles {
	s := lipgloss.NewStyle
	return styles{
		title: s(), heading: s(), accent: s(), ok: s(), warn: s(), err: s(), muted: s(), bold: s(),
		demo: s(), key: s(), panel: s(), panelCurrent: s(), rule: s(),
	}
}
