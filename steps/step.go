// Package steps is the guide as code: each step of Okta's "ID.me as an OpenID Connect identity
// provider" guide can Check Okta (done, missing or drifted, and the writes it would make) and
// Apply those writes idempotently. It knows nothing about terminals: the Bubble Tea wizard and
// the headless commands (apply, status) drive the very same steps.
package steps

import "context"

// Status is where a step stands against Okta.
type Status string

const (
	StatusDone    Status = "done"    // Okta already matches the guide
	StatusMissing Status = "missing" // something has to be created
	StatusDrifted Status = "drifted" // it exists but differs from the guide
	StatusError   Status = "error"   // the check itself failed
)

// Change is one write a step would make, described for a person.
type Change struct {
	Action  string   // "create", "add", "update", "replace", "activate", "assign", "save", "confirm"
	Object  string   // e.g. `identity provider "ID.me IdP - OIDC"`
	Details []string // field-level lines, e.g. `scopes: openid profile → openid teacher`
	// Overwrite marks a change to something that already exists (a drift fix). The wizard asks
	// before making it; headless apply needs --yes.
	Overwrite bool
}

// Report is the result of a Check: where the step stands and what Apply would do.
type Report struct {
	Status  Status
	Detail  string   // one line for the side panel and `status`
	Changes []Change // the writes Apply would make; empty when Done
	Notes   []string // what the admin should know that is not a write

	// Blocks: without the admin's confirmation of this step's changes, nothing after it may
	// be written either (the later steps would build on an object it has not taken on yet,
	// such as an identity provider made by hand).
	Blocks bool

	// observed is the step's private view of Okta from Check, so Apply does not read again.
	observed any
}

// NeedsOverwrite reports whether any planned change overwrites existing configuration.
func (r Report) NeedsOverwrite() bool {
	for _, c := range r.Changes {
		if c.Overwrite {
			return true
		}
	}
	return false
}

// Object is an Okta object (or local file) a step created, changed or found.
type Object struct {
	Kind string // "identity provider", "routing rule", "file", ...
	Name string
	ID   string
}

// Result is what Apply did.
type Result struct {
	Detail  string
	Objects []Object
	Writes  int // Okta writes made (0 when everything was already in place)
}

// Step is one step of the guide.
type Step interface {
	ID() string    // stable key: progress file, `status --json`
	Title() string // shown to people
	// Check reads Okta (never writes) and reports what Apply would change.
	Check(ctx context.Context, s *Setup) (Report, error)
	// Apply makes the changes of a Report from Check. It is safe to repeat: run after a crash
	// it writes only what is still missing.
	Apply(ctx context.Context, s *Setup, r Report) (Result, error)
}
