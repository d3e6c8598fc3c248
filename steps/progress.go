package steps

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// progressVersion is bumped when the file format changes incompatibly.
const progressVersion = 1

// Progress is the resume file: one per Okta org, holding answers and object ids but never a
// secret. It is a hint; Okta is the truth, and every step re-checks it.
type Progress struct {
	Version   int                   `json:"version"`
	OrgURL    string                `json:"org_url"`
	UpdatedAt time.Time             `json:"updated_at"`
	Answers   Answers               `json:"answers"`
	Objects   Objects               `json:"objects"`
	Steps     map[string]StepRecord `json:"steps,omitempty"`
}

// StepRecord is the last known state of a step.
type StepRecord struct {
	Status Status    `json:"status"`
	Detail string    `json:"detail,omitempty"`
	At     time.Time `json:"at"`
}

// ErrNoProgress means there is no progress file yet: a first run.
var ErrNoProgress = errors.New("no progress file")

// CorruptProgressError means the progress file exists but cannot be read as one. The file is
// left untouched so nothing is lost.
type CorruptProgressError struct {
	Path string
	Err  error
}

func (e *CorruptProgressError) Error() string {
	return fmt.Sprintf("progress file %s is damaged (%v); it was left untouched: choose \"start over\" (it is kept as a .bak copy) or pass --state-file to use another file", e.Path, e.Err)
}

func (e *CorruptProgressError) Unwrap() error { return e.Err }

// UntrustedProgressError means the progress file could have been changed by another user
// of this machine; it was not read, and it is left as it is.
type UntrustedProgressError struct {
	Path   string
	Reason string // e.g. "writable by other users (mode 0666)"
}

func (e *UntrustedProgressError) Error() string {
	return fmt.Sprintf("progress file %s is %s: whoever can change it could point your identity provider at their own host, so it was not read. If it is yours, run chmod 600 %s (and check what changed in it), or pass --state-file to use another file", e.Path, e.Reason, e.Path)
}

// staleTempAge is how old a temp file of WriteFileAtomic must be to count as left behind by
// a run that died (kill -9, a power cut): a save takes milliseconds.
const staleTempAge = time.Minute

// RemoveStaleTemps deletes the temp files WriteFileAtomic left beside path when a run died
// between creating one and renaming it; fresh ones (a save in progress) are kept.
func RemoveStaleTemps(path string, now time.Time) {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*"))
	for _, m := range matches {
		if fi, err := os.Lstat(m); err == nil && fi.Mode().IsRegular() && now.Sub(fi.ModTime()) > staleTempAge {
			_ = os.Remove(m)
		}
	}
}

// DefaultStatePath is the progress file for an org: <StateDir>/<host>.json.
func DefaultStatePath(orgURL string) (string, error) {
	dir, err := StateDir()
	if err != nil {
		return "", err
	}
	u, err := url.Parse(orgURL)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("cannot name a progress file for org URL %q", orgURL)
	}
	// Ports (the simulated org) and IPv6 brackets are not welcome in file names everywhere.
	name := strings.NewReplacer(":", "_", "[", "", "]", "").Replace(strings.ToLower(u.Host))
	return filepath.Join(dir, name+".json"), nil
}

// LoadProgress reads a progress file. A missing file is ErrNoProgress; an unreadable or
// malformed one is a *CorruptProgressError.
//
// A file that someone else could have written is refused (*UntrustedProgressError) before
// it is read: its answers (the ID.me base URL, say) would be planned, and with --yes
// written, to Okta.
func LoadProgress(path string) (*Progress, error) {
	f, err := os.Open(path)
	// A path through a regular file (ENOTDIR) holds no progress either; writing there fails
	// later with advice of its own.
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return nil, ErrNoProgress
	}
	if err != nil {
		return nil, fmt.Errorf("read progress file %s: %w (choose another place with --state-file)", path, err)
	}
	defer f.Close()
	fi, err := f.Stat() // of the file opened, not of whatever the path names by now
	if err == nil {
		if reason := untrusted(fi); reason != "" {
			return nil, &UntrustedProgressError{Path: path, Reason: reason}
		}
	}
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("read progress file %s: %w (choose another place with --state-file)", path, err)
	}
	var p Progress
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, &CorruptProgressError{Path: path, Err: err}
	}
	if p.Version != progressVersion {
		return nil, &CorruptProgressError{Path: path, Err: fmt.Errorf("format version %d, this idme-okta reads %d", p.Version, progressVersion)}
	}
	return &p, nil
}

// SaveProgress writes the file atomically (temp file, fsync, rename) with mode 0600, so a
// crash at any instant leaves either the old file or the new one, never half of one.
func SaveProgress(path string, p *Progress) error {
	p.Version = progressVersion
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return fmt.Errorf("encode progress: %w", err)
	}
	return WriteFileAtomic(path, append(b, '\n'))
}

// WriteFileAtomic writes data to path with mode 0600 via a temp file in the same directory.
func WriteFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return unwritable(path, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return unwritable(path, err)
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(0o600); err == nil {
		if _, err = tmp.Write(data); err == nil {
			err = syncFile(tmp)
		}
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return unwritable(path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return unwritable(path, err)
	}
	// Make the rename itself durable; not every platform can sync a directory, so best effort.
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// syncFile flushes a temp file to disk before it replaces the old one (tests make it fail).
var syncFile = (*os.File).Sync

func unwritable(path string, err error) error {
	return fmt.Errorf("cannot write %s (%w): choose a writable place with --state-file", path, err)
}

// SetAside renames a progress file to <path>.<timestamp>.bak, for "start over": the old
// answers stay on disk in case they are wanted.
func SetAside(path string, now time.Time) (string, error) {
	bak := fmt.Sprintf("%s.%s.bak", path, now.UTC().Format("20060102T150405Z"))
	if err := os.Rename(path, bak); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", nil
		}
		return "", fmt.Errorf("set aside %s: %w", path, err)
	}
	return bak, nil
}
