// Command idme-okta sets up "Sign in with ID.me" in an Okta org: it automates Okta's guide for
// using ID.me as an OpenID Connect identity provider, as a terminal wizard or headless.
//
// This package only parses flags and environment, wires real dependencies and maps errors to
// exit codes; the work is done by steps/ (the guide), ui/ (the wizard) and okta/ (the API).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"syscall"

	"github.com/mattn/go-isatty"

	"github.com/idme-okta/idme-okta/ui/termtext"
)

// Exit codes. 130 for an interrupted run follows the shell convention (and gum's).
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
	exitAborted = 130
)

// cli is the process as a command sees it: its streams, its environment and the ways it
// reaches the person at the keyboard. main wires the real ones; tests build their own.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// interactive is true when stdin and stdout are terminals: only then may we prompt.
	interactive bool
	// openBrowser opens the admin's browser on a URL; nil: never tried (the URL is shown).
	openBrowser func(url string) error
	// readSecret asks for a secret without echo, after prompt; nil: no way to ask.
	readSecret func(prompt string) (string, error)
	// ttyAdvice is added to "needs a terminal" (terminalAdvice).
	ttyAdvice string
	// sawFlags, when set, is shown each flag set a command makes (completion reads them).
	sawFlags func(*flag.FlagSet)
	// waitMu serialises announceWait, which the client calls from concurrent calls.
	waitMu sync.Mutex
}

// command is one subcommand. run parses its arguments into the command's options struct
// (parseX, which tests call to check flags without running anything) and runs it.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, c *cli, args []string) error
}

// runs joins a command's parse and run: help shown by parse is a success.
func runs[O any](parse func(c *cli, args []string) (*O, error), run func(ctx context.Context, c *cli, o *O) error) func(context.Context, *cli, []string) error {
	return func(ctx context.Context, c *cli, args []string) error {
		o, err := parse(c, args)
		if err != nil {
			return helpOK(err)
		}
		return run(ctx, c, o)
	}
}

func commands() []command {
	return []command{
		{"", "", runs(parseWizard, runWizard)}, // no command: the wizard, listed as wizard
		{"wizard", "the setup wizard: Okta's guide step by step (also what runs with no command)", runs(parseWizard, runWizard)},
		{"demo", "run the wizard against the built-in simulated Okta org and ID.me", runs(parseDemo, runDemo)},
		{"apply", "run every step without prompts (for scripts and CI)", runs(parseApply, runApply)},
		{"status", "check each step against Okta: done, missing or drifted", runs(parseStatus, runStatus)},
		{"handoff", "print or copy the handoff sheet for your ID.me Solution Consultant", runs(parseHandoff, runHandoff)},
		{"test-signin", "a real sign-in through Okta and ID.me, verified end to end", runs(parseTestSignIn, runTestSignIn)},
		{"export", "write the setup as configuration for another tool (export terraform)", runExport},
		{"doctor", "find what is wrong with ID.me sign-ins, and why they failed lately (reads only)", runs(parseDoctor, runDoctor)},
		{"promote", "move the setup to ID.me production, or carry it to another org, plan first", runs(parsePromote, runPromote)},
		{"remove", "take the integration out of the org: what idme-okta made or adopted, plan first", runs(parseRemove, runRemove)},
		{"sim", "run the simulated Okta org and ID.me until interrupted", runs(parseSim, runSim)},
		{"version", "print the version", runVersion},
		{"completion", "print a shell completion script: bash, zsh, fish or powershell", runCompletion},
		{"help", "show help for a command", runHelp},
	}
}

func main() {
	c := &cli{
		stdin:       os.Stdin,
		stdout:      os.Stdout,
		stderr:      os.Stderr,
		getenv:      os.Getenv,
		interactive: isatty.IsTerminal(os.Stdin.Fd()) && isatty.IsTerminal(os.Stdout.Fd()),
		openBrowser: openBrowser,
		readSecret:  terminalSecret(os.Stdin, os.Stderr),
		ttyAdvice:   terminalAdvice(runtime.GOOS, isatty.IsCygwinTerminal(os.Stdin.Fd()) || isatty.IsCygwinTerminal(os.Stdout.Fd())),
	}
	ctx, stop := signal.NotifyContext(context.Background(), shutdownSignals(runtime.GOOS, signal.Ignored(syscall.SIGHUP))...)
	code := c.main(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// main runs one command and turns its error into an exit code and a message on stderr.
func (c *cli) main(ctx context.Context, args []string) int {
	name, rest := "", args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, rest = args[0], args[1:]
	}
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		name, rest = "help", nil
	}
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		name, rest = "version", nil
	}
	cmd, ok := lookup(name)
	if !ok {
		return c.report(unknownCommand(name), "")
	}
	err := cmd.run(ctx, c, rest)
	return c.report(err, name)
}

func lookup(name string) (command, bool) {
	for _, cmd := range commands() {
		if cmd.name == name {
			return cmd, true
		}
	}
	return command{}, false
}

// usageError is a mistake on the command line: exit 2 and a pointer to help.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// errAborted is returned when the admin stopped the run (ctrl+c); progress is already saved.
var errAborted = errors.New("stopped; progress is saved, run the same command again to resume")

// errSilent is a failure whose explanation was already printed.
var errSilent = errors.New("failed")

// errStoppedSilently is an interruption the wizard has already explained on screen (it
// knows whether progress was saved).
var errStoppedSilently = errors.New("stopped")

// report prints err of the command name for a person. Error messages quote what Okta, ID.me
// or the command line gave, so they go through termtext like every other text from outside.
func (c *cli) report(err error, name string) int {
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errSilent):
		return exitFailure
	case errors.Is(err, errStoppedSilently):
		return exitAborted
	case errors.Is(err, errAborted), errors.Is(err, context.Canceled):
		fmt.Fprintln(c.stderr, "idme-okta:", errAborted)
		return exitAborted
	case errors.As(err, &ue):
		fmt.Fprintf(c.stderr, "idme-okta: %s\nRun '%s' for usage.\n", termtext.Block(err.Error()), helpCommand(name))
		return exitUsage
	default:
		fmt.Fprintln(c.stderr, "idme-okta:", termtext.Block(err.Error()))
		return exitFailure
	}
}
