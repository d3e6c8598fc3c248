package okta

// Operation names: they start every error message ("create identity provider: Okta said …")
// and key the table of OAuth scopes each operation needs, so an E0000006 can say which scope
// is missing.
const (
	opWhoAmI        = "read the signed-in admin"
	opAdminRoles    = "list admin roles"
	opListIdPs      = "list identity providers"
	opGetIdP        = "read identity provider"
	opCreateIdP     = "create identity provider"
	opReplaceIdP    = "update identity provider"
	opActivateIdP   = "activate identity provider"
	opGetIdPUser    = "read identity provider user"
	opUserSchema    = "read user profile schema"
	opAddUserAttrs  = "add user profile attributes"
	opIdPSchema     = "read identity provider profile schema"
	opAddIdPAttrs   = "add identity provider profile attributes"
	opListUserTypes = "list user types"
	opListMappings  = "list profile mappings"
	opGetMapping    = "read profile mapping"
	opUpdateMapping = "update profile mapping"
	opListPolicies  = "find the IdP discovery policy"
	opListRules     = "list routing rules"
	opGetRule       = "read routing rule"
	opCreateRule    = "create routing rule"
	opReplaceRule   = "update routing rule"
	opActivateRule  = "activate routing rule"
	opListApps      = "list applications"
	opGetApp        = "read application"
	opCreateApp     = "create OIDC application"
	opReplaceApp    = "update application"
	opListGroups    = "find the Everyone group"
	opGetGroup      = "read group"
	opGetAppGroup   = "list application group assignments"
	opAssignGroup   = "assign group to application"
	opGetUser       = "read user"
	opListLogs      = "read the System Log"
	opOrgMetadata   = "read the org's metadata (/.well-known/okta-organization)"

	opDeactivateIdP   = "deactivate identity provider"
	opDeleteIdP       = "delete identity provider"
	opDeactivateRule  = "deactivate routing rule"
	opDeleteRule      = "delete routing rule"
	opDeactivateApp   = "deactivate application"
	opDeleteApp       = "delete application"
	opDeleteUserAttrs = "delete user profile attributes"
	opSearchUsers     = "search users"
)

// opScopes is the OAuth scope each operation needs when the client authenticates as a
// service app (okta-api.md §7; a manage scope includes its read scope).
var opScopes = map[string]string{
	opWhoAmI:        "okta.users.read",
	opAdminRoles:    "okta.roles.read",
	opListIdPs:      "okta.idps.read",
	opGetIdP:        "okta.idps.read",
	opCreateIdP:     "okta.idps.manage",
	opReplaceIdP:    "okta.idps.manage",
	opActivateIdP:   "okta.idps.manage",
	opGetIdPUser:    "okta.idps.read",
	opUserSchema:    "okta.schemas.read",
	opAddUserAttrs:  "okta.schemas.manage",
	opIdPSchema:     "okta.schemas.read",
	opAddIdPAttrs:   "okta.schemas.manage",
	opListUserTypes: "okta.userTypes.read",
	opListMappings:  "okta.profileMappings.read",
	opGetMapping:    "okta.profileMappings.read",
	opUpdateMapping: "okta.profileMappings.manage",
	opListPolicies:  "okta.policies.read",
	opListRules:     "okta.policies.read",
	opGetRule:       "okta.policies.read",
	opCreateRule:    "okta.policies.manage",
	opReplaceRule:   "okta.policies.manage",
	opActivateRule:  "okta.policies.manage",
	opListApps:      "okta.apps.read",
	opGetApp:        "okta.apps.read",
	opCreateApp:     "okta.apps.manage",
	opReplaceApp:    "okta.apps.manage",
	opListGroups:    "okta.groups.read",
	opGetGroup:      "okta.groups.read",
	opGetAppGroup:   "okta.apps.read",
	opAssignGroup:   "okta.apps.manage",
	opGetUser:       "okta.users.read",
	opListLogs:      "okta.logs.read",

	opDeactivateIdP:   "okta.idps.manage",
	opDeleteIdP:       "okta.idps.manage",
	opDeactivateRule:  "okta.policies.manage",
	opDeleteRule:      "okta.policies.manage",
	opDeactivateApp:   "okta.apps.manage",
	opDeleteApp:       "okta.apps.manage",
	opDeleteUserAttrs: "okta.schemas.manage",
	opSearchUsers:     "okta.users.read",
}

// publicOps read documents Okta serves without credentials: no scope applies to them.
var publicOps = map[string]bool{opOrgMetadata: true}

// DefaultScopes are the OAuth scopes a service app needs for the whole wizard
// (okta-api.md §7). AdminRoles additionally needs okta.roles.read, which the wizard does not
// require because a service app's own roles cannot be listed through /users anyway.
func DefaultScopes() []string {
	return []string{
		"okta.idps.manage",
		"okta.schemas.manage",
		"okta.profileMappings.manage",
		"okta.userTypes.read",
		"okta.policies.manage",
		"okta.apps.manage",
		"okta.groups.read",
		"okta.users.read",
		"okta.logs.read",
	}
}
