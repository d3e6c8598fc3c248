package clipboard

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

type fakeEnv struct {
	vars  map[string]string
	tools []string
	goos  string
	term  *bytes.Buffer
	write func(string) error
}

func (f fakeEnv) env() Env {
	e := Env{
		Getenv: func(k string) string { return f.vars[k] },
		LookPath: func(name string) (string, error) {
			for _, t := range f.tools {
				if t == name {
					return "/usr/bin/" + name, nil
				}
			}
			return "", errors.New("not found")
		},
		GOOS:        f.goos,
		WriteSystem: f.write,
		Timeout:     time.Second,
	}
	if f.goos == "" {
		e.GOOS = "linux"
	}
	if f.term != nil {
		e.Terminal = f.term
	}
	return e
}

func TestCopyChoosesHonestly(t *testing.T) {
	ok := func(string) error { return nil }
	mustNotRun := func(string) error { t.Error("a local tool was used over SSH"); return nil }
	failing := func(string) error { return errors.New("Error: Can't open display") }
	// The hung tool's goroutine outlives Copy's timeout; it is let go when the test ends
	// instead of leaking for an hour.
	released := make(chan struct{})
	t.Cleanup(func() { close(released) })
	hang := func(string) error { <-released; return nil }

	cases := []struct {
		name       string
		f          fakeEnv
		timeout    time.Duration // 0: the fake's second
		wantMethod Method
		wantTool   string
		toolFailed bool // the local tool was tried and failed first: Err and Message say so
	}{
		{"desktop X11 with xclip", fakeEnv{vars: map[string]string{"DISPLAY": ":0"}, tools: []string{"xclip"}, write: ok}, 0, MethodSystem, "xclip", false},
		{"wayland", fakeEnv{vars: map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, tools: []string{"wl-copy", "wl-paste"}, write: ok}, 0, MethodSystem, "wl-copy", false},
		{"mac", fakeEnv{goos: "darwin", write: ok}, 0, MethodSystem, "pbcopy", false},
		{"xclip but no display falls back to OSC 52", fakeEnv{tools: []string{"xclip"}, term: &bytes.Buffer{}, write: ok}, 0, MethodOSC52, "OSC 52", false},
		{"ssh session uses OSC 52 even with a tool", fakeEnv{vars: map[string]string{"SSH_CONNECTION": "1 2 3 4", "DISPLAY": ":10"}, tools: []string{"xclip"}, term: &bytes.Buffer{}, write: mustNotRun}, 0, MethodOSC52, "OSC 52", false},
		{"ssh without a terminal copies nothing on the server", fakeEnv{vars: map[string]string{"SSH_TTY": "/dev/pts/1", "DISPLAY": ":10"}, tools: []string{"xclip"}, write: mustNotRun}, 0, MethodNone, "", false},
		{"ssh inside tmux wraps the sequence", fakeEnv{vars: map[string]string{"SSH_TTY": "/dev/pts/1", "TMUX": "/tmp/tmux"}, term: &bytes.Buffer{}, write: ok}, 0, MethodOSC52, "OSC 52 (through tmux)", false},
		{"screen wraps the sequence", fakeEnv{vars: map[string]string{"TERM": "screen.xterm-256color"}, term: &bytes.Buffer{}, write: ok}, 0, MethodOSC52, "OSC 52 (through screen)", false},
		{"tool fails then OSC 52", fakeEnv{vars: map[string]string{"DISPLAY": ":0"}, tools: []string{"xclip"}, term: &bytes.Buffer{}, write: failing}, 0, MethodOSC52, "OSC 52", true},
		{"tool hangs then OSC 52", fakeEnv{vars: map[string]string{"DISPLAY": ":0"}, tools: []string{"xclip"}, term: &bytes.Buffer{}, write: hang}, 10 * time.Millisecond, MethodOSC52, "OSC 52", true},
		{"nothing at all", fakeEnv{write: ok}, 0, MethodNone, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := c.f.env()
			if c.timeout > 0 {
				env.Timeout = c.timeout
			}
			r := Copy("redirect https://x/cb", env)
			if r.Method != c.wantMethod || r.Tool != c.wantTool {
				t.Fatalf("got %s/%q (%v), want %s/%q", r.Method, r.Tool, r.Err, c.wantMethod, c.wantTool)
			}
			if c.f.term != nil {
				out := c.f.term.String()
				if got, want := strings.Contains(out, "\x1b]52;c;"), c.wantMethod == MethodOSC52; got != want {
					t.Errorf("OSC 52 written = %v, want %v (%q)", got, want, out)
				}
				if c.wantTool == "OSC 52 (through tmux)" && !strings.HasPrefix(out, "\x1bPtmux;") {
					t.Errorf("tmux passthrough missing: %q", out)
				}
			}
			msg := r.Message()
			if remote(env) && strings.Contains(msg, "no clipboard tool was found") {
				t.Errorf("over SSH the message blames a missing tool: %q", msg)
			}
			switch {
			case r.Method == MethodNone:
				if r.Err == nil || !strings.Contains(msg, "Not copied") {
					t.Errorf("nothing copied, but Err=%v and the message is %q", r.Err, msg)
				}
			case !strings.Contains(msg, r.Tool):
				t.Errorf("message %q does not name %s", msg, r.Tool)
			case (r.Err != nil) != c.toolFailed || strings.Contains(msg, "local clipboard tool failed") != c.toolFailed:
				t.Errorf("the local tool failed: %v; Err=%v, message %q", c.toolFailed, r.Err, msg)
			}
		})
	}
}

func TestCopyHandsTheTextToTheTool(t *testing.T) {
	var got string
	f := fakeEnv{vars: map[string]string{"DISPLAY": ":0"}, tools: []string{"xsel"}, write: func(s string) error { got = s; return nil }}
	r := Copy("the sheet", f.env())
	if r.Method != MethodSystem || r.Tool != "xsel" || got != "the sheet" {
		t.Fatalf("result %+v, tool got %q", r, got)
	}
	if !strings.Contains(r.Message(), "xsel") {
		t.Errorf("message does not name the tool: %s", r.Message())
	}
}
