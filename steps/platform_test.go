package steps

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

func TestStateDirPerOS(t *testing.T) {
	home := func() (string, error) { return "/home/ann", nil }
	noHome := func() (string, error) { return "", errors.New("$HOME is not defined") }
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	// filepath.IsAbs follows the machine running the test, so XDG_STATE_HOME is given as an
	// absolute path of this machine.
	xdg, _ := filepath.Abs("xdg")
	cases := []struct {
		name, goos string
		getenv     func(string) string
		home       func() (string, error)
		want       string
	}{
		{"linux default", "linux", env(), home, filepath.Join("/home/ann", ".local", "state", "idme-okta")},
		{"macOS like gh", "darwin", env(), home, filepath.Join("/home/ann", ".local", "state", "idme-okta")},
		{"XDG on linux", "linux", env("XDG_STATE_HOME", xdg), home, filepath.Join(xdg, "idme-okta")},
		{"XDG on macOS", "darwin", env("XDG_STATE_HOME", xdg), home, filepath.Join(xdg, "idme-okta")},
		{"relative XDG is ignored", "linux", env("XDG_STATE_HOME", "rel"), home, filepath.Join("/home/ann", ".local", "state", "idme-okta")},
		{"windows LocalAppData", "windows", env("LocalAppData", `C:\Users\ann\AppData\Local`), home, filepath.Join(`C:\Users\ann\AppData\Local`, "idme-okta")},
		{"windows LocalAppData even with a home", "windows", env("LocalAppData", `D:\L`, "HOME", "/home/ann"), home, filepath.Join(`D:\L`, "idme-okta")},
		{"windows without LocalAppData", "windows", env(), home, filepath.Join("/home/ann", "AppData", "Local", "idme-okta")},
		{"windows honours XDG", "windows", env("XDG_STATE_HOME", xdg, "LocalAppData", `C:\L`), home, filepath.Join(xdg, "idme-okta")},
		{"no home", "linux", env(), noHome, ""},
		{"no home on windows", "windows", env(), noHome, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := stateDir(tc.goos, tc.getenv, tc.home)
			if tc.want == "" {
				if err == nil || !strings.Contains(err.Error(), "--state-file") {
					t.Fatalf("got %q, %v; want an error naming --state-file", got, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// The progress file's trust rule per OS, on any machine (progress_trust_test.go proves it on
// the real file system of this one).
func TestUntrustedRulePerOS(t *testing.T) {
	const me = 1000
	cases := []struct {
		goos       string
		mode       fs.FileMode
		owner      int
		ownerKnown bool
		want       string // a part of the reason; "" when trusted
	}{
		{"linux", 0o600, me, true, ""},
		{"linux", 0o644, me, true, ""}, // readable by others: no secret is in it
		{"linux", 0o400, me, true, ""},
		{"linux", 0o620, me, true, "writable by other users (mode 0620)"},
		{"linux", 0o602, me, true, "writable by other users (mode 0602)"},
		{"linux", 0o600, 4242, true, "owned by another user (uid 4242)"},
		{"linux", 0o600, 4242, false, ""},
		{"darwin", 0o600, me, true, ""},
		{"darwin", 0o664, me, true, "writable by other users (mode 0664)"},
		{"darwin", 0o600, 0, true, "owned by another user (uid 0)"},
		{"freebsd", 0o606, me, true, "writable by other users"},
		// Go's view of every writable Windows file, and of a read-only one: ACLs decide there,
		// and os.Getuid is -1.
		{"windows", 0o666, 0, false, ""},
		{"windows", 0o444, 0, false, ""},
		{"windows", 0o666, 4242, true, ""},
	}
	for _, tc := range cases {
		got := untrustedOn(tc.goos, tc.mode, tc.owner, tc.ownerKnown, me)
		if (got == "") != (tc.want == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s %04o owner %d/%v: %q, want %q", tc.goos, tc.mode, tc.owner, tc.ownerKnown, got, tc.want)
		}
	}
}
