// Package remove takes an ID.me integration out of an Okta org again: what idme-okta made or
// adopted, and nothing else. It plans first (reads only) and removes in a safe order: the
// routing rule (so the sign-in page stops offering ID.me), the test app, then the identity
// provider (Okta deletes its profile schema and mappings with it); custom user attributes,
// which hold user data, only when asked. An object is ours when the progress file names it
// by id and it still is what idme-okta made (an ID.me IdP, a rule routing to it, an app with
// idme-okta's loopback callback); a same-named object that is not ours is named and left
// alone. Removing again after a partial failure finishes the job: what is gone is gone.
package remove

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/discover"
)

// Kinds of what remove removes, in the order it removes them.
const (
	KindRule       = "routing rule"
	KindApp        = "test app"
	KindIdP        = "identity provider"
	KindAttributes = "user attributes"
)

// Item is one object the plan removes.
type Item struct {
	Kind   string
	Name   string
	ID     string
	Status string   // as Okta has it now ("ACTIVE", "INACTIVE"); "" for attributes
	Steps  []string // the writes, in order: "deactivate", "delete"
	// Users counts, per attribute, the users holding a value (KindAttributes only).
	Users map[string]okta.UserCount

	policyID string   // a rule's policy
	names    []string // the attributes (KindAttributes)
}

// Left is an object remove leaves alone, and why.
type Left struct {
	Kind, Name, ID string
	Why            string
}

// Options steer the plan.
type Options struct {
	// Attributes also removes the custom Okta user attributes the setup added or adopted,
	// and with them every user's value.
	Attributes bool
	// CountUpTo bounds the count of users holding a value, per attribute (0: 1000).
	CountUpTo int
	// TestAppOnly removes only the test sign-in's app, the clean-up after testing: the
	// integration stays, and so does the progress file (without the app's ids).
	TestAppOnly bool
}

// Plan is what remove would do, from reads only.
type Plan struct {
	OrgURL string
	Items  []Item
	Gone   []string // what the progress file names that Okta no longer has
	Left   []Left
	// CountFailed is why the users holding a value could not be counted ("" when they were
	// or no attribute is to be removed): the confirmation must then be stern.
	CountFailed string
	// NoProgress: there is no progress file, so nothing is known to be idme-okta's.
	NoProgress bool
	// TestAppOnly: the plan removes the test app alone (Options.TestAppOnly).
	TestAppOnly bool
}

// Empty reports whether the plan removes nothing.
func (p *Plan) Empty() bool { return len(p.Items) == 0 }

// Writes counts the Okta writes the plan makes.
func (p *Plan) Writes() int {
	n := 0
	for _, it := range p.Items {
		n += len(it.Steps)
	}
	return n
}

// AttributeUsers is the total of users holding a value in the attributes to remove, and
// whether that total is exact.
func (p *Plan) AttributeUsers() okta.UserCount {
	total := okta.UserCount{Exact: true}
	for _, it := range p.Items {
		for _, n := range it.Users {
			total.N += n.N
			total.Exact = total.Exact && n.Exact
		}
	}
	return total
}

// MakePlan reads what the progress file names and what Okta has, and says what remove
// would remove and what it leaves alone. It writes nothing.
func MakePlan(ctx context.Context, s *steps.Setup, o Options) (*Plan, error) {
	p := &Plan{OrgURL: s.OrgURL()}
	known := s.Known()
	if s.StatePath == "" || !fileExists(s.StatePath) {
		p.NoProgress = true
	}
	if o.TestAppOnly {
		p.TestAppOnly = true
		return p, planApp(ctx, s, p, known)
	}
	envs := discover.Envs(s.Answers)

	if err := planIdP(ctx, s, p, known, envs); err != nil {
		return nil, err
	}
	rules := &routing{}
	if err := planRule(ctx, s, p, known, rules); err != nil {
		return nil, err
	}
	if err := planApp(ctx, s, p, known); err != nil {
		return nil, err
	}
	if err := sameNamed(ctx, s, p, rules); err != nil {
		return nil, err
	}
	// The safe order: nothing routes to the IdP when it goes.
	order := map[string]int{KindRule: 0, KindApp: 1, KindIdP: 2}
	slices.SortStableFunc(p.Items, func(a, b Item) int { return order[a.Kind] - order[b.Kind] })
	// Without a progress file nothing is known to be idme-okta's, attributes included.
	if o.Attributes && !p.NoProgress {
		if err := planAttributes(ctx, s, p, o); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func lifecycle(status string) []string {
	if status == "ACTIVE" {
		return []string{"deactivate", "delete"}
	}
	return []string{"delete"}
}

// planIdP: the IdP the progress file names, if it is still there and still an ID.me IdP.
func planIdP(ctx context.Context, s *steps.Setup, p *Plan, known steps.Objects, envs []discover.Env) error {
	if known.IdPID == "" {
		return nil
	}
	idp, err := s.Okta.GetIdP(ctx, known.IdPID)
	switch {
	case okta.IsNotFound(err):
		p.Gone = append(p.Gone, fmt.Sprintf("%s %s", KindIdP, known.IdPID))
	case err != nil:
		return fmt.Errorf("read the identity provider %s: %w", known.IdPID, err)
	case !discover.IsIDme(*idp, s.Answers, envs):
		p.Left = append(p.Left, Left{Kind: KindIdP, Name: idp.Name, ID: idp.ID,
			Why: "the progress file names it, but it is no longer an ID.me identity provider (its issuer, endpoints and client ID are not ID.me's): it was changed by hand, so it is left alone"})
	default:
		p.Items = append(p.Items, Item{Kind: KindIdP, Name: idp.Name, ID: idp.ID, Status: idp.Status, Steps: lifecycle(idp.Status)})
	}
	return nil
}

// routing reads the IdP discovery policy and its rules once, when first needed.
type routing struct {
	policyID string
	rules    []okta.Rule
	read     bool
}

func (r *routing) get(ctx context.Context, s *steps.Setup) (string, []okta.Rule, error) {
	if r.read {
		return r.policyID, r.rules, nil
	}
	policy, err := s.Okta.IDPDiscoveryPolicy(ctx)
	if err != nil {
		return "", nil, fmt.Errorf("find the IdP routing policy: %w", err)
	}
	rules, err := s.Okta.ListRules(ctx, policy.ID)
	if err != nil {
		return "", nil, fmt.Errorf("list the IdP routing rules: %w", err)
	}
	r.policyID, r.rules, r.read = policy.ID, rules, true
	return r.policyID, r.rules, nil
}

// planRule: the rule the progress file names, if it still routes to the setup's IdP (whether
// or not that IdP is still there: a removal that stopped half way is finished).
func planRule(ctx context.Context, s *steps.Setup, p *Plan, known steps.Objects, routing *routing) error {
	if known.RuleID == "" {
		return nil
	}
	policyID, rules, err := routing.get(ctx, s)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(rules, func(r okta.Rule) bool { return r.ID == known.RuleID })
	if i < 0 {
		p.Gone = append(p.Gone, fmt.Sprintf("%s %s", KindRule, known.RuleID))
		return nil
	}
	r := rules[i]
	routesToOurs := known.IdPID != "" && slices.ContainsFunc(r.Providers, func(pr okta.Provider) bool { return pr.ID == known.IdPID })
	if r.System || !routesToOurs {
		p.Left = append(p.Left, Left{Kind: KindRule, Name: r.Name, ID: r.ID,
			Why: "the progress file names it, but it no longer routes to the ID.me identity provider idme-okta set up: it was changed by hand, so it is left alone"})
		return nil
	}
	p.Items = append(p.Items, Item{Kind: KindRule, Name: r.Name, ID: r.ID, Status: r.Status, Steps: lifecycle(r.Status), policyID: policyID})
	return nil
}

// planApp: the test app the progress file names, if it still has idme-okta's loopback
// callback (the mark of the app idme-okta made for the test sign-in).
func planApp(ctx context.Context, s *steps.Setup, p *Plan, known steps.Objects) error {
	if known.TestAppID == "" {
		return nil
	}
	app, err := s.Okta.GetOIDCApp(ctx, known.TestAppID)
	switch {
	case okta.IsNotFound(err):
		p.Gone = append(p.Gone, fmt.Sprintf("%s %s", KindApp, known.TestAppID))
	case err != nil && isNotOIDC(err):
		p.Left = append(p.Left, Left{Kind: KindApp, ID: known.TestAppID,
			Why: "the progress file names it, but it is not an OpenID Connect app: it is left alone"})
	case err != nil:
		return fmt.Errorf("read the test app %s: %w", known.TestAppID, err)
	case !slices.ContainsFunc(app.RedirectURIs, isTestCallback):
		p.Left = append(p.Left, Left{Kind: KindApp, Name: app.Label, ID: app.ID,
			Why: "the progress file names it, but it no longer has idme-okta's test sign-in callback (http://127.0.0.1:<port>/callback): it was changed by hand, so it is left alone"})
	default:
		p.Items = append(p.Items, Item{Kind: KindApp, Name: app.Label, ID: app.ID, Status: app.Status, Steps: lifecycle(app.Status)})
	}
	return nil
}

// isNotOIDC: okta reads an app of another kind as an unusable answer (200, not an OIDC app);
// a page from a proxy is no answer about the app at all.
func isNotOIDC(err error) bool {
	e, ok := okta.AsAPIError(err)
	return ok && e.Status == 200 && !e.NotFromOkta
}

// isTestCallback reports whether uri is a callback of idme-okta's test sign-in.
func isTestCallback(uri string) bool {
	rest, ok := strings.CutPrefix(uri, "http://127.0.0.1:")
	port, path, _ := strings.Cut(rest, "/")
	return ok && port != "" && strings.Trim(port, "0123456789") == "" && path == "callback"
}

// sameNamed names the objects called like the setup's that are not ours: they are left alone.
func sameNamed(ctx context.Context, s *steps.Setup, p *Plan, routing *routing) error {
	a := s.Answers
	mine := func(id string) bool {
		return slices.ContainsFunc(p.Items, func(it Item) bool { return it.ID == id })
	}
	if a.IdPName != "" {
		idps, err := s.Okta.FindIdPsByName(ctx, a.IdPName)
		if err != nil {
			return fmt.Errorf("look for identity providers named %q: %w", a.IdPName, err)
		}
		for _, idp := range idps {
			if !mine(idp.ID) && !p.left(idp.ID) {
				p.Left = append(p.Left, Left{Kind: KindIdP, Name: idp.Name, ID: idp.ID, Why: notOurs})
			}
		}
	}
	if label := a.TestAppLabel; label != "" {
		apps, err := s.Okta.FindOIDCAppsByLabel(ctx, label)
		if err != nil {
			return fmt.Errorf("look for apps labelled %q: %w", label, err)
		}
		for _, app := range apps {
			if !mine(app.ID) && !p.left(app.ID) {
				p.Left = append(p.Left, Left{Kind: KindApp, Name: app.Label, ID: app.ID, Why: notOurs})
			}
		}
	}
	// Rules by name, and rules someone else made that route to the IdP being removed.
	idpID := ""
	if i := slices.IndexFunc(p.Items, func(it Item) bool { return it.Kind == KindIdP }); i >= 0 {
		idpID = p.Items[i].ID
	}
	if a.RuleName == "" && idpID == "" {
		return nil
	}
	_, rules, err := routing.get(ctx, s)
	if err != nil {
		return err
	}
	for _, r := range rules {
		switch {
		case r.System || mine(r.ID) || p.left(r.ID):
		case idpID != "" && slices.ContainsFunc(r.Providers, func(pr okta.Provider) bool { return pr.ID == idpID }):
			p.Left = append(p.Left, Left{Kind: KindRule, Name: r.Name, ID: r.ID, Why: routesToRemoved})
		case r.Name == a.RuleName:
			p.Left = append(p.Left, Left{Kind: KindRule, Name: r.Name, ID: r.ID, Why: notOurs})
		}
	}
	return nil
}

// routesToRemoved: Okta deactivates a routing rule when the only IdP it routes to is
// deactivated (Okta's API team in okta-sdk-dotnet#589), so a hand-made rule to our IdP stops
// with it; it is not deleted.
const routesToRemoved = "routes to the identity provider being removed, but idme-okta neither made nor adopted it: it is not deleted; Okta deactivates a rule whose only identity provider is deactivated, so delete it or point it elsewhere"

const notOurs = "named like the setup's, but idme-okta neither made nor adopted it (the progress file does not name it): left alone"

func (p *Plan) left(id string) bool {
	return slices.ContainsFunc(p.Left, func(l Left) bool { return l.ID == id })
}

// planAttributes: the custom user attributes of the setup that the org has (those it needs,
// added or adopted by the user-attributes step, and those an older idme-okta added
// unconditionally, as it made them: steps.OwnUserAttributes), each with a count of the users
// holding a value.
func planAttributes(ctx context.Context, s *steps.Setup, p *Plan, o Options) error {
	schema, err := s.Okta.UserSchema(ctx)
	if err != nil {
		return fmt.Errorf("read the Okta user profile: %w", err)
	}
	var names []string
	for _, attr := range steps.OwnUserAttributes(s.Answers, schema, steps.SetUpUserAttributes(s)) {
		names = append(names, attr.Name)
	}
	if len(names) == 0 {
		return nil
	}
	upTo := o.CountUpTo
	if upTo <= 0 {
		upTo = 1000
	}
	it := Item{Kind: KindAttributes, Name: strings.Join(names, ", "), Steps: []string{"delete"}, names: names, Users: map[string]okta.UserCount{}}
	for _, n := range names {
		c, err := s.Okta.CountUsersWith(ctx, n, upTo)
		if err != nil {
			// The count is a courtesy; without it the confirmation says so.
			p.CountFailed = err.Error()
			it.Users = nil
			break
		}
		it.Users[n] = c
	}
	p.Items = append(p.Items, it)
	return nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// Event is one write of Apply, for people to follow.
type Event struct {
	Item Item
	Step string // "deactivate", "delete"
	Gone bool   // Okta answered 404: it was gone already
	Err  error
}

// Result is what Apply did.
type Result struct {
	Writes   int
	Gone     int    // writes answered 404: already gone
	Archived string // where the progress file went ("" when there was none)
}

// Apply removes the plan's items in order, reporting each write through onEvent (may be
// nil). A 404 means the object is gone already, which is what removing wants. The first
// other failure stops it, leaving the progress file in place so that running remove again
// finishes the job. Once everything is removed the progress file is archived as
// <file>.removed (never deleted).
func (p *Plan) Apply(ctx context.Context, s *steps.Setup, onEvent func(Event)) (*Result, error) {
	emit := func(e Event) {
		if onEvent != nil {
			onEvent(e)
		}
	}
	res := &Result{}
	for _, it := range p.Items {
		for _, step := range it.Steps {
			err := write(ctx, s, it, step)
			e := Event{Item: it, Step: step}
			switch {
			case okta.IsNotFound(err):
				e.Gone = true
				res.Gone++
			case err != nil:
				e.Err = err
				emit(e)
				return res, fmt.Errorf("%s %s %q (%s): %w", step, it.Kind, it.Name, it.ID, err)
			default:
				res.Writes++
			}
			emit(e)
			if ctx.Err() != nil {
				return res, ctx.Err()
			}
		}
	}
	if p.TestAppOnly {
		// The setup goes on: its progress file forgets the app, so the next test sign-in
		// makes one again rather than looking for this one.
		s.Record(func(o *steps.Objects) { o.TestAppID, o.TestAppClientID = "", "" })
		if s.StatePath != "" && !p.NoProgress {
			return res, s.Save()
		}
		return res, nil
	}
	if s.StatePath != "" && !p.NoProgress {
		archived, err := Archive(s.StatePath, now(s))
		if err != nil {
			return res, err
		}
		res.Archived = archived
	}
	return res, nil
}

func write(ctx context.Context, s *steps.Setup, it Item, step string) error {
	c := s.Okta
	switch it.Kind + " " + step {
	case KindRule + " deactivate":
		return c.DeactivateRule(ctx, it.policyID, it.ID)
	case KindRule + " delete":
		return c.DeleteRule(ctx, it.policyID, it.ID)
	case KindApp + " deactivate":
		return c.DeactivateApp(ctx, it.ID)
	case KindApp + " delete":
		return c.DeleteApp(ctx, it.ID)
	case KindIdP + " deactivate":
		return c.DeactivateIdP(ctx, it.ID)
	case KindIdP + " delete":
		return c.DeleteIdP(ctx, it.ID)
	case KindAttributes + " delete":
		_, err := c.DeleteUserAttributes(ctx, it.names)
		return err
	}
	return fmt.Errorf("remove does not know how to %s a %s", step, it.Kind)
}

func now(s *steps.Setup) time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Archive renames the progress file to <path>.removed (<path>.<time>.removed when an
// earlier removal's archive is there): the answers stay on disk, and no command takes the
// file for a setup in progress any more. A missing file is not an error ("" is returned).
func Archive(path string, at time.Time) (string, error) {
	dest := path + ".removed"
	if fileExists(dest) {
		dest = fmt.Sprintf("%s.%s.removed", path, at.UTC().Format("20060102T150405Z"))
	}
	if err := os.Rename(path, dest); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", nil
		}
		return "", fmt.Errorf("archive the progress file %s: %w", path, err)
	}
	return dest, nil
}
