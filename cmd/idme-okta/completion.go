package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"regexp"
	"strings"
)

// Shell completion. The scripts are generated from the commands' own flag sets (read by
// running each command with -h on a silent cli, which stops as soon as its flags are parsed),
// so a new command or flag is completed without anyone touching this file. The values a flag
// completes come from its definition too: a oneOf flag's values, paths for a pathVar flag.

// compCommand is a command as completion sees it. The wizard, run when no command is given,
// is the one with the empty name; a subcommand's name is "parent sub" (export terraform).
type compCommand struct {
	name, summary string
	flags         []compFlag
	// args are the values of the command's one positional argument (help, completion), or
	// its subcommands.
	args []string
	// hasSubcommands: the first argument names a subcommand with flags of its own.
	hasSubcommands bool
}

type compFlag struct {
	name, desc string
	isBool     bool
	values     []string // fixed values (oneOf flags)
	file       bool     // a path: complete file names
}

// takesFreeValue is a flag whose value nothing can suggest (a URL, an id, a duration).
func (f compFlag) takesFreeValue() bool { return !f.isBool && len(f.values) == 0 && !f.file }

// shells are the shells completion writes a script for, in the order help names them.
var shells = []struct {
	name   string
	script func(prog string, cmds []compCommand) string
}{
	{"bash", bashCompletion},
	{"zsh", zshCompletion},
	{"fish", fishCompletion},
	{"powershell", powershellCompletion},
}

func shellNames() []string {
	var names []string
	for _, s := range shells {
		names = append(names, s.name)
	}
	return names
}

func runCompletion(_ context.Context, c *cli, args []string) error {
	fs := newFlagSet(c, "completion <shell>",
		"Print a script that completes idme-okta's commands, flags and their values.\n\n"+
			"  bash        source <(idme-okta completion bash)          in ~/.bashrc, or once:\n"+
			"              idme-okta completion bash > ~/.local/share/bash-completion/completions/idme-okta\n"+
			"  zsh         source <(idme-okta completion zsh)           in ~/.zshrc after compinit, or once:\n"+
			"              idme-okta completion zsh > \"${fpath[1]}/_idme-okta\"\n"+
			"  fish        idme-okta completion fish > ~/.config/fish/completions/idme-okta.fish\n"+
			"  powershell  idme-okta completion powershell | Out-String | Invoke-Expression   in $PROFILE")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &usageError{err.Error()}
	}
	if fs.NArg() != 1 {
		return usagef("completion needs one shell: %s", orList(shellNames()))
	}
	for _, s := range shells {
		if s.name == fs.Arg(0) {
			_, err := io.WriteString(c.stdout, s.script("idme-okta", completionModel()))
			return err
		}
	}
	return usagef("completion %q: use %s", fs.Arg(0), orList(shellNames()))
}

// subcommands are the subcommands of a command whose first argument names one.
func subcommands(command string) []string {
	if command == "export" {
		return exportFormats
	}
	return nil
}

// positionalValues are the values of a command's positional argument.
func positionalValues(command string) []string {
	switch command {
	case "help":
		var names []string
		for _, cmd := range commands() {
			if cmd.name != "" {
				names = append(names, cmd.name)
			}
		}
		return names
	case "completion":
		return shellNames()
	}
	return nil
}

// completionModel reads every command and its flags.
func completionModel() []compCommand {
	// Cancelled, so that a command which did not stop at -h could not get far.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// flagsOf runs the command with args and -h, and returns the flags of the flag sets it made.
	flagsOf := func(cmd command, args ...string) []compFlag {
		var sets []*flag.FlagSet
		quiet := &cli{
			stdin:    strings.NewReader(""),
			stdout:   io.Discard,
			stderr:   io.Discard,
			getenv:   func(string) string { return "" },
			sawFlags: func(fs *flag.FlagSet) { sets = append(sets, fs) },
		}
		_ = cmd.run(ctx, quiet, append(args, "-h"))
		var flags []compFlag
		for _, fs := range sets {
			fs.VisitAll(func(f *flag.Flag) { flags = append(flags, describeFlag(f)) })
		}
		if len(sets) > 0 { // a command with a flag set takes -h
			flags = append(flags, compFlag{name: "help", desc: "show the flags and environment variables", isBool: true})
		}
		return flags
	}
	var out []compCommand
	for _, cmd := range commands() {
		cc := compCommand{name: cmd.name, summary: cmd.summary, args: positionalValues(cmd.name)}
		cc.flags = flagsOf(cmd)
		if cmd.name == "" {
			cc.flags = append(cc.flags, compFlag{name: "version", desc: "print the version", isBool: true})
		}
		subs := subcommands(cmd.name)
		if len(subs) > 0 {
			cc.args, cc.hasSubcommands = subs, true
		}
		out = append(out, cc)
		for _, sub := range subs {
			out = append(out, compCommand{name: cmd.name + " " + sub, summary: cmd.summary, flags: flagsOf(cmd, sub)})
		}
	}
	return out
}

func describeFlag(f *flag.Flag) compFlag {
	cf := compFlag{name: f.Name, desc: shortUsage(f.Usage)}
	if p, ok := f.Value.(interface{ IsPath() bool }); ok && p.IsPath() {
		cf.file = true
	}
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		cf.isBool = true
	}
	if v, ok := f.Value.(interface{ Values() []string }); ok {
		cf.values = v.Values()
	}
	return cf
}

var parenthesized = regexp.MustCompile(` ?\([^()]*\)`)

// shortUsage is a flag's usage cut to a completion menu's width: no parentheses, no second
// clause, no backquotes.
func shortUsage(usage string) string {
	s := parenthesized.ReplaceAllString(usage, "")
	s, _, _ = strings.Cut(s, "; ")
	s = strings.ReplaceAll(s, "`", "")
	if r := []rune(s); len(r) > 72 {
		s = string(r[:71]) + "…"
	}
	return strings.TrimSpace(s)
}
