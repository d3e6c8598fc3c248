package ui

import (
	"github.com/charmbracelet/lipgloss"

	"github.com/idme-okta/idme-okta/steps/flow"
)

// A flow.Mark in symbols, words and colours. The panel never relies on colour alone: every
// mark has a symbol and a word, so it reads the same with NO_COLOR or a screen reader.

func markSymbol(k flow.Mark) string {
	return [...]string{"○", "…", "○", "!", "✓", "–", "✗"}[k]
}

func markWord(k flow.Mark) string {
	return [...]string{"pending", "checking", "to do", "drifted", "done", "skipped", "error"}[k]
}

// markRender colours text as the mark's status: done green, drifted amber, error red; any
// other mark in other.
func markRender(k flow.Mark, sty styles, text string, other lipgloss.Style) string {
	switch k {
	case flow.MarkDone:
		return sty.ok.Render(text)
	case flow.MarkDrifted:
		return sty.warn.Render(text)
	case flow.MarkError:
		return sty.err.Render(text)
	}
	return other.Render(text)
}

// entryWord is an entry's status in a word: a test passes or fails rather than being "done".
func entryWord(e flow.Entry) string {
	if e.ID == flow.IDTestSignIn {
		switch e.Mark {
		case flow.MarkDone:
			return "passed"
		case flow.MarkError:
			return "failed"
		case flow.MarkChecking:
			return "testing"
		}
	}
	return markWord(e.Mark)
}
