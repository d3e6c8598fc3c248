package doctor

import (
	"cmp"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/discover"
)

// Check IDs: part of the `doctor --json` contract.
const (
	CheckIdPFound           = "idp-found"
	CheckIdPActive          = "idp-active"
	CheckUserinfo           = "userinfo-endpoint"
	CheckScopes             = "scopes"
	CheckOneEnvironment     = "one-environment"
	CheckOrgEnvironment     = "org-environment"
	CheckClaimsMapped       = "claims-mapped"
	CheckRequiredAttributes = "required-attributes"
	CheckSeveralIdPs        = "several-idps"
	CheckRoutingRule        = "routing-rule"
	CheckTestApp            = "test-app"
	CheckEngine             = "engine"
	CheckSignIns            = "recent-signins"
)

// checks run in this order; each says whether it applies (the IdP's checks need an IdP).
var checks = []func(f *facts) (Check, bool){
	idpFound, idpActive, userinfo, scopes, oneEnvironment, orgEnvironment,
	claimsMapped, requiredAttributes, severalIdPs, routingRule, engineCheck, testAppCheck,
}

func idpName(idp *okta.IdP) string { return fmt.Sprintf("%q (%s)", idp.Name, idp.ID) }

func idpFound(f *facts) (Check, bool) {
	c := Check{ID: CheckIdPFound, Title: "An ID.me identity provider exists"}
	if f.primary == nil {
		c.Status = Fail
		c.Evidence = fmt.Sprintf("%d OIDC identity provider(s), none with an issuer or endpoint on an ID.me environment", f.oidcCount)
		if f.answers.IDmeClientID != "" {
			c.Evidence += " or the client ID " + f.answers.IDmeClientID
		}
		c.Fix = "create it: idme-okta apply (or the wizard)"
		c.ApplyFixes = true
		return c, true
	}
	c.Status = OK
	c.Evidence = fmt.Sprintf("identity provider %s, %s ID.me", idpName(f.primary), envWord(discover.EnvOf(f.primary.IssuerURL, f.envs)))
	return c, true
}

func envWord(env string) string {
	if env == "" {
		return "not on"
	}
	return "on " + env
}

func idpActive(f *facts) (Check, bool) {
	if f.primary == nil {
		return Check{}, false
	}
	c := Check{ID: CheckIdPActive, Title: "The identity provider is active", Status: OK,
		Evidence: fmt.Sprintf("%s is %s", idpName(f.primary), f.primary.Status)}
	if f.primary.Status != "ACTIVE" {
		c.Status = Fail
		c.Fix = "activate it in Security > Identity Providers, or run idme-okta apply --yes (it asks before activating an IdP someone turned off)"
		c.ApplyFixes = true
	}
	return c, true
}

func userinfo(f *facts) (Check, bool) {
	if f.primary == nil {
		return Check{}, false
	}
	c := Check{ID: CheckUserinfo, Title: "No userinfo endpoint is set", Status: OK, Evidence: "the identity provider has no userinfo endpoint: Okta reads the claims from the ID token"}
	if u := f.primary.UserInfoURL; u != "" {
		c.Status = Fail
		c.Evidence = "the userinfo endpoint is " + u + ": Okta then reads claims from ID.me's userinfo, which answers with a JWT Okta cannot read, and every sign-in fails"
		c.Fix = "clear the UserInfo endpoint (Security > Identity Providers > ID.me > Edit), or run idme-okta apply --yes"
		c.ApplyFixes = true
	}
	return c, true
}

// standardScopes are OpenID Connect's own scopes: ID.me wants none of them beside openid.
var standardScopes = []string{"openid", "profile", "email", "address", "phone", "offline_access"}

func scopes(f *facts) (Check, bool) {
	if f.primary == nil {
		return Check{}, false
	}
	have := f.primary.Scopes
	c := Check{ID: CheckScopes, Title: `Scopes are exactly "openid <policy handle>"`, Status: OK,
		Evidence: "scopes: " + strings.Join(have, " ")}
	handle := f.answers.PolicyHandle
	switch {
	case handle != "" && !(len(have) == 2 && slices.Contains(have, "openid") && slices.Contains(have, handle)):
		c.Status = Fail
		c.Evidence += fmt.Sprintf(", not openid %s (the setup's policy handle)", handle)
	case handle == "" && !(len(have) == 2 && slices.Contains(have, "openid") && slices.IndexFunc(have, func(s string) bool { return !slices.Contains(standardScopes, s) }) >= 0):
		c.Status = Fail
		c.Evidence += ": ID.me accepts only openid and one policy handle (no profile, no email)"
	}
	if c.Status == Fail {
		c.Fix = `set the scopes to exactly "openid <your ID.me policy handle>": idme-okta apply --yes --policy-handle <handle>; ID.me answers anything else with invalid_scope`
		c.ApplyFixes = true
	}
	return c, true
}

// endpointEnvs names the environment of each of the IdP's ID.me URLs.
func endpointEnvs(f *facts) (envs map[string][]string, lines []string) {
	envs = map[string][]string{}
	for _, ep := range discover.Endpoints(*f.primary) {
		env := discover.EnvOf(ep[1], f.envs)
		name := env
		if env == "" {
			name = "no ID.me environment"
		}
		envs[env] = append(envs[env], ep[0])
		lines = append(lines, fmt.Sprintf("%s %s (%s)", ep[0], orNone(ep[1]), name))
	}
	return envs, lines
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func oneEnvironment(f *facts) (Check, bool) {
	if f.primary == nil {
		return Check{}, false
	}
	envs, lines := endpointEnvs(f)
	c := Check{ID: CheckOneEnvironment, Title: "Issuer and endpoints are all on one ID.me environment", Status: OK,
		Evidence: strings.Join(lines, "; ")}
	if len(envs) > 1 || envs[""] != nil {
		c.Status = Fail
		c.Fix = "point the issuer and the authorization, token and JWKS endpoints at one environment (sandbox https://api.idmelabs.com/ or production https://api.id.me/): idme-okta apply --yes --idme-env <sandbox|production>; a token from one environment never verifies against the other"
		c.ApplyFixes = true
	}
	return c, true
}

// orgKind tells a production Okta org from a preview one by its host where it can:
// *.oktapreview.com is a preview org; *.okta.com, *.okta-emea.com and *.okta-gov.com are
// production cells, except developer, trial and integrator orgs (dev-…, trial-…,
// integrator-…), which are neither. A custom domain (or the simulator) cannot be told.
func orgKind(orgURL string) string {
	u, err := url.Parse(orgURL)
	if err != nil {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	sub, domain, _ := strings.Cut(host, ".")
	switch {
	case domain == "oktapreview.com":
		return "preview"
	case domain == "okta.com" || domain == "okta-emea.com" || domain == "okta-gov.com":
		for _, p := range []string{"dev-", "trial-", "integrator-"} {
			if strings.HasPrefix(sub, p) {
				return ""
			}
		}
		return "production"
	}
	return ""
}

func orgEnvironment(f *facts) (Check, bool) {
	if f.primary == nil {
		return Check{}, false
	}
	env := discover.EnvOf(f.primary.IssuerURL, f.envs)
	kind := orgKind(f.orgURL)
	c := Check{ID: CheckOrgEnvironment, Title: "The ID.me environment suits the Okta org", Status: OK}
	switch {
	case kind == "production" && env == "sandbox":
		c.Status = Warn
		c.Evidence = "a production Okta org signs people in with ID.me's sandbox, where only test identities exist"
		c.Fix = "move to ID.me production once testing is done: idme-okta promote --to production --idme-client-id <production client ID>"
	case kind == "preview" && env == "production":
		c.Status = Warn
		c.Evidence = "a preview (oktapreview.com) org signs real people in with ID.me production: their verified identities land in a test org"
		c.Fix = "use ID.me sandbox credentials in preview orgs, and production ones in the production org (idme-okta promote --from-state carries the setup over)"
	case kind == "":
		c.Evidence = "cannot tell whether this org is a production or a preview org (custom domain, developer or trial org): " + envWord(env) + " ID.me"
	default:
		c.Evidence = fmt.Sprintf("a %s org %s ID.me", kind, envWord(env))
	}
	return c, true
}

// appuserRef finds the IdP profile attributes a mapping expression reads.
var appuserRef = regexp.MustCompile(`\bappuser\.([A-Za-z_$][A-Za-z0-9_$]*)`)

func claimsMapped(f *facts) (Check, bool) {
	if f.primary == nil {
		return Check{}, false
	}
	const title = "Every mapped claim has an identity provider attribute"
	switch {
	case f.schemaErr != nil:
		return couldNot(CheckClaimsMapped, title, "reading the identity provider's profile", f.schemaErr), true
	case f.mappingErr != nil:
		return couldNot(CheckClaimsMapped, title, "reading the profile mapping", f.mappingErr), true
	case f.mapping == nil:
		return Check{ID: CheckClaimsMapped, Title: title, Status: Fail,
			Evidence: "the identity provider has no profile mapping to the default Okta user type",
			Fix:      "open Security > Identity Providers > ID.me > Edit Profile and Mappings once (Okta makes the mapping), then run idme-okta apply"}, true
	}
	var problems []string
	for _, target := range sortedKeys(f.mapping.Properties) {
		for _, ref := range appuserRef.FindAllStringSubmatch(f.mapping.Properties[target].Expression, -1) {
			attr, ok := f.schema[ref[1]]
			switch {
			case !ok:
				problems = append(problems, fmt.Sprintf("%s reads appuser.%s, which the identity provider's profile lacks (the claim never reaches Okta)", target, ref[1]))
			case !attr.Base && attr.ExternalName != ref[1]:
				problems = append(problems, fmt.Sprintf("%s reads appuser.%s, whose attribute takes the claim %q, not %q", target, ref[1], attr.ExternalName, ref[1]))
			}
		}
	}
	c := Check{ID: CheckClaimsMapped, Title: title, Status: OK,
		Evidence: fmt.Sprintf("%d mapping row(s), each reading an attribute the identity provider's profile has, named like its claim", len(f.mapping.Properties))}
	if len(problems) > 0 {
		c.Status = Fail
		c.Evidence = strings.Join(problems, "; ")
		c.Fix = "add the claims to the identity provider's profile with the claim as external name (Directory > Profile Editor > ID.me), or run idme-okta apply --yes, which adds them and corrects the external names for the rows of its mapping table"
		c.ApplyFixes = true
	}
	return c, true
}

// requiredForJIT are the Okta attributes a just-in-time user cannot be created without.
var requiredForJIT = []string{"login", "email", "firstName", "lastName"}

func requiredAttributes(f *facts) (Check, bool) {
	if f.primary == nil {
		return Check{}, false
	}
	const title = "Okta's required attributes (login, email, firstName, lastName) are mapped"
	if f.mappingErr != nil {
		return couldNot(CheckRequiredAttributes, title, "reading the profile mapping", f.mappingErr), true
	}
	var missing []string
	for _, a := range requiredForJIT {
		if f.mapping == nil || strings.TrimSpace(f.mapping.Properties[a].Expression) == "" {
			missing = append(missing, a)
		}
	}
	c := Check{ID: CheckRequiredAttributes, Title: title, Status: OK, Evidence: "each has a mapping row"}
	if len(missing) > 0 {
		c.Status = Fail
		c.Evidence = "no mapping row fills " + strings.Join(missing, ", ") + ": Okta cannot create a user who signs in for the first time (\"required properties are missing\")"
		c.Fix = "map them (the guide: login and email ← email, firstName ← fname, lastName ← lname): idme-okta apply --yes"
		c.ApplyFixes = true
	}
	return c, true
}

func severalIdPs(f *facts) (Check, bool) {
	if f.primary == nil {
		return Check{}, false
	}
	byClient := map[string][]string{}
	for _, idp := range f.idps {
		byClient[idp.ClientID] = append(byClient[idp.ClientID], idpName(&idp))
	}
	c := Check{ID: CheckSeveralIdPs, Title: "One identity provider per ID.me client", Status: OK,
		Evidence: fmt.Sprintf("%d ID.me identity provider(s)", len(f.idps))}
	var shared []string
	for _, client := range sortedKeys(byClient) {
		if len(byClient[client]) > 1 {
			shared = append(shared, fmt.Sprintf("client %s is used by %s", client, strings.Join(byClient[client], ", ")))
		}
	}
	if len(shared) > 0 {
		c.Status = Warn
		c.Evidence = strings.Join(shared, "; ")
		c.Fix = fmt.Sprintf("keep one (idme-okta uses %s) and delete the others in Security > Identity Providers: which one a sign-in goes through depends on the routing rule, and users linked to one are strangers to the other", idpName(f.primary))
	}
	return c, true
}

func routingRule(f *facts) (Check, bool) {
	if f.primary == nil {
		return Check{}, false
	}
	const title = "A routing rule offers ID.me"
	if f.rulesErr != nil {
		return couldNot(CheckRoutingRule, title, "reading the routing rules", f.rulesErr), true
	}
	rules := slices.Clone(f.rules)
	sort.SliceStable(rules, func(i, j int) bool { return rules[i].Priority < rules[j].Priority })
	var ours []okta.Rule
	for _, r := range rules {
		if !r.System && offers(r, f.primary.ID) {
			ours = append(ours, r)
		}
	}
	c := Check{ID: CheckRoutingRule, Title: title, ApplyFixes: true}
	i := slices.IndexFunc(ours, func(r okta.Rule) bool { return r.Status == "ACTIVE" })
	switch {
	case len(ours) == 0 && f.engine == string(okta.EngineClassic) && f.answers.NoRule:
		c.Status, c.ApplyFixes = OK, false
		c.Evidence = "no routing rule, by decision (Classic Engine): users reach ID.me through the identity provider's authorize link"
		return c, true
	case len(ours) == 0:
		c.Status = Fail
		c.Evidence = "no routing rule offers " + idpName(f.primary) + ": the sign-in page shows no \"Sign in with ID.me\""
		c.Fix = "create one (Security > Identity Providers > Routing rules), or run idme-okta apply"
		return c, true
	case i < 0 && f.answers.RuleHeld():
		// Held back on purpose (apply --rule-status inactive, or the wizard until a test
		// sign-in passed): not broken, but nobody sees the button, so it is said.
		c.Status, c.ApplyFixes = Warn, false
		c.Evidence = fmt.Sprintf("routing rule %q offers ID.me and is held back (%s) as chosen: nobody sees \"Sign in with ID.me\" yet", ours[0].Name, ours[0].Status)
		c.Fix = "once a test sign-in passes (idme-okta test-signin), activate it: idme-okta apply --rule-status active"
		return c, true
	case i < 0:
		c.Status = Fail
		c.Evidence = fmt.Sprintf("routing rule %q offers ID.me but is %s: Okta evaluates only active rules", ours[0].Name, ours[0].Status)
		c.Fix = "activate it (Security > Identity Providers > Routing rules), or run idme-okta apply, which does"
		return c, true
	}
	rule := ours[i]
	if shadows := steps.Shadowing(rules, &rule, f.primary.ID); len(shadows) > 0 {
		r := shadows[0]
		c.Status = Fail
		c.Evidence = fmt.Sprintf("routing rule %q (priority %d) matches every sign-in and comes before %q (priority %d), so that rule never applies", r.Name, r.Priority, rule.Name, rule.Priority)
		c.Fix = fmt.Sprintf("move %q above it, or narrow %q to some users or apps (Security > Identity Providers > Routing rules); idme-okta apply --yes puts its own rule first", rule.Name, r.Name)
		return c, true
	}
	c.Status, c.ApplyFixes = OK, false
	c.Evidence = fmt.Sprintf("routing rule %q (priority %d) is active and offers ID.me", rule.Name, rule.Priority)
	return c, true
}

// engineCheck holds the routing to what the org's engine allows: on Classic Engine a rule
// names one identity provider, so one that routes every sign-in to ID.me sends
// administrators there too (okta-api.md §13).
func engineCheck(f *facts) (Check, bool) {
	const title = "The routing suits the org's engine (Classic or Identity Engine)"
	switch {
	case f.engineErr != nil:
		return couldNot(CheckEngine, title, "reading /.well-known/okta-organization", f.engineErr), true
	case f.engine == string(okta.EngineIdentity):
		return Check{ID: CheckEngine, Title: title, Status: OK,
			Evidence: "Identity Engine: a routing rule can offer Okta and ID.me side by side"}, true
	}
	c := Check{ID: CheckEngine, Title: title, Status: OK,
		Evidence: "Classic Engine: a routing rule names one identity provider, and none routes every sign-in to ID.me"}
	if f.primary == nil || f.rulesErr != nil {
		return c, true
	}
	for _, r := range f.rules {
		if r.Status == "ACTIVE" && !r.System && offers(r, f.primary.ID) && !steps.RuleScoped(r) {
			c.Status = Fail
			c.Evidence = fmt.Sprintf("Classic Engine: routing rule %q routes every sign-in, administrators' included, to ID.me", r.Name)
			c.Fix = "scope it to the apps or usernames that should use ID.me (idme-okta apply --yes --rule-app <app id> or --rule-user-pattern <pattern>), or deactivate it and link to the identity provider's authorize URL instead"
			c.ApplyFixes = true
			break
		}
	}
	return c, true
}

func testAppCheck(f *facts) (Check, bool) {
	const title = "The test sign-in app is ready"
	c := Check{ID: CheckTestApp, Title: title, Status: OK, ApplyFixes: true}
	switch {
	case f.appErr != nil:
		return couldNot(CheckTestApp, title, "looking for the test app", f.appErr), true
	case f.app == nil:
		c.Status = Warn
		c.Evidence = "no app labelled " + fmt.Sprintf("%q", cmp.Or(f.answers.TestAppLabel, steps.DefaultTestAppLabel)) + ": idme-okta test-signin makes one when it runs"
		c.Fix = "idme-okta apply (or test-signin) creates it"
	case f.app.Status != "ACTIVE":
		c.Status = Warn
		c.Evidence = fmt.Sprintf("test app %q (%s) is %s", f.app.Label, f.app.ID, f.app.Status)
		c.Fix = "activate it in Applications"
		c.ApplyFixes = false
	case f.assignErr != nil:
		return couldNot(CheckTestApp, title, "reading the test app's groups", f.assignErr), true
	case !f.assigned:
		c.Status = Warn
		c.Evidence = fmt.Sprintf("test app %q (%s) is not assigned to %s: a user created by an ID.me sign-in may not use it (user_not_assigned)", f.app.Label, f.app.ID, f.group)
		c.Fix = "assign the group to the app (Applications > the app > Assignments), or run idme-okta apply"
	default:
		c.ApplyFixes = false
		c.Evidence = fmt.Sprintf("test app %q (%s) is active and assigned to %s", f.app.Label, f.app.ID, f.group)
	}
	return c, true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
