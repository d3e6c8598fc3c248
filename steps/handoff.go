package steps

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// handoff is the guide's "Configure ID.me": the part done by ID.me's Solution Consultant,
// who needs the redirect URI and the settings. The step saves the handoff sheet (markdown)
// beside the progress file; copying it to the clipboard is the UI's job.
type handoff struct{}

// HandoffStep returns the step that writes the handoff sheet for ID.me.
func HandoffStep() Step { return handoff{} }

func (handoff) ID() string    { return IDHandoff }
func (handoff) Title() string { return "Prepare the handoff sheet for ID.me" }
func (handoff) Facts() Facts  { return Facts{ShortTitle: "Handoff sheet", Page: PageHandoffSheet} }

// HandoffFileFormat is the format of the saved sheet: markdown reads well as plain text too.
const HandoffFileFormat = "markdown"

// HandoffPath is where the handoff sheet for a progress file is saved: beside it, with the
// extension of HandoffFileFormat.
func HandoffPath(statePath string) string {
	return strings.TrimSuffix(statePath, filepath.Ext(statePath)) + "-handoff.md"
}

// HandoffFile is where the sheet is saved: HandoffPath(StatePath), or "" when the setup has
// no progress file (then nothing is saved).
func (s *Setup) HandoffFile() string {
	if s.StatePath == "" {
		return ""
	}
	return HandoffPath(s.StatePath)
}

// HandoffCopyName is the file name of the copy of the sheet saved where the admin runs
// idme-okta (SaveHandoffCopy): the saved sheet's own name, or idme-handoff.md without one.
func (s *Setup) HandoffCopyName() string {
	if f := s.HandoffFile(); f != "" {
		return filepath.Base(f)
	}
	return "idme-handoff.md"
}

// SaveHandoffCopy writes the sheet (as saved beside the progress file, mode 0600: no secret
// is in it, but it names the org) into dir, usually the current directory, where it is easier
// to find and send than in the hidden state directory. A file of that name that is not a
// handoff sheet is left alone. It returns the path written.
func (s *Setup) SaveHandoffCopy(dir string) (string, error) {
	h, err := s.Handoff()
	if err != nil {
		return "", err
	}
	content, err := RenderHandoff(h, HandoffFileFormat)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, s.HandoffCopyName())
	have, err := os.ReadFile(path)
	switch {
	case err == nil && !isHandoffSheet(have):
		return "", fmt.Errorf("%s exists and is not a handoff sheet: it was not overwritten (move it, or copy the sheet instead)", path)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	if err := WriteFileAtomic(path, content); err != nil {
		return "", fmt.Errorf("save a copy of the handoff sheet: %w", err)
	}
	return path, nil
}

// isHandoffSheet reports a file idme-okta wrote as a handoff sheet (any format but JSON):
// its first line is the sheet's title.
func isHandoffSheet(b []byte) bool {
	first, _, _ := strings.Cut(string(b), "\n")
	return strings.Contains(first, "ID.me handoff sheet")
}

// ErrNoRedirectURI means the identity provider, and so its redirect URI, is not known yet.
var ErrNoRedirectURI = errors.New("the handoff sheet needs the identity provider's redirect URI: create the identity provider first")

// Handoff builds the sheet from the answers and the IdP found or created. It fails while
// the IdP does not exist: the redirect URI comes from Okta and is never guessed.
func (s *Setup) Handoff() (Handoff, error) {
	known := s.Known()
	if known.IdPID == "" || known.RedirectURI == "" {
		return Handoff{}, ErrNoRedirectURI
	}
	h := BuildHandoff(s.Answers, s.OrgURL(), known.IdPID, known.RedirectURI)
	h.Prepared = s.now().Format("2006-01-02")
	h.Version = s.Version
	if h.Version == "" {
		h.Version = "dev"
	}
	return h, nil
}

// CurrentHandoff is Handoff with the identity provider as Okta has it now, when the setup
// has a client (Okta is the truth); without one, from what the progress file recorded.
func (s *Setup) CurrentHandoff(ctx context.Context) (Handoff, error) {
	if s.Okta != nil {
		if _, err := IdentityProvider().Check(ctx, s); err != nil {
			return Handoff{}, fmt.Errorf("read the identity provider from Okta: %w", err)
		}
	}
	return s.Handoff()
}

type handoffObservation struct {
	path    string
	content []byte
}

func (handoff) Check(ctx context.Context, s *Setup) (Report, error) {
	path := s.HandoffFile()
	h, err := s.Handoff()
	if err != nil {
		r := Report{Status: StatusMissing, Detail: "waits for the identity provider's redirect URI"}
		if path != "" {
			r.Changes = []Change{{Action: "save", Object: "handoff sheet " + path}}
		}
		return r, nil
	}
	content, err := RenderHandoff(h, HandoffFileFormat)
	if err != nil {
		return Report{}, err
	}
	notes := []string{fmt.Sprintf("Give the redirect URI %s and policy handle %q to your ID.me Solution Consultant: sign-in works only once ID.me has registered it.", h.RedirectURI, h.PolicyHandle)}
	if path == "" {
		return Report{Status: StatusDone, Detail: "no progress file: the sheet is shown, not saved", Notes: notes}, nil
	}
	obs := &handoffObservation{path: path, content: content}
	have, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Report{
			Status:   StatusMissing,
			Detail:   "handoff sheet not saved yet",
			Changes:  []Change{{Action: "save", Object: "handoff sheet " + path, Details: []string{"redirect URI: " + h.RedirectURI}}},
			Notes:    notes,
			observed: obs,
		}, nil
	case err != nil:
		return Report{}, fmt.Errorf("read the handoff sheet: %w", err)
	case sameHandoffSheet(have, content):
		s.Record(func(o *Objects) { o.HandoffFile = path })
		return Report{Status: StatusDone, Detail: "handoff sheet saved in " + path, Notes: notes}, nil
	}
	// Our own generated file: rewriting it loses nothing, so it needs no confirmation.
	return Report{
		Status:   StatusDrifted,
		Detail:   "the saved handoff sheet is out of date",
		Changes:  []Change{{Action: "save", Object: "handoff sheet " + path, Details: []string{"rewrite with the current settings"}}},
		Notes:    notes,
		observed: obs,
	}, nil
}

func (st handoff) Apply(ctx context.Context, s *Setup, r Report) (Result, error) {
	obs, err := observation[*handoffObservation](ctx, s, st, r)
	if err != nil {
		return Result{}, err
	}
	// Check found the file missing or out of date: rewriting it whole is the repair, and
	// harmless to repeat.
	if err := WriteFileAtomic(obs.path, obs.content); err != nil {
		return Result{}, fmt.Errorf("save the handoff sheet: %w", err)
	}
	s.Record(func(o *Objects) { o.HandoffFile = obs.path })
	return Result{
		Detail:  "handoff sheet saved in " + obs.path,
		Objects: []Object{{Kind: "file", Name: obs.path}},
	}, nil
}
