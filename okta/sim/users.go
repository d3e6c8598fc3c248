package sim

import (
	"strings"
	"time"
)

// user is an Okta user ("00u…").
type user struct {
	seq         int64
	id          string
	status      string
	typeID      string
	provider    string // credentials.provider.type: "OKTA" for seeded admins, "FEDERATION" for JIT users
	profile     JSON
	created     time.Time
	lastUpdated time.Time
	lastLogin   time.Time // zero until a sign-in
}

// newUserInput is what createUser needs; federation (JIT provisioning) reuses it.
type newUserInput struct {
	Profile  JSON   // must hold login, email, firstName, lastName
	TypeID   string // "" = the default user type
	Provider string // "OKTA" or "FEDERATION"
}

// createUser adds an ACTIVE user. Call with mu held.
func (o *Org) createUser(in newUserInput, now time.Time) *user {
	typeID := in.TypeID
	if typeID == "" {
		typeID = o.defaultUserType().id
	}
	provider := in.Provider
	if provider == "" {
		provider = "OKTA"
	}
	u := &user{seq: o.nextSeq(), id: newID(prefixUser), status: "ACTIVE", typeID: typeID, provider: provider,
		profile: copyObject(in.Profile), created: now, lastUpdated: now}
	o.users = append(o.users, u)
	return u
}

func (o *Org) renderUser(u *user) JSON {
	creds := JSON{"provider": JSON{"type": u.provider, "name": u.provider}}
	if u.provider == "OKTA" {
		creds["password"] = JSON{}
		if email := strAt(u.profile, "email"); email != "" {
			creds["emails"] = []any{JSON{"value": email, "status": "VERIFIED", "type": "PRIMARY"}}
		}
	}
	var lastLogin any
	if !u.lastLogin.IsZero() {
		lastLogin = oktaTime(u.lastLogin)
	}
	var passwordChanged any
	if u.provider == "OKTA" {
		passwordChanged = oktaTime(u.created)
	}
	return JSON{
		"id":              u.id,
		"status":          u.status,
		"created":         oktaTime(u.created),
		"activated":       oktaTime(u.created),
		"statusChanged":   oktaTime(u.created),
		"lastLogin":       lastLogin,
		"lastUpdated":     oktaTime(u.lastUpdated),
		"passwordChanged": passwordChanged,
		"type":            JSON{"id": u.typeID},
		"profile":         copyObject(u.profile),
		"credentials":     creds,
		"_links":          JSON{"self": link(o.baseURL + "/api/v1/users/" + u.id)},
	}
}

// userByKey finds a user by id or login (GET /api/v1/users/{idOrLogin} accepts both).
func (o *Org) userByKey(key string) *user {
	for _, u := range o.users {
		if u.id == key || strings.EqualFold(strAt(u.profile, "login"), key) {
			return u
		}
	}
	return nil
}

func (o *Org) getUser(c *call) reply {
	key := c.param("userId")
	var u *user
	if key == "me" {
		u = c.principal.user
	} else {
		u = o.userByKey(key)
	}
	if u == nil {
		return fail(notFound(key, "User"))
	}
	return okReply(o.renderUser(u))
}

// listUsers supports q (startsWith on firstName, lastName or email) and filter.
func (o *Org) listUsers(c *call) reply {
	f, err := c.filterQuery()
	if err != nil {
		return fail(err)
	}
	// search takes the same expressions as filter, over every profile attribute (custom
	// ones included), which filter does not (Users API, "List users with search").
	search, err := c.expressionQuery("search")
	if err != nil {
		return fail(err)
	}
	q := strings.ToLower(c.query.Get("q"))
	var hits []*user
	for _, u := range o.users {
		if search != nil && !search.match(o.renderUser(u)) {
			continue
		}
		if q != "" && !anyHasPrefix(q, strAt(u.profile, "firstName"), strAt(u.profile, "lastName"), strAt(u.profile, "email")) {
			continue
		}
		if f != nil && !f.match(o.renderUser(u)) {
			continue
		}
		hits = append(hits, u)
	}
	return listPage(c, hits, func(u *user) int64 { return u.seq }, o.renderUser, usersDefaultLimit, usersMaxLimit)
}

// anyHasPrefix reports whether one of the values starts with prefix (lower-case), ignoring case.
func anyHasPrefix(prefix string, values ...string) bool {
	for _, v := range values {
		if strings.HasPrefix(strings.ToLower(v), prefix) {
			return true
		}
	}
	return false
}

// listUserRoles answers the admin roles of the seeded admins (none for anyone else).
func (o *Org) listUserRoles(c *call) reply {
	u := o.userByKey(c.param("userId"))
	if u == nil {
		return fail(notFound(c.param("userId"), "User"))
	}
	roles := []JSON{}
	if role := o.roleOf(u); role != "" {
		label := map[string]string{"SUPER_ADMIN": "Super Administrator", "READ_ONLY_ADMIN": "Read-only Administrator"}[role]
		roles = append(roles, JSON{
			"id":             prefixRole + u.id[3:],
			"label":          label,
			"type":           role,
			"status":         "ACTIVE",
			"created":        oktaTime(u.created),
			"lastUpdated":    oktaTime(u.created),
			"assignmentType": "USER",
			"_links":         JSON{"assignee": link(o.baseURL + "/api/v1/users/" + u.id)},
		})
	}
	return okReply(roles)
}
