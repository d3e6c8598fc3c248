package sim

// seed fills a new org with what every real org has (and a little more, so that lists,
// searches and "pick the default" logic have something to choose between):
//   - the Super Admin and a Read-Only Admin, each with an API token;
//   - the default user type "user" and a second type, each with its user schema;
//   - the BUILT_IN Everyone group and one OKTA_GROUP;
//   - Okta's first-party apps and the OAuth service app;
//   - the system IDP_DISCOVERY policy with its Default Rule.
func (o *Org) seed() {
	now := o.now()
	o.orgID = newID(prefixOrg)
	o.accessPolicyID, o.enrollmentPolicyID = newID("rst"), newID("rst")

	o.userTypes = []*userType{
		{id: newID(prefixUserType), name: "user", displayName: "User", isDefault: true,
			description: "Okta user profile template with default permission settings"},
		{id: newID(prefixUserType), name: "contractor", displayName: "Contractor",
			description: "Contractors and other non-employees"},
	}
	for _, t := range o.userTypes {
		t.seq, t.created, t.lastUpdated = o.nextSeq(), now, now
		t.schemaID = o.newUserSchema(t.id, now).id
	}

	o.admin = o.createUser(newUserInput{Profile: JSON{"login": "admin@sim.example", "email": "admin@sim.example",
		"firstName": "Ada", "lastName": "Admin", "mobilePhone": nil, "secondEmail": nil}}, now)
	o.readOnlyAdmin = o.createUser(newUserInput{Profile: JSON{"login": "auditor@sim.example", "email": "auditor@sim.example",
		"firstName": "Rita", "lastName": "Reader", "mobilePhone": nil, "secondEmail": nil}}, now)
	o.adminToken, o.readOnlyToken = newAPIToken(), newAPIToken()
	for _, t := range o.userTypes {
		t.createdByUID = o.admin.id
	}

	o.groups = []*group{
		{id: newID(prefixGroup), typ: "BUILT_IN", name: "Everyone", description: "All users in your organization"},
		{id: newID(prefixGroup), typ: "OKTA_GROUP", name: "Engineering", description: "Engineering team"},
	}
	for _, g := range o.groups {
		g.seq, g.created, g.lastUpdated = o.nextSeq(), now, now
	}

	for _, fp := range []struct{ name, label string }{
		{"saasure", "Okta Admin Console"},
		{"okta_enduser", "Okta Dashboard"},
		{"okta_browser_plugin", "Okta Browser Plugin"},
	} {
		o.apps = append(o.apps, &app{seq: o.nextSeq(), id: newID(prefixApp), status: "ACTIVE", created: now, lastUpdated: now,
			body: firstPartyApp(fp.name, fp.label)})
	}

	o.oauth = oauthState{clientID: newID(prefixApp), keyID: randomString(43), tokens: map[string]*accessToken{},
		usedJTIs: map[string]bool{}, dpopSeen: map[string]bool{}}
	service := &app{seq: o.nextSeq(), id: o.oauth.clientID, status: "ACTIVE", created: now, lastUpdated: now,
		body: canonicalOIDCApp(JSON{"name": "oidc_client", "label": "idme-okta automation",
			"credentials": JSON{"oauthClient": JSON{"token_endpoint_auth_method": "private_key_jwt"}},
			"settings": JSON{"oauthClient": JSON{"application_type": "service", "grant_types": []any{"client_credentials"},
				"response_types": []any{"token"}}}}, o.oauth.clientID, nil)}
	o.apps = append(o.apps, service)

	discovery := &policy{seq: o.nextSeq(), id: newID(prefixPolicy), name: "Idp Discovery Policy",
		description: "The default IdP Discovery Policy", typ: "IDP_DISCOVERY", system: true, created: now, lastUpdated: now}
	discovery.rules = []*rule{{seq: o.nextSeq(), id: newID(prefixRule), status: "ACTIVE", system: true, lastUpdated: now,
		body: JSON{"name": "Default Rule", "type": "IDP_DISCOVERY",
			"conditions": JSON{"network": JSON{"connection": "ANYWHERE"}},
			"actions":    JSON{"idp": JSON{"providers": []any{JSON{"type": "OKTA"}}}}}}}
	o.policies = []*policy{discovery}
}

// firstPartyApp is the stored form of one of Okta's own apps.
func firstPartyApp(name, label string) JSON {
	return JSON{
		"name":          name,
		"label":         label,
		"signOnMode":    "OPENID_CONNECT",
		"accessibility": JSON{"selfService": false, "errorRedirectUrl": nil, "loginRedirectUrl": nil},
		"visibility":    JSON{"autoLaunch": false, "autoSubmitToolbar": false, "hide": JSON{"iOS": true, "web": true}, "appLinks": JSON{}},
		"features":      []any{},
		"credentials":   JSON{"userNameTemplate": JSON{"template": "${source.login}", "type": "BUILT_IN"}, "signing": JSON{}},
		"settings":      JSON{"app": JSON{}, "notifications": JSON{"vpn": JSON{"network": JSON{"connection": "DISABLED"}, "message": nil, "helpUrl": nil}}},
	}
}
