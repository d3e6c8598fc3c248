package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/idme-okta/idme-okta/steps"
)

// prepared is what a command knows before it talks to Okta.
type prepared struct {
	statePath string
	progress  *steps.Progress // nil on a first run
	answers   steps.Answers
}

// resolve finds the org, its progress file and the answers, in this order of precedence:
// flags, environment, progress file, the guide's defaults.
func (c *cli) resolve(s *settings) (*prepared, error) {
	var p prepared
	explicitState := s.pick(c, "state-file", s.stateFile, envStateFile, "")
	rawOrg := s.pick(c, "org-url", s.orgURL, envOrgURL, "")

	switch {
	case explicitState != "":
		abs, err := filepath.Abs(explicitState)
		if err != nil {
			return nil, fmt.Errorf("--state-file %q: %w", explicitState, err)
		}
		p.statePath = abs
	case rawOrg == "":
		// No org given: resume the only org this machine has worked on, if there is one.
		only, err := onlyProgressFile()
		if err != nil {
			return nil, err
		}
		p.statePath = only
	}
	if p.statePath != "" {
		prog, err := loadProgress(p.statePath)
		if err != nil {
			return nil, err
		}
		p.progress = prog
	}

	fromProgress := ""
	if p.progress != nil {
		fromProgress = p.progress.OrgURL
	}
	org, err := s.orgURLFrom(c, fromProgress)
	if err != nil {
		return nil, err
	}
	if p.statePath == "" {
		if p.statePath, err = steps.DefaultStatePath(org); err != nil {
			return nil, err
		}
		if p.progress, err = loadProgress(p.statePath); err != nil {
			return nil, err
		}
	}

	base := steps.DefaultAnswers()
	if p.progress != nil {
		base = p.progress.Answers
	}
	base.OrgURL = org
	if p.answers, err = s.answers(c, base); err != nil {
		return nil, err
	}
	return &p, nil
}

// prepare resolves everything and connects: the Setup every Okta-facing command runs on.
// Connecting builds the client only; the connect step is what proves the credentials.
func (c *cli) prepare(s *settings, withIDmeSecret bool) (*steps.Setup, error) {
	p, err := c.resolve(s)
	if err != nil {
		return nil, err
	}
	secrets, err := c.oktaSecrets(p.answers)
	if err != nil {
		return nil, err
	}
	if withIDmeSecret {
		// Optional: only needed to create the IdP or to replace its secret; the step that
		// needs it names IDME_CLIENT_SECRET when it is missing.
		secrets.IDmeClientSecret = strings.TrimSpace(c.getenv(envIDmeSecret))
	}
	client, err := steps.Dial(p.answers, secrets, defaultUserAgent+"/"+version)
	if err != nil {
		return nil, err
	}
	var setup *steps.Setup
	if p.progress != nil {
		setup = steps.ResumeSetup(client, p.progress, secrets, p.statePath)
		setup.Answers = p.answers
	} else {
		setup = steps.NewSetup(client, p.answers, secrets, steps.Objects{})
		setup.StatePath = p.statePath
	}
	setup.Version = version
	return setup, nil
}

// onlyProgressFile returns the progress file when exactly one org has one; with none it
// returns "", and with several it asks which org.
func onlyProgressFile() (string, error) {
	dir, err := steps.StateDir()
	if err != nil {
		return "", nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", nil
	}
	var found []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || filepath.Ext(name) != ".json" || strings.HasSuffix(name, "-handoff.json") || strings.HasPrefix(name, ".") {
			continue
		}
		found = append(found, filepath.Join(dir, name))
	}
	sort.Strings(found)
	switch len(found) {
	case 0:
		return "", nil
	case 1:
		return found[0], nil
	default:
		var orgs []string
		for _, f := range found {
			orgs = append(orgs, strings.TrimSuffix(filepath.Base(f), ".json"))
		}
		return "", usagef("progress exists for several orgs (%s): pass --org-url to choose one", strings.Join(orgs, ", "))
	}
}
