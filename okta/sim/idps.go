package sim

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// idp is an identity provider ("0oa…"). body holds the object as Okta stores it (name, type,
// issuerMode, protocol, policy); id, status, timestamps and _links are added when rendering.
type idp struct {
	seq         int64
	id          string
	status      string
	body        JSON
	created     time.Time
	lastUpdated time.Time
}

func (p *idp) name() string { return strAt(p.body, "name") }

func (o *Org) renderIdP(p *idp) JSON {
	out := copyObject(p.body)
	out["id"] = p.id
	out["status"] = p.status
	out["created"] = oktaTime(p.created)
	out["lastUpdated"] = oktaTime(p.lastUpdated)
	out["_links"] = JSON{
		"authorize": JSON{
			"href": o.baseURL + "/oauth2/v1/authorize?idp=" + p.id +
				"&client_id={clientId}&response_type={responseType}&response_mode={responseMode}&scope={scopes}&redirect_uri={redirectUri}&state={state}&nonce={nonce}",
			"templated": true,
			"hints":     JSON{"allow": []any{"GET"}},
		},
		"clientRedirectUri": link(o.baseURL+"/oauth2/v1/authorize/callback", "POST"),
	}
	return out
}

func (o *Org) idpByID(id string) *idp {
	for _, p := range o.idps {
		if p.id == id {
			return p
		}
	}
	return nil
}

func idpTarget(p *idp) logTarget {
	return logTarget{id: p.id, typ: "IdentityProvider", alternateID: p.name(), displayName: p.name()}
}

// listIdPs: q matches names that start with it (ignoring case), type narrows by type.
func (o *Org) listIdPs(c *call) reply {
	q := strings.ToLower(c.query.Get("q"))
	typ := c.query.Get("type")
	var hits []*idp
	for _, p := range o.idps {
		if q != "" && !strings.HasPrefix(strings.ToLower(p.name()), q) {
			continue
		}
		if typ != "" && !strings.EqualFold(strAt(p.body, "type"), typ) {
			continue
		}
		hits = append(hits, p)
	}
	return listPage(c, hits, func(p *idp) int64 { return p.seq }, o.renderIdP, idpsDefaultLimit, idpsMaxLimit)
}

func (o *Org) getIdP(c *call) reply {
	p := o.idpByID(c.param("idpId"))
	if p == nil {
		return fail(notFound(c.param("idpId"), "IdentityProvider"))
	}
	return okReply(o.renderIdP(p))
}

// createIdP adds an IdP (ACTIVE unless the body says INACTIVE), its app user schema with the
// OIDC base attributes, and one mapping per user type with Okta's default rows.
func (o *Org) createIdP(c *call) reply {
	in, err := c.object()
	if err != nil {
		return fail(err)
	}
	if verr := o.checkIdP(in, nil); verr != nil {
		return fail(verr)
	}
	p := &idp{seq: o.nextSeq(), id: newID(prefixApp), status: "ACTIVE", body: canonicalIdP(in), created: c.now, lastUpdated: c.now}
	if strings.EqualFold(strAt(in, "status"), "INACTIVE") {
		p.status = "INACTIVE"
	}
	o.idps = append(o.idps, p)
	o.newAppSchema(p.id, "oidc_idp", p.name()+" User", appBaseProperties(oidcIdPBaseAttributes, "NONE"), nil, c.now)
	o.createIdPMappings(p.id, c.now)
	o.audit(c, "system.idp.lifecycle.create", "Create Identity Provider", idpTarget(p))
	return okReply(o.renderIdP(p))
}

// replaceIdP is a full replace (PUT): every property must be sent; status is kept.
func (o *Org) replaceIdP(c *call) reply {
	p := o.idpByID(c.param("idpId"))
	if p == nil {
		return fail(notFound(c.param("idpId"), "IdentityProvider"))
	}
	in, err := c.object()
	if err != nil {
		return fail(err)
	}
	if verr := o.checkIdP(in, p); verr != nil {
		return fail(verr)
	}
	p.body = canonicalIdP(in)
	p.lastUpdated = c.now
	if s := o.appSchemas[p.id]; s != nil {
		s.title = p.name() + " User"
	}
	o.audit(c, "system.idp.lifecycle.update", "Update Identity Provider", idpTarget(p))
	return okReply(o.renderIdP(p))
}

func (o *Org) deleteIdP(c *call) reply {
	p := o.idpByID(c.param("idpId"))
	if p == nil {
		return fail(notFound(c.param("idpId"), "IdentityProvider"))
	}
	o.idps = removeFirst(o.idps, p)
	delete(o.appSchemas, p.id)
	o.deleteMappingsOf(p.id)
	o.unlinkIdPUsers(p.id)
	o.audit(c, "system.idp.lifecycle.delete", "Delete Identity Provider", idpTarget(p))
	return noContent()
}

func (o *Org) activateIdP(c *call) reply { return o.setIdPStatus(c, "ACTIVE", "activate", "Activate") }
func (o *Org) deactivateIdP(c *call) reply {
	return o.setIdPStatus(c, "INACTIVE", "deactivate", "Deactivate")
}

func (o *Org) setIdPStatus(c *call, status, verb, title string) reply {
	p := o.idpByID(c.param("idpId"))
	if p == nil {
		return fail(notFound(c.param("idpId"), "IdentityProvider"))
	}
	p.status = status
	p.lastUpdated = c.now
	o.audit(c, "system.idp.lifecycle."+verb, title+" Identity Provider", idpTarget(p))
	return okReply(o.renderIdP(p))
}

// idpuserRef finds the IdP profile attributes a username template reads: idpuser.<name>.
var idpuserRef = regexp.MustCompile(`\bidpuser\.([A-Za-z_$][A-Za-z0-9_$]*)`)

// checkIdP applies the rules real Okta enforces on an IdP body. Only the issuer cause is a
// recorded text (okta-sdk-dotnet#846); the others are marked below.
func (o *Org) checkIdP(in JSON, self *idp) *apiError {
	type problem struct{ object, cause string }
	var problems []problem
	add := func(object, cause string) { problems = append(problems, problem{object, cause}) }

	name := strAt(in, "name")
	switch {
	case strings.TrimSpace(name) == "":
		add("name", "name: The field cannot be left blank.") // exact text unverified
	case len([]rune(name)) > 100:
		add("name", "name: The field cannot exceed 100 characters.") // exact text unverified
	}
	// Exact comparison: the references document that names are unique, not that the check
	// ignores case, and the client's FindIdPsByName compares exactly too.
	for _, other := range o.idps {
		if other != self && other.name() == name {
			add("name", "name: An identity provider with this name already exists.") // exact text unverified
		}
	}
	if typ := strAt(in, "type"); typ != "OIDC" {
		// A limit of the simulation, not of Okta: only OIDC identity providers are modelled.
		add("type", fmt.Sprintf("type: %q identity providers are not supported by the simulated org (only OIDC).", typ))
	}
	if strings.TrimSpace(strAt(in, "protocol", "issuer", "url")) == "" {
		add("IdpTrust", "The protocol.issuer object cannot be left blank.")
	}
	scopes := stringList(at(in, "protocol", "scopes"))
	if !slices.Contains(scopes, "openid") {
		add("IdpTrust", "protocol.scopes: The openid scope is required.") // exact text unverified
	}
	for _, ep := range []string{"authorization", "token"} {
		if strAt(in, "protocol", "endpoints", ep, "url") == "" {
			add("IdpTrust", fmt.Sprintf("protocol.endpoints.%s: The field cannot be left blank.", ep)) // exact text unverified
		}
	}
	if strAt(in, "protocol", "credentials", "client", "client_id") == "" {
		add("IdpTrust", "protocol.credentials.client.client_id: The field cannot be left blank.") // exact text unverified
	}
	if action := strAt(in, "policy", "accountLink", "action"); action != "" && action != "AUTO" {
		add("IdpPolicy", fmt.Sprintf("policy.accountLink.action: %s is not supported for OIDC identity providers; use AUTO.", action)) // exact text unverified
	}
	if has(in, "policy", "subject", "userNameTemplate", "template") {
		tmpl := strAt(in, "policy", "subject", "userNameTemplate", "template")
		if n := len([]rune(tmpl)); n < 9 || n > 1024 {
			add("IdpPolicy", "policy.subject.userNameTemplate.template: The template must be between 9 and 1024 characters.") // exact text unverified
		}
		for _, ref := range idpuserRef.FindAllStringSubmatch(tmpl, -1) {
			if !o.idpProfileHas(self, ref[1]) {
				add("IdpPolicy", fmt.Sprintf("policy.subject.userNameTemplate.template: idpuser.%s is not an attribute of the identity provider's profile.", ref[1])) // exact text unverified
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	causes := make([]string, len(problems))
	for i, p := range problems {
		causes[i] = p.cause
	}
	return validationFailed(problems[0].object, causes...)
}

// idpProfileHas reports whether an IdP's profile (its base attributes before it exists) has
// an attribute: "An IdP profile attribute must exist before you can reference it".
func (o *Org) idpProfileHas(p *idp, attr string) bool {
	if p != nil {
		if s := o.appSchemas[p.id]; s != nil {
			return s.hasProperty(attr)
		}
	}
	for _, a := range oidcIdPBaseAttributes {
		if a.name == attr {
			return true
		}
	}
	return false
}

// canonicalIdP stores a request body the way Okta echoes it: protocol as sent without nulls,
// and a policy with every field Okta fills in (recorded: TestAccResourceOktaIdpOidc_crud).
func canonicalIdP(in JSON) JSON {
	out := JSON{
		"name":       strAt(in, "name"),
		"type":       strAt(in, "type"),
		"issuerMode": valueOr(in, "issuerMode", "ORG_URL"),
		"protocol":   dropNulls(copyObject(objAt(in, "protocol"))),
		"policy":     canonicalIdPPolicy(objAt(in, "policy")),
	}
	if props := objAt(in, "properties"); props != nil {
		out["properties"] = dropNulls(copyObject(props))
	}
	return out
}

func canonicalIdPPolicy(p JSON) JSON {
	prov := objAt(p, "provisioning")
	groups := dropNulls(copyObject(objAt(prov, "groups")))
	if groups == nil {
		groups = JSON{}
	}
	groups["action"] = valueOr(groups, "action", "NONE")
	subject := objAt(p, "subject")
	accountLink := objAt(p, "accountLink")
	return JSON{
		"provisioning": JSON{
			"action":        valueOr(prov, "action", "AUTO"),
			"profileMaster": valueOr(prov, "profileMaster", false),
			"groups":        groups,
			"conditions": JSON{
				"deprovisioned": JSON{"action": valueOr(objAt(prov, "conditions", "deprovisioned"), "action", "NONE")},
				"suspended":     JSON{"action": valueOr(objAt(prov, "conditions", "suspended"), "action", "NONE")},
			},
		},
		"accountLink": JSON{"filter": deepCopy(at(accountLink, "filter")), "action": valueOr(accountLink, "action", "AUTO")},
		"subject": JSON{
			"userNameTemplate": JSON{"template": valueOr(objAt(subject, "userNameTemplate"), "template", "idpuser.email")},
			"filter":           at(subject, "filter"),
			"matchType":        valueOr(subject, "matchType", "USERNAME"),
			"matchAttribute":   at(subject, "matchAttribute"),
		},
		"maxClockSkew":                       valueOr(p, "maxClockSkew", 0),
		"mapAMRClaims":                       valueOr(p, "mapAMRClaims", false),
		"trustClaims":                        valueOr(p, "trustClaims", false),
		"transformedUsernameMatchingEnabled": false,
	}
}

// dropNulls removes null members from an object tree (Okta does not echo them).
func dropNulls(o JSON) JSON {
	for k, v := range o {
		switch t := v.(type) {
		case nil:
			delete(o, k)
		case map[string]any:
			dropNulls(t)
		}
	}
	return o
}

// removeFirst deletes one element (by identity) from a slice.
func removeFirst[T comparable](s []T, e T) []T {
	for i, x := range s {
		if x == e {
			return append(s[:i], s[i+1:]...)
		}
	}
	return s
}
