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
		fail.userStage = true
		return o.failSignIn(c, txn, fail)
	}
	u, how, fail := o.resolveUser(c, txn, p, id.subject, username, profile)
	if fail != nil {
		fail.username, fail.userStage = username, true
		return o.failSignIn(c, txn, fail)
	}
	o.linkIdPUser(p.id, u, id.subject, profile, c.now)
	u.lastLogin = c.now
	o.logIdPAuthentication(c, txn, idpOutcome{success: how, userStage: true, user: u})
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
// matchType (account linking) — or creates one just in time, and applies the profile
// mapping. how says which (the success reason of the sign-in). Call with mu held.
func (o *Org) resolveUser(c *call, txn *upstreamTxn, p *idp, subject, username string, profile JSON) (u *user, how string, fail *signInFailure) {
	how = reasonLinked
	if l := o.idpUserByExternalID(p.id, subject); l != nil {
		u, how = o.userByKey(l.userID), ""
	}
	if u == nil {
		u, how = o.matchUser(p, username), reasonLinked
	}
	if u == nil {
		u, fail = o.provisionUser(c, txn, p, username, profile)
		return u, reasonJIT, fail
	}
	if u.status != "ACTIVE" {
		return nil, "", &signInFailure{reason: "User is not active", user: u} // exact text unverified
	}
	if profileMaster, _ := at(p.body, "policy", "provisioning", "profileMaster").(bool); !profileMaster {
		return u, how, nil
	}
	// "Update attributes for existing users": only PUSH rows update an existing user.
	updates, fail := o.mappedProfile(p.id, u.typeID, profile, true)
	if fail != nil {
		fail.user = u
		return nil, "", fail
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
	return u, how, nil
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
//
// With JIT off (the IdP's action or the org's switch) Okta's log says "User Not Found" and has
// no JIT entries (okta-api.md §13). A create that fails is logged as user.lifecycle.create
// FAILURE, and the IdP sign-in's auth_via_social says "Unable to JIT user from the Identity
// Provider" (support.okta.com, "Unable to create the user. The following required properties
// are missing: firstName, lastName", a generic OIDC IdP).
func (o *Org) provisionUser(c *call, txn *upstreamTxn, p *idp, username string, profile JSON) (*user, *signInFailure) {
	if strAt(p.body, "policy", "provisioning", "action") != "AUTO" || !o.fed.jitEnabled {
		return nil, failf("User Not Found")
	}
	typ := o.defaultUserType()
	attrs, fail := o.mappedProfile(p.id, typ.id, profile, false)
	if fail != nil {
		return nil, fail
	}
	attrs["login"] = username
	createFailed := func(reason string) (*user, *signInFailure) {
		o.logSignIn(c, signInEvent{eventType: "user.lifecycle.create", message: "Create Okta user", failure: reason,
			username: username, txnID: txn.id, debug: JSON{"idpId": p.id, "provisioning": "JIT"}})
		return nil, &signInFailure{reason: reason, socialReason: "Unable to JIT user from the Identity Provider"}
	}
	if o.userByKey(username) != nil {
		// The cause text of Okta's E0000001 for a duplicate login.
		return createFailed("Unable to create the user. login: An object with this field already exists in the current organization") // joined text unverified
	}
	if s := o.userSchemaOfType(typ.id); s != nil {
		var missing []string
		for _, name := range s.baseRequired {
			if v, _ := attrs[name].(string); strings.TrimSpace(v) == "" {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			// The support article's title; the Apple IdP article quotes each name ('firstName','lastName').
			return createFailed("Unable to create the user. The following required properties are missing: " + strings.Join(missing, ", "))
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
