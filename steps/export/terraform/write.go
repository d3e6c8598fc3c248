package terraform

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// DefaultDir is where the export goes when no directory is named: a new directory in the
// current one.
const DefaultDir = "idme-okta-terraform"

// ExistsError means the export would replace files that are there already; nothing was
// written.
type ExistsError struct {
	Paths []string
}

func (e *ExistsError) Error() string {
	return fmt.Sprintf("%s already exist%s: choose another --dir, or pass --force to replace them",
		strings.Join(e.Paths, ", "), map[bool]string{true: "s", false: ""}[len(e.Paths) == 1])
}

// Check reports (as an *ExistsError) whether dir holds a file of an export already, this
// one's or another's (FileNames). It writes nothing.
func Check(dir string) error {
	var exist []string
	for _, name := range FileNames() {
		p := filepath.Join(dir, name)
		if _, err := os.Lstat(p); err == nil {
			exist = append(exist, p)
		} else if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return fmt.Errorf("check %s: %w", p, err)
		}
	}
	if len(exist) > 0 {
		return &ExistsError{Paths: exist}
	}
	return nil
}

// Write writes files into dir (created if missing) and returns their paths. Without force it
// writes nothing when Check finds a file there already. Each file is written whole
// (temporary file, then rename), so an interrupted export never leaves half a file.
func Write(dir string, files []File, force bool) ([]string, error) {
	if !force {
		if err := Check(dir); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	var written []string
	for _, f := range files {
		p := filepath.Join(dir, f.Name)
		if err := writeWhole(p, f.Content); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	if force {
		// A file an earlier export wrote that this one does not (say, test_app.tf) would
		// still be read by Terraform: remove it.
		for _, name := range FileNames() {
			if !hasFile(files, name) {
				p := filepath.Join(dir, name)
				if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return written, fmt.Errorf("remove the earlier %s: %w", p, err)
				}
			}
		}
	}
	return written, nil
}

func hasFile(files []File, name string) bool {
	for _, f := range files {
		if f.Name == name {
			return true
		}
	}
	return false
}

func writeWhole(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err == nil {
		err = tmp.Chmod(0o644) // configuration, no secret: readable like any source file
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
