package main

import (
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/steps"
)

// helpable lists every command as help takes it: export with its format.
func helpable() [][]string {
	var out [][]string
	for _, cmd := range commands() {
		switch cmd.name {
		case "", "version": // version takes no flags and prints itself
		case "export":
			for _, f := range exportFormats {
				out = append(out, []string{"export", f})
			}
		default:
			out = append(out, []string{cmd.name})
		}
	}
	return out
}

// Help asked for goes to stdout with exit 0, by `help <command>` and by -h/--help alike; it
// names the command as typed (issue 12: `help wizard` printed "idme-okta  [flags]", and
// `help apply` went to stderr while `help` went to stdout).
func TestHelpIsOnStdoutAndNamesTheCommand(t *testing.T) {
	for _, words := range helpable() {
		name := strings.Join(words, " ")
		usage := "Usage: idme-okta " + name + " " // then [flags], or the command's arguments
		switch name {
		case "wizard":
			usage = "Usage: idme-okta [wizard] [flags]"
		case "help":
			usage = "Usage:\n  idme-okta [command] [flags]"
		}
		for _, args := range [][]string{append([]string{"help"}, words...), append(slices.Clone(words), "-h"), append(slices.Clone(words), "--help")} {
			out, errOut, code := runCLI(t, nil, args...)
			if code != exitOK || errOut != "" || !strings.Contains(out, usage) || strings.Contains(out, "idme-okta  ") {
				t.Errorf("%q: code %d, stderr %q, stdout:\n%s", args, code, errOut, out)
			}
		}
	}
}

// Flags are shown as --name, as README and the wizard write them (flag's own help said -map).
func TestHelpShowsFlagsWithTwoDashes(t *testing.T) {
	single := regexp.MustCompile(`(?m)^\s+-[a-z]`)
	for _, words := range helpable() {
		out, _, _ := runCLI(t, nil, append([]string{"help"}, words...)...)
		if m := single.FindString(out); m != "" {
			t.Errorf("help %s shows a flag with one dash (%q):\n%s", strings.Join(words, " "), m, out)
		}
	}
	out, _, _ := runCLI(t, nil, "help", "apply")
	if !strings.Contains(out, "\n  --map attribute=claim\n") || !strings.Contains(out, "\n  --plan\n") {
		t.Errorf("help apply:\n%s", out)
	}
	_, errOut, code := runCLI(t, nil, "apply", "-nope")
	if code != exitUsage || !strings.Contains(errOut, "not defined: --nope") || !strings.Contains(errOut, "Run 'idme-okta help apply' for usage.") {
		t.Errorf("a mistaken flag: code %d, stderr %q", code, errOut)
	}
}

// A mistake on the command line is reported on stderr with exit 2, never on stdout.
func TestUsageErrorsAreOnStderr(t *testing.T) {
	for _, args := range [][]string{{"apply", "--no-such-flag"}, {"status", "extra"}, {"help", "nothing"}, {"export"}, {"export", "pdf"}} {
		out, errOut, code := runCLI(t, nil, args...)
		if code != exitUsage || out != "" || !strings.Contains(errOut, "idme-okta help") {
			t.Errorf("%q: code %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}

// The top-level help says what running with no command does, and lists every command
// (the day-two ones too) once, export with its format.
func TestHelpSaysWhatNoCommandDoes(t *testing.T) {
	out, _, code := runCLI(t, nil, "help")
	if code != exitOK || !strings.Contains(out, "With no command, idme-okta starts the setup wizard") {
		t.Fatalf("code %d:\n%s", code, out)
	}
	for _, cmd := range commands() {
		if cmd.name == "" {
			continue
		}
		if n := len(regexp.MustCompile(`(?m)^  `+regexp.QuoteMeta(shownName(cmd.name))+` `).FindAllString(out, -1)); n != 1 {
			t.Errorf("%q listed %d times:\n%s", shownName(cmd.name), n, out)
		}
	}
	for _, want := range []string{"doctor", "promote", "remove", "export terraform"} {
		if !strings.Contains(out, "\n  "+want+" ") {
			t.Errorf("help does not list %s:\n%s", want, out)
		}
	}
}

// help apply lists the steps apply runs, taken from the step list: the test app included
// (issue 12: it was missing from a hand-written list).
func TestHelpApplyListsEveryStep(t *testing.T) {
	out, _, _ := runCLI(t, nil, "help", "apply")
	for i, st := range steps.All() {
		title := steps.FactsOf(st).ShortTitle
		if !strings.Contains(out, "\n  "+strconv.Itoa(i+1)+". "+title+"\n") {
			t.Errorf("step %d %q not listed:\n%s", i+1, title, out)
		}
	}
}

// An unknown command gets the nearest commands suggested, like cobra and gh.
func TestUnknownCommandSuggestsTheNearest(t *testing.T) {
	cases := map[string][]string{
		"aply":    {"apply"},
		"stauts":  {"status"},
		"doctr":   {"doctor"},
		"promo":   {"promote"},
		"exprot":  {"export"},
		"handof":  {"handoff"},
		"zzzzzzz": nil,
	}
	for typed, want := range cases {
		for _, args := range [][]string{{typed}, {"help", typed}} {
			out, errOut, code := runCLI(t, nil, args...)
			if code != exitUsage || out != "" || !strings.Contains(errOut, `unknown command "`+typed+`"`) {
				t.Errorf("%q: code %d, stdout %q, stderr %q", args, code, out, errOut)
			}
			if got := strings.Contains(errOut, "Did you mean this?"); got != (want != nil) {
				t.Errorf("%q: suggestion shown %v, stderr %q", args, got, errOut)
			}
			for _, w := range want {
				if !strings.Contains(errOut, "\n    "+w+"\n") {
					t.Errorf("%q: %s not suggested: %q", args, w, errOut)
				}
			}
		}
	}
}

// readmeFlag is a flag as README writes it.
var readmeFlag = regexp.MustCompile("--[a-z][a-z0-9-]*")

// shownFlags lists the flags help shows for a command.
func shownFlags(t *testing.T, words []string) []string {
	t.Helper()
	out, _, code := runCLI(t, nil, append([]string{"help"}, words...)...)
	if code != exitOK {
		t.Fatalf("help %s: exit %d", strings.Join(words, " "), code)
	}
	var flags []string
	for _, m := range regexp.MustCompile(`(?m)^  (--[a-z][a-z0-9-]*)`).FindAllStringSubmatch(out, -1) {
		flags = append(flags, m[1])
	}
	return flags
}

// README is true to the flags: every flag it names exists, and every flag of every command is
// in it; a flag only one command has is named in a paragraph that names that command.
func TestReadmeDocumentsEveryFlag(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	owners := map[string][]string{} // flag → commands that have it
	for _, words := range helpable() {
		name := strings.Join(words, " ")
		for _, f := range shownFlags(t, words) {
			owners[f] = append(owners[f], name)
		}
	}
	owners["--version"] = []string{"idme-okta"} // idme-okta --version, as version
	for _, f := range readmeFlag.FindAllString(readme, -1) {
		if f == "--ignore-missing" {
			continue // sha256sum's, in the install steps
		}
		if _, ok := owners[f]; !ok {
			t.Errorf("README names %s, which no command has", f)
		}
	}
	paragraphs := strings.Split(readme, "\n\n")
	for f, cmds := range owners {
		if !regexp.MustCompile(regexp.QuoteMeta(f) + `\b`).MatchString(readme) {
			t.Errorf("%s (%s) is not in README", f, strings.Join(cmds, ", "))
			continue
		}
		if len(cmds) != 1 {
			continue
		}
		cmd := cmds[0]
		near := slices.ContainsFunc(paragraphs, func(p string) bool {
			return regexp.MustCompile(regexp.QuoteMeta(f)+`\b`).MatchString(p) && strings.Contains(p, cmd)
		})
		if !near {
			t.Errorf("%s is only %s's, but no README paragraph names both", f, cmd)
		}
	}
}

// README's command table has every command, and names none that does not exist.
func TestReadmeListsEveryCommand(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(b), "| Command | What it does |\n")
	if !ok {
		t.Fatal("README has no command table")
	}
	table, _, _ = strings.Cut(table, "\n\n")
	listed := map[string]bool{}
	for _, r := range regexp.MustCompile("(?m)^\\| (?:\\*\\(none\\)\\* or )?`([a-z-]+)[ `]").FindAllStringSubmatch(table, -1) {
		listed[r[1]] = true
		if _, ok := lookup(r[1]); !ok {
			t.Errorf("README lists %s, which is not a command", r[1])
		}
	}
	for _, cmd := range commands() {
		if cmd.name != "" && !listed[cmd.name] {
			t.Errorf("README's command table has no row for %s (has %v)", cmd.name, listed)
		}
	}
}
