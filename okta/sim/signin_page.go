package sim

import (
	"net/http"
	"net/url"
	"strings"
)

// The Okta-hosted sign-in page and the end-user dashboard. The page offers a "Sign in with
// <IdP>" button only for what the IdP Discovery policy's first applicable ACTIVE rule lists
// (routing.go): an INACTIVE rule is skipped, so a rule saved without activation shows no
// button — the guide's "button not appearing" trap. On a Classic org a rule that routes to
// one identity provider sends the person straight there.

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
	key := c.query.Get("okta_key")
	req, ok := o.pendingAppRequest(key, c.now)
	if !ok {
		return signinExpired()
	}
	r := o.applicableRule(routingRequest{app: o.appOf(req)})
	if p := o.classicRedirect(r); p != nil {
		return o.redirectToIdP(c, p.id, req)
	}
	return o.renderSignin(key, r, "", http.StatusOK)
}

// classicRedirect is the identity provider a Classic org sends the person to without showing
// its page: the applicable rule routes to that one IdP (a Classic rule names one provider).
// inferred, unverified: Okta's docs say a routing rule "directs" users to an IdP, and the
// Classic sign-in widget's IdP discovery redirects the browser itself; here the page answers
// with the redirect. An Identity Engine rule keeps showing buttons (okta-api.md §11.1 asks
// what a lone-IdP rule does there).
func (o *Org) classicRedirect(r *rule) *idp {
	if !o.classic() || r == nil {
		return nil
	}
	idps, offersOkta := o.ruleIdPs(r)
	if len(idps) != 1 || offersOkta {
		return nil
	}
	return idps[0]
}

// signinSubmit serves POST /login/login.htm. The username is evaluated against the routing
// rules first (identifier first): a rule whose user identifier condition matches it and
// which routes to one identity provider sends the person there. Otherwise the username and
// password form is a stub: this org signs people in only through identity providers.
func (o *Org) signinSubmit(c *call) reply {
	form, _ := url.ParseQuery(string(c.body))
	key := form.Get("okta_key")
	req, ok := o.pendingAppRequest(key, c.now)
	if !ok {
		return signinExpired()
	}
	a := o.appOf(req)
	if username := strings.TrimSpace(form.Get("username")); username != "" {
		if r := o.applicableRule(routingRequest{app: a, username: username}); r != nil && hasUserIdentifierCondition(r) {
			// "If a User Identifier Condition is defined together with an OKTA provider,
			// sign-in requests are handled by Okta exclusively" (Okta's policy reference).
			if idps, offersOkta := o.ruleIdPs(r); len(idps) == 1 && !offersOkta {
				return o.redirectToIdP(c, idps[0].id, req)
			}
		}
	}
	return o.renderSignin(key, o.applicableRule(routingRequest{app: a}),
		"Sign-in failed: this simulated org only signs in through identity providers.", http.StatusUnauthorized)
}

func hasUserIdentifierCondition(r *rule) bool {
	return len(objectList(at(r.body, "conditions", "userIdentifier", "patterns"))) > 0
}

func signinExpired() reply {
	return errorPage(http.StatusBadRequest, "Sign-in expired", "This sign-in request has expired. Start again from the application.")
}

// renderSignin draws the page with a "Sign in with <IdP>" button for each ACTIVE identity
// provider of the applicable rule. The system Default Rule (Okta only) offers none.
func (o *Org) renderSignin(key string, r *rule, message string, status int) reply {
	data := signinPageData{OrgName: "Simulated Okta org", Key: key, Message: message}
	if r != nil {
		idps, _ := o.ruleIdPs(r)
		for _, p := range idps {
			href := "/sso/idps/" + p.id
			if key != "" {
				href += "?" + url.Values{"okta_key": {key}}.Encode()
			}
			data.IdPs = append(data.IdPs, idpButton{ID: p.id, Name: p.name(), Href: href})
		}
	}
	return htmlReply(status, "signin", data)
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
