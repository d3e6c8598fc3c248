package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
)

// location is where an org's progress lives and what it holds, as far as flags, environment
// and the state directory tell before anything is asked.
type location struct {
	org       string          // normalised; "" when nothing names one (only the wizard copes)
	statePath string          // "" while the org is unknown
	progress  *steps.Progress // nil on a first run, or when damaged
	damaged   error           // the progress file exists but cannot be read
}

// locate finds the org and its progress file: --state-file (or its variable) wins; else the
// org's own file; else, with no org named, the only org this machine has worked on.
func (c *cli) locate(s *settings) (location, error) {
	var loc location
	if explicit := s.pick(c, "state-file", s.stateFile, envStateFile, ""); explicit != "" {
		abs, err := filepath.Abs(explicit)
		if err != nil {
			return loc, fmt.Errorf("--state-file %q: %w", explicit, err)
		}
		loc.statePath = abs
	}
	if raw := s.pick(c, "org-url", s.orgURL, envOrgURL, ""); raw != "" {
		org, err := okta.NormalizeOrgURL(raw)
		if err != nil {
			return loc, err
		}
		loc.org = org
	} else if loc.statePath == "" {
		only, err := onlyProgressFile()
		if err != nil {
			return loc, err
		}
		loc.statePath = only
	}
	if loc.statePath == "" && loc.org != "" {
		var err error
		if loc.statePath, err = steps.DefaultStatePath(loc.org); err != nil {
			return loc, err
		}
	}
	if loc.statePath != "" {
		p, err := steps.LoadProgress(loc.statePath)
		var damaged *steps.CorruptProgressError
		switch {
		case errors.As(err, &damaged):
			loc.damaged = err
		case err != nil && !errors.Is(err, steps.ErrNoProgress):
			return loc, err
		case p != nil:
			loc.progress = p
			if loc.org == "" {
				loc.org = p.OrgURL
			}
		}
	}
	return loc, nil
}

// answersOver layers flags and environment over base, for the located org.
func (c *cli) answersOver(s *settings, loc location, base steps.Answers) (steps.Answers, error) {
	if loc.org != "" {
		base.OrgURL = loc.org
	}
	return s.answers(c, base)
}

// prepared is what a headless command knows before it talks to Okta.
type prepared struct {
	statePath string
	progress  *steps.Progress // nil on a first run
	answers   steps.Answers
}

// resolve is locate for the headless commands, which need an org and a readable progress
// file: answers come from flags, then environment, then the progress file, then defaults.
func (c *cli) resolve(s *settings) (*prepared, error) {
	loc, err := c.locate(s)
	switch {
	case err != nil:
		return nil, err
	case loc.damaged != nil:
		return nil, loc.damaged
	case loc.org == "":
		return nil, usagef("no Okta org URL: pass --org-url https://dev-123456.okta.com or set %s", envOrgURL)
	}
	base := steps.DefaultAnswers()
	if loc.progress != nil {
		base = loc.progress.Answers
	}
	answers, err := c.answersOver(s, loc, base)
	if err != nil {
		return nil, err
	}
	return &prepared{statePath: loc.statePath, progress: loc.progress, answers: answers}, nil
}

// setup builds the Setup for p: resumed from its progress file when there is one. client
// may be nil (handoff without credentials).
func (p *prepared) setup(client *okta.Client, secrets steps.Secrets) *steps.Setup {
	var setup *steps.Setup
	if p.progress != nil {
		setup = steps.ResumeSetup(client, p.progress, secrets, p.statePath)
		setup.Answers = p.answers
	} else {
		setup = steps.NewSetup(client, p.answers, secrets, steps.Objects{})
		setup.StatePath = p.statePath
	}
	setup.Version = version
	return setup
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
	client, err := c.dial(p.answers, secrets)
	if err != nil {
		return nil, err
	}
	return p.setup(client, secrets), nil
}

// dial is the one place the CLI builds an Okta client.
func (c *cli) dial(a steps.Answers, sec steps.Secrets) (*okta.Client, error) {
	return steps.Dial(a, sec, defaultUserAgent+"/"+version)
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
