// Package discover tells an ID.me identity provider by what it is, not by its name, as the
// identity-provider step's adoption does (steps.OnIDme): its issuer or endpoints on an
// ID.me environment — either of them, since the day-two commands look at orgs that may be
// on the other one, or on both — or the setup's ID.me client ID. doctor and remove use it
// on orgs set up by hand as well as by idme-okta.
package discover

import (
	"slices"
	"strings"

	"github.com/idme-okta/idme-okta/assets"
	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
)

// Env is an ID.me environment by the base URL its endpoints live under.
type Env struct {
	ID      string // "sandbox", "production", or "custom" (a simulated ID.me)
	BaseURL string // ends with "/"
}

// Envs are ID.me's environments, and the setup's own base URL when it is neither (a
// simulated ID.me on this machine answers as "custom").
func Envs(a steps.Answers) []Env {
	var envs []Env
	for _, e := range assets.Environments() {
		envs = append(envs, Env{ID: e.ID, BaseURL: e.BaseURL})
	}
	if base := a.IDmeBaseURL; base != "" && !slices.ContainsFunc(envs, func(e Env) bool { return e.BaseURL == base }) {
		id := a.IDmeEnv
		if id == "" {
			id = "custom"
		}
		envs = append(envs, Env{ID: id, BaseURL: base})
	}
	return envs
}

// EnvOf names the environment whose base URL u is under; "" when none.
func EnvOf(u string, envs []Env) string {
	for _, e := range envs {
		if u != "" && strings.HasPrefix(u, e.BaseURL) {
			return e.ID
		}
	}
	return ""
}

// Endpoints are the URLs of idp that point at its OpenID provider, by what people call them.
func Endpoints(idp okta.IdP) [][2]string {
	return [][2]string{
		{"issuer", idp.IssuerURL},
		{"authorization endpoint", idp.AuthorizationURL},
		{"token endpoint", idp.TokenURL},
		{"JWKS endpoint", idp.JWKSURL},
	}
}

// IsIDme reports whether idp is an ID.me identity provider: an OIDC IdP whose issuer or an
// endpoint is on an ID.me environment, or that uses the setup's ID.me client ID.
func IsIDme(idp okta.IdP, a steps.Answers, envs []Env) bool {
	if idp.Type != "" && idp.Type != "OIDC" {
		return false
	}
	if a.IDmeClientID != "" && idp.ClientID == a.IDmeClientID {
		return true
	}
	return slices.ContainsFunc(envs, func(e Env) bool { return steps.OnIDme(idp, e.BaseURL) })
}

// IDmeIdPs keeps the ID.me identity providers of all (the org's OIDC IdPs, every page: see
// okta.ListOIDCIdPs), in Okta's order; hint, the progress file's IdP, is one whatever it
// looks like now.
func IDmeIdPs(all []okta.IdP, a steps.Answers, hint string, envs []Env) []okta.IdP {
	var found []okta.IdP
	for _, idp := range all {
		if IsIDme(idp, a, envs) || hint != "" && idp.ID == hint {
			found = append(found, idp)
		}
	}
	return found
}
