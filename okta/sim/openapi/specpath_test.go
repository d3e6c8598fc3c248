package openapi

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSpecPathHonoursEnv(t *testing.T) {
	spec := filepath.Join(t.TempDir(), "my-openapi.yaml")
	if err := os.WriteFile(spec, []byte("openapi: 3.0.3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(SpecEnv, spec)
	got, err := SpecPath()
	if err != nil || got != spec {
		t.Fatalf("SpecPath() = %q, %v; want %q", got, err, spec)
	}
}

func TestSpecPathEnvNamesMissingFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.yaml")
	t.Setenv(SpecEnv, missing)
	_, err := SpecPath()
	if err == nil {
		t.Fatal("SpecPath() accepted a missing file")
	}
	for _, want := range []string{SpecEnv, missing, "no such file"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestSpecPathFindsTheSDKVersionInTheModuleCache(t *testing.T) {
	cache := t.TempDir()
	spec := filepath.Join(cache, "github.com", "okta", "okta-sdk-golang", "v5@"+sdkVersion(), "okta", "api", "openapi.yaml")
	if err := os.MkdirAll(filepath.Dir(spec), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(spec, []byte("openapi: 3.0.3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(SpecEnv, "")
	t.Setenv("GOMODCACHE", cache)
	got, err := SpecPath()
	if err != nil || got != spec {
		t.Fatalf("SpecPath() = %q, %v; want %q", got, err, spec)
	}
}

func TestSpecPathNamesEveryPlaceItLooked(t *testing.T) {
	modCache, goEnvCache, gopath, home := t.TempDir(), t.TempDir(), t.TempDir(), t.TempDir()
	t.Setenv(SpecEnv, "")
	t.Setenv("GOMODCACHE", modCache)
	t.Setenv("GOPATH", gopath)
	t.Setenv("HOME", home)
	// The real go command would write its telemetry under the temporary $HOME and race
	// the directory's removal; a go.env file could also name a cache this test cannot see.
	stubGoEnvModCache(t, goEnvCache)
	_, err := SpecPath()
	if err == nil {
		t.Fatal("SpecPath() found a spec in empty module caches")
	}
	for _, dir := range []string{modCache, goEnvCache, filepath.Join(gopath, "pkg", "mod"), filepath.Join(home, "go", "pkg", "mod")} {
		if !strings.Contains(err.Error(), filepath.Join(dir, "github.com", "okta", "okta-sdk-golang")) {
			t.Errorf("error %q does not name %s", err, dir)
		}
	}
	if !strings.Contains(err.Error(), SpecEnv) {
		t.Errorf("error %q does not suggest %s", err, SpecEnv)
	}
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Errorf("looking for the spec wrote into $HOME: %v", entries)
	}
}

// stubGoEnvModCache makes `go env GOMODCACHE` answer dir for the rest of the test.
func stubGoEnvModCache(t *testing.T, dir string) {
	saved := goEnvModCache
	goEnvModCache = func() string { return dir }
	t.Cleanup(func() { goEnvModCache = saved })
}
