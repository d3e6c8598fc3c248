package sim

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// The Okta-hosted sign-in page and the end-user dashboard. The page offers a "Sign in with
// <IdP>" button only for what the IdP Discovery policy's first applicable ACTIVE rule lists:
// an INACTIVE rule is skipped, so a rule saved without activation shows no button — the
// guide's "button not appearing" trap.

// orgHome serves GET /: the dashboard with a session, the sign-in page without.
func (o *Org) orgHome(c *call) reply {
	if o.sessionOf(c) != nil {
		return redirectReply(o.baseURL + "/app/UserHome")
	}
	return redirectReply(o.baseURL + "/login/login.htm")
}

type idpButton struct {
	ID, Name string
	Href     string
}

type signinPageData struct {
	OrgName string
	Key     string
	Message string
	IdPs    []idpButton
}

// signinPage serves GET /login/login.htm; okta_key keeps an app's authorize request.
func (o *Org) signinPage(c *call) reply {
	return o.renderSignin(c, c.query.Get("okta_key"), "", http.StatusOK)
}

// signinSubmit serves POST /login/login.htm: the username and password form is a stub.
func (o *Org) signinSubmit(c *call) reply {
	form, _ := url.ParseQuery(string(c.body))
	return o.renderSignin(c, form.Get("okta_key"), "Sign-in failed: this simulated org only signs in through identity providers.", http.StatusUnauthorized)
}

func (o *Org) renderSignin(c *call, key, message string, status int) reply {
	req, ok := o.pendingAppRequest(key, c.now)
	if !ok {
		return errorPage(http.StatusBadRequest, "Sign-in expired", "This sign-in request has expired. Start again from the application.")
	}
	data := signinPageData{OrgName: "Simulated Okta org", Key: key, Message: message}
	appID := ""
	if req != nil {
		appID = req.appID
	}
	for _, p := range o.offeredIdPs(appID) {
		href := "/sso/idps/" + p.id
		if key != "" {
			href += "?" + url.Values{"okta_key": {key}}.Encode()
		}
		data.IdPs = append(data.IdPs, idpButton{ID: p.id, Name: p.name(), Href: href})
	}
	return htmlReply(status, "signin", data)
}

// offeredIdPs evaluates the IDP_DISCOVERY policy for the hosted page: the ACTIVE rules in
// priority order, the first whose app condition admits the app (appID "" = the org itself)
// applies, and its ACTIVE OIDC providers become buttons. The system Default Rule (Okta only)
// offers none.
func (o *Org) offeredIdPs(appID string) []*idp {
	for _, pol := range o.policies {
		if pol.typ != "IDP_DISCOVERY" {
			continue
		}
		for _, r := range pol.rules {
			if r.status != "ACTIVE" || !ruleAdmitsApp(r, appID) {
				continue
			}
			var out []*idp
			for _, prov := range objectList(at(r.body, "actions", "idp", "providers")) {
				if !strings.EqualFold(strAt(prov, "type"), "OIDC") {
					continue
				}
				if p := o.idpByID(strAt(prov, "id")); p != nil && p.status == "ACTIVE" {
					out = append(out, p)
				}
			}
			return out
		}
	}
	return nil
}

// ruleAdmitsApp applies a rule's conditions.app: empty include means every app.
func ruleAdmitsApp(r *rule, appID string) bool {
	matches := func(list []JSON) bool {
		return slices.ContainsFunc(list, func(e JSON) bool { return strAt(e, "type") == "APP" && strAt(e, "id") == appID && appID != "" })
	}
	include := objectList(at(r.body, "conditions", "app", "include"))
	exclude := objectList(at(r.body, "conditions", "app", "exclude"))
	if matches(exclude) {
		return false
	}
	return len(include) == 0 || matches(include)
}

// dashboard serves GET /app/UserHome, where a sign-in to the org itself lands.
func (o *Org) dashboard(c *call) reply {
	s := o.sessionOf(c)
	if s == nil {
		return redirectReply(o.baseURL + "/login/login.htm")
	}
	u := o.userByKey(s.userID)
	data := struct{ Name, Login, UserID, IdPID, IdPName string }{
		Name:   userActor(u).displayName,
		Login:  strAt(u.profile, "login"),
		UserID: u.id,
		IdPID:  s.idpID,
	}
	if p := o.idpByID(s.idpID); p != nil {
		data.IdPName = p.name()
	}
	return htmlReply(http.StatusOK, "dashboard", data)
}
