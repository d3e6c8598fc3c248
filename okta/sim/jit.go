package sim

import (
	"fmt"
	"reflect"
	"strings"
)

// From the upstream identity to an Okta user, the way Okta uses the IdP object: the IdP
// profile from the claims (each attribute read from the claim its externalName names), the
// username template, account linking by matchType, JIT provisioning, and the IdP → user
// profile mapping.

// completeSignIn finishes a sign-in whose upstream part succeeded. Call with mu held.
func (o *Org) completeSignIn(c *call, txn *upstreamTxn, id *upstreamIdentity) reply {
	p := o.idpByID(txn.idpID)
	if p == nil {
		return o.failSignIn(c, txn, failf(reasonIdPDeleted))
	}
	profile := o.idpProfile(p.id, id.claims)
	username, fail := transformUsername(p, profile)
	if fail != nil {
		return o.failSignIn(c, txn, fail)
	}
	u, fail := o.resolveUser(c, txn, p, id.subject, username, profile)
	if fail != nil {
		fail.username = username
		return o.failSignIn(c, txn, fail)
	}
	o.linkIdPUser(p.id, u, id.subject, profile, c.now)
	u.lastLogin = c.now
	o.logSignIn(c, signInEvent{eventType: "user.authentication.auth_via_IDP", message: "Authenticate user via IDP",
		user: u, targets: o.signInTargets(p, txn.app), txnID: txn.id, debug: JSON{"idpId": p.id}})
	s := o.startSession(u, p.id, c.now)
	o.logSignIn(c, signInEvent{eventType: "user.session.start", message: "User login to Okta", user: u, txnID: txn.id,
		debug: JSON{"idpId": p.id}})
	if txn.app == nil {
		return setSessionCookie(redirectReply(o.baseURL+"/app/UserHome"), s)
	}
	return setSessionCookie(o.issueToApp(c, txn.app, u, s, txn.id), s)
}

// idpProfile is the IdP-side profile: every attribute of the IdP's profile schema (base and
// custom) read from the claim its externalName names (dotted names walk into objects, as
// address.locality), null where the claim is absent — Okta's API reference shows the IdP
// user profile with null attributes ("firstName": null). Claims without an attribute are
// dropped, as Okta drops them.
func (o *Org) idpProfile(idpID string, claims JSON) JSON {
	profile := JSON{}
	s := o.appSchemas[idpID]
	if s == nil {
		return profile
	}
	for _, props := range []map[string]JSON{s.base, s.custom} {
		for name, def := range props {
			claim := strAt(def, "externalName")
			if claim == "" {
				claim = name
			}
			profile[name] = deepCopy(at(claims, strings.Split(claim, ".")...))
		}
	}
	return profile
}

// transformUsername evaluates policy.subject.userNameTemplate.template (idpuser.email in the
// guide). An empty result is Okta's "Unable to transform email to username".
func transformUsername(p *idp, profile JSON) (string, *signInFailure) {
	tmpl := strAt(p.body, "policy", "subject", "userNameTemplate", "template")
	v, err := evalExpression(tmpl, "idpuser", profile)
	if err != nil {
		return "", failf("Unable to transform the username: the IdP username template %q is not supported by the simulated org: %v", tmpl, err)
	}
	if s, _ := v.(string); strings.TrimSpace(s) != "" {
		return s, nil
	}
	what := tmpl
	if ref, ok := strings.CutPrefix(tmpl, "idpuser."); ok {
		what = ref
	}
	return "", failf("Unable to transform %s to username", what)
}

// resolveUser finds the Okta user for an upstream subject — the linked user, else a match by
// matchType — or creates one just in time, and applies the profile mapping. Call with mu held.
func (o *Org) resolveUser(c *call, txn *upstreamTxn, p *idp, subject, username string, profile JSON) (*user, *signInFailure) {
	var u *user
	if l := o.idpUserByExternalID(p.id, subject); l != nil {
		u = o.userByKey(l.userID)
	}
	if u == nil {
		u = o.matchUser(p, username)
	}
	if u == nil {
		return o.provisionUser(c, txn, p, username, profile)
	}
	if u.status != "ACTIVE" {
		return nil, &signInFailure{reason: "User is not active", user: u} // exact text unverified
	}
	if profileMaster, _ := at(p.body, "policy", "provisioning", "profileMaster").(bool); !profileMaster {
		return u, nil
	}
	// "Update attributes for existing users": only PUSH rows update an existing user.
	updates, fail := o.mappedProfile(p.id, u.typeID, profile, true)
	if fail != nil {
		fail.user = u
		return nil, fail
	}
	changed := false
	for k, v := range updates {
		if k == "login" {
			continue // the username is the account's key; a mapping does not rename it
		}
		if old, ok := u.profile[k]; !ok || !reflect.DeepEqual(old, v) {
			u.profile[k] = v
			changed = true
		}
	}
	if changed {
		u.lastUpdated = c.now
		o.logSignIn(c, signInEvent{eventType: "user.account.update_profile", message: "Update user profile for Okta",
			user: u, targets: []logTarget{userTarget(u)}, txnID: txn.id, debug: JSON{"changedAttributes": strings.Join(sortedKeys(updates), ",")}})
	}
	return u, nil
}

// matchUser applies policy.subject.matchType to the transformed username.
func (o *Org) matchUser(p *idp, username string) *user {
	matchType := strAt(p.body, "policy", "subject", "matchType")
	attr := strAt(p.body, "policy", "subject", "matchAttribute")
	for _, u := range o.users {
		login, email := strAt(u.profile, "login"), strAt(u.profile, "email")
		var hit bool
		switch matchType {
		case "EMAIL":
			hit = strings.EqualFold(email, username)
		case "USERNAME_OR_EMAIL":
			hit = strings.EqualFold(login, username) || strings.EqualFold(email, username)
		case "CUSTOM_ATTRIBUTE":
			hit = attr != "" && fmt.Sprint(u.profile[attr]) == username
		default: // USERNAME
			hit = strings.EqualFold(login, username)
		}
		if hit {
			return u
		}
	}
	return nil
}

// provisionUser creates the user just in time, when the IdP's provisioning action is AUTO
// and the org's JIT setting is on. Every mapping row applies on create.
func (o *Org) provisionUser(c *call, txn *upstreamTxn, p *idp, username string, profile JSON) (*user, *signInFailure) {
	if strAt(p.body, "policy", "provisioning", "action") != "AUTO" {
		return nil, failf("User Not Found")
	}
	if !o.fed.jitEnabled {
		return nil, failf("JIT not enabled at org level")
	}
	typ := o.defaultUserType()
	attrs, fail := o.mappedProfile(p.id, typ.id, profile, false)
	if fail != nil {
		return nil, fail
	}
	attrs["login"] = username
	if o.userByKey(username) != nil {
		return nil, failf("Unable to JIT provision the user: login: An object with this field already exists in the current organization")
	}
	if s := o.userSchemaOfType(typ.id); s != nil {
		for _, name := range s.baseRequired {
			if v, _ := attrs[name].(string); strings.TrimSpace(v) == "" {
				return nil, failf("Unable to JIT provision the user: %s: The field cannot be left blank.", name) // exact text unverified
			}
		}
	}
	u := o.createUser(newUserInput{Profile: attrs, TypeID: typ.id, Provider: "FEDERATION"}, c.now)
	o.logSignIn(c, signInEvent{eventType: "user.lifecycle.create", message: "Create Okta user", user: u,
		targets: []logTarget{userTarget(u)}, txnID: txn.id, debug: JSON{"idpId": p.id, "provisioning": "JIT"}})
	return u, nil
}

// mappedProfile evaluates the IdP → user type mapping over the IdP profile: every row, or
// only the PUSH rows. A row whose expression the simulation cannot evaluate fails the
// sign-in rather than leave an attribute silently wrong.
func (o *Org) mappedProfile(idpID, typeID string, profile JSON, pushOnly bool) (JSON, *signInFailure) {
	out := JSON{}
	var m *mapping
	for _, candidate := range o.mappings {
		if candidate.sourceID == idpID && candidate.targetTypeID == typeID {
			m = candidate
		}
	}
	if m == nil {
		return out, nil
	}
	for _, attr := range sortedKeys(m.properties) {
		row := m.properties[attr]
		if pushOnly && strAt(row, "pushStatus") != "PUSH" {
			continue
		}
		expr := strAt(row, "expression")
		v, err := evalExpression(expr, "appuser", profile)
		if err != nil {
			return nil, failf("The profile mapping of %s uses an expression the simulated org cannot evaluate: %s (%v)", attr, expr, err)
		}
		out[attr] = v
	}
	return out, nil
}
