package steps

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/idme-okta/idme-okta/okta"
)

// Location is where an org's progress lives and what it holds, as far as the command line
// and the state directory tell before anything is asked.
type Location struct {
	Org       string    // normalised; "" when nothing names one (only the wizard copes)
	StatePath string    // "" while the org is unknown
	Progress  *Progress // nil on a first run, or when damaged
	Damaged   error     // the progress file exists but cannot be read (*CorruptProgressError)
}

// SeveralOrgsError means no org was named and progress exists for more than one: the admin
// must choose.
type SeveralOrgsError struct {
	Orgs []string // the progress files' names, one per org host
}

func (e *SeveralOrgsError) Error() string {
	return fmt.Sprintf("progress exists for several orgs (%s): pass --org-url to choose one", strings.Join(e.Orgs, ", "))
}

// Locate finds the org and its progress file. stateFile (an explicit progress file) wins;
// else the org's own file under StateDir; else, with no org named, the only org this machine
// has worked on (several: *SeveralOrgsError). A damaged file is reported in Damaged, not as
// the error, so the wizard can offer a way out.
func Locate(stateFile, orgURL string) (Location, error) {
	var loc Location
	if stateFile != "" {
		abs, err := filepath.Abs(stateFile)
		if err != nil {
			return loc, fmt.Errorf("--state-file %q: %w", stateFile, err)
		}
		loc.StatePath = abs
	}
	switch {
	case orgURL != "":
		org, err := okta.NormalizeOrgURL(orgURL)
		if err != nil {
			return loc, &InvalidAnswerError{Field: FieldOrgURL, Err: err}
		}
		loc.Org = org
	case loc.StatePath == "":
		only, err := onlyProgressFile()
		if err != nil {
			return loc, err
		}
		loc.StatePath = only
	}
	if loc.StatePath == "" && loc.Org != "" {
		var err error
		if loc.StatePath, err = DefaultStatePath(loc.Org); err != nil {
			return loc, err
		}
	}
	if loc.StatePath == "" {
		return loc, nil
	}
	RemoveStaleTemps(loc.StatePath, time.Now())
	p, err := FindProgress(loc.StatePath)
	var damaged *CorruptProgressError
	switch {
	case errors.As(err, &damaged):
		loc.Damaged = err
	case err != nil:
		return loc, err
	case p != nil && loc.Org != "" && !sameOrg(p.OrgURL, loc.Org):
		// Adopting it would plan another org's answers here and then overwrite the file,
		// losing that org's ids.
		return loc, &OtherOrgProgressError{Path: loc.StatePath, FileOrg: p.OrgURL, Org: loc.Org}
	case p != nil:
		loc.Progress = p
		if loc.Org == "" {
			loc.Org = p.OrgURL
		}
	}
	return loc, nil
}

// OtherOrgProgressError means the progress file belongs to another org than the one named;
// it was left untouched.
type OtherOrgProgressError struct {
	Path, FileOrg, Org string
}

func (e *OtherOrgProgressError) Error() string {
	return fmt.Sprintf("progress file %s belongs to %s, not %s; it was left untouched: leave --org-url (and %s) out to continue with %s, or pass --state-file with another file for %s",
		e.Path, e.FileOrg, e.Org, "OKTA_CLIENT_ORGURL", e.FileOrg, e.Org)
}

// sameOrg compares the org a progress file records with a normalised org URL.
func sameOrg(recorded, org string) bool {
	n, err := okta.NormalizeOrgURL(recorded)
	return err == nil && n == org
}

// FindProgress is LoadProgress where a missing file is no error: nil, nil on a first run.
func FindProgress(path string) (*Progress, error) {
	p, err := LoadProgress(path)
	if errors.Is(err, ErrNoProgress) {
		return nil, nil
	}
	return p, err
}

// Answers are the answers to start from at this location: the progress file's, else the
// guide's defaults; the located org either way. The command line is layered on top.
func (l Location) Answers() Answers {
	a := DefaultAnswers()
	if l.Progress != nil {
		a = l.Progress.Answers.Clone()
	}
	if l.Org != "" {
		a.OrgURL = l.Org
	}
	return a
}

// Setup is the Setup for this location with the final answers: resumed from the progress
// file when there is one (its object ids and step records), else new. client may be nil
// (a command that does not talk to Okta).
func (l Location) Setup(client *okta.Client, answers Answers, secrets Secrets) *Setup {
	if l.Progress == nil {
		s := NewSetup(client, answers, secrets, Objects{})
		s.StatePath = l.StatePath
		return s
	}
	s := ResumeSetup(client, l.Progress, secrets, l.StatePath)
	s.Answers = answers
	return s
}

// onlyProgressFile returns the progress file when exactly one org has one; with none (or no
// readable state directory) it returns "".
func onlyProgressFile() (string, error) {
	dir, err := StateDir()
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
	}
	orgs := make([]string, len(found))
	for i, f := range found {
		orgs[i] = strings.TrimSuffix(filepath.Base(f), ".json")
	}
	return "", &SeveralOrgsError{Orgs: orgs}
}
