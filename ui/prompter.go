package ui

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/term"
)

// prompter asks plain questions on a line-oriented reader and writer: no cursor movement, no
// redraws, numbered choices. It is the accessible driver's only way to talk to the admin, so
// it works the same on a terminal, a screen reader and a test buffer.
type prompter struct {
	in  *bufio.Reader
	out io.Writer
	// echoOff reads secrets from a terminal without echoing them; nil when In is not one
	// (tests, pipes): secrets are then read as plain lines, and we never print them back.
	echoOff func() (string, error)
}

// errEndOfInput means the input ended (EOF, ctrl+d) before the wizard did.
var errEndOfInput = errors.New("end of input")

func newPrompter(in io.Reader, out io.Writer) *prompter {
	p := &prompter{in: bufio.NewReader(in), out: out}
	if f, ok := in.(*os.File); ok && term.IsTerminal(f.Fd()) {
		p.echoOff = func() (string, error) {
			b, err := term.ReadPassword(f.Fd())
			fmt.Fprintln(out) // the admin's Enter was not echoed either
			return string(b), err
		}
	}
	return p
}

func (p *prompter) say(lines ...string) {
	for _, l := range lines {
		fmt.Fprintln(p.out, l)
	}
}

func (p *prompter) line() (string, error) {
	s, err := p.in.ReadString('\n')
	if err != nil && (s == "" || !errors.Is(err, io.EOF)) {
		if errors.Is(err, io.EOF) {
			return "", errEndOfInput
		}
		return "", fmt.Errorf("read the answer: %w", err)
	}
	return strings.TrimRight(s, "\r\n"), nil
}

// ask reads one answer; an empty answer takes def. validate, if set, is asked until it
// accepts the answer.
func (p *prompter) ask(label, def string, validate func(string) error) (string, error) {
	for {
		if def != "" {
			fmt.Fprintf(p.out, "%s [%s]: ", label, def)
		} else {
			fmt.Fprintf(p.out, "%s: ", label)
		}
		s, err := p.line()
		if err != nil {
			return "", err
		}
		if s = strings.TrimSpace(s); s == "" {
			s = def
		}
		if validate == nil {
			return s, nil
		}
		if err := validate(s); err != nil {
			p.say("  Not accepted: " + err.Error())
			continue
		}
		return s, nil
	}
}

// secret reads a value that is never shown: without echo on a terminal, as a plain line
// otherwise. It is validated like ask, but error messages never repeat it.
func (p *prompter) secret(label string, validate func(string) error) (string, error) {
	for {
		fmt.Fprintf(p.out, "%s: ", label)
		var s string
		var err error
		if p.echoOff != nil {
			s, err = p.echoOff()
		} else {
			s, err = p.line()
		}
		if err != nil {
			return "", err
		}
		s = strings.TrimSpace(s)
		if validate != nil {
			if err := validate(s); err != nil {
				p.say("  Not accepted: " + err.Error())
				continue
			}
		}
		return s, nil
	}
}

// choose prints numbered options and returns the index picked; Enter takes def.
func (p *prompter) choose(label string, options []string, def int) (int, error) {
	p.say(label)
	for i, o := range options {
		p.say(fmt.Sprintf("  %d) %s", i+1, o))
	}
	for {
		fmt.Fprintf(p.out, "Choose 1-%d [%d]: ", len(options), def+1)
		s, err := p.line()
		if err != nil {
			return 0, err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			return def, nil
		}
		if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= len(options) {
			return n - 1, nil
		}
		p.say(fmt.Sprintf("  Please type a number from 1 to %d.", len(options)))
	}
}
