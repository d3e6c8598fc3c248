package steps

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// Where the operating system changes what is right (where the progress file lives, what its
// mode bits mean), the choice is a pure function of GOOS, so that every OS's choice is tested
// on any machine; the exported functions pass runtime.GOOS.

// StateDir is where progress files live: $XDG_STATE_HOME/idme-okta when that is set, else
// ~/.local/state/idme-okta on Linux and macOS (as gh does) and %LocalAppData%\idme-okta on
// Windows.
func StateDir() (string, error) {
	return stateDir(runtime.GOOS, os.Getenv, os.UserHomeDir)
}

func stateDir(goos string, getenv func(string) string, home func() (string, error)) (string, error) {
	if d := getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "idme-okta"), nil
	}
	if goos == "windows" {
		// Local, not Roaming: the file names one machine's work in progress, and a roaming
		// profile would carry it to machines that never ran it.
		if d := getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "idme-okta"), nil
		}
	}
	h, err := home()
	if err != nil || h == "" {
		return "", fmt.Errorf("cannot find a place for the progress file (no home directory: %v): pass --state-file", err)
	}
	if goos == "windows" {
		return filepath.Join(h, "AppData", "Local", "idme-okta"), nil
	}
	return filepath.Join(h, ".local", "state", "idme-okta"), nil
}

// untrusted says why another user of this machine could have written the progress file,
// like ssh does for a private key; "" when only its owner, who runs idme-okta, can.
func untrusted(fi fs.FileInfo) string {
	owner, known := fileOwner(fi)
	return untrustedOn(runtime.GOOS, fi.Mode(), owner, known, os.Getuid())
}

// untrustedOn is untrusted's rule for goos: on Unix the file is writable by its group or
// others, or it belongs to another user than me. On Windows the mode bits say nothing about
// other users (Go reports 0666, or 0444 for a read-only file, whatever the ACL says) and there
// is no uid, so nothing is refused: the state directory under %LocalAppData% is private to
// the user by Windows' default ACL.
// unverified: a progress file whose ACL lets other users write it is not detected on Windows.
func untrustedOn(goos string, mode fs.FileMode, owner int, ownerKnown bool, me int) string {
	if goos == "windows" {
		return ""
	}
	if perm := mode.Perm(); perm&0o022 != 0 {
		return fmt.Sprintf("writable by other users (mode %04o)", perm)
	}
	if ownerKnown && owner != me {
		return fmt.Sprintf("owned by another user (uid %d)", owner)
	}
	return ""
}
