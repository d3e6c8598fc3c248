package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
)

// locate finds the org and its progress file from the flags and environment (steps.Locate):
// several orgs with progress and none named is a usage error.
func (c *cli) locate(f *answerFlags) (steps.Location, error) {
	loc, err := steps.Locate(f.pick(c, "state-file", f.stateFile, envStateFile, ""), f.pick(c, "org-url", f.orgURL, envOrgURL, ""))
	if several := (*steps.SeveralOrgsError)(nil); errors.As(err, &several) {
		return loc, &usageError{several.Error()}
	}
	if other := (*steps.OtherOrgProgressError)(nil); errors.As(err, &other) {
		return loc, &usageError{other.Error()}
	}
	return loc, f.invalid(c, err, "")
}

// prepared is what a headless command knows before it talks to Okta.
type prepared struct {
	loc     steps.Location
	answers steps.Answers
}

// resolve is locate for the headless commands, which need an org and a readable progress
// file: answers come from flags, then environment, then the progress file, then defaults.
func (c *cli) resolve(f *answerFlags) (*prepared, error) {
	loc, err := c.locate(f)
	switch {
	case err != nil:
		return nil, err
	case loc.Damaged != nil:
		return nil, loc.Damaged
	case loc.Org == "":
		return nil, usagef("no Okta org URL: pass --org-url https://dev-123456.okta.com or set %s", envOrgURL)
	}
	answers, err := f.answers(c, loc.Answers())
	if err != nil {
		return nil, err
	}
	if err := answers.ValidateGiven(); err != nil {
		return nil, f.invalid(c, err, loc.StatePath)
	}
	return &prepared{loc: loc, answers: answers}, nil
}

// setup builds the Setup for p (client may be nil: handoff without credentials).
func (p *prepared) setup(client *okta.Client, secrets steps.Secrets) *steps.Setup {
	s := p.loc.Setup(client, p.answers, secrets)
	s.Version = version
	return s
}

// prepare resolves everything and connects: the Setup every Okta-facing command runs on.
// Connecting builds the client only; the connect step is what proves the credentials.
func (c *cli) prepare(f *answerFlags, withIDmeSecret bool) (*steps.Setup, error) {
	s, _, err := c.prepareFrom(f, withIDmeSecret)
	return s, err
}

// prepareFrom is prepare that also says where the answers came from.
func (c *cli) prepareFrom(f *answerFlags, withIDmeSecret bool) (*steps.Setup, *prepared, error) {
	p, err := c.resolve(f)
	if err != nil {
		return nil, nil, err
	}
	secrets, err := c.oktaSecrets(p.answers)
	if err != nil {
		return nil, nil, err
	}
	if withIDmeSecret {
		// Optional: only needed to create the IdP or to replace its secret; the step that
		// needs it names IDME_CLIENT_SECRET when it is missing.
		secrets.IDmeClientSecret = strings.TrimSpace(c.getenv(envIDmeSecret))
	}
	client, err := c.dial(p.answers, secrets)
	if err != nil {
		return nil, nil, err
	}
	client.OnWait(c.announceWait)
	return p.setup(client, secrets), p, nil
}

// dial is the one place the CLI builds an Okta client.
func (c *cli) dial(a steps.Answers, sec steps.Secrets) (*okta.Client, error) {
	return steps.Dial(a, sec, defaultUserAgent+"/"+version)
}

// fromFile lists the answers the progress file supplied (no flag or variable gave them),
// as "label: value" lines: a plan shows them as the file's, so a changed file is noticed
// before its values are written to Okta.
func (p *prepared) fromFile(c *cli, f *answerFlags) []string {
	if p.loc.Progress == nil {
		return nil
	}
	a := p.answers
	rows := []struct {
		field steps.Field
		label string
		value string
	}{
		{steps.FieldIDmeBaseURL, "ID.me base URL", a.IDmeBaseURL},
		{steps.FieldIDmeClientID, "ID.me client ID", a.IDmeClientID},
		{steps.FieldPolicyHandle, "policy handle", a.PolicyHandle},
		{steps.FieldIdPName, "identity provider name", a.IdPName},
		{steps.FieldIdPID, "identity provider id", a.IdPID},
		{steps.FieldRuleName, "routing rule name", a.RuleName},
		{steps.FieldRuleApps, "routing rule apps", strings.Join(a.RuleApps, ", ")},
		{steps.FieldRuleUserPattern, "routing rule username pattern", a.RuleUserPattern},
		{steps.FieldTestGroupID, "test group id", a.TestGroupID},
		{steps.FieldExtraAttributes, "extra attributes", strings.Join(a.ExtraAttributes, ", ")},
		{steps.FieldMappings, "mapping table", mappingText(a.Mappings)},
	}
	var out []string
	for _, r := range rows {
		if r.value != "" && f.fromFile(c, r.field) {
			out = append(out, r.label+": "+r.value)
		}
	}
	return out
}

func mappingText(rows []steps.MappingRow) string {
	parts := make([]string, len(rows))
	for i, r := range rows {
		parts[i] = r.Attribute + "←" + r.Claim
	}
	return strings.Join(parts, ", ")
}

// announceWait tells stderr why a headless run pauses: a rate-limit wait can last a minute.
// Calls made at once (a check's reads) wait at once, so the lines are written one at a time.
func (c *cli) announceWait(w okta.Wait) {
	c.waitMu.Lock()
	defer c.waitMu.Unlock()
	fmt.Fprintf(c.stderr, "idme-okta: %s\n", w.Say(time.Now()))
}
