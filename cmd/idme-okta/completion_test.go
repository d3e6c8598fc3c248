package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/signin"
)

// namedCommands are the commands a first word may name, from the registry itself.
func namedCommands() []string {
	var names []string
	for _, cmd := range commands() {
		if cmd.name != "" {
			names = append(names, cmd.name)
		}
	}
	return names
}

// script writes `idme-okta completion <shell>` to a file.
func script(t *testing.T, shell string) string {
	t.Helper()
	out, errOut, code := runCLI(t, nil, "completion", shell)
	if code != exitOK || out == "" {
		t.Fatalf("completion %s: code %d, stderr %q", shell, code, errOut)
	}
	path := filepath.Join(t.TempDir(), "idme-okta."+shell)
	if err := os.WriteFile(path, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

// The model completion works from is what each command's parser accepts: the flags its
// help lists, no more and no fewer.
func TestCompletionModelIsTheCommandsFlags(t *testing.T) {
	flagLine := regexp.MustCompile(`(?m)^  --([a-z0-9-]+)`)
	model := completionModel()
	if got := commandNames(model); !slices.Equal(got, namedCommands()) {
		t.Fatalf("model commands %v, registry %v", got, namedCommands())
	}
	var terraform bool
	for _, c := range model {
		terraform = terraform || c.name == "export terraform" && len(c.flags) > 1
	}
	if !terraform {
		t.Error("the model lacks export terraform's flags")
	}
	for _, c := range model {
		var inModel []string
		for _, f := range c.flags {
			if f.name != "help" && f.name != "version" {
				inModel = append(inModel, f.name)
			}
		}
		args := append(strings.Fields(c.name), "-h")
		if c.name == "" {
			args = []string{"wizard", "-h"} // the wizard's own flags
		}
		usage, _, _ := runCLI(t, nil, args...)
		var inHelp []string
		for _, m := range flagLine.FindAllStringSubmatch(usage, -1) {
			if m[1] != "help" {
				inHelp = append(inHelp, m[1])
			}
		}
		if !slices.Equal(sorted(inModel), sorted(inHelp)) {
			t.Errorf("%q: completion knows %v, its help lists %v", c.name, sorted(inModel), sorted(inHelp))
		}
	}
	values := map[string][]string{}
	for _, c := range model {
		for _, f := range c.flags {
			if len(f.values) > 0 {
				values[c.name+" --"+f.name] = f.values
			}
		}
	}
	want := map[string][]string{
		"handoff --format":   steps.HandoffFormats,
		"test-signin --flow": {signin.FlowCode, signin.FlowIDToken},
		"apply --auth":       {steps.AuthToken, steps.AuthServiceApp},
		" --idme-env":        {"sandbox", "production"},
	}
	for k, v := range want {
		if !slices.Equal(values[k], v) {
			t.Errorf("%s completes %v, want %v", k, values[k], v)
		}
	}
}

func TestCompletionNeedsAKnownShell(t *testing.T) {
	for _, args := range [][]string{{"completion"}, {"completion", "tcsh"}, {"completion", "bash", "zsh"}} {
		_, errOut, code := runCLI(t, nil, args...)
		if code != exitUsage || !strings.Contains(errOut, "bash, zsh, fish or powershell") {
			t.Errorf("%v: code %d, %q", args, code, errOut)
		}
	}
}

// Fixed values are checked while parsing, naming the flag and the values, before anything
// else happens.
func TestOneOfFlagsRefuseOtherValues(t *testing.T) {
	isolate(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"handoff", "--format", "yaml"}, "text, markdown or json"},
		{[]string{"test-signin", "--flow", "implicit"}, "code or id_token"},
		{[]string{"status", "--auth", "password"}, "token or service-app"},
	} {
		_, errOut, code := runCLI(t, nil, tc.args...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, "flag "+tc.args[1]) {
			t.Errorf("%v: code %d, %q", tc.args, code, errOut)
		}
	}
}

// Every script names every command and, for each, its flags.
func TestCompletionScriptsNameEveryCommandAndFlag(t *testing.T) {
	model := completionModel()
	for _, shell := range shellNames() {
		body, err := os.ReadFile(script(t, shell))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range model {
			quoted := "'" + c.name + "'"
			if strings.Contains(c.name, " ") { // a subcommand: named inside a condition in fish
				quoted = c.name + "'"
			}
			if c.name != "" && !strings.Contains(string(body), quoted) {
				t.Errorf("%s script does not name command %q", shell, c.name)
			}
			for _, f := range c.flags {
				if !strings.Contains(string(body), "--"+f.name) && !strings.Contains(string(body), "-l "+f.name) {
					t.Errorf("%s script does not name %s --%s", shell, c.name, f.name)
				}
			}
		}
	}
}

// commandLines are every command line that has flags of its own, from the registry and not
// from completion's model: each named command, and export's formats.
func commandLines() []string {
	lines := namedCommands()
	for _, f := range exportFormats {
		lines = append(lines, "export "+f)
	}
	return lines
}

var helpFlagLine = regexp.MustCompile(`(?m)^  --([a-z0-9-]+)`)

// helpFlags are the flags a command's -h lists, as the shell offers them, with --help; nil
// for a command without flags of its own.
func helpFlags(t *testing.T, line string) []string {
	t.Helper()
	usage, _, _ := runCLI(t, nil, append(strings.Fields(line), "-h")...)
	if !strings.Contains(usage, "\nFlags:\n") {
		return nil
	}
	flags := []string{"--help"}
	for _, m := range helpFlagLine.FindAllStringSubmatch(usage, -1) {
		if m[1] != "help" { // help lists --help last, the shell first
			flags = append(flags, "--"+m[1])
		}
	}
	return flags
}

// everyCommandsFlags asks, for every command, for its flags: what the shell offers must be
// exactly what the command's help lists, so a flag missing from a completion fails here.
func everyCommandsFlags(t *testing.T) []completionCase {
	var cases []completionCase
	for _, line := range commandLines() {
		cases = append(cases, completionCase{append(strings.Fields(line), "--"), helpFlags(t, line)})
	}
	if len(cases) < 14 || len(helpFlags(t, "doctor")) < 5 || len(helpFlags(t, "export terraform")) < 5 {
		t.Fatalf("the commands' help was not read: %v", cases)
	}
	return cases
}

// scriptFlags reads, from a script's text, the flags it offers for each command: the lines
// between the line that opens the command's section (open(name)) and the next line that
// closes one, matched by flag.
func scriptFlags(body string, open func(name string) string, closing, flag *regexp.Regexp) map[string][]string {
	got := map[string][]string{}
	lines := strings.Split(body, "\n")
	for _, name := range append(commandLines(), "") {
		start := slices.Index(lines, open(name))
		if start < 0 {
			continue
		}
		var flags []string
		for _, l := range lines[start+1:] {
			if closing.MatchString(l) {
				break
			}
			for _, m := range flag.FindAllStringSubmatch(l, -1) {
				flags = append(flags, "--"+m[1])
			}
		}
		got[name] = flags
	}
	return got
}

// zsh and PowerShell (which CI cannot run): each command's section of the script offers
// exactly the flags its help lists.
func TestCompletionScriptSectionsHaveEachCommandsFlags(t *testing.T) {
	zsh, _ := os.ReadFile(script(t, "zsh"))
	ps, _ := os.ReadFile(script(t, "powershell"))
	sections := map[string]map[string][]string{
		"zsh": scriptFlags(string(zsh), func(n string) string { return "        '" + n + "')" },
			regexp.MustCompile(`&& return 0 ;;`), regexp.MustCompile(`^ *'\*--([a-z0-9-]+)[=\[]`)),
		"powershell": scriptFlags(string(ps), func(n string) string { return "        '" + n + "' = [ordered]@{" },
			regexp.MustCompile(`^        }`), regexp.MustCompile(`^ *'--([a-z0-9-]+)' = @\{`)),
	}
	for shell, got := range sections {
		for _, line := range commandLines() {
			want := helpFlags(t, line)
			if _, ok := got[line]; !ok && want != nil {
				t.Errorf("%s: no section for %q", shell, line)
				continue
			}
			if !slices.Equal(sorted(got[line]), sorted(want)) {
				t.Errorf("%s: %q offers %v, its help lists %v", shell, line, sorted(got[line]), sorted(want))
			}
		}
	}
}

// completionCase is a command line and what the shell offers at its end.
type completionCase struct {
	words []string // after "idme-okta"; the last one is being completed
	want  []string
}

func completionCases(stateDir string) []completionCase {
	return []completionCase{
		{[]string{""}, namedCommands()},
		{[]string{"st"}, []string{"status"}},
		{[]string{"handoff", "--format", ""}, []string{"json", "markdown", "text"}},
		{[]string{"handoff", "--format", "m"}, []string{"markdown"}},
		{[]string{"test-signin", "--flow", ""}, []string{"code", "id_token"}},
		{[]string{"apply", "--auth", "s"}, []string{"service-app"}},
		{[]string{"--idme-env", ""}, []string{"production", "sandbox"}},
		{[]string{"apply", "--y"}, []string{"--yes"}},
		{[]string{"status", "--j"}, []string{"--json"}},
		{[]string{"handoff", "--c"}, []string{"--copy"}},
		{[]string{"help", "test"}, []string{"test-signin"}},
		{[]string{"completion", "f"}, []string{"fish"}},
		{[]string{"status", "--state-file", filepath.Join(stateDir, "pro")}, []string{filepath.Join(stateDir, "progress.json")}},
		{[]string{"apply", "--org-url", ""}, nil},
		{[]string{"export", ""}, exportFormats},
		{[]string{"export", "terraform", "--te"}, []string{"--test-app"}},
		{[]string{"export", "terraform", "--auth", ""}, []string{"service-app", "token"}},
		{[]string{"export", "terraform", "--dir", filepath.Join(stateDir, "pro")}, []string{filepath.Join(stateDir, "progress.json")}},
		{[]string{"promote", "--from-state", filepath.Join(stateDir, "pro")}, []string{filepath.Join(stateDir, "progress.json")}},
		{[]string{"promote", "--to", ""}, []string{"production"}},
		{[]string{"demo", "--idme-claims", ""}, []string{"guide", "oidc"}},
		{[]string{"doctor", "--j"}, []string{"--json"}},
		{[]string{"remove", "--at"}, []string{"--attributes"}},
	}
}

func stateDirWithFile(t *testing.T) string {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "progress.json"), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// bash: the script registers a function for idme-okta, which is called as bash would.
func TestBashCompletion(t *testing.T) {
	bash := simtest.RequireTool(t, "bash")
	path := script(t, "bash")
	const driver = `source "$1" || exit 1
fn=$(complete -p idme-okta) || exit 1
fn=${fn#*-F }; fn=${fn%% *}
shift
COMP_WORDS=(idme-okta "$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
"$fn" idme-okta "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
`
	cases := append(completionCases(stateDirWithFile(t)), everyCommandsFlags(t)...)
	// --flag=value: bash splits the word at "=".
	cases = append(cases, completionCase{[]string{"handoff", "--format", "=", "j"}, []string{"json"}})
	for _, tc := range cases {
		out, err := exec.Command(bash, append([]string{"--norc", "--noprofile", "-c", driver, "bash", path}, tc.words...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", tc.words, err, out)
		}
		if got := strings.Fields(string(out)); !slices.Equal(sorted(got), sorted(tc.want)) {
			t.Errorf("idme-okta %s<TAB>: %q, want %q", strings.Join(tc.words, " "), got, sorted(tc.want))
		}
	}
}

// fish: `complete -C` asks fish what it would offer for a command line.
func TestFishCompletion(t *testing.T) {
	fish := simtest.RequireTool(t, "fish")
	path := script(t, "fish")
	cases := append(completionCases(stateDirWithFile(t)), everyCommandsFlags(t)...)
	cases = append(cases, completionCase{[]string{"handoff", "--format=j"}, []string{"--format=json"}})
	for _, tc := range cases {
		line := "idme-okta " + strings.Join(tc.words, " ")
		cmd := exec.Command(fish, "--no-config", "-c", `source $argv[1]; and complete -C $argv[2]`, path, line)
		cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", line, err, out)
		}
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if value, _, _ := strings.Cut(l, "\t"); value != "" {
				got = append(got, value)
			}
		}
		if !slices.Equal(sorted(got), sorted(tc.want)) {
			t.Errorf("%s<TAB>: %q, want %q", line, got, sorted(tc.want))
		}
	}
}

// zsh: a real interactive zsh in tmux, with completion set up both ways the script's header
// gives (sourced after compinit, and installed as _idme-okta in $fpath), is sent Tab.
func TestZshCompletion(t *testing.T) {
	simtest.RequireTool(t, "zsh")
	simtest.RequireTool(t, "tmux")
	path := script(t, "zsh")
	fpathDir := t.TempDir()
	body, _ := os.ReadFile(path)
	if err := os.WriteFile(filepath.Join(fpathDir, "_idme-okta"), body, 0o600); err != nil {
		t.Fatal(err)
	}
	setups := map[string]string{
		"sourced":  "autoload -Uz compinit && compinit -u -D && source " + path,
		"in fpath": "fpath=(" + fpathDir + " $fpath) && autoload -Uz compinit && compinit -u -D",
	}
	for name, setup := range setups {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			x := tmux{t: t, socket: filepath.Join(dir, "tmux.sock")}
			x.run("-f", "/dev/null", "new-session", "-d", "-s", "smoke", "-x", "150", "-y", "40",
				"env", "HOME="+dir, "TERM=xterm-256color", "zsh", "-f")
			t.Cleanup(func() { _ = exec.Command("tmux", "-S", x.socket, "kill-server").Run() })
			x.run("send-keys", "-t", "smoke", "PS1='%% ' && "+setup+" && echo READY", "Enter")
			waitScreen(t, x, "READY", func(s string) bool { return strings.Contains(s, "\nREADY") })

			// type sends a line and Tab, and waits for the screen to show want.
			try := func(line string, ok func(screen string) bool, what string) {
				t.Helper()
				x.run("send-keys", "-t", "smoke", "C-u", "clear", "Enter")
				// Typed only once the screen is cleared: until then it still shows the
				// last try's completions, which a check could take for this one's.
				waitScreen(t, x, "the screen cleared", func(s string) bool { return strings.TrimSpace(s) == "%" })
				x.run("send-keys", "-t", "smoke", "-l", line)
				x.run("send-keys", "-t", "smoke", "Tab")
				waitScreen(t, x, what, ok)
			}
			hasAll := func(words ...string) func(string) bool {
				return func(s string) bool {
					for _, w := range words {
						if !regexp.MustCompile(`(^|\s)` + regexp.QuoteMeta(w) + `(\s|$)`).MatchString(s) {
							return false
						}
					}
					return true
				}
			}
			try("idme-okta ", hasAll(namedCommands()...), "every command listed")
			try("idme-okta sta", hasAll("idme-okta status"), "status completed")
			try("idme-okta handoff --format ", hasAll("json", "markdown", "text"), "the formats listed")
			try("idme-okta test-signin --flow i", hasAll("--flow id_token"), "--flow id_token completed")
			try("idme-okta --idme-env=p", hasAll("--idme-env=production"), "--idme-env=production completed")
			try("idme-okta apply --pl", hasAll("--plan"), "--plan completed")
			try("idme-okta help comp", hasAll("help completion"), "help completion completed")
			try("idme-okta export terraform --for", hasAll("--force"), "export terraform --force completed")
		})
	}
}

// waitScreen polls the tmux screen until ok, or fails naming what it waited for.
func waitScreen(t *testing.T, x tmux, what string, ok func(string) bool) {
	t.Helper()
	// Generous: a shell's start (compinit) under the race detector on a loaded 2-core machine
	// is slow; a passing test never waits this long.
	deadline := time.Now().Add(60 * time.Second)
	var screen string
	for time.Now().Before(deadline) {
		if screen = x.screen(); ok(screen) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("waited for %s; screen:\n%s", what, screen)
}

// PowerShell cannot be installed from Debian's packages, so CI has none: the script is
// loaded and asked for completions only where pwsh exists.
func TestPowerShellCompletion(t *testing.T) {
	path := script(t, "powershell")
	pwsh, err := exec.LookPath("pwsh")
	if err != nil {
		t.Skip("pwsh is not installed (not in Debian's packages): the script is checked by TestCompletionScriptsNameEveryCommandAndFlag only")
	}
	for _, tc := range append(completionCases(stateDirWithFile(t)), everyCommandsFlags(t)...) {
		line := "idme-okta " + strings.Join(tc.words, " ")
		ps := `. $args[0]; (TabExpansion2 -inputScript $args[1] -cursorColumn $args[1].Length).CompletionMatches | ForEach-Object { $_.CompletionText }`
		out, err := exec.Command(pwsh, "-NoProfile", "-NonInteractive", "-Command", ps, path, line).CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", line, err, out)
		}
		if got := strings.Fields(string(out)); !slices.Equal(sorted(got), sorted(tc.want)) {
			t.Errorf("%s<TAB>: %q, want %q", line, got, sorted(tc.want))
		}
	}
}
