package main

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionAndDashDashVersionPrintTheStamp(t *testing.T) {
	defer func(v, c, d string) { version, commit, date = v, c, d }(version, commit, date)
	version, commit, date = "v1.2.3", "0123456789ab", "2026-12-01T10:00:00Z"
	want := "idme-okta v1.2.3 (commit 0123456789ab, built 2026-12-01T10:00:00Z, " + runtime.GOOS + "/" + runtime.GOARCH + ")\n"
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		out, errOut, code := runCLI(t, nil, args...)
		if code != exitOK || out != want {
			t.Errorf("%v: code %d, out %q (stderr %q), want %q", args, code, out, errOut, want)
		}
	}
	if _, errOut, code := runCLI(t, nil, "version", "extra"); code != exitUsage || !strings.Contains(errOut, "no arguments") {
		t.Errorf("version extra: code %d, %q", code, errOut)
	}
}

func TestDescribeBuildFillsWhatWasNotStamped(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i+1 < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	cases := []struct {
		name                  string
		version, commit, date string
		info                  debug.BuildInfo
		want                  [3]string
	}{
		{"stamped by make wins", "v1.0.0", "abc", "2026-01-01T00:00:00Z",
			debug.BuildInfo{Main: debug.Module{Version: "v0.9.0"}, Settings: vcs("vcs.revision", "def", "vcs.time", "2025-01-01T00:00:00Z")},
			[3]string{"v1.0.0", "abc", "2026-01-01T00:00:00Z"}},
		{"go install module@version", "dev", "", "",
			debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}},
			[3]string{"v1.4.0", "", ""}},
		{"go build in a dirty checkout", "dev", "", "",
			debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261201100000-0123456789ab+dirty"}, Settings: vcs("vcs.revision", "0123456789abcdef", "vcs.time", "2026-12-01T10:00:00Z", "vcs.modified", "true")},
			[3]string{"v0.0.0-20261201100000-0123456789ab+dirty", "0123456789abcdef-dirty", "2026-12-01T10:00:00Z"}},
		{"go run without VCS", "dev", "", "",
			debug.BuildInfo{Main: debug.Module{Version: "(devel)"}},
			[3]string{"dev", "", ""}},
	}
	for _, tc := range cases {
		v, c, d := describeBuild(tc.version, tc.commit, tc.date, &tc.info)
		if got := [3]string{v, c, d}; got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := versionLine("dev", "", "", "windows", "arm64"); got != "idme-okta dev (windows/arm64)" {
		t.Errorf("unstamped line %q", got)
	}
}
