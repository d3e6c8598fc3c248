package clipboard

import (
	"bytes"
	"testing"
)

// Each OS's choice, decided on any machine: Windows and macOS copy with their own clipboard
// (no tool on PATH needed, so no PATH lookup may veto it), and over SSH to such a machine the
// server's clipboard is not the admin's, so OSC 52 is used there as on Linux.
func TestCopyPerOS(t *testing.T) {
	wrote := ""
	write := func(s string) error { wrote = s; return nil }
	mustNotRun := func(string) error { t.Error("the server's clipboard was used over SSH"); return nil }
	ssh := map[string]string{"SSH_CONNECTION": "10.0.0.1 5 10.0.0.2 22"}
	cases := []struct {
		name     string
		f        fakeEnv
		method   Method
		tool     string
		wantText bool
	}{
		{"windows desktop", fakeEnv{goos: "windows", write: write}, MethodSystem, "the Windows clipboard", true},
		{"windows desktop, DISPLAY set by an X server for WSL", fakeEnv{goos: "windows", vars: map[string]string{"DISPLAY": ":0"}, write: write}, MethodSystem, "the Windows clipboard", true},
		{"macOS desktop", fakeEnv{goos: "darwin", write: write}, MethodSystem, "pbcopy", true},
		{"windows OpenSSH server", fakeEnv{goos: "windows", vars: ssh, term: &bytes.Buffer{}, write: mustNotRun}, MethodOSC52, "OSC 52", false},
		{"macOS over SSH", fakeEnv{goos: "darwin", vars: ssh, term: &bytes.Buffer{}, write: mustNotRun}, MethodOSC52, "OSC 52", false},
		{"windows over SSH without a terminal", fakeEnv{goos: "windows", vars: ssh, write: mustNotRun}, MethodNone, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wrote = ""
			r := Copy("sheet", c.f.env())
			if r.Method != c.method || r.Tool != c.tool {
				t.Fatalf("got %s/%q (%v), want %s/%q", r.Method, r.Tool, r.Err, c.method, c.tool)
			}
			if (wrote == "sheet") != c.wantText {
				t.Errorf("text given to the system clipboard: %q", wrote)
			}
		})
	}
}
