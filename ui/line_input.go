package ui

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"

	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// The accessible mode asks everything with huh's own accessible prompts (a field's
// RunAccessible: a title, numbered options, a line typed), reading the admin's answers from
// Options.In. huh v1.0.0 needs three things around them, which this file provides:
//
//   - Its prompts read through a bufio.Scanner made afresh for each question, which reads
//     ahead: given a pipe or a test's buffer holding several answers, the first question
//     would swallow them all. lineReader hands them one line per Read.
//   - It treats the end of the input as Enter (the default) and reports nothing; lineReader
//     remembers it, and the end of the input stops the wizard with the progress saved.
//   - Form.RunAccessible asks the questions of hidden groups too (the service app's after a
//     token was chosen) and drops each field's error; askForm walks the groups itself.
//
// It also shows a field's description and its default, which huh's prompts leave out, and
// reads secrets without echo when In is a terminal (a plain line otherwise: nothing echoes
// it, and it is never printed back).

// errEndOfInput means the input ended (EOF, ctrl+d) before the wizard did.
var errEndOfInput = errors.New("end of input")

// lineReader gives huh's prompts the admin's answers one line per Read.
type lineReader struct {
	br      *bufio.Reader
	pending []byte
	ended   bool
	// ahead is a line being read aside while the wizard waits for something else
	// (watchEnd); the next Read takes it. aheadEnded is closed if it found the end instead.
	ahead      chan lineRead
	aheadEnded chan struct{}
}

type lineRead struct {
	line []byte
	err  error
}

// watchEnd reads the next answer aside, for a wait that no answer ends (the test sign-in
// waiting for the browser): the channel is closed if the input ends before another line
// comes (ctrl+d, or a script used up), and a line that comes is kept for the next question.
// Only a question read through Read may follow (huh reads a secret on a terminal from its
// Fd, not from here): the wait's own menu comes first.
func (r *lineReader) watchEnd() <-chan struct{} {
	if r.ahead != nil {
		return r.aheadEnded
	}
	ended := make(chan struct{})
	if r.ended || len(r.pending) > 0 {
		if r.ended {
			close(ended)
		}
		return ended
	}
	r.ahead, r.aheadEnded = make(chan lineRead, 1), ended
	go func(ahead chan<- lineRead) {
		line, err := r.br.ReadBytes('\n')
		if len(line) == 0 && errors.Is(err, io.EOF) {
			close(ended)
		}
		ahead <- lineRead{line, err}
	}(r.ahead)
	return ended
}

// readLine is the next line: the one read aside, else from the input.
func (r *lineReader) readLine() ([]byte, error) {
	if r.ahead != nil {
		got := <-r.ahead
		r.ahead, r.aheadEnded = nil, nil
		return got.line, got.err
	}
	return r.br.ReadBytes('\n')
}

func (r *lineReader) Read(p []byte) (int, error) {
	if len(r.pending) == 0 {
		line, err := r.readLine()
		if len(line) == 0 {
			if errors.Is(err, io.EOF) {
				r.ended = true
			}
			return 0, err
		}
		if line[len(line)-1] != '\n' {
			line = append(line, '\n') // the last answer, unterminated: an answer all the same
		}
		r.pending = line
	}
	n := copy(p, r.pending)
	r.pending = r.pending[n:]
	return n, nil
}

// terminalReader is a lineReader over a terminal: huh reads secrets from its Fd without echo.
type terminalReader struct {
	*lineReader
	fd uintptr
}

func (t terminalReader) Fd() uintptr { return t.fd }

// newAnswerReader wraps in for huh's prompts.
func newAnswerReader(in io.Reader) (_ *lineReader, _ io.Reader, terminal bool) {
	r := &lineReader{br: bufio.NewReader(in)}
	if f, ok := in.(*os.File); ok && term.IsTerminal(f.Fd()) {
		return r, terminalReader{lineReader: r, fd: f.Fd()}, true
	}
	return r, r, false
}

// plainTheme draws huh's accessible prompts without colour or emphasis: plain text is what
// a screen reader and TERM=dumb want.
func plainTheme() *huh.Theme {
	t := huh.ThemeBase()
	t.Focused.Title, t.Blurred.Title = lipgloss.NewStyle(), lipgloss.NewStyle()
	return t
}

// askForm asks a form's questions in order, skipping the groups hidden by earlier answers.
func (r *lineRenderer) askForm(f *form) error {
	for _, g := range f.groups {
		if g.hidden != nil && g.hidden() {
			continue
		}
		for _, fl := range g.fields {
			if err := r.askField(fl); err != nil {
				return err
			}
			if f.done != nil && f.done() {
				return nil
			}
		}
	}
	return nil
}

// askField asks one question with huh's accessible prompt: the description first, the
// default in the prompt (an input's value in brackets, a choice's option marked).
func (r *lineRenderer) askField(f *formField) error {
	if f.desc != "" {
		r.say(f.desc)
	}
	switch {
	case f.secret:
		f.input.Title(prompt(f.title, ""))
		if !r.terminal {
			f.input.EchoMode(huh.EchoModeNormal) // not a terminal: nothing echoes the line
		}
	case f.input != nil:
		f.input.Title(prompt(f.title, *f.value))
	case f.choice != nil:
		opts := slices.Clone(f.opts)
		for i, o := range opts {
			if o.Value == *f.value {
				opts[i] = huh.NewOption(o.Key+" (default)", o.Value)
			}
		}
		f.choice.Title(prompt(f.title, "")).Options(opts...)
	}
	field := f.field.WithTheme(plainTheme())
	field.Init()
	field.Focus()
	err := r.runAccessible(field)
	switch {
	case r.in.ended || errors.Is(err, io.EOF):
		return errEndOfInput
	case err != nil:
		return fmt.Errorf("read the answer to %q: %w", f.title, err)
	}
	return nil
}

// runAccessible runs one huh prompt. huh v1.0.0's select indexes its options with what the
// last line read said: input that ends right after an answer it refused ("q") makes it
// index -1 and panic. That is the end of the input, not a crash.
func (r *lineRenderer) runAccessible(field huh.Field) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if !r.in.ended {
				panic(p)
			}
			err = errEndOfInput
		}
	}()
	return field.RunAccessible(r.out, r.ask)
}

// prompt ends a question with a colon (unless it is one already), after the default.
func prompt(title, def string) string {
	if def != "" {
		title += " [" + def + "]"
	}
	if strings.HasSuffix(title, "?") || strings.HasSuffix(title, ":") {
		return title
	}
	return title + ":"
}

// errQuit is the admin choosing Quit; like the end of input it stops with progress saved.
var errQuit = errors.New("quit")

// choose asks a menu of the flow as a numbered choice, Enter picking its default. There are
// no global keys here, so every menu offers Quit, which stops the wizard (errQuit).
func (r *lineRenderer) choose(m flow.Menu) (flow.Choice, error) {
	options := m.Options
	if !m.Has(flow.ChoiceQuit) {
		options = append(slices.Clone(options), flow.Option{Label: "Quit", Choice: flow.ChoiceQuit})
	}
	picked := strconv.Itoa(m.Default)
	opts := make([]huh.Option[string], len(options))
	for i, o := range options {
		opts[i] = huh.NewOption(termtext.Line(o.Label), strconv.Itoa(i)) // it may name an object from Okta
	}
	question := m.Question
	if question == "" {
		question = "What now?"
	}
	if err := r.askField(choiceField(question, &picked, opts...)); err != nil {
		return flow.ChoiceNone, err
	}
	i, _ := strconv.Atoi(picked)
	if c := options[i].Choice; c != flow.ChoiceQuit {
		return c, nil
	}
	return flow.ChoiceNone, errQuit
}

// continueOnly is a menu that only lets the admin read what is on screen: the transcript
// needs no such pause, so it is not asked.
func continueOnly(m flow.Menu) bool {
	return len(m.Options) == 1 && m.Options[0].Choice == flow.ChoiceContinue
}
