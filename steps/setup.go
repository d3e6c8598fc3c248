package steps

import (
	"fmt"
	"maps"
	"sync"
	"time"

	"github.com/idme-okta/idme-okta/okta"
)

// Objects are the Okta object ids learned along the way. They are hints for the next run:
// every step re-checks Okta, which is the truth.
type Objects struct {
	IdPID           string `json:"idp_id,omitempty"`
	RedirectURI     string `json:"redirect_uri,omitempty"`
	UserTypeID      string `json:"user_type_id,omitempty"`
	MappingID       string `json:"mapping_id,omitempty"`
	PolicyID        string `json:"policy_id,omitempty"`
	RuleID          string `json:"rule_id,omitempty"`
	TestAppID       string `json:"test_app_id,omitempty"`
	TestAppClientID string `json:"test_app_client_id,omitempty"`
	HandoffFile     string `json:"handoff_file,omitempty"`

	// Adopted are the objects idme-okta took on rather than created (an admin's hand-made
	// IdP or routing rule), by kind: "identity provider", "routing rule" → id. They are ours
	// from then on, under their own names.
	Adopted map[string]string `json:"adopted,omitempty"`

	// Engine is the org's engine as connect last read it ("identity" or "classic").
	Engine okta.Engine `json:"engine,omitempty"`

	// MappedRows are the rows of the profile mapping MappingID that idme-okta wrote, as Okta
	// attribute → expression. A row idme-okta wrote that has since left the mapping table
	// is removed from Okta; rows it never wrote (Okta's defaults, an admin's) are left alone.
	MappedRows map[string]string `json:"mapped_rows,omitempty"`
}

// Secrets live in memory only. They are never saved, logged or shown.
type Secrets struct {
	APIToken         string
	IDmeClientSecret string
	PrivateKeyPEM    []byte
}

// String keeps secrets out of logs even when someone prints the struct.
func (Secrets) String() string { return "{secrets redacted}" }

// GoString does the same for %#v.
func (s Secrets) GoString() string { return s.String() }

// Format does the same for %v and %+v.
func (s Secrets) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.String())) }

// Setup is everything the steps work with: the Okta client, the admin's answers, the secrets
// (memory only) and what Okta told us. Checks may run concurrently, so the learned objects
// are behind a mutex: read them with Known, change them with Record.
type Setup struct {
	Okta    *okta.Client
	Answers Answers
	Secrets Secrets
	Version string           // idme-okta version, for the handoff sheet
	Now     func() time.Time // nil = time.Now

	// StatePath is the progress file; the handoff sheet is saved beside it.
	StatePath string

	mu      sync.Mutex
	objects Objects
	records map[string]StepRecord // last known state of each step, by step ID

	reads readCache // Okta reads remembered for this run (reads.go)

	// pending are objects a check found to adopt that the admin has not confirmed yet, by
	// kind (like Objects.Adopted). The checks of this run use their ids; the progress file
	// does not keep them, so a refused run leaves no hint that would make them ours.
	pending map[string]string
}

// NewSetup returns a Setup seeded with the objects from a previous run (may be zero).
func NewSetup(client *okta.Client, answers Answers, secrets Secrets, known Objects) *Setup {
	return &Setup{Okta: client, Answers: answers, Secrets: secrets, objects: known}
}

// Known returns a copy of the objects learned so far.
func (s *Setup) Known() Objects {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.objects
	o.MappedRows = maps.Clone(o.MappedRows) // the caller's copy must not share Record's map
	o.Adopted = maps.Clone(o.Adopted)
	return o
}

// withAdopted returns a copy of adopted that records id as the adopted object of kind.
func withAdopted(adopted map[string]string, kind, id string) map[string]string {
	out := maps.Clone(adopted)
	if out == nil {
		out = map[string]string{}
	}
	out[kind] = id
	return out
}

// Record updates the learned objects.
func (s *Setup) Record(update func(o *Objects)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	update(&s.objects)
}

// OrgURL is the Okta org the setup works on: as the client normalized it once dialed, else
// as the admin gave it.
func (s *Setup) OrgURL() string {
	if s.Okta != nil {
		return s.Okta.OrgURL()
	}
	return s.Answers.OrgURL
}

func (s *Setup) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// ResumeSetup returns a Setup for a progress file from an earlier run: its answers, object
// ids (hints only: every step re-checks Okta) and step records. statePath is where progress
// is saved from now on.
func ResumeSetup(client *okta.Client, p *Progress, secrets Secrets, statePath string) *Setup {
	s := NewSetup(client, p.Answers, secrets, p.Objects)
	s.StatePath = statePath
	for id, r := range p.Steps {
		s.setRecord(id, r)
	}
	return s
}

// RecordStep notes where a step stands, for the progress file and `status`.
func (s *Setup) RecordStep(stepID string, status Status, detail string) {
	s.setRecord(stepID, StepRecord{Status: status, Detail: detail, At: s.now().UTC()})
}

func (s *Setup) setRecord(stepID string, r StepRecord) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.records == nil {
		s.records = map[string]StepRecord{}
	}
	s.records[stepID] = r
}

// StepRecords returns a copy of the step records.
func (s *Setup) StepRecords() map[string]StepRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]StepRecord, len(s.records))
	for id, r := range s.records {
		out[id] = r
	}
	return out
}

// Progress is what Save writes: answers, learned objects and step records. Secrets are not
// part of it by construction: Progress has no field that could hold one.
func (s *Setup) Progress() *Progress {
	o := s.Known()
	s.mu.Lock()
	if id := s.pending[adoptedIdP]; id != "" && o.IdPID == id {
		o.IdPID, o.RedirectURI = "", ""
	}
	if id := s.pending[adoptedRule]; id != "" && o.RuleID == id {
		o.RuleID = ""
	}
	s.mu.Unlock()
	return &Progress{
		OrgURL:    s.OrgURL(),
		UpdatedAt: s.now().UTC(),
		Answers:   s.Answers,
		Objects:   o,
		Steps:     s.StepRecords(),
	}
}

// isPending reports whether id is the object of kind awaiting the admin's yes to adopt.
func (s *Setup) isPending(kind, id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return id != "" && s.pending[kind] == id
}

// setPending marks (id != "") or clears the object of kind awaiting the admin's yes to adopt.
func (s *Setup) setPending(kind, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pending == nil {
		s.pending = map[string]string{}
	}
	s.pending[kind] = id
}

// Save writes the progress file; without a StatePath (tests, `status`) it does nothing.
func (s *Setup) Save() error {
	if s.StatePath == "" {
		return nil
	}
	if err := SaveProgress(s.StatePath, s.Progress()); err != nil {
		return fmt.Errorf("save progress: %w", err)
	}
	return nil
}
