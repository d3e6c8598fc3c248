package steps

// Step IDs: a contract of `status --json` and the progress file.
const (
	IDConnect          = "connect"
	IDIdentityProvider = "identity-provider"
	IDUserAttributes   = "user-attributes"
	IDIdPAttributes    = "idp-attributes"
	IDProfileMappings  = "profile-mappings"
	IDHandoff          = "handoff"
	IDRoutingRule      = "routing-rule"
	IDOrgChecklist     = "org-checklist"
)

// All returns the steps of the guide in order. Each depends only on steps before it: the
// attributes need the IdP, the mapping needs both kinds of attributes, the handoff sheet
// needs the IdP's redirect URI, the routing rule the IdP's id.
func All() []Step {
	return []Step{
		Connect(),
		IdentityProvider(),
		UserAttributes(),
		IdPAttributes(),
		ProfileMappings(),
		HandoffStep(),
		RoutingRule(),
		OrgChecklist(),
		TestApp(), // the app the live test sign-in (package steps/signin) signs in to
	}
}

// StepByID finds a step of All by its ID.
func StepByID(id string) (Step, bool) {
	for _, st := range All() {
		if st.ID() == id {
			return st, true
		}
	}
	return nil, false
}
