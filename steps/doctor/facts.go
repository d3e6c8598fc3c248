package doctor

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/discover"
)

// facts are what doctor read from Okta, once, for every check. A read that failed leaves its
// error beside the field it would have filled.
type facts struct {
	orgURL    string
	answers   steps.Answers
	known     steps.Objects
	envs      []discover.Env
	engine    string // okta.Engine; "" when it could not be read
	engineErr error

	oidcCount int        // every OIDC IdP of the org
	idps      []okta.IdP // the ID.me ones
	primary   *okta.IdP  // the one the setup uses (see pickPrimary)

	schema     map[string]okta.Attribute // the primary IdP's profile
	schemaErr  error
	mapping    *okta.Mapping // primary IdP → default user type; nil when none
	mappingErr error

	rules    []okta.Rule // the IdP discovery policy's
	rulesErr error

	app       *okta.OIDCApp // the test app; nil when none
	appErr    error
	group     string // the group the test app should be assigned to (name)
	assigned  bool
	assignErr error
}

// gather makes every read doctor needs: the IdPs first (without them nothing else can be
// judged), then the rest at once.
func gather(ctx context.Context, s *steps.Setup, o Options) (*facts, error) {
	f := &facts{orgURL: s.OrgURL(), answers: s.Answers, known: s.Known(), envs: o.Envs}
	all, err := s.Okta.ListOIDCIdPs(ctx)
	if err != nil {
		return nil, fmt.Errorf("list the org's identity providers: %w", err)
	}
	f.oidcCount = len(all)
	f.idps = discover.IDmeIdPs(all, s.Answers, f.known.IdPID, o.Envs)

	var wg sync.WaitGroup
	run := func(read func()) {
		wg.Add(1)
		go func() { defer wg.Done(); read() }()
	}
	run(func() {
		policy, err := s.Okta.IDPDiscoveryPolicy(ctx)
		if err == nil {
			f.rules, err = s.Okta.ListRules(ctx, policy.ID)
		}
		f.rulesErr = err
	})
	run(func() { f.app, f.group, f.assigned, f.appErr, f.assignErr = testApp(ctx, s) })
	run(func() {
		engine, err := s.Okta.OrgEngine(ctx)
		f.engine, f.engineErr = string(engine), err
	})
	wg.Wait() // the routing rules help to pick the primary IdP

	f.primary = pickPrimary(f.idps, f.known.IdPID, f.rules)
	if f.primary != nil {
		id := f.primary.ID
		run(func() { f.schema, f.schemaErr = s.Okta.IdPSchema(ctx, id) })
		run(func() {
			typeID, err := s.Okta.DefaultUserTypeID(ctx)
			if err == nil {
				f.mapping, err = s.Okta.FindMapping(ctx, id, typeID)
			}
			f.mappingErr = err
		})
		wg.Wait()
	}
	return f, nil
}

// pickPrimary is the ID.me IdP the setup uses: the progress file's, else the one an active
// routing rule offers, else the first active one, else the first.
func pickPrimary(idps []okta.IdP, hint string, rules []okta.Rule) *okta.IdP {
	if len(idps) == 0 {
		return nil
	}
	score := func(idp okta.IdP) int {
		switch {
		case hint != "" && idp.ID == hint:
			return 0
		case slices.ContainsFunc(rules, func(r okta.Rule) bool { return r.Status == "ACTIVE" && offers(r, idp.ID) }):
			return 1
		case idp.Status == "ACTIVE":
			return 2
		}
		return 3
	}
	best := slices.MinFunc(idps, func(a, b okta.IdP) int { return cmp.Compare(score(a), score(b)) })
	return &best
}

// offers reports whether rule r routes to the IdP id.
func offers(r okta.Rule, id string) bool {
	return slices.ContainsFunc(r.Providers, func(p okta.Provider) bool { return p.ID == id })
}

// testApp finds the test sign-in app (the progress file's, else by label) and whether the
// group it is meant for is assigned to it.
func testApp(ctx context.Context, s *steps.Setup) (app *okta.OIDCApp, group string, assigned bool, appErr, assignErr error) {
	if id := s.Known().TestAppID; id != "" {
		app, appErr = s.Okta.GetOIDCApp(ctx, id)
		if okta.IsNotFound(appErr) {
			app, appErr = nil, nil
		}
	}
	label := cmp.Or(s.Answers.TestAppLabel, steps.DefaultTestAppLabel)
	if app == nil && appErr == nil {
		var apps []okta.OIDCApp
		apps, appErr = s.Okta.FindOIDCAppsByLabel(ctx, label)
		if len(apps) > 0 {
			app = &apps[0]
		}
	}
	if app == nil || appErr != nil {
		return app, "", false, appErr, nil
	}
	groupID := s.Answers.TestGroupID
	group = groupID
	if groupID == "" {
		everyone, err := s.Okta.EveryoneGroup(ctx)
		if err != nil {
			return app, "", false, nil, err
		}
		groupID, group = everyone.ID, everyone.Name
	}
	assigned, assignErr = s.Okta.AppGroupAssigned(ctx, app.ID, groupID)
	return app, group, assigned, nil, assignErr
}
