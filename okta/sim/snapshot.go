package sim

// Snapshot is a deep copy of the org's objects, each as the JSON Okta would return for it.
// Tests read it to check what a client left behind without going through the API.
type Snapshot struct {
	IdPs                []JSON
	Rules               []JSON            // rules of the IDP_DISCOVERY policy, in priority order
	Apps                []JSON            // no client secrets, as GET /api/v1/apps/{id} shows them
	AppGroupAssignments map[string][]JSON // app id -> its group assignments
	UserSchemaCustom    JSON              // custom properties of the default user schema
	IdPSchemas          map[string]JSON   // IdP id -> custom properties of its user schema
	Mappings            []JSON            // with properties
	Users               []JSON
	LogEvents           []JSON
}

// Snapshot copies the org's current state.
func (o *Org) Snapshot() Snapshot {
	o.mu.Lock()
	defer o.mu.Unlock()
	s := Snapshot{
		IdPs:                renderAll(o.idps, o.renderIdP),
		Apps:                renderAll(o.apps, o.renderApp),
		AppGroupAssignments: map[string][]JSON{},
		UserSchemaCustom:    JSON{},
		IdPSchemas:          map[string]JSON{},
		Mappings:            renderAll(o.mappings, func(m *mapping) JSON { return o.renderMapping(m, true) }),
		Users:               renderAll(o.users, o.renderUser),
		LogEvents:           renderAll(o.events, func(e *logEvent) JSON { return copyObject(e.body) }),
	}
	for _, p := range o.policies {
		if p.typ == "IDP_DISCOVERY" {
			s.Rules = append(s.Rules, renderAll(p.rules, func(r *rule) JSON { return o.renderRule(p, r) })...)
		}
	}
	for _, a := range o.apps {
		if len(a.groups) > 0 {
			s.AppGroupAssignments[a.id] = renderAll(a.groups, func(ag *appGroup) JSON { return o.renderAppGroup(a, ag) })
		}
	}
	if us := o.userSchema("default"); us != nil {
		for k, v := range us.custom {
			s.UserSchemaCustom[k] = copyObject(v)
		}
	}
	for _, p := range o.idps {
		custom := JSON{}
		if as := o.appSchemas[p.id]; as != nil {
			for k, v := range as.custom {
				custom[k] = copyObject(v)
			}
		}
		s.IdPSchemas[p.id] = custom
	}
	return s
}
