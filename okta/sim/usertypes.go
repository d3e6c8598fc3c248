package sim

import "time"

// userType is an Okta user type ("oty…"); each has its own user schema ("osc…").
type userType struct {
	seq          int64
	id           string
	name         string
	displayName  string
	description  string
	isDefault    bool
	schemaID     string
	created      time.Time
	lastUpdated  time.Time
	createdByUID string
}

func (o *Org) renderUserType(t *userType) JSON {
	return JSON{
		"id":            t.id,
		"displayName":   t.displayName,
		"name":          t.name,
		"description":   t.description,
		"createdBy":     t.createdByUID,
		"lastUpdatedBy": t.createdByUID,
		"created":       oktaTime(t.created),
		"lastUpdated":   oktaTime(t.lastUpdated),
		"default":       t.isDefault,
		"_links": JSON{
			"schema": JSON{"rel": "schema", "href": o.baseURL + "/api/v1/meta/schemas/user/" + t.schemaID, "method": "GET"},
			"self":   JSON{"rel": "self", "href": o.baseURL + "/api/v1/meta/types/user/" + t.id, "method": "GET"},
		},
	}
}

func (o *Org) userTypeByID(id string) *userType {
	for _, t := range o.userTypes {
		if t.id == id {
			return t
		}
	}
	return nil
}

func (o *Org) defaultUserType() *userType {
	for _, t := range o.userTypes {
		if t.isDefault {
			return t
		}
	}
	return nil
}

func (o *Org) listUserTypes(c *call) reply {
	return listPage(c, o.userTypes, func(t *userType) int64 { return t.seq }, o.renderUserType, typesDefaultLimit, typesMaxLimit)
}

func (o *Org) getUserType(c *call) reply {
	t := o.userTypeByID(c.param("typeId"))
	if t == nil {
		return fail(notFound(c.param("typeId"), "UserType"))
	}
	return okReply(o.renderUserType(t))
}
