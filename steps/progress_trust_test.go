package steps

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// saveFixture writes a progress file for org at path and returns its bytes.
func saveFixture(t *testing.T, path, org string) []byte {
	t.Helper()
	a := DefaultAnswers()
	a.OrgURL = org
	if err := SaveProgress(path, &Progress{OrgURL: org, Answers: a, Objects: Objects{IdPID: "0oa1"}}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Like ssh with a private key: a progress file others can write is not read (someone could
// have pointed the ID.me base URL at their own host), and the message says chmod 600.
func TestProgressWritableByOthersIsRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows guards files with ACLs, not mode bits")
	}
	path := filepath.Join(t.TempDir(), "dev-1.okta.com.json")
	body := saveFixture(t, path, "https://dev-1.okta.com")
	for _, mode := range []os.FileMode{0o666, 0o620, 0o602} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		_, err := LoadProgress(path)
		var untrusted *UntrustedProgressError
		if !errors.As(err, &untrusted) || !strings.Contains(err.Error(), "chmod 600 "+path) {
			t.Errorf("mode %04o: err = %v", mode, err)
		}
	}
	if b, _ := os.ReadFile(path); string(b) != string(body) {
		t.Error("the refused file was changed")
	}
	for _, mode := range []os.FileMode{0o600, 0o640, 0o644, 0o400} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadProgress(path); err != nil {
			t.Errorf("mode %04o refused: %v", mode, err)
		}
	}
	if os.Getuid() == 0 { // only root can give a file away
		if err := os.Chown(path, 4242, -1); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadProgress(path); err == nil || !strings.Contains(err.Error(), "owned by another user (uid 4242)") {
			t.Errorf("a file of another user: err = %v", err)
		}
	}
}

// --org-url names one org and the progress file records another: refused, file untouched
// (adopting it would plan that org's answers here and then overwrite its ids).
func TestLocateRefusesAnotherOrgsProgressFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.json")
	body := saveFixture(t, path, "https://dev-1.okta.com")
	_, err := Locate(path, "dev-2.okta.com")
	var other *OtherOrgProgressError
	if !errors.As(err, &other) || other.FileOrg != "https://dev-1.okta.com" || other.Org != "https://dev-2.okta.com" {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != string(body) {
		t.Error("the file was changed")
	}
	for _, org := range []string{"https://dev-1.okta.com", "dev-1.okta.com/", "https://dev-1-admin.okta.com", ""} {
		if loc, err := Locate(path, org); err != nil || loc.Progress == nil {
			t.Errorf("org %q: the org's own file was refused: %v", org, err)
		}
	}
}

// A run killed between writing the temp file and renaming it leaves the temp file; the next
// start removes it, but never a fresh one (a save in progress).
func TestLocateRemovesStaleTempFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.json")
	saveFixture(t, path, "https://dev-1.okta.com")
	stale := filepath.Join(dir, ".p.json.tmp-123")
	fresh := filepath.Join(dir, ".p.json.tmp-456")
	other := filepath.Join(dir, ".q.json.tmp-789")
	for _, f := range []string{stale, fresh, other} {
		if err := os.WriteFile(f, []byte("{"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * staleTempAge)
	for _, f := range []string{stale, other} {
		if err := os.Chtimes(f, old, old); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Locate(path, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Error("the stale temp file is still there")
	}
	for _, f := range []string{fresh, other} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("%s was removed: %v", filepath.Base(f), err)
		}
	}
}

// SaveProgress replaces the file (a new file renamed over it), never writes into it: an
// in-place write would change the file a hard link still points at, and a crash in the
// middle would leave half a file.
func TestSaveProgressReplacesTheFileNotItsContent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.json")
	before := saveFixture(t, path, "https://dev-1.okta.com")
	link := filepath.Join(dir, "link")
	if err := os.Link(path, link); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	saveFixture(t, path, "https://dev-2.okta.com")
	if b, _ := os.ReadFile(link); string(b) != string(before) {
		t.Error("the old file's content changed: SaveProgress wrote into it instead of replacing it")
	}
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), "dev-2") {
		t.Error("the new content is not at the path")
	}
}

// When the new content cannot be made durable, the old file survives as it was and no temp
// file is left.
func TestSaveProgressKeepsTheOldFileOnAWriteError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.json")
	before := saveFixture(t, path, "https://dev-1.okta.com")
	syncFile = func(*os.File) error { return errors.New("disk full") }
	t.Cleanup(func() { syncFile = (*os.File).Sync })
	a := DefaultAnswers()
	err := SaveProgress(path, &Progress{OrgURL: "https://dev-2.okta.com", Answers: a})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v", err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != string(before) {
		t.Errorf("the old file did not survive: %v\n%s", err, b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}
