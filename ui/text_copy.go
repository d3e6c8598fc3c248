package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Long values people copy (URLs, paths, the handoff sheet) are laid out so a mouse selection
// takes only the value: on lines of their own, with no prefix, and broken only where the
// value itself has a seam (after ? and & in a URL, after a separator in a path, between words
// in the sheet), never inside a name. Only a piece longer than the whole line is cut.

// breakAfter packs s into lines of at most width cells, breaking only right after one of
// seams; a piece between seams that is wider than width is cut hard.
func breakAfter(s string, width int, seams string) []string {
	width = max(width, 10)
	var pieces []string
	start := 0
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(seams, s[i]) >= 0 {
			pieces = append(pieces, s[start:i+1])
			start = i + 1
		}
	}
	if start < len(s) {
		pieces = append(pieces, s[start:])
	}
	var lines []string
	line := ""
	for _, p := range pieces {
		if line != "" && ansi.StringWidth(line+p) > width {
			lines = append(lines, line)
			line = ""
		}
		for ansi.StringWidth(line+p) > width {
			// A piece wider than the line on its own: nothing better than a hard cut.
			cut := ansi.Truncate(p, width-ansi.StringWidth(line), "")
			lines = append(lines, line+cut)
			line, p = "", p[len(cut):]
		}
		line += p
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// urlLines lays out a URL: the address, then its query parameters, as many to a line as fit.
func urlLines(url string, width int) []string { return breakAfter(url, width, "?&") }

// pathLines lays out a file path, whole when it fits, else broken after a separator.
func pathLines(path string, width int) []string { return breakAfter(path, width, `/\`) }

// sheetLines lays out the handoff sheet as it is in the file: a line that does not fit is
// wrapped between words and its continuation indented under its own text, so the sheet's
// shape (the indented redirect URI, the requests) survives a narrow terminal.
func sheetLines(text string, width int) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		if ansi.StringWidth(l) <= width {
			out = append(out, l)
			continue
		}
		body := strings.TrimLeft(l, " ")
		indent := l[:len(l)-len(body)]
		if !strings.Contains(body, " ") {
			// One value (the redirect URI): broken at its seams, each piece indented.
			for _, p := range breakAfter(body, width-len(indent), "/?&") {
				out = append(out, indent+p)
			}
			continue
		}
		hang := indent
		if strings.HasPrefix(body, "- ") {
			hang += "  "
		}
		out = append(out, wrap(body, width, indent, hang)...)
	}
	return out
}

// labelledPath is "label path" on one line when it fits, else the label on a line of its own
// and the path under it (pathLines).
func labelledPath(label, path string, width int) []string {
	if line := label + path; ansi.StringWidth(line) <= width {
		return []string{line}
	}
	return append([]string{strings.TrimRight(label, " ")}, pathLines(path, width)...)
}
