package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// TestDistArchives checks dist/ as an admin meets it; `make dist-check` builds dist/ and runs
// it (in CI too). The checksums must pass `sha256sum -c`; every platform has one archive
// holding one directory with the binary — for that OS and architecture — README.md, LICENSE
// and THIRD_PARTY_LICENSES; and this machine's archive, unpacked, prints the stamped version
// and walks the demo to its passing test sign-in on a machine without Go.
func TestDistArchives(t *testing.T) {
	dist := os.Getenv("IDME_OKTA_DIST")
	if dist == "" {
		t.Skip("checks the archives of make dist: run make dist-check")
	}
	wantVersion := os.Getenv("IDME_OKTA_DIST_VERSION")
	wantCommit := os.Getenv("IDME_OKTA_DIST_COMMIT")
	platforms := strings.Fields(os.Getenv("IDME_OKTA_DIST_PLATFORMS"))
	if wantVersion == "" || wantCommit == "" || len(platforms) == 0 {
		t.Fatal("IDME_OKTA_DIST_VERSION, _COMMIT and _PLATFORMS must be set with IDME_OKTA_DIST")
	}

	sum := exec.Command(simtest.RequireTool(t, "sha256sum"), "-c", "SHA256SUMS")
	sum.Dir = dist
	out, err := sum.CombinedOutput()
	if err != nil {
		t.Fatalf("sha256sum -c SHA256SUMS: %v\n%s", err, out)
	}
	listed, _ := os.ReadFile(filepath.Join(dist, "SHA256SUMS"))
	if n := len(strings.Split(strings.TrimSpace(string(listed)), "\n")); n != len(platforms) {
		t.Errorf("SHA256SUMS lists %d files, want one per platform (%d):\n%s", n, len(platforms), listed)
	}

	ver := strings.TrimPrefix(wantVersion, "v")
	var hostBinary string
	for _, p := range platforms {
		goos, goarch, _ := strings.Cut(p, "/")
		name := fmt.Sprintf("idme-okta_%s_%s_%s", ver, goos, goarch)
		exe := "idme-okta"
		archive := filepath.Join(dist, name+".tar.gz")
		if goos == "windows" {
			exe, archive = "idme-okta.exe", filepath.Join(dist, name+".zip")
		}
		if !strings.Contains(string(listed), filepath.Base(archive)) {
			t.Errorf("%s is not in SHA256SUMS", filepath.Base(archive))
		}
		dir := t.TempDir()
		files := unpack(t, archive, dir)
		want := []string{name + "/", name + "/LICENSE", name + "/README.md", name + "/THIRD_PARTY_LICENSES", name + "/" + exe}
		slices.Sort(files)
		slices.Sort(want)
		if !slices.Equal(files, want) {
			t.Errorf("%s holds %q, want %q", filepath.Base(archive), files, want)
			continue
		}
		bin := filepath.Join(dir, name, exe)
		if got := binaryPlatform(t, bin); got != p {
			t.Errorf("%s: the binary is for %s", filepath.Base(archive), got)
		}
		if p == runtime.GOOS+"/"+runtime.GOARCH {
			hostBinary = bin
		}
	}
	if hostBinary == "" {
		t.Fatalf("no archive for this machine (%s/%s)", runtime.GOOS, runtime.GOARCH)
	}

	for _, arg := range []string{"version", "--version"} {
		out, err := exec.Command(hostBinary, arg).CombinedOutput()
		line := string(out)
		if err != nil || !strings.HasPrefix(line, "idme-okta "+wantVersion+" (commit "+wantCommit+", built ") {
			t.Errorf("%s %s: %v: %q, want version %s and commit %s stamped", filepath.Base(hostBinary), arg, err, line, wantVersion, wantCommit)
		}
	}

	// An admin's machine: no Go on PATH, no module cache, an empty home.
	simtest.RequireTool(t, "tmux")
	home := t.TempDir()
	demoWithOnlyEnter(t, fmt.Sprintf("env -i PATH=/usr/bin:/bin HOME=%s XDG_STATE_HOME=%s TERM=xterm-256color %s demo", home, home, hostBinary))
}

// unpack extracts a .tar.gz or .zip into dir and returns its entry names.
func unpack(t *testing.T, archive, dir string) []string {
	t.Helper()
	var names []string
	write := func(name string, mode os.FileMode, r io.Reader) {
		names = append(names, name)
		if strings.HasSuffix(name, "/") {
			return
		}
		dst := filepath.Join(dir, filepath.FromSlash(path.Clean(name)))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		f, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(f, r); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if strings.HasSuffix(archive, ".zip") {
		zr, err := zip.OpenReader(archive)
		if err != nil {
			t.Fatalf("%s: %v", archive, err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			write(f.Name, 0o755, rc)
			rc.Close()
		}
		return names
	}
	f, err := os.Open(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", archive, err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return names
		}
		if err != nil {
			t.Fatalf("%s: %v", archive, err)
		}
		if h.Typeflag == tar.TypeDir && !strings.HasSuffix(h.Name, "/") {
			h.Name += "/"
		}
		write(h.Name, h.FileInfo().Mode().Perm(), tr)
	}
}

// binaryPlatform reads an executable's header: which OS and architecture it runs on.
func binaryPlatform(t *testing.T, bin string) string {
	t.Helper()
	if f, err := elf.Open(bin); err == nil {
		defer f.Close()
		return "linux/" + map[elf.Machine]string{elf.EM_X86_64: "amd64", elf.EM_AARCH64: "arm64"}[f.Machine]
	}
	if f, err := macho.Open(bin); err == nil {
		defer f.Close()
		return "darwin/" + map[macho.Cpu]string{macho.CpuAmd64: "amd64", macho.CpuArm64: "arm64"}[f.Cpu]
	}
	if f, err := pe.Open(bin); err == nil {
		defer f.Close()
		return "windows/" + map[uint16]string{pe.IMAGE_FILE_MACHINE_AMD64: "amd64", pe.IMAGE_FILE_MACHINE_ARM64: "arm64"}[f.Machine]
	}
	return "unknown"
}
