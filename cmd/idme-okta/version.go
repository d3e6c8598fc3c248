package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// Stamped at build time by `make build` and `make dist`:
//
//	-ldflags "-X main.version=v1.2.3 -X main.commit=<git sha> -X main.date=<RFC 3339 UTC>"
//
// A build without them (go install, go build) is described from the Go build info instead.
var (
	version = "dev"
	commit  = ""
	date    = ""
)

func init() {
	if info, ok := debug.ReadBuildInfo(); ok {
		version, commit, date = describeBuild(version, commit, date, info)
	}
}

// describeBuild fills what was not stamped from the build info: the module version for
// `go install …@v1.2.3` (or the pseudo-version go build derives from git), and the commit,
// its time and a dirty work tree from the VCS settings go build records in a checkout.
func describeBuild(version, commit, date string, info *debug.BuildInfo) (string, string, string) {
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if version == "dev" {
		if v := info.Main.Version; v != "" && v != "(devel)" {
			version = v
		}
	}
	if commit == "" {
		commit = settings["vcs.revision"]
		if commit != "" && settings["vcs.modified"] == "true" {
			commit += "-dirty"
		}
	}
	if date == "" {
		// For a build from a checkout the best date there is: the commit's.
		date = settings["vcs.time"]
	}
	return version, commit, date
}

// versionLine is what `version` and `--version` print: one line, for people and bug reports.
func versionLine(version, commit, date, goos, goarch string) string {
	var details []string
	if commit != "" {
		details = append(details, "commit "+commit)
	}
	if date != "" {
		details = append(details, "built "+date)
	}
	details = append(details, goos+"/"+goarch)
	return fmt.Sprintf("idme-okta %s (%s)", version, strings.Join(details, ", "))
}

func runVersion(_ context.Context, c *cli, args []string) error {
	if len(args) > 0 {
		return usagef("version takes no arguments")
	}
	fmt.Fprintln(c.stdout, versionLine(version, commit, date, runtime.GOOS, runtime.GOARCH))
	return nil
}
