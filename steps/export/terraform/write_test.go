package terraform

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestWriteRefusesToReplaceAnExportAndForceReplacesIt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tf")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// Someone else's file does not stand in the way, and is never touched.
	other := filepath.Join(dir, "backend.tf")
	if err := os.WriteFile(other, []byte("# mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	first := []File{{Name: FileMain, Content: []byte("a\n")}, {Name: FileTestApp, Content: []byte("app\n")}}
	if _, err := Write(dir, first, false); err != nil {
		t.Fatal(err)
	}

	second := []File{{Name: FileMain, Content: []byte("b\n")}, {Name: FileImports, Content: []byte("i\n")}}
	_, err := Write(dir, second, false)
	var exists *ExistsError
	if !errors.As(err, &exists) || !slices.Equal(exists.Paths, []string{filepath.Join(dir, FileMain), filepath.Join(dir, FileTestApp)}) {
		t.Fatalf("err = %v, want the two files of the first export named", err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileImports)); !os.IsNotExist(err) {
		t.Error("a refused export wrote a file")
	}

	paths, err := Write(dir, second, true)
	if err != nil || len(paths) != 2 {
		t.Fatalf("forced: %v %v", paths, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, FileMain)); string(b) != "b\n" {
		t.Errorf("main.tf = %q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, FileTestApp)); !os.IsNotExist(err) {
		t.Error("the earlier export's test_app.tf is still there")
	}
	if b, _ := os.ReadFile(other); string(b) != "# mine\n" {
		t.Error("someone else's file was changed")
	}
	if fi, _ := os.Stat(filepath.Join(dir, FileMain)); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*tmp-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
