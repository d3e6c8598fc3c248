package sim

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// app is an application instance ("0oa…"). body holds the object as Okta stores it;
// id, status, timestamps and _links are added when rendering.
type app struct {
	seq         int64
	id          string
	status      string
	body        JSON
	secret      string // client_secret; only the create response shows it
	created     time.Time
	lastUpdated time.Time
	groups      []*appGroup
}

// appGroup is a group assigned to an app.
type appGroup struct {
	groupID     string
	priority    int
	lastUpdated time.Time
}

func (a *app) label() string { return strAt(a.body, "label") }

func (o *Org) renderApp(a *app) JSON {
	out := copyObject(a.body)
	self := o.baseURL + "/api/v1/apps/" + a.id
	out["id"] = a.id
	out["orn"] = "orn:okta:idp:" + o.orgID + ":apps:" + strAt(a.body, "name") + ":" + a.id
	out["status"] = a.status
	out["created"] = oktaTime(a.created)
	out["lastUpdated"] = oktaTime(a.lastUpdated)
	links := JSON{
		"uploadLogo": link(self+"/logo", "POST"),
		"appLinks": []any{JSON{"name": strAt(a.body, "name") + "_link",
			"href": o.baseURL + "/home/" + strAt(a.body, "name") + "/" + a.id + "/aln" + a.id[3:], "type": "text/html"}},
		"policies": link(self+"/policies", "PUT"),
		"groups":   link(self + "/groups"),
		"logo":     []any{JSON{"name": "medium", "href": o.baseURL + "/assets/img/logos/default.png", "type": "image/png"}},
		"users":    link(self + "/users"),
		// Every OIDC app gets the org's default app sign-in and profile enrollment policies.
		"accessPolicy":      link(o.baseURL + "/api/v1/policies/" + o.accessPolicyID),
		"profileEnrollment": link(o.baseURL + "/api/v1/policies/" + o.enrollmentPolicyID),
	}
	if needsSecret(strAt(a.body, "credentials", "oauthClient", "token_endpoint_auth_method")) {
		links["clientCredentials"] = []any{JSON{"name": "secrets", "href": self + "/credentials/secrets"}}
	}
	if a.status == "ACTIVE" {
		links["deactivate"] = link(self + "/lifecycle/deactivate")
	} else {
		links["activate"] = link(self + "/lifecycle/activate")
	}
	out["_links"] = links
	return out
}

func (o *Org) appByID(id string) *app {
	for _, a := range o.apps {
		if a.id == id {
			return a
		}
	}
	return nil
}

func appTarget(a *app) logTarget {
	return logTarget{id: a.id, typ: "AppInstance", alternateID: a.label(), displayName: a.label()}
}

// listApps: q matches name or label by prefix (ignoring case); filter works on the app JSON,
// e.g. status eq "ACTIVE" or name eq "oidc_client".
func (o *Org) listApps(c *call) reply {
	q := strings.ToLower(c.query.Get("q"))
	f, err := c.filterQuery()
	if err != nil {
		return fail(err)
	}
	var hits []*app
	for _, a := range o.apps {
		if q != "" && !anyHasPrefix(q, strAt(a.body, "name"), a.label()) {
			continue
		}
		if f != nil && !f.match(o.renderApp(a)) {
			continue
		}
		hits = append(hits, a)
	}
	return listPage(c, hits, func(a *app) int64 { return a.seq }, o.renderApp, appsDefaultLimit, appsMaxLimit)
}

func (o *Org) getApp(c *call) reply {
	a := o.appByID(c.param("appId"))
	if a == nil {
		return fail(notFound(c.param("appId"), "AppInstance"))
	}
	return okReply(o.renderApp(a))
}

// createApp creates an OpenID Connect app (name "oidc_client"); ?activate defaults to true.
// The response is the only one that shows a generated client_secret.
func (o *Org) createApp(c *call) reply {
	in, err := c.object()
	if err != nil {
		return fail(err)
	}
	if verr := o.checkOIDCApp(in); verr != nil {
		return fail(verr)
	}
	a := &app{seq: o.nextSeq(), id: newID(prefixApp), status: "ACTIVE", created: c.now, lastUpdated: c.now}
	if !c.boolQuery("activate", true) {
		a.status = "INACTIVE"
	}
	a.body = canonicalOIDCApp(in, a.id, nil)
	if needsSecret(strAt(a.body, "credentials", "oauthClient", "token_endpoint_auth_method")) {
		a.secret = randomString(64)
	}
	o.apps = append(o.apps, a)
	o.newAppSchema(a.id, "oidc_client", a.label()+" User", appBaseProperties(oidcClientBaseAttributes, "SELF"), []string{"userName"}, c.now)
	o.audit(c, "application.lifecycle.create", "Add application", appTarget(a))
	out := o.renderApp(a)
	if a.secret != "" {
		out["credentials"].(JSON)["oauthClient"].(JSON)["client_secret"] = a.secret
	}
	return okReply(out)
}

// replaceApp is PUT: the whole app is replaced; id, client_id and status are kept.
func (o *Org) replaceApp(c *call) reply {
	a := o.appByID(c.param("appId"))
	if a == nil {
		return fail(notFound(c.param("appId"), "AppInstance"))
	}
	in, err := c.object()
	if err != nil {
		return fail(err)
	}
	if verr := o.checkOIDCApp(in); verr != nil {
		return fail(verr)
	}
	a.body = canonicalOIDCApp(in, a.id, a.body)
	a.lastUpdated = c.now
	o.audit(c, "application.lifecycle.update", "Update application", appTarget(a))
	return okReply(o.renderApp(a))
}

func (o *Org) activateApp(c *call) reply { return o.setAppStatus(c, "ACTIVE", "activate", "Activate") }
func (o *Org) deactivateApp(c *call) reply {
	return o.setAppStatus(c, "INACTIVE", "deactivate", "Deactivate")
}

// setAppStatus answers 200 with an empty object, as Okta's app lifecycle endpoints do.
func (o *Org) setAppStatus(c *call, status, verb, title string) reply {
	a := o.appByID(c.param("appId"))
	if a == nil {
		return fail(notFound(c.param("appId"), "AppInstance"))
	}
	a.status = status
	a.lastUpdated = c.now
	o.audit(c, "application.lifecycle."+verb, title+" application", appTarget(a))
	return okReply(JSON{})
}

// codeDeleteAppForbidden is Okta's E0000056, "Delete application forbidden".
const codeDeleteAppForbidden = "E0000056"

// deleteApp deletes an inactive app. Okta deletes only deactivated apps ("Deletes an
// inactive application", Apps API); the error for an active one is E0000056 with HTTP 403.
// exact summary unverified.
func (o *Org) deleteApp(c *call) reply {
	a := o.appByID(c.param("appId"))
	if a == nil {
		return fail(notFound(c.param("appId"), "AppInstance"))
	}
	if a.status == "ACTIVE" {
		return fail(&apiError{status: http.StatusForbidden, code: codeDeleteAppForbidden,
			summary: "Delete application forbidden.", causes: []string{"The application must be deactivated before it can be deleted."}})
	}
	o.apps = removeFirst(o.apps, a)
	o.audit(c, "application.lifecycle.delete", "Delete application", appTarget(a))
	return noContent()
}

// oauthGrantRules says which grant types each OIDC application_type may use, and which one
// it must include (Okta Apps API, "OAuth Credential object").
var oauthGrantRules = map[string]struct {
	allowed  []string
	required string
}{
	"browser": {allowed: []string{"authorization_code", "implicit", "refresh_token", "interaction_code"}},
	"web":     {allowed: []string{"authorization_code", "implicit", "refresh_token", "client_credentials", "password", "interaction_code"}, required: "authorization_code"},
	"native":  {allowed: []string{"authorization_code", "implicit", "refresh_token", "password", "interaction_code", "urn:ietf:params:oauth:grant-type:device_code"}, required: "authorization_code"},
	"service": {allowed: []string{"client_credentials"}, required: "client_credentials"},
}

// responseTypeGrant is the grant a response_type needs.
var responseTypeGrant = map[string]string{"code": "authorization_code", "token": "implicit", "id_token": "implicit"}

// checkOIDCApp applies Okta's rules for an OIDC app. // exact texts unverified
func (o *Org) checkOIDCApp(in JSON) *apiError {
	var causes []string
	if name := strAt(in, "name"); name != "oidc_client" {
		// A limit of the simulation: only OIDC apps are modelled.
		causes = append(causes, fmt.Sprintf("name: %q apps are not supported by the simulated org (only oidc_client).", name))
	}
	if strings.TrimSpace(strAt(in, "label")) == "" {
		causes = append(causes, "label: The field cannot be left blank.")
	}
	settings := objAt(in, "settings", "oauthClient")
	appType := strAt(settings, "application_type")
	rules, known := oauthGrantRules[appType]
	if !known {
		causes = append(causes, fmt.Sprintf("settings.oauthClient.application_type: %q is not a valid application type.", appType))
	}
	grants := stringList(at(settings, "grant_types"))
	if len(grants) == 0 {
		grants = []string{"authorization_code"}
	}
	for _, g := range grants {
		if known && !slices.Contains(rules.allowed, g) {
			causes = append(causes, fmt.Sprintf("grant_types: '%s' is not a valid grant type for a %s application.", g, appType))
		}
	}
	if known && rules.required != "" && !slices.Contains(grants, rules.required) {
		causes = append(causes, fmt.Sprintf("grant_types: A %s application must use the '%s' grant type.", appType, rules.required))
	}
	for _, rt := range stringList(at(settings, "response_types")) {
		if need, ok := responseTypeGrant[rt]; ok && !slices.Contains(grants, need) {
			causes = append(causes, fmt.Sprintf("response_types: '%s' requires the '%s' grant type.", rt, need))
		}
	}
	if (slices.Contains(grants, "authorization_code") || slices.Contains(grants, "implicit")) && len(stringList(at(settings, "redirect_uris"))) == 0 {
		causes = append(causes, "redirect_uris: At least one redirect URI is required for the authorization_code and implicit grant types.")
	}
	if appType == "browser" {
		if m := strAt(in, "credentials", "oauthClient", "token_endpoint_auth_method"); m != "" && m != "none" {
			causes = append(causes, "token_endpoint_auth_method: A browser application must use 'none'.")
		}
	}
	if len(causes) == 0 {
		return nil
	}
	return validationFailed("settings", causes...)
}

func needsSecret(method string) bool {
	return method == "client_secret_basic" || method == "client_secret_post" || method == "client_secret_jwt"
}

// canonicalOIDCApp stores an app request the way Okta echoes it (recorded:
// TestAccResourceOktaAppUserSchemas_crud create response), with Okta's defaults filled in.
func canonicalOIDCApp(in JSON, id string, prev JSON) JSON {
	settingsIn := objAt(in, "settings", "oauthClient")
	appType := strAt(settingsIn, "application_type")
	grants := valueOr(settingsIn, "grant_types", []any{"authorization_code"})
	responses := valueOr(settingsIn, "response_types", []any{"code"})
	credIn := objAt(in, "credentials", "oauthClient")
	method := strAt(credIn, "token_endpoint_auth_method")
	if method == "" {
		method = "client_secret_basic"
		if appType == "browser" {
			method = "none"
		}
		if prev != nil {
			method = strAt(prev, "credentials", "oauthClient", "token_endpoint_auth_method")
		}
	}
	pkce := valueOr(credIn, "pkce_required", appType == "browser" || appType == "native")
	signing := JSON{"kid": randomString(43)}
	if prev != nil {
		signing = copyObject(objAt(prev, "credentials", "signing"))
	}
	oauthSettings := JSON{
		"client_uri":               at(settingsIn, "client_uri"),
		"logo_uri":                 at(settingsIn, "logo_uri"),
		"redirect_uris":            valueOr(settingsIn, "redirect_uris", []any{}),
		"response_types":           responses,
		"grant_types":              grants,
		"application_type":         appType,
		"consent_method":           valueOr(settingsIn, "consent_method", "TRUSTED"),
		"issuer_mode":              valueOr(settingsIn, "issuer_mode", "ORG_URL"),
		"idp_initiated_login":      valueOr(settingsIn, "idp_initiated_login", JSON{"mode": "DISABLED", "default_scope": []any{}}),
		"wildcard_redirect":        valueOr(settingsIn, "wildcard_redirect", "DISABLED"),
		"dpop_bound_access_tokens": valueOr(settingsIn, "dpop_bound_access_tokens", false),
	}
	for _, k := range []string{"post_logout_redirect_uris", "initiate_login_uri", "jwks", "jwks_uri"} {
		if v := at(settingsIn, k); v != nil {
			oauthSettings[k] = deepCopy(v)
		}
	}
	visibility := JSON{"autoLaunch": false, "autoSubmitToolbar": false, "hide": JSON{"iOS": false, "web": false},
		"appLinks": JSON{"oidc_client_link": true}}
	for k, v := range objAt(in, "visibility") {
		if v != nil {
			visibility[k] = deepCopy(v)
		}
	}
	accessibility := JSON{"selfService": false, "errorRedirectUrl": nil, "loginRedirectUrl": nil}
	for k, v := range objAt(in, "accessibility") {
		accessibility[k] = deepCopy(v)
	}
	userNameTemplate := JSON{"template": "${source.login}", "type": "BUILT_IN"}
	for k, v := range objAt(in, "credentials", "userNameTemplate") {
		if v != nil {
			userNameTemplate[k] = deepCopy(v)
		}
	}
	notes := JSON{"admin": at(in, "settings", "notes", "admin"), "enduser": at(in, "settings", "notes", "enduser")}
	return JSON{
		"name":          "oidc_client",
		"label":         strAt(in, "label"),
		"signOnMode":    "OPENID_CONNECT",
		"accessibility": accessibility,
		"visibility":    visibility,
		"features":      []any{},
		"credentials": JSON{
			"userNameTemplate": userNameTemplate,
			"signing":          signing,
			"oauthClient": JSON{"autoKeyRotation": valueOr(credIn, "autoKeyRotation", true), "client_id": id,
				"token_endpoint_auth_method": method, "pkce_required": pkce},
		},
		"universalLogout": JSON{"status": "DISABLED", "supportType": "FULL", "identityStack": "NOT_SHARED", "protocol": "GLOBAL_TOKEN_REVOCATION"},
		"settings": JSON{
			"app":                JSON{},
			"notifications":      JSON{"vpn": JSON{"network": JSON{"connection": "DISABLED"}, "message": nil, "helpUrl": nil}},
			"manualProvisioning": false,
			"implicitAssignment": valueOr(objAt(in, "settings"), "implicitAssignment", false),
			"emOptInStatus":      "NONE",
			"notes":              notes,
			"oauthClient":        oauthSettings,
		},
	}
}
