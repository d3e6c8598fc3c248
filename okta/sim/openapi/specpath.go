package openapi

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
)

// SpecEnv names the environment variable that overrides where the spec is read from.
const SpecEnv = "IDME_OKTA_OPENAPI_SPEC"

const (
	sdkModule = "github.com/okta/okta-sdk-golang/v5"
	// fallbackSDKVersion is used when the binary carries no build info for the SDK (for example
	// a binary that does not link it). It must match go.mod.
	fallbackSDKVersion = "v5.0.2"
	specInModule       = "okta/api/openapi.yaml"
)

// SpecPath finds openapi.yaml of the okta-sdk-golang/v5 module version this binary was built
// with: $IDME_OKTA_OPENAPI_SPEC if set, else
// <GOMODCACHE>/github.com/okta/okta-sdk-golang/v5@<version>/okta/api/openapi.yaml, trying the
// module caches named by $GOMODCACHE, `go env GOMODCACHE`, $GOPATH/pkg/mod and ~/go/pkg/mod in
// that order, and <version> from runtime/debug.ReadBuildInfo (falling back to v5.0.2).
// The error names every place it looked.
func SpecPath() (string, error) {
	if p := os.Getenv(SpecEnv); p != "" {
		if err := isFile(p); err != nil {
			return "", fmt.Errorf("okta openapi spec: $%s=%s: %w", SpecEnv, p, err)
		}
		return p, nil
	}
	rel := filepath.Join(filepath.FromSlash(sdkModule)+"@"+sdkVersion(), filepath.FromSlash(specInModule))
	var looked []string
	for _, cache := range moduleCaches() {
		p := filepath.Join(cache, rel)
		if isFile(p) == nil {
			return p, nil
		}
		looked = append(looked, p)
	}
	if len(looked) == 0 {
		return "", fmt.Errorf("okta openapi spec: no Go module cache found ($GOMODCACHE, `go env GOMODCACHE`, $GOPATH and $HOME are all unset); set $%s", SpecEnv)
	}
	return "", fmt.Errorf("okta openapi spec: not found at %s; run `go mod download %s` or set $%s",
		strings.Join(looked, ", "), sdkModule, SpecEnv)
}

// sdkVersion reports the okta-sdk-golang/v5 version linked into this binary, so the spec always
// matches the models the client actually sends.
func sdkVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return fallbackSDKVersion
	}
	for _, dep := range info.Deps {
		if dep.Path != sdkModule {
			continue
		}
		if r := dep.Replace; r != nil && r.Path == sdkModule && r.Version != "" {
			return r.Version
		}
		if dep.Version != "" && dep.Version != "(devel)" {
			return dep.Version
		}
	}
	return fallbackSDKVersion
}

// moduleCaches lists candidate module cache directories, most specific first, without
// duplicates. Every candidate is tried (not just the first that is set) so that a stale
// $GOMODCACHE does not hide a cache that has the module.
func moduleCaches() []string {
	var dirs []string
	add := func(d string) {
		if d != "" && !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	add(os.Getenv("GOMODCACHE"))
	add(goEnvModCache())
	if gopath := os.Getenv("GOPATH"); gopath != "" {
		// GOPATH may be a list; the module cache lives under its first entry.
		add(filepath.Join(filepath.SplitList(gopath)[0], "pkg", "mod"))
	}
	if home, err := os.UserHomeDir(); err == nil {
		add(filepath.Join(home, "go", "pkg", "mod"))
	}
	return dirs
}

// goEnvModCache asks the go command, which knows about go.env files and GOENV; it returns ""
// when no go command is installed (a plain binary on a user's machine). A variable so that
// tests which point $HOME at a temporary directory can keep the go command out of it: its
// telemetry writes under $HOME/.config/go while the test's cleanup removes the directory.
var goEnvModCache = func() string {
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

func isFile(p string) error {
	st, err := os.Stat(p)
	if err != nil {
		return err
	}
	if st.IsDir() {
		return errors.New("is a directory")
	}
	return nil
}
