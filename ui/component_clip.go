package ui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/ui/clipboard"
)

// clipCopy is a screen's copy to the clipboard (the handoff sheet, an address): the text goes
// out in a command, only the answer to the latest request is kept, and lines says on
// screen which copy ran.
type clipCopy struct {
	result *clipboard.Result // nil until the latest request is answered
	wait   ticket
	copies int // requests answered: a copy again says it is the second, third …
}

// start copies text in the background; noClipboard is the reason shown when the run has no
// clipboard (Options.Copy is nil).
func (c *clipCopy) start(sess *session, text string, noClipboard error) tea.Cmd {
	c.result, c.wait = nil, sess.ticket()
	if sess.opts.Copy == nil {
		r := sess.copyNow(text, noClipboard)
		c.result = &r
		c.copies++
		return nil
	}
	return copyCmd(sess.opts.Copy, text, c.wait)
}

// take keeps msg if it answers the latest request; an older answer arriving late is dropped.
func (c *clipCopy) take(msg copiedMsg) {
	if msg.ticket == c.wait {
		r := msg.result
		c.result = &r
		c.copies++
	}
}

// lines say what the copy did: a warning when nothing was copied, a tick when it was, and
// pending (muted; "" for nothing) while there is no answer.
func (c *clipCopy) lines(sty styles, width int, pending string) []string {
	switch {
	case c.result == nil && pending == "":
		return nil
	case c.result == nil:
		return []string{sty.muted.Render(pending)}
	case c.result.Method == clipboard.MethodNone:
		return wrap(c.again()+c.result.Message(), width, sty.warn.Render("! "), "  ")
	default:
		return wrap(c.again()+c.result.Message(), width, sty.ok.Render("✓ "), "  ")
	}
}

// again numbers a copy after the first, so pressing c again visibly does something even when
// its answer is the same.
func (c *clipCopy) again() string {
	if c.copies < 2 {
		return ""
	}
	return fmt.Sprintf("Copy %d: ", c.copies)
}
