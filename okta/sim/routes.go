package sim

import "net/http"

// routeTable lists every endpoint the simulated org serves. The third column is the OAuth
// scope family that guards the route (see authorize).
func (o *Org) routeTable() []route {
	const (
		get, post, put, del = http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete
	)
	return []route{
		api(get, "/api/v1/idps", "idps", o.listIdPs),
		api(post, "/api/v1/idps", "idps", o.createIdP),
		api(get, "/api/v1/idps/{idpId}", "idps", o.getIdP),
		api(put, "/api/v1/idps/{idpId}", "idps", o.replaceIdP),
		api(del, "/api/v1/idps/{idpId}", "idps", o.deleteIdP),
		api(post, "/api/v1/idps/{idpId}/lifecycle/activate", "idps", o.activateIdP),
		api(post, "/api/v1/idps/{idpId}/lifecycle/deactivate", "idps", o.deactivateIdP),
		api(get, "/api/v1/idps/{idpId}/users", "idps", o.listIdPUsers),
		api(get, "/api/v1/idps/{idpId}/users/{userId}", "idps", o.getIdPUser),

		api(get, "/api/v1/meta/schemas/user/{schemaId}", "schemas", o.getUserSchema),
		api(post, "/api/v1/meta/schemas/user/{schemaId}", "schemas", o.updateUserSchema),
		api(get, "/api/v1/meta/schemas/apps/{appId}/default", "schemas", o.getAppSchema),
		api(post, "/api/v1/meta/schemas/apps/{appId}/default", "schemas", o.updateAppSchema),
		api(get, "/api/v1/meta/types/user", "userTypes", o.listUserTypes),
		api(get, "/api/v1/meta/types/user/{typeId}", "userTypes", o.getUserType),

		api(get, "/api/v1/mappings", "profileMappings", o.listMappings),
		api(get, "/api/v1/mappings/{mappingId}", "profileMappings", o.getMapping),
		api(post, "/api/v1/mappings/{mappingId}", "profileMappings", o.updateMapping),

		api(get, "/api/v1/policies", "policies", o.listPolicies),
		api(get, "/api/v1/policies/{policyId}", "policies", o.getPolicy),
		api(get, "/api/v1/policies/{policyId}/rules", "policies", o.listRules),
		api(post, "/api/v1/policies/{policyId}/rules", "policies", o.createRule),
		api(get, "/api/v1/policies/{policyId}/rules/{ruleId}", "policies", o.getRule),
		api(put, "/api/v1/policies/{policyId}/rules/{ruleId}", "policies", o.replaceRule),
		api(del, "/api/v1/policies/{policyId}/rules/{ruleId}", "policies", o.deleteRule),
		api(post, "/api/v1/policies/{policyId}/rules/{ruleId}/lifecycle/activate", "policies", o.activateRule),
		api(post, "/api/v1/policies/{policyId}/rules/{ruleId}/lifecycle/deactivate", "policies", o.deactivateRule),

		api(get, "/api/v1/apps", "apps", o.listApps),
		api(post, "/api/v1/apps", "apps", o.createApp),
		api(get, "/api/v1/apps/{appId}", "apps", o.getApp),
		api(put, "/api/v1/apps/{appId}", "apps", o.replaceApp),
		api(del, "/api/v1/apps/{appId}", "apps", o.deleteApp),
		api(post, "/api/v1/apps/{appId}/lifecycle/activate", "apps", o.activateApp),
		api(post, "/api/v1/apps/{appId}/lifecycle/deactivate", "apps", o.deactivateApp),
		api(get, "/api/v1/apps/{appId}/groups", "apps", o.listAppGroups),
		api(put, "/api/v1/apps/{appId}/groups/{groupId}", "apps", o.assignGroup),
		api(del, "/api/v1/apps/{appId}/groups/{groupId}", "apps", o.unassignGroup),

		api(get, "/api/v1/groups", "groups", o.listGroups),
		api(get, "/api/v1/groups/{groupId}", "groups", o.getGroup),

		api(get, "/api/v1/users", "users", o.listUsers),
		api(get, "/api/v1/users/{userId}", "users", o.getUser),
		api(get, "/api/v1/users/{userId}/roles", "roles", o.listUserRoles),

		api(get, "/api/v1/logs", "logs", o.listLogs),

		public(post, "/oauth2/v1/token", o.token),

		// The org authorization server and the browser side of sign-in (federation.go).
		public(get, "/.well-known/openid-configuration", o.discovery),
		public(get, "/.well-known/okta-organization", o.orgMetadata),
		public(get, "/oauth2/v1/keys", o.keys),
		public(get, "/oauth2/v1/authorize", o.authorizeEndpoint),
		publicUnlocked(get, "/oauth2/v1/authorize/callback", o.idpCallback),
		publicUnlocked(post, "/oauth2/v1/authorize/callback", o.idpCallback),
		public(get, "/oauth2/v1/userinfo", o.userinfo),
		public(post, "/oauth2/v1/userinfo", o.userinfo),
		public(get, "/", o.orgHome),
		public(get, "/login/login.htm", o.signinPage),
		public(post, "/login/login.htm", o.signinSubmit),
		public(get, "/sso/idps/{idpId}", o.ssoIdP),
		public(get, "/app/UserHome", o.dashboard),
	}
}
