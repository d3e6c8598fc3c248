package sim

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// profileSchema is a user schema (one per user type, "osc…") or an app user schema (one per
// app or IdP, keyed by its "0oa…" id). Base properties are fixed; custom ones come and go.
type profileSchema struct {
	id           string // "osc…" for user schemas, the app/IdP id for app schemas
	app          bool
	name         string // "user", "oidc_idp", "oidc_client"
	title        string
	description  string
	typeID       string // user schemas: the user type that owns the schema
	base         map[string]JSON
	baseRequired []string
	custom       map[string]JSON
	created      time.Time
	lastUpdated  time.Time
}

func (s *profileSchema) hasProperty(name string) bool {
	_, inBase := s.base[name]
	_, inCustom := s.custom[name]
	return inBase || inCustom
}

func (o *Org) renderSchema(s *profileSchema) JSON {
	custom := JSON{}
	for k, v := range s.custom {
		custom[k] = copyObject(v)
	}
	base := JSON{}
	for k, v := range s.base {
		base[k] = copyObject(v)
	}
	out := JSON{
		"$schema":     "http://json-schema.org/draft-04/schema#",
		"name":        s.name,
		"title":       s.title,
		"created":     oktaTime(s.created),
		"lastUpdated": oktaTime(s.lastUpdated),
		"definitions": JSON{
			"custom": JSON{"id": "#custom", "type": "object", "properties": custom, "required": []any{}},
			"base":   JSON{"id": "#base", "type": "object", "properties": base, "required": toAny(s.baseRequired)},
		},
		"type": "object",
		"properties": JSON{"profile": JSON{"allOf": []any{
			JSON{"$ref": "#/definitions/custom"},
			JSON{"$ref": "#/definitions/base"},
		}}},
	}
	if s.description != "" {
		out["description"] = s.description
	}
	if s.app {
		out["id"] = o.baseURL + "/meta/schemas/apps/" + s.id + "/default"
		return out
	}
	out["id"] = o.baseURL + "/meta/schemas/user/" + s.id
	if t := o.userTypeByID(s.typeID); t != nil && t.isDefault {
		// The default schema names itself "default", as real orgs do.
		out["id"] = o.baseURL + "/meta/schemas/user/default"
	}
	out["_links"] = JSON{
		"self": JSON{"rel": "self", "href": o.baseURL + "/api/v1/meta/schemas/user/" + s.id, "method": "GET"},
		"type": JSON{"rel": "type", "href": o.baseURL + "/api/v1/meta/types/user/" + s.typeID, "method": "GET"},
	}
	return out
}

// newUserSchema is the schema of a new user type: Okta's 31 base attributes, no customs.
func (o *Org) newUserSchema(typeID string, now time.Time) *profileSchema {
	base, required := userBaseProperties()
	s := &profileSchema{id: newID(prefixSchema), name: "user", title: "User",
		description: "Okta user profile template with default permission settings",
		typeID:      typeID, base: base, baseRequired: required, custom: map[string]JSON{}, created: now, lastUpdated: now}
	o.userSchemas = append(o.userSchemas, s)
	return s
}

// newAppSchema creates the app user schema of an app or identity provider.
func (o *Org) newAppSchema(appID, name, title string, base map[string]JSON, required []string, now time.Time) *profileSchema {
	s := &profileSchema{id: appID, app: true, name: name, title: title, base: base, baseRequired: required,
		custom: map[string]JSON{}, created: now, lastUpdated: now}
	o.appSchemas[appID] = s
	return s
}

// userSchema finds a user schema by "default" or by its "osc…" id.
func (o *Org) userSchema(id string) *profileSchema {
	if id == "default" {
		if t := o.defaultUserType(); t != nil {
			id = t.schemaID
		}
	}
	for _, s := range o.userSchemas {
		if s.id == id {
			return s
		}
	}
	return nil
}

func (o *Org) userSchemaOfType(typeID string) *profileSchema {
	for _, s := range o.userSchemas {
		if s.typeID == typeID {
			return s
		}
	}
	return nil
}

func (o *Org) getUserSchema(c *call) reply {
	s := o.userSchema(c.param("schemaId"))
	if s == nil {
		return fail(notFound(c.param("schemaId"), "UserSchema"))
	}
	return okReply(o.renderSchema(s))
}

func (o *Org) getAppSchema(c *call) reply {
	s := o.appSchemas[c.param("appId")]
	if s == nil {
		return fail(notFound(c.param("appId"), "AppInstance"))
	}
	return okReply(o.renderSchema(s))
}

func (o *Org) updateUserSchema(c *call) reply {
	s := o.userSchema(c.param("schemaId"))
	if s == nil {
		return fail(notFound(c.param("schemaId"), "UserSchema"))
	}
	return o.updateSchema(c, s, "updateUserSchemas")
}

func (o *Org) updateAppSchema(c *call) reply {
	s := o.appSchemas[c.param("appId")]
	if s == nil {
		return fail(notFound(c.param("appId"), "AppInstance"))
	}
	return o.updateSchema(c, s, "updateAppUserSchema")
}

// updateSchema applies a partial update: every custom property in the body is added or
// replaced, a property sent as null is removed, and everything else is left alone. The
// whole update is checked before any of it is applied.
func (o *Org) updateSchema(c *call, s *profileSchema, operation string) reply {
	body, err := c.object()
	if err != nil {
		return fail(err)
	}
	props := objAt(body, "definitions", "custom", "properties")
	var causes []string
	for _, name := range sortedKeys(props) {
		if props[name] == nil {
			if cause := o.schemaDeleteBlocked(s, name); cause != "" {
				causes = append(causes, cause)
			}
			continue
		}
		def, isObj := props[name].(map[string]any)
		if !isObj {
			causes = append(causes, fmt.Sprintf("%s: The property definition must be an object.", name)) // exact text unverified
			continue
		}
		causes = append(causes, checkCustomProperty(s, name, def)...)
	}
	if len(causes) > 0 {
		return fail(validationFailed(operation, causes...))
	}
	for _, name := range sortedKeys(props) {
		if props[name] == nil {
			delete(s.custom, name)
			o.dropMappingRowsFor(s, name)
			continue
		}
		s.custom[name] = normalizeCustomProperty(s, props[name].(map[string]any))
	}
	s.lastUpdated = c.now
	o.auditSchemaUpdate(c, s, sortedKeys(props))
	return okReply(o.renderSchema(s))
}

// checkCustomProperty lists why Okta would refuse a custom property definition.
// exact texts unverified: only "Api validation failed" (E0000001) is known for these cases.
func checkCustomProperty(s *profileSchema, name string, def JSON) []string {
	var causes []string
	for base := range s.base {
		if strings.EqualFold(base, name) {
			causes = append(causes, fmt.Sprintf("%s: Property name conflicts with the base property %s.", name, base))
		}
	}
	if slices.ContainsFunc(reservedAttributeNames, func(r string) bool { return strings.EqualFold(r, name) }) {
		causes = append(causes, fmt.Sprintf("%s: Property name is a reserved keyword.", name))
	}
	existing, exists := s.custom[name]
	newType := strAt(def, "type")
	if exists {
		if newType != "" && newType != strAt(existing, "type") {
			causes = append(causes, fmt.Sprintf("%s: The type of an existing property cannot be changed from %s to %s.", name, strAt(existing, "type"), newType))
		} else if it, oldIt := strAt(def, "items", "type"), strAt(existing, "items", "type"); it != "" && oldIt != "" && it != oldIt {
			causes = append(causes, fmt.Sprintf("%s: The type of an existing property cannot be changed from %s of %s to %s of %s.", name, "array", oldIt, "array", it))
		}
		return causes
	}
	if newType == "" {
		causes = append(causes, fmt.Sprintf("%s: type: The field cannot be left blank.", name))
	}
	if strAt(def, "title") == "" {
		causes = append(causes, fmt.Sprintf("%s: title: The field cannot be left blank.", name))
	}
	return causes
}

// normalizeCustomProperty stores a definition the way Okta echoes it: mutability READ_WRITE
// added, "required": false dropped, nulls dropped, scope NONE when not given.
func normalizeCustomProperty(s *profileSchema, def JSON) JSON {
	out := JSON{}
	for k, v := range def {
		if v == nil {
			continue
		}
		out[k] = deepCopy(v)
	}
	if req, isBool := out["required"].(bool); isBool && !req {
		delete(out, "required")
	}
	if _, ok := out["scope"]; !ok {
		out["scope"] = "NONE"
	}
	if !s.app || s.name == "oidc_idp" {
		out["mutability"] = "READ_WRITE"
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
