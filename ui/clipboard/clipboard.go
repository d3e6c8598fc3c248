// Package clipboard copies text (the handoff sheet) to the admin's clipboard and says honestly
// how, or why it could not. A local clipboard tool is used when one can really work; over SSH,
// or where no tool exists, it asks the terminal itself with an OSC 52 escape sequence, which
// reaches the admin's own machine. Callers always show the text and save it to a file too:
// OSC 52 is fire-and-forget and some terminals ignore it.
package clipboard

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/atotto/clipboard"
	"github.com/aymanbagabas/go-osc52/v2"
	"github.com/mattn/go-isatty"
)

// Method is how the text was copied.
type Method string

const (
	MethodSystem Method = "system" // a local clipboard tool (xclip, wl-copy, pbcopy, clip.exe …)
	MethodOSC52  Method = "osc52"  // the terminal was asked to copy (OSC 52)
	MethodNone   Method = "none"   // nothing could copy it
)

// Result says what happened.
type Result struct {
	Method Method
	Tool   string // the tool, or "OSC 52" with any passthrough used
	// Err is why nothing was copied, or why the local tool failed before OSC 52 was tried.
	Err error
}

// Message is one honest sentence for the screen.
func (r Result) Message() string {
	switch r.Method {
	case MethodSystem:
		return fmt.Sprintf("Copied to the clipboard with %s.", r.Tool)
	case MethodOSC52:
		msg := fmt.Sprintf("Sent to your terminal's clipboard with %s. Most terminals accept it; if nothing was copied, your terminal does not allow OSC 52 (in tmux: set -g set-clipboard on).", r.Tool)
		if r.Err != nil {
			msg = fmt.Sprintf("The local clipboard tool failed (%v). ", r.Err) + msg
		}
		return msg
	default:
		return fmt.Sprintf("Not copied: %v.", r.Err)
	}
}

// Env is what Copy looks at; DefaultEnv reads the real process. Tests build their own.
type Env struct {
	Getenv   func(string) string
	LookPath func(string) (string, error)
	GOOS     string
	// Terminal receives the OSC 52 sequence; nil when there is no terminal to ask.
	Terminal io.Writer
	// WriteSystem copies with the local tool (atotto/clipboard).
	WriteSystem func(string) error
	// Timeout bounds the local tool: wl-copy and xclip can hang without a display. Zero
	// means 3 seconds (defaultTimeout).
	Timeout time.Duration
}

const defaultTimeout = 3 * time.Second

// DefaultEnv is the running process, with the terminal on stderr when stderr is one (Bubble
// Tea owns stdout; one write to stderr cannot be split by a repaint).
func DefaultEnv() Env {
	env := Env{
		Getenv:      os.Getenv,
		LookPath:    exec.LookPath,
		GOOS:        runtime.GOOS,
		WriteSystem: clipboard.WriteAll,
		Timeout:     defaultTimeout,
	}
	if isatty.IsTerminal(os.Stderr.Fd()) {
		env.Terminal = os.Stderr
	}
	return env
}

// Copy copies text using the best method available in env.
func Copy(text string, env Env) Result {
	var toolErr error
	if tool := localTool(env); tool != "" && !remote(env) {
		if err := writeWithTimeout(env, text); err == nil {
			return Result{Method: MethodSystem, Tool: tool}
		} else {
			toolErr = fmt.Errorf("%s: %w", tool, err)
		}
	}
	if env.Terminal != nil {
		seq := osc52.New(text)
		name := "OSC 52"
		switch {
		case env.Getenv("TMUX") != "":
			seq, name = seq.Tmux(), "OSC 52 (through tmux)"
		case strings.HasPrefix(env.Getenv("TERM"), "screen"):
			seq, name = seq.Screen(), "OSC 52 (through screen)"
		}
		// One write, so a repaint cannot land in the middle of the sequence.
		if _, err := io.WriteString(env.Terminal, seq.String()); err == nil {
			return Result{Method: MethodOSC52, Tool: name, Err: toolErr}
		} else if toolErr == nil {
			toolErr = err
		}
	}
	if toolErr == nil && remote(env) {
		// A tool may well be installed: it would copy on the server, not for the admin.
		toolErr = errors.New("over SSH only the terminal can reach your clipboard, and there is no terminal to ask")
	} else if toolErr == nil {
		toolErr = errors.New("no clipboard tool was found (install xclip, xsel or wl-clipboard) and there is no terminal to ask")
	}
	return Result{Method: MethodNone, Err: toolErr}
}

// remote reports an SSH session: a local tool would copy on the server, not for the admin.
func remote(env Env) bool {
	return env.Getenv("SSH_CONNECTION") != "" || env.Getenv("SSH_CLIENT") != "" || env.Getenv("SSH_TTY") != ""
}

// localTool names the tool atotto/clipboard would use, but only when it can really work:
// atotto checks PATH alone, so xclip is picked even without an X display and then fails.
func localTool(env Env) string {
	has := func(name string) bool { _, err := env.LookPath(name); return err == nil }
	switch env.GOOS {
	case "darwin":
		return "pbcopy"
	case "windows":
		return "the Windows clipboard"
	}
	// Same order as atotto/clipboard's init.
	if env.Getenv("WAYLAND_DISPLAY") != "" && has("wl-copy") && has("wl-paste") {
		return "wl-copy"
	}
	if has("xclip") {
		if env.Getenv("DISPLAY") == "" {
			return ""
		}
		return "xclip"
	}
	if has("xsel") {
		if env.Getenv("DISPLAY") == "" {
			return ""
		}
		return "xsel"
	}
	if has("termux-clipboard-set") && has("termux-clipboard-get") {
		return "termux-clipboard-set"
	}
	if has("clip.exe") && has("powershell.exe") {
		return "clip.exe"
	}
	return ""
}

func writeWithTimeout(env Env, text string) error {
	done := make(chan error, 1)
	go func() { done <- env.WriteSystem(text) }()
	timeout := env.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		return fmt.Errorf("gave up after %s", timeout)
	}
}
