package sim

import (
	"slices"
	"time"
)

// idpUser links an Okta user to an identity provider: the upstream subject (externalId) and
// the IdP profile Okta extracted at the last sign-in. Federation creates them; the management
// API only reads them.
type idpUser struct {
	seq         int64
	idpID       string
	userID      string
	externalID  string
	profile     JSON
	created     time.Time
	lastUpdated time.Time
}

// linkIdPUser records (or refreshes) the link between an IdP subject and an Okta user.
// Call with mu held.
func (o *Org) linkIdPUser(idpID string, u *user, externalID string, profile JSON, now time.Time) *idpUser {
	if l := o.idpUserByExternalID(idpID, externalID); l != nil {
		l.profile, l.lastUpdated = copyObject(profile), now
		return l
	}
	l := &idpUser{seq: o.nextSeq(), idpID: idpID, userID: u.id, externalID: externalID, profile: copyObject(profile), created: now, lastUpdated: now}
	o.idpUsers = append(o.idpUsers, l)
	return l
}

// idpUserByExternalID finds the link of an upstream subject, for account linking.
func (o *Org) idpUserByExternalID(idpID, externalID string) *idpUser {
	for _, l := range o.idpUsers {
		if l.idpID == idpID && l.externalID == externalID {
			return l
		}
	}
	return nil
}

func (o *Org) unlinkIdPUsers(idpID string) {
	o.idpUsers = slices.DeleteFunc(o.idpUsers, func(l *idpUser) bool { return l.idpID == idpID })
}

func (o *Org) renderIdPUser(l *idpUser) JSON {
	return JSON{
		"id":          l.userID,
		"externalId":  l.externalID,
		"created":     oktaTime(l.created),
		"lastUpdated": oktaTime(l.lastUpdated),
		"profile":     copyObject(l.profile),
		"_links": JSON{
			"self": link(o.baseURL+"/api/v1/idps/"+l.idpID+"/users/"+l.userID, "GET", "DELETE"),
			"idp":  link(o.baseURL + "/api/v1/idps/" + l.idpID),
			"user": link(o.baseURL + "/api/v1/users/" + l.userID),
		},
	}
}

func (o *Org) listIdPUsers(c *call) reply {
	id := c.param("idpId")
	if o.idpByID(id) == nil {
		return fail(notFound(id, "IdentityProvider"))
	}
	var hits []*idpUser
	for _, l := range o.idpUsers {
		if l.idpID == id {
			hits = append(hits, l)
		}
	}
	return listPage(c, hits, func(l *idpUser) int64 { return l.seq }, o.renderIdPUser, usersDefaultLimit, usersMaxLimit)
}

func (o *Org) getIdPUser(c *call) reply {
	id, userID := c.param("idpId"), c.param("userId")
	if o.idpByID(id) == nil {
		// The kind Okta's API reference shows for this endpoint's unknown IdP.
		return fail(notFound(id, "IdpAppInstance"))
	}
	for _, l := range o.idpUsers {
		if l.idpID == id && l.userID == userID {
			return okReply(o.renderIdPUser(l))
		}
	}
	return fail(notFound(userID, "IdpAppUser"))
}
