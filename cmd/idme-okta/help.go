package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/agext/levenshtein"

	"github.com/idme-okta/idme-okta/steps"
)

// Help asked for (help, -h, --help) is printed to stdout and exits 0; a mistake on the command
// line is reported on stderr with exit 2 and a pointer to the help (report). Flags are shown as
// --name everywhere, as README and the wizard write them (Go's flag package accepts both).

func runHelp(ctx context.Context, c *cli, args []string) error {
	if len(args) == 0 || isHelpFlag(args[0]) {
		c.usage(c.stdout)
		return nil
	}
	cmd, ok := lookup(args[0])
	if !ok || cmd.name == "" {
		return unknownCommand(args[0])
	}
	if cmd.name == "help" {
		c.usage(c.stdout)
		return nil
	}
	// "help export terraform" is "export terraform -h".
	return cmd.run(ctx, c, append(append([]string{}, args[1:]...), "-h"))
}

func isHelpFlag(arg string) bool {
	switch arg {
	case "-h", "-help", "--help":
		return true
	}
	return false
}

// usage is the help of idme-okta itself.
func (c *cli) usage(w io.Writer) {
	fmt.Fprintf(w, "idme-okta %s: set up \"Sign in with ID.me\" in an Okta org.\n\n", version)
	fmt.Fprint(w, "Usage:\n  idme-okta [command] [flags]\n\n")
	fmt.Fprint(w, "With no command, idme-okta starts the setup wizard (the same as 'idme-okta wizard').\n\n")
	fmt.Fprint(w, "Commands:\n")
	for _, cmd := range commands() {
		if cmd.name == "" {
			continue // listed as "wizard"
		}
		fmt.Fprintf(w, "  %-17s %s\n", shownName(cmd.name), cmd.summary)
	}
	fmt.Fprint(w, "\nRun 'idme-okta help <command>' for a command's flags. Secrets are read from the\n"+
		"environment (OKTA_CLIENT_TOKEN, IDME_CLIENT_SECRET) or prompted for, never taken as flags.\n")
}

// shownName is a command as it is typed: export takes its format.
func shownName(name string) string {
	if name == "export" {
		return "export " + strings.Join(exportFormats, "|")
	}
	return name
}

// helpCommand is what to run for the help of the command name ("" when unknown).
func helpCommand(name string) string {
	if name == "" || name == "help" {
		return "idme-okta help"
	}
	return "idme-okta help " + name
}

// unknownCommand is the usage error for a command that does not exist, suggesting the nearest
// ones as cobra and gh do: a typo (at most two edits away) or the start of a name.
func unknownCommand(name string) error {
	msg := fmt.Sprintf("unknown command %q", name)
	if s := suggest(name); len(s) > 0 {
		msg += "\n\nDid you mean this?\n    " + strings.Join(s, "\n    ") + "\n"
	}
	return usagef("%s", msg)
}

// suggest lists the commands name may have meant.
func suggest(name string) []string {
	typed := strings.ToLower(name)
	var out []string
	for _, cmd := range commands() {
		if cmd.name == "" {
			continue
		}
		if d := levenshtein.Distance(typed, cmd.name, nil); d <= 2 || len(typed) >= 2 && strings.HasPrefix(cmd.name, typed) {
			out = append(out, cmd.name)
		}
	}
	return out
}

// commandHelp prints a command's help: its usage line, what it does, its flags as --name and
// the environment it reads.
func commandHelp(w io.Writer, fs *flag.FlagSet, name, synopsis string, env []string) {
	line := "idme-okta " + name + " [flags]"
	if name == "wizard" {
		line = "idme-okta [wizard] [flags]"
	}
	fmt.Fprintf(w, "Usage: %s\n\n%s\n\nFlags:\n", line, synopsis)
	fs.VisitAll(func(f *flag.Flag) {
		typ, usage := flag.UnquoteUsage(f)
		head := "  --" + f.Name
		if typ != "" {
			head += " " + typ
		}
		if d := shownDefault(f, typ); d != "" {
			usage += " (default " + d + ")"
		}
		fmt.Fprintf(w, "%s\n      %s\n", head, usage)
	})
	fmt.Fprint(w, "  --help\n      show this help\n")
	if len(env) > 0 {
		fmt.Fprintf(w, "\nEnvironment:\n")
		for _, e := range env {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
}

// shownDefault is a flag's default worth saying: not a zero value, which says nothing.
func shownDefault(f *flag.Flag, typ string) string {
	switch f.DefValue {
	case "", "false", "0", "0s", "[]":
		return ""
	}
	if typ == "string" {
		return fmt.Sprintf("%q", f.DefValue)
	}
	return f.DefValue
}

// guideSteps lists the steps a full run takes, in order, from the step list itself: help
// cannot fall behind the guide.
func guideSteps() string {
	var b strings.Builder
	for i, st := range steps.All() {
		fmt.Fprintf(&b, "\n  %d. %s", i+1, steps.FactsOf(st).ShortTitle)
	}
	return b.String()
}
