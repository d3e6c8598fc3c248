// Package doctor examines an org's "Sign in with ID.me" and says what is wrong, why, and how
// to fix it: the guide's troubleshooting list and more, checked against what Okta has (on
// any org, one set up by hand included: the ID.me IdP is found by what it is), and the
// System Log's ID.me sign-ins of the last hours explained with the test sign-in's problem
// codes. It only reads: nothing is written to Okta or to disk.
package doctor

import (
	"context"
	"fmt"
	"time"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/discover"
)

// Status is a check's verdict.
type Status string

const (
	OK   Status = "ok"
	Warn Status = "warn" // worth knowing; sign-ins may still work
	Fail Status = "fail" // ID.me sign-ins fail, or cannot start, because of it
)

// Check is one thing doctor looked at. The JSON keys are the `doctor --json` contract.
type Check struct {
	ID         string `json:"id"`
	Status     Status `json:"status"`
	Title      string `json:"title"`
	Evidence   string `json:"evidence"`    // what Okta has, that made the verdict
	Fix        string `json:"fix"`         // what to do; "" when nothing is to be done
	ApplyFixes bool   `json:"apply_fixes"` // `idme-okta apply` fixes it
}

// Report is what doctor found. Its JSON is the `doctor --json` document.
type Report struct {
	OrgURL  string  `json:"org_url"`
	Engine  string  `json:"engine"` // "identity", "classic", or "" when it could not be told
	Checks  []Check `json:"checks"`
	SignIns SignIns `json:"signins"`
}

// Failed reports whether a check failed (`doctor` then exits 1).
func (r *Report) Failed() bool {
	for _, c := range r.Checks {
		if c.Status == Fail {
			return true
		}
	}
	return false
}

// Options steer Run.
type Options struct {
	// Since is how far back the System Log is read (0: 24 hours).
	Since time.Duration
	// Envs are the ID.me environments by base URL (nil: ID.me's two and the setup's own).
	Envs []discover.Env
	// Now is the clock the System Log window ends at (nil: time.Now).
	Now func() time.Time
	// MaxEvents bounds the System Log events read (0: 5000).
	MaxEvents int
}

// DefaultSince is how far back doctor reads the System Log unless told otherwise.
const DefaultSince = 24 * time.Hour

// MaxSince is as far back as Okta keeps the System Log.
const MaxSince = 90 * 24 * time.Hour

// Run examines the org of s. It fails only when Okta cannot be read at all (the list of
// identity providers); a later read that fails makes its checks say so.
func Run(ctx context.Context, s *steps.Setup, o Options) (*Report, error) {
	if o.Since <= 0 {
		o.Since = DefaultSince
	}
	if o.Envs == nil {
		o.Envs = discover.Envs(s.Answers)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MaxEvents <= 0 {
		o.MaxEvents = 5000
	}
	f, err := gather(ctx, s, o)
	if err != nil {
		return nil, err
	}
	r := &Report{OrgURL: s.OrgURL(), Engine: f.engine, Checks: []Check{}}
	for _, c := range checks {
		if check, ok := c(f); ok {
			r.Checks = append(r.Checks, check)
		}
	}
	r.SignIns = readSignIns(ctx, s, f, o)
	r.Checks = append(r.Checks, signInCheck(r.SignIns))
	return r, nil
}

// couldNot is the verdict of a check whose read failed.
func couldNot(id, title, what string, err error) Check {
	return Check{ID: id, Status: Warn, Title: title,
		Evidence: fmt.Sprintf("not checked: %s failed: %v", what, err),
		Fix:      "run doctor again; if it keeps failing, check that the credentials may read this (a Read-Only Administrator may)"}
}
