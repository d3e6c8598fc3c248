package ui

import (
	"errors"
	"slices"
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// scopeAnswers are what a routing rule's scope needs (the answers of a steps.Decision that
// take input): the apps whose sign-ins go to ID.me, picked from the org's active apps (ids
// typed when they cannot be read), or a username pattern.
type scopeAnswers struct {
	setup *steps.Setup
	input steps.Input

	apps    []okta.App // the org's apps to pick from; none: ids are typed
	readErr error      // why the apps could not be read
	picked  []string
	ids     string
	pattern string
}

func newScopeAnswers(setup *steps.Setup, input steps.Input) *scopeAnswers {
	a := setup.Answers
	return &scopeAnswers{setup: setup, input: input, picked: a.RuleApps, ids: strings.Join(a.RuleApps, ", "), pattern: a.RuleUserPattern}
}

// needsApps reports that the question picks among the org's apps, which must be read first
// (steps.RuleAppChoices).
func (s *scopeAnswers) needsApps() bool { return s.input == steps.InputRuleApps }

// read takes the org's apps, or why they could not be read.
func (s *scopeAnswers) read(apps []okta.App, err error) { s.apps, s.readErr = apps, err }

func (s *scopeAnswers) form() *form {
	if s.input == steps.InputUserPattern {
		return defineForm(group(inputField("Username pattern",
			"Users whose Okta username matches go to ID.me: a domain such as example.com (usernames ending in it), or MATCH_TYPE:value with EQUALS, STARTS_WITH, CONTAINS or EXPRESSION (a regular expression).",
			&s.pattern, steps.ValidateUserPattern)))
	}
	if len(s.apps) == 0 {
		why := "The org has no active app to choose from."
		if s.readErr != nil {
			why = "The org's apps could not be read (" + termtext.Line(s.readErr.Error()) + ")."
		}
		return defineForm(group(inputField("App ids",
			why+" Type the ids of the apps whose sign-ins go to ID.me, separated by commas (0oa…, from the app's page in the Admin Console).",
			&s.ids, func(v string) error { return s.check(splitIDs(v)) })))
	}
	opts := make([]huh.Option[string], len(s.apps))
	for i, a := range s.apps {
		opts[i] = huh.NewOption(termtext.Line(a.Label)+"  ("+termtext.Line(a.ID)+")", a.ID).Selected(slices.Contains(s.picked, a.ID))
	}
	return defineForm(group(multiField("Apps whose sign-ins go to ID.me",
		"Signing in to one of these apps goes to ID.me; Okta's sign-in page stays as it is for the others.",
		&s.picked, opts...)))
}

// refusal words a refused answer for the TUI.
func (s *scopeAnswers) refusal(err error) error {
	if !errors.Is(err, errNothingChosen) {
		return err
	}
	if s.input == steps.InputUserPattern {
		return errors.New("type a username pattern, or press esc to go back")
	}
	return errors.New("choose at least one app (space selects), or press esc to go back")
}

// errNothingChosen: the admin gave no app or pattern; the decision is asked again.
var errNothingChosen = errors.New("nothing chosen")

// store puts the answers into the setup, checked by the rules every answer follows.
func (s *scopeAnswers) store() error {
	a := &s.setup.Answers
	switch {
	case s.input == steps.InputUserPattern:
		p := strings.TrimSpace(s.pattern)
		if p == "" {
			return errNothingChosen
		}
		if err := steps.ValidateUserPattern(p); err != nil {
			return err
		}
		a.RuleUserPattern = p
		return nil
	case len(s.apps) == 0:
		s.picked = splitIDs(s.ids)
	}
	if len(s.picked) == 0 {
		return errNothingChosen
	}
	if err := s.check(s.picked); err != nil {
		return err
	}
	a.RuleApps = s.picked
	return nil
}

// check applies the rule for app ids (steps.Answers.ValidateGiven).
func (s *scopeAnswers) check(ids []string) error {
	a := s.setup.Answers.Clone()
	a.RuleApps = ids
	for _, e := range steps.InvalidAnswers(a.ValidateGiven()) {
		if e.Field == steps.FieldRuleApps {
			return e
		}
	}
	return nil
}

// splitIDs reads ids separated by commas or spaces.
func splitIDs(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' })
}
