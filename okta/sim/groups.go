package sim

import (
	"slices"
	"strings"
	"time"
)

// group is an Okta group ("00g…"): the BUILT_IN Everyone group or an OKTA_GROUP.
type group struct {
	seq         int64
	id          string
	typ         string
	name        string
	description string
	created     time.Time
	lastUpdated time.Time
}

func (o *Org) renderGroup(g *group) JSON {
	self := o.baseURL + "/api/v1/groups/" + g.id
	return JSON{
		"id":                    g.id,
		"created":               oktaTime(g.created),
		"lastUpdated":           oktaTime(g.lastUpdated),
		"lastMembershipUpdated": oktaTime(g.lastUpdated),
		"objectClass":           []any{"okta:user_group"},
		"type":                  g.typ,
		"profile":               JSON{"name": g.name, "description": g.description},
		"_links": JSON{
			"logo": []any{
				JSON{"name": "medium", "href": o.baseURL + "/assets/img/logos/groups/okta-medium.png", "type": "image/png"},
				JSON{"name": "large", "href": o.baseURL + "/assets/img/logos/groups/okta-large.png", "type": "image/png"},
			},
			"users": link(self + "/users"),
			"apps":  link(self + "/apps"),
		},
	}
}

func (o *Org) groupByID(id string) *group {
	for _, g := range o.groups {
		if g.id == id {
			return g
		}
	}
	return nil
}

// listGroups: q matches group names by prefix (ignoring case); filter works on the group
// JSON, e.g. type eq "BUILT_IN".
func (o *Org) listGroups(c *call) reply {
	q := strings.ToLower(c.query.Get("q"))
	f, err := c.filterQuery()
	if err != nil {
		return fail(err)
	}
	var hits []*group
	for _, g := range o.groups {
		if q != "" && !strings.HasPrefix(strings.ToLower(g.name), q) {
			continue
		}
		if f != nil && !f.match(o.renderGroup(g)) {
			continue
		}
		hits = append(hits, g)
	}
	return listPage(c, hits, func(g *group) int64 { return g.seq }, o.renderGroup, groupsDefaultLimit, groupsMaxLimit)
}

func (o *Org) getGroup(c *call) reply {
	g := o.groupByID(c.param("groupId"))
	if g == nil {
		return fail(notFound(c.param("groupId"), "UserGroup"))
	}
	return okReply(o.renderGroup(g))
}

func (o *Org) renderAppGroup(a *app, ag *appGroup) JSON {
	return JSON{
		"id":          ag.groupID,
		"lastUpdated": oktaTime(ag.lastUpdated),
		"priority":    ag.priority,
		"_links": JSON{
			"app":   link(o.baseURL + "/api/v1/apps/" + a.id),
			"self":  link(o.baseURL + "/api/v1/apps/" + a.id + "/groups/" + ag.groupID),
			"group": link(o.baseURL + "/api/v1/groups/" + ag.groupID),
		},
	}
}

func (o *Org) listAppGroups(c *call) reply {
	a := o.appByID(c.param("appId"))
	if a == nil {
		return fail(notFound(c.param("appId"), "AppInstance"))
	}
	rep := okReply(renderAll(a.groups, func(ag *appGroup) JSON { return o.renderAppGroup(a, ag) }))
	rep.links = []string{c.selfLink()}
	return rep
}

// assignGroup is PUT /api/v1/apps/{appId}/groups/{groupId}: it creates or updates the
// assignment (body {} or {"priority": n}) and answers the assignment.
func (o *Org) assignGroup(c *call) reply {
	a := o.appByID(c.param("appId"))
	if a == nil {
		return fail(notFound(c.param("appId"), "AppInstance"))
	}
	g := o.groupByID(c.param("groupId"))
	if g == nil {
		return fail(notFound(c.param("groupId"), "UserGroup"))
	}
	body := JSON{}
	if len(strings.TrimSpace(string(c.body))) > 0 {
		var err *apiError
		if body, err = c.object(); err != nil {
			return fail(err)
		}
	}
	idx := slices.IndexFunc(a.groups, func(ag *appGroup) bool { return ag.groupID == g.id })
	var ag *appGroup
	if idx >= 0 {
		ag = a.groups[idx]
	} else {
		ag = &appGroup{groupID: g.id, priority: len(a.groups)}
		a.groups = append(a.groups, ag)
	}
	if p, ok := intAt(body, "priority"); ok {
		ag.priority = p
	}
	ag.lastUpdated = c.now
	o.audit(c, "group.application_assignment.add", "Add assigned application to group", appTarget(a),
		logTarget{id: g.id, typ: "UserGroup", alternateID: "unknown", displayName: g.name})
	return okReply(o.renderAppGroup(a, ag))
}

func (o *Org) unassignGroup(c *call) reply {
	a := o.appByID(c.param("appId"))
	if a == nil {
		return fail(notFound(c.param("appId"), "AppInstance"))
	}
	idx := slices.IndexFunc(a.groups, func(ag *appGroup) bool { return ag.groupID == c.param("groupId") })
	if idx < 0 {
		return fail(notFound(c.param("groupId"), "AppGroupAssignment"))
	}
	a.groups = slices.Delete(a.groups, idx, idx+1)
	g := o.groupByID(c.param("groupId"))
	name := ""
	if g != nil {
		name = g.name
	}
	o.audit(c, "group.application_assignment.remove", "Remove assigned application from group", appTarget(a),
		logTarget{id: c.param("groupId"), typ: "UserGroup", alternateID: "unknown", displayName: name})
	return noContent()
}
