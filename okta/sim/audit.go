package sim

// Audit targets and events of the writes that need more than one line to describe.

func (o *Org) mappingTarget(m *mapping) logTarget {
	return logTarget{id: m.id, typ: "Mapping", alternateID: "unknown", displayName: "Profile mapping " + m.sourceID + " -> " + m.targetTypeID}
}

// auditSchemaUpdate records a schema change. // event type names unverified
func (o *Org) auditSchemaUpdate(c *call, s *profileSchema, properties []string) {
	eventType, message, target := "system.user_schema.update", "Update user schema", logTarget{id: s.id, typ: "UserSchema", alternateID: s.name, displayName: s.title}
	if s.app {
		eventType, message, target = "system.app_user_schema.update", "Update app user schema", logTarget{id: s.id, typ: "AppUserSchema", alternateID: s.name, displayName: s.title}
	}
	o.auditWith(c, eventType, message, JSON{"properties": toAny(properties)}, target)
}
