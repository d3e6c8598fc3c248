// Package termtext makes text from outside (Okta objects, ID.me claims, System Log entries,
// a browser's callback, error messages that quote any of them) safe to show in a terminal.
//
// A terminal interprets control characters: ESC ] 52 sets the clipboard, ESC ] 0 the window
// title, ESC [ 2J clears the screen, CR and cursor movement can overwrite a line that was
// already printed (a forged "PASS"). Every renderer (the wizard, the accessible driver and
// the plain text of every command) passes such text through Line or Block, which show each
// control character as a visible escape (\x1b, \r, \u009b …) instead of sending it, and cut
// overlong text with a marker. JSON output does not need this: encoding/json escapes control
// characters itself, and JSON must stay exact.
package termtext

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Limits, in characters (runes), before text is cut. They are generous: they bound a
// flood (a 10,000-character scope, a megabyte error page), not ordinary messages.
const (
	MaxLine  = 1024
	MaxBlock = 8192
)

// Line returns s as one line: every control character, newline included, is shown escaped,
// and text beyond MaxLine characters is cut with a marker.
func Line(s string) string { return sanitize(s, false, MaxLine) }

// Block returns s for a place that shows several lines (an error message, a handoff sheet):
// newlines are kept (a CR LF becomes a newline), every other control character is shown
// escaped, and text beyond MaxBlock characters is cut with a marker.
func Block(s string) string { return sanitize(s, true, MaxBlock) }

// Quoted is Line in double quotes, for a name inside a sentence. Not %q over Line: %q would
// escape Line's escapes again (an ESC shown as \\x1b instead of \x1b).
func Quoted(s string) string { return `"` + Line(s) + `"` }

// sanitize is the one implementation behind Line and Block.
func sanitize(s string, keepNewlines bool, limit int) string {
	if clean(s, keepNewlines, limit) {
		return s // the common case: nothing to copy
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	n := 0 // characters of s written so far
	for i := 0; i < len(s); {
		if n == limit {
			fmt.Fprintf(&b, "… (%d more characters cut)", utf8.RuneCountInString(s[i:]))
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i]) // not UTF-8: a terminal may read it as anything
		case keepNewlines && r == '\n':
			b.WriteByte('\n')
		case keepNewlines && r == '\r' && strings.HasPrefix(s[i+1:], "\n"):
			// CR LF is a line end; the LF is written next.
		case unsafe(r):
			b.WriteString(escape(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
		n++
	}
	return b.String()
}

// clean reports whether s needs no change.
func clean(s string, keepNewlines bool, limit int) bool {
	if len(s) > limit && utf8.RuneCountInString(s) > limit {
		return false
	}
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return false
			}
		case keepNewlines && r == '\n':
		case unsafe(r):
			return false
		}
	}
	return true
}

// unsafe reports whether a terminal could act on r rather than draw it: C0 controls (ESC,
// BEL, CR, backspace …), DEL, C1 controls (U+0080–U+009F; U+009B is a one-character CSI to
// some terminals), and the Unicode characters that reorder or break what is drawn (bidi
// overrides and isolates, line and paragraph separators), which can make text read as
// something it is not.
func unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true // bidi marks, embeddings, overrides and isolates
	case r == 0x2028, r == 0x2029:
		return true // line and paragraph separators
	}
	return false
}

// escape is how an unsafe character is shown: the way Go writes it in a string literal.
func escape(r rune) string {
	switch r {
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	}
	if r < 0x80 {
		return fmt.Sprintf(`\x%02x`, r)
	}
	return fmt.Sprintf(`\u%04x`, r)
}

// JSON returns a JSON document with every character a terminal could act on written as a
// \u escape. encoding/json escapes the C0 controls and U+2028/U+2029 itself but sends DEL,
// the C1 controls (U+009B is a CSI to some terminals) and the bidi controls raw. Outside
// strings JSON is plain ASCII, so this changes only how a string is spelled: the document
// decodes to the same values.
func JSON(doc []byte) []byte {
	if !bytes.ContainsFunc(doc, func(r rune) bool { return r >= 0x7f && unsafe(r) }) {
		return doc
	}
	out := make([]byte, 0, len(doc)+16)
	for _, r := range string(doc) {
		if r >= 0x7f && unsafe(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
			continue
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}
