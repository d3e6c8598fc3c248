package terraform

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
)

// snapshot is the integration as Okta reports it: the objects idme-okta set up or adopted,
// read whole. Anything missing (a partial setup) is nil or empty.
type snapshot struct {
	orgURL string

	idp       *okta.IdP
	idpAttrs  []okta.Attribute // custom attributes of the IdP's own profile, by name
	userAttrs []okta.Attribute // custom Okta user attributes the setup needs, in its order

	mapping *okta.Mapping

	policyID string
	rule     *okta.Rule

	app        *okta.OIDCApp // the test app, when asked for and present
	appGroupID string        // the group the test app is assigned to; "" when it is not
}

// objectSteps are the steps whose checks find the integration's objects: by the ids the
// progress file remembers, else by the names the answers give. The connect step is left out:
// it insists on a Super Administrator, and an export only reads.
func objectSteps(testApp bool) []steps.Step {
	list := []steps.Step{
		steps.IdentityProvider(),
		steps.UserAttributes(),
		steps.IdPAttributes(),
		steps.ProfileMappings(),
		steps.RoutingRule(),
	}
	if testApp {
		list = append(list, steps.TestApp())
	}
	return list
}

// gather finds the integration's objects the way the steps do (CheckAll reads only) and
// reads each of them whole.
func gather(ctx context.Context, s *steps.Setup, opts Options) (*snapshot, error) {
	if s.Okta == nil {
		return nil, errors.New("export terraform needs a connection to Okta")
	}
	// Before the checks, which record every step they check.
	setUp := steps.SetUpUserAttributes(s)
	for _, o := range steps.CheckAll(ctx, s, objectSteps(opts.TestApp)) {
		if o.Err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("find the %s: %w", o.Step.ID(), o.Err)
		}
	}
	known := s.Known()
	snap := &snapshot{orgURL: s.OrgURL(), policyID: known.PolicyID}
	c := s.Okta

	if known.IdPID != "" {
		idp, err := c.GetIdP(ctx, known.IdPID)
		if err != nil {
			return nil, fmt.Errorf("read identity provider %s: %w", known.IdPID, err)
		}
		snap.idp = idp
		schema, err := c.IdPSchema(ctx, idp.ID)
		if err != nil {
			return nil, fmt.Errorf("read the profile of identity provider %s: %w", idp.ID, err)
		}
		// Every custom attribute of the IdP's profile belongs to the IdP, whoever added it:
		// Okta deletes them with it.
		for _, name := range slices.Sorted(maps.Keys(schema)) {
			if a := schema[name]; !a.Base {
				snap.idpAttrs = append(snap.idpAttrs, a)
			}
		}
		typeID := known.UserTypeID
		if typeID == "" {
			if typeID, err = c.DefaultUserTypeID(ctx); err != nil {
				return nil, fmt.Errorf("find the default Okta user type: %w", err)
			}
		}
		if snap.mapping, err = c.FindMapping(ctx, idp.ID, typeID); err != nil {
			return nil, fmt.Errorf("read the profile mapping of identity provider %s: %w", idp.ID, err)
		}
	}

	// The Okta user profile is the org's: only the custom attributes the setup needs, and
	// those an older idme-okta added to every setup, are the integration's.
	userSchema, err := c.UserSchema(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the Okta user profile: %w", err)
	}
	snap.userAttrs = steps.OwnUserAttributes(s.Answers, userSchema, setUp)

	if known.RuleID != "" && known.PolicyID != "" {
		rules, err := c.ListRules(ctx, known.PolicyID)
		if err != nil {
			return nil, fmt.Errorf("list the IdP routing rules: %w", err)
		}
		for i := range rules {
			if rules[i].ID == known.RuleID {
				snap.rule = &rules[i]
			}
		}
	}

	if opts.TestApp && known.TestAppID != "" {
		if err := snap.readTestApp(ctx, s, known.TestAppID); err != nil {
			return nil, err
		}
	}
	return snap, nil
}

// readTestApp reads the test app and whether the test group is assigned to it.
func (snap *snapshot) readTestApp(ctx context.Context, s *steps.Setup, appID string) error {
	app, err := s.Okta.GetOIDCApp(ctx, appID)
	if err != nil {
		return fmt.Errorf("read the test app %s: %w", appID, err)
	}
	snap.app = app
	groupID := s.Answers.TestGroupID
	if groupID == "" {
		g, err := s.Okta.EveryoneGroup(ctx)
		if err != nil {
			return fmt.Errorf("find the Everyone group: %w", err)
		}
		groupID = g.ID
	}
	assigned, err := s.Okta.AppGroupAssigned(ctx, appID, groupID)
	if err != nil {
		return fmt.Errorf("read the groups assigned to the test app: %w", err)
	}
	if assigned {
		snap.appGroupID = groupID
	}
	return nil
}
