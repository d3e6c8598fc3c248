package sim

import (
	"fmt"

	"strings"
)

// principal is who a management API request acts as.
type principal struct {
	user     *user           // the admin behind an SSWS token; nil for a service app
	clientID string          // the OAuth client of an access token
	readOnly bool            // Read-Only Admin: every write is 403
	scopes   map[string]bool // scopes granted to an access token; nil for SSWS tokens
}

// authenticate reads the Authorization header: "SSWS <api token>", or "Bearer <access
// token>" / "DPoP <access token>" from the org's token endpoint. Anything else is 401
// E0000011, which is what Okta answers for a missing or unknown token. Call with mu held.
func (o *Org) authenticate(c *call) (*principal, *apiError) {
	scheme, token, _ := strings.Cut(c.req.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	if token == "" {
		return nil, invalidToken()
	}
	switch strings.ToLower(scheme) {
	case "ssws":
		switch token {
		case o.adminToken:
			return &principal{user: o.admin}, nil
		case o.readOnlyToken:
			return &principal{user: o.readOnlyAdmin, readOnly: true}, nil
		}
	case "bearer", "dpop":
		return o.authenticateAccessToken(c, strings.ToLower(scheme), token)
	}
	return nil, invalidToken()
}

// authorize applies the admin role and, for access tokens, the granted scopes.
func authorize(p *principal, rt *route, write bool) *apiError {
	if write && p.readOnly {
		return forbidden()
	}
	if p.scopes == nil || rt.resource == "" {
		return nil
	}
	if p.scopes[manageScope(rt.resource)] || (!write && p.scopes[readScope(rt.resource)]) {
		return nil
	}
	return forbidden()
}

func manageScope(resource string) string { return "okta." + resource + ".manage" }
func readScope(resource string) string   { return "okta." + resource + ".read" }

// insufficientScopeChallenge is the WWW-Authenticate header Okta adds when an access token
// lacks the scope an endpoint needs ("" for other failures).
func insufficientScopeChallenge(p *principal, rt *route) string {
	if p == nil || p.scopes == nil || p.readOnly || rt.resource == "" {
		return ""
	}
	return fmt.Sprintf(`Bearer realm="IdpOrg", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource=%q`, rt.template)
}

// roleOf is the admin role type of a seeded user, as /api/v1/users/{id}/roles reports it.
func (o *Org) roleOf(u *user) string {
	switch u {
	case o.admin:
		return "SUPER_ADMIN"
	case o.readOnlyAdmin:
		return "READ_ONLY_ADMIN"
	}
	return ""
}
