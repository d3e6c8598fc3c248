package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// One run at a time per Okta org on this machine. Okta does not make app labels or rule
// names unique, so two runs that both find the test app missing would both create one
// (issue 10: three apply runs started together made three). The lock is keyed by the org,
// not by the progress file: two runs with different --state-file still share an org.
//
// It is an operating-system lock on a file (flock on Unix, LockFileEx on Windows), so a
// run that dies, even by kill -9, releases it with its process: nothing can go stale. The
// file also records who holds it, for the message a second run prints.

// LockHolder is who holds an org's lock, as recorded in the lock file.
type LockHolder struct {
	PID     int       `json:"pid"`
	Command string    `json:"command"` // e.g. "apply", "wizard"
	Since   time.Time `json:"since"`
}

// LockedError means another run holds the org's lock.
type LockedError struct {
	OrgURL string
	Holder LockHolder // zero when the holder could not be read
	Path   string
}

func (e *LockedError) Error() string {
	who := "another idme-okta run"
	if e.Holder.PID > 0 {
		who = fmt.Sprintf("another idme-okta run (pid %d, %q, since %s)", e.Holder.PID, "idme-okta "+e.Holder.Command, e.Holder.Since.Local().Format("15:04:05"))
	}
	return fmt.Sprintf("%s is working on %s: wait for it to finish (or stop it) and run again; two runs at once could create the same Okta object twice (lock file %s)", who, e.OrgURL, e.Path)
}

// OrgLock is a held lock; Release lets the next run in.
type OrgLock struct {
	f *os.File
}

// Release releases the lock (and is safe on a nil lock, or twice).
func (l *OrgLock) Release() {
	if l == nil || l.f == nil {
		return
	}
	_ = unlockFile(l.f)
	_ = l.f.Close()
	l.f = nil
}

// lockPoll is how often a waiting run tries again.
const lockPoll = 100 * time.Millisecond

// LockOrg takes the lock of orgURL for command, waiting up to wait while another run
// holds it; then it returns a *LockedError naming the holder. Take it before the first
// read a write depends on: after waiting, what the other run did is read afresh.
func LockOrg(ctx context.Context, orgURL, command string, wait time.Duration) (*OrgLock, error) {
	path, err := lockPath(orgURL)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s against a second run: %w", orgURL, err)
	}
	deadline := time.Now().Add(wait)
	for {
		ok, err := tryLockFile(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s against a second run (%s): %w", orgURL, path, err)
		}
		if ok {
			break
		}
		if !time.Now().Before(deadline) {
			f.Close()
			return nil, &LockedError{OrgURL: orgURL, Holder: readHolder(path), Path: path}
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(lockPoll):
		}
	}
	holder, _ := json.Marshal(LockHolder{PID: os.Getpid(), Command: command, Since: time.Now().UTC()})
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt(append(holder, '\n'), 0) // who holds it is only for messages
	}
	return &OrgLock{f: f}, nil
}

// readHolder reads who holds a lock; a file being rewritten reads as nobody in particular.
func readHolder(path string) LockHolder {
	var h LockHolder
	if b, err := os.ReadFile(path); err == nil {
		_ = json.Unmarshal(b, &h)
	}
	return h
}

// lockPath is <StateDir>/<org host>.lock, named like the org's progress file. When the
// state directory cannot be made, the lock goes to the temporary directory, which every run
// of this user falls back to the same way.
func lockPath(orgURL string) (string, error) {
	p, err := DefaultStatePath(orgURL)
	if err != nil {
		return "", err
	}
	dir, name := filepath.Split(p)
	name = strings.TrimSuffix(name, ".json") + ".lock"
	if err := os.MkdirAll(dir, 0o700); err != nil {
		dir = filepath.Join(os.TempDir(), "idme-okta-locks")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return "", fmt.Errorf("no place for the lock against a second run (%w): set XDG_STATE_HOME to a writable directory", err)
		}
	}
	return filepath.Join(dir, name), nil
}
