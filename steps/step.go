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
	Action  string   // "create", "add", "update", "replace", "activate", "assign", "save", "confirm", "delete"
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
	// Duplicates are copies idme-okta made of the step's object (Duplicate); Changes holds
	// their deletion, which needs the admin's yes.
	Duplicates []Duplicate

	// Blocks: without the admin's confirmation of this step's changes, nothing after it may
	// be written either (the later steps would build on an object it has not taken on yet,
	// such as an identity provider made by hand).
	Blocks bool

	// Decision, when set, is a choice the check leaves to the admin before anything can be
	// applied (the routing rule on Classic Engine without a scope): the wizard asks it; a
	// headless run applies the plan as checked (its option without Input) only with --yes.
	Decision *Decision
	// Decided: the step is done by the admin's decision rather than because Okta matches the
	// guide (no routing rule on Classic Engine); Detail says what that means for users.
	Decided bool

	// GoesLive: Apply would make the integration visible to users now (a routing rule created
	// or made ACTIVE). The wizard offers to hold such a step back (GoLive) until the test
	// sign-in passes.
	GoesLive bool

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

// DeletesOnly reports whether the changes that need the admin's yes all delete objects (the
// copies idme-okta made, Duplicates): the confirmation then says "delete", not "replace".
func (r Report) DeletesOnly() bool {
	n := 0
	for _, c := range r.Changes {
		if !c.Overwrite {
			continue
		}
		if c.Action != ActionDelete {
			return false
		}
		n++
	}
	return n > 0
}

// ActionDelete is the Change.Action of deleting an object (a duplicate).
const ActionDelete = "delete"

// Decision is a question a step's check leaves to the admin, with what each answer means.
type Decision struct {
	Question string   // e.g. "Which sign-ins should go to ID.me?"
	Explain  []string // why the question is asked, and what each option does
	Options  []DecisionOption
	// Headless says how to answer it without the wizard (flags), for a headless plan.
	Headless string
}

// DecisionOption is one answer of a Decision. An option with Input needs answers first
// (which the wizard asks, then checks the step again); the option without one is the plan
// as checked, which Apply records.
type DecisionOption struct {
	Label string
	Input Input
}

// Input is what a DecisionOption asks before it is taken.
type Input int

const (
	InputNone        Input = iota // nothing: Apply records the decision
	InputRuleApps                 // the apps the routing rule applies to (Answers.RuleApps; RuleAppChoices)
	InputUserPattern              // the usernames it applies to (Answers.RuleUserPattern)
)

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
	Writes  int  // Okta writes made (0 when everything was already in place)
	Decided bool // Apply recorded a decision (Report.Decision) and wrote nothing to Okta
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
