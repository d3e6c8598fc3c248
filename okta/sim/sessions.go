package sim

import (
	"net/http"
	"time"
)

// sessionCookie is the name of Okta's session cookie.
const sessionCookie = "sid"

// sessionOf is the live session of the browser making the call, or nil. Call with mu held.
func (o *Org) sessionOf(c *call) *session {
	ck, err := c.req.Cookie(sessionCookie)
	if err != nil {
		return nil
	}
	s := o.fed.sessions[ck.Value]
	if s == nil {
		return nil
	}
	if c.now.After(s.expires) {
		delete(o.fed.sessions, s.id)
		return nil
	}
	if u := o.userByKey(s.userID); u == nil || u.status != "ACTIVE" {
		return nil
	}
	return s
}

// startSession opens a session for a user who signed in through an IdP. Call with mu held.
func (o *Org) startSession(u *user, idpID string, now time.Time) *session {
	s := &session{id: "102" + randomString(22), userID: u.id, idpID: idpID, authTime: now, expires: now.Add(sessionLifetime)}
	o.fed.sessions[s.id] = s
	return s
}

// setSessionCookie adds the session cookie to a reply.
func setSessionCookie(rep reply, s *session) reply {
	ck := &http.Cookie{Name: sessionCookie, Value: s.id, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode}
	if rep.header == nil {
		rep.header = http.Header{}
	}
	rep.header.Add("Set-Cookie", ck.String())
	return rep
}
