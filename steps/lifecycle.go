package steps

import (
	"errors"
	"slices"
	"time"
)

// The setup's lifecycle across runs: go on from a progress file (Resume) or set it aside and
// begin again (StartOver). The wizard and the headless commands share these rules.

// Clone copies the answers deeply: the copy shares no slice with a.
func (a Answers) Clone() Answers {
	a.Mappings = slices.Clone(a.Mappings)
	a.ExtraAttributes = slices.Clone(a.ExtraAttributes)
	a.RuleApps = slices.Clone(a.RuleApps)
	return a
}

// Resume returns the Setup to go on with from the progress file p: its answers, object ids
// (hints only: every step re-checks Okta) and step records. The file's answers win; values
// it lacks come from prefill (flags, environment, defaults). Secrets were never in it.
// What belongs to this run rather than to a file comes from cur (see carryOver).
func Resume(cur *Setup, p *Progress, prefill Answers, connected bool) *Setup {
	next := ResumeSetup(cur.Okta, p, cur.Secrets, cur.StatePath)
	next.Answers = mergeAnswers(p.Answers.Clone(), prefill)
	carryOver(cur, next, connected)
	return next
}

// StartOver sets the progress file aside (kept as <file>.<time>.bak) and returns a Setup
// with the prefilled answers and nothing learned. The new Setup is returned even when the
// file could not be set aside; the error says so.
func StartOver(cur *Setup, prefill Answers, connected bool, now time.Time) (*Setup, error) {
	var err error
	if cur.StatePath != "" {
		_, err = SetAside(cur.StatePath, now)
	}
	next := NewSetup(cur.Okta, prefill.Clone(), cur.Secrets, Objects{})
	next.StatePath = cur.StatePath
	carryOver(cur, next, connected)
	if err != nil {
		return next, errors.Join(errors.New("could not set the old progress file aside"), err)
	}
	return next, nil
}

// carryOver keeps in next what belongs to this run rather than to a file: the version and
// clock and, once connected, how the admin has just connected (org and credentials'
// answers), which neither the file nor the prefill may undo.
func carryOver(cur, next *Setup, connected bool) {
	if connected {
		a, was := &next.Answers, cur.Answers
		a.OrgURL, a.AuthMethod = was.OrgURL, was.AuthMethod
		a.ServiceAppClientID, a.ServiceAppKeyID, a.PrivateKeyFile = was.ServiceAppClientID, was.ServiceAppKeyID, was.PrivateKeyFile
	}
	next.Version, next.Now = cur.Version, cur.Now
}

// mergeAnswers fills the empty fields of a from b.
func mergeAnswers(a, b Answers) Answers {
	for _, f := range [][2]*string{
		{&a.OrgURL, &b.OrgURL}, {&a.AuthMethod, &b.AuthMethod}, {&a.ServiceAppClientID, &b.ServiceAppClientID},
		{&a.ServiceAppKeyID, &b.ServiceAppKeyID}, {&a.PrivateKeyFile, &b.PrivateKeyFile},
		{&a.IDmeEnv, &b.IDmeEnv}, {&a.IDmeBaseURL, &b.IDmeBaseURL}, {&a.IDmeClientID, &b.IDmeClientID},
		{&a.PolicyHandle, &b.PolicyHandle}, {&a.IdPName, &b.IdPName}, {&a.RuleName, &b.RuleName},
		{&a.TestAppLabel, &b.TestAppLabel},
	} {
		if *f[0] == "" {
			*f[0] = *f[1]
		}
	}
	if len(a.Mappings) == 0 {
		a.Mappings = slices.Clone(b.Mappings)
	}
	if a.CallbackPort == 0 {
		a.CallbackPort = b.CallbackPort
	}
	return a
}
