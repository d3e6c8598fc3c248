package sim

import (
	"regexp"
	"slices"
	"strings"
)

// IdP discovery: which routing rule of the IDP_DISCOVERY policy applies to a sign-in on the
// hosted page. Okta evaluates the ACTIVE rules in priority order and applies the first whose
// conditions the sign-in meets (help.okta.com, "Identity Provider routing rules"); the
// system Default Rule (Okta only) matches everything and comes last.

// routingRequest is what a rule's conditions are matched against.
type routingRequest struct {
	app      *app   // nil: a sign-in to the org itself (no app)
	username string // "" until the person has typed one
}

// applicableRule is the first ACTIVE rule whose conditions req meets. A rule with a user
// identifier condition cannot match before the username is known: the page asks for it
// first (identifier first), and the rule is evaluated again with it.
func (o *Org) applicableRule(req routingRequest) *rule {
	for _, pol := range o.policies {
		if pol.typ != "IDP_DISCOVERY" {
			continue
		}
		for _, r := range pol.rules {
			if r.status == "ACTIVE" && o.ruleMatches(r, req) {
				return r
			}
		}
	}
	return nil
}

func (o *Org) ruleMatches(r *rule, req routingRequest) bool {
	cond := objAt(r.body, "conditions")
	// The simulated org has no network zones, and sign-ins come from loopback: a rule limited
	// to zones matches no one. Platforms are not simulated: every sign-in is a desktop browser.
	if strings.EqualFold(strAt(cond, "network", "connection"), "ZONE") {
		return false
	}
	return ruleAdmitsApp(cond, req.app) && o.userIdentifierMatches(objAt(cond, "userIdentifier"), req.username)
}

// ruleAdmitsApp applies conditions.app: an entry is an app instance ({type APP, id}) or an
// app type ({type APP_TYPE, name}, e.g. "oidc_client"). Empty include means every app; the
// org's own sign-in (no app) is admitted only by a rule that names no app to include.
func ruleAdmitsApp(cond JSON, a *app) bool {
	matches := func(list []JSON) bool {
		if a == nil {
			return false
		}
		return slices.ContainsFunc(list, func(e JSON) bool {
			switch strAt(e, "type") {
			case "APP":
				return strAt(e, "id") == a.id
			case "APP_TYPE":
				return strAt(e, "name") == strAt(a.body, "name")
			}
			return false
		})
	}
	include := objectList(at(cond, "app", "include"))
	exclude := objectList(at(cond, "app", "exclude"))
	if matches(exclude) {
		return false
	}
	return len(include) == 0 || matches(include)
}

// userIdentifierMatches applies conditions.userIdentifier: no patterns match everyone; else
// any pattern matching the username (type IDENTIFIER) or the named profile attribute of the
// user with that username (type ATTRIBUTE) does.
func (o *Org) userIdentifierMatches(cond JSON, username string) bool {
	patterns := objectList(at(cond, "patterns"))
	if len(patterns) == 0 {
		return true
	}
	if username == "" {
		return false
	}
	value := username
	if strAt(cond, "type") == "ATTRIBUTE" {
		u := o.userByKey(username)
		if u == nil {
			return false
		}
		value = strAt(u.profile, strAt(cond, "attribute"))
	}
	for _, p := range patterns {
		if patternMatches(strAt(p, "matchType"), strAt(p, "value"), value) {
			return true
		}
	}
	return false
}

// patternMatches is one pattern of a user identifier condition. String matches ignore case
// (logins are case-insensitive in Okta); EXPRESSION is a regular expression over the whole
// value. // case handling unverified
func patternMatches(matchType, pattern, value string) bool {
	v, p := strings.ToLower(value), strings.ToLower(pattern)
	switch matchType {
	case "EQUALS":
		return v == p
	case "CONTAINS":
		return strings.Contains(v, p)
	case "STARTS_WITH":
		return strings.HasPrefix(v, p)
	case "SUFFIX":
		return strings.HasSuffix(v, p)
	case "EXPRESSION":
		re, err := regexp.Compile("^(?:" + pattern + ")$")
		return err == nil && re.MatchString(value)
	}
	return false
}

// ruleIdPs are the rule's providers that are ACTIVE identity providers of the org, in the
// rule's order, and whether the rule also offers Okta itself.
func (o *Org) ruleIdPs(r *rule) (idps []*idp, offersOkta bool) {
	for _, prov := range objectList(at(r.body, "actions", "idp", "providers")) {
		if slices.Contains(providersWithoutID, strAt(prov, "type")) {
			offersOkta = offersOkta || strAt(prov, "type") == "OKTA"
			continue
		}
		if p := o.idpByID(strAt(prov, "id")); p != nil && p.status == "ACTIVE" {
			idps = append(idps, p)
		}
	}
	return idps, offersOkta
}
