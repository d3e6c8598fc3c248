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

func TestProgressRoundTripIsPrivateAndAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state", "dev-1.okta.com.json")
	p := &Progress{OrgURL: "https://dev-1.okta.com", Answers: DefaultAnswers(), Objects: Objects{IdPID: "0oa1"}}
	if err := SaveProgress(path, p); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("progress file mode = %v, want 0600", fi.Mode().Perm())
	}
	got, err := LoadProgress(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Objects.IdPID != "0oa1" || got.Answers.IdPName != DefaultIdPName || got.Version != progressVersion {
		t.Errorf("round trip lost data: %+v", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temp files left behind: %v", entries)
	}
}

func TestLoadProgressMissingAndCorrupt(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadProgress(filepath.Join(dir, "none.json")); !errors.Is(err, ErrNoProgress) {
		t.Fatalf("missing file: err = %v, want ErrNoProgress", err)
	}
	for name, body := range map[string]string{
		"truncated":   `{"version":1,"org_url":"https://x.okta.com","answ`,
		"not json":    "hello",
		"old version": `{"version":99}`,
		"trailing":    `{"version":1,"org_url":"https://x.okta.com"}{"version":1,"org_url":"https://y.okta.com"}`,
	} {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".json")
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := LoadProgress(path)
		var cpe *CorruptProgressError
		if !errors.As(err, &cpe) {
			t.Errorf("%s: err = %v, want *CorruptProgressError", name, err)
			continue
		}
		if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "start over") {
			t.Errorf("%s: message does not say where and what to do: %v", name, err)
		}
		if b, _ := os.ReadFile(path); string(b) != body {
			t.Errorf("%s: corrupt file was modified", name)
		}
	}
}

func TestSaveProgressUnwritableDirSaysWhatToDo(t *testing.T) {
	// Root ignores directory permissions, so make the directory impossible instead: its
	// parent is a regular file.
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	err := SaveProgress(filepath.Join(blocker, "sub", "p.json"), &Progress{})
	if err == nil || !strings.Contains(err.Error(), "--state-file") {
		t.Fatalf("err = %v, want a message naming --state-file", err)
	}
}

func TestDefaultStatePathPerOrg(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/tmp/xdg")
	got, err := DefaultStatePath("http://127.0.0.1:8080")
	if err != nil {
		t.Fatal(err)
	}
	if got != filepath.FromSlash("/tmp/xdg/idme-okta/127.0.0.1_8080.json") {
		t.Errorf("path = %s", got)
	}
	a, _ := DefaultStatePath("https://dev-1.okta.com")
	b, _ := DefaultStatePath("https://dev-2.okta.com")
	if a == b {
		t.Error("two orgs share one progress file")
	}
	if _, err := DefaultStatePath("not a url"); err == nil {
		t.Error("bad org URL accepted")
	}
	if h := HandoffPath("/s/dev-1.okta.com.json"); h != "/s/dev-1.okta.com-handoff.md" {
		t.Errorf("handoff path = %s", h)
	}
}

func TestSetAsideKeepsTheOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.json")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	bak, err := SetAside(path, time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(bak); string(b) != "old" {
		t.Errorf("backup %s does not hold the old content", bak)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Error("original still there")
	}
	if bak2, err := SetAside(path, time.Now()); err != nil || bak2 != "" {
		t.Errorf("set aside of a missing file: %q, %v", bak2, err)
	}
}
