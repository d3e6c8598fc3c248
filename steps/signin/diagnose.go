package signin

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/idme-okta/idme-okta/okta"
)

// configProblems looks at the configuration a failed sign-in depends on, because Okta's
// browser-facing errors are often generic: the identity provider (exists, active, no userinfo
// endpoint, scopes "openid <handle>") and, when the browser never came back, whether the
// test app accepts this test's callback URI. It returns the IdP's redirect URI for hints.
func configProblems(ctx context.Context, rd reader, idpID, clientID, redirectURI string, calledBack bool) (problems []Problem, idpRedirectURI string, notes []string) {
	idp, err := rd.GetIdP(ctx, idpID)
	switch {
	case okta.IsNotFound(err):
		problems = append(problems, Problem{Code: CodeIdPMissing,
			Message: fmt.Sprintf("Okta has no identity provider %s.", idpID),
			Hint:    "It was deleted, or the id belongs to another org: run idme-okta apply to create the identity provider, then test again."})
	case err != nil:
		notes = append(notes, "The identity provider could not be read to check its configuration: "+err.Error())
	default:
		idpRedirectURI = idp.RedirectURI
		if idp.Status != "ACTIVE" {
			problems = append(problems, idpInactiveProblem(fmt.Sprintf("The identity provider %q is %s: Okta does not send anyone to it.", idp.Name, idp.Status)))
		}
		if idp.UserInfoURL != "" {
			problems = append(problems, userinfoProblem(fmt.Sprintf("The identity provider %q has a UserInfo endpoint (%s).", idp.Name, idp.UserInfoURL)))
		}
		if !scopesLookRight(idp.Scopes) {
			problems = append(problems, scopeProblem(fmt.Sprintf("The identity provider %q asks ID.me for the scopes %q.", idp.Name, strings.Join(idp.Scopes, " "))))
		}
	}
	if calledBack {
		return problems, idpRedirectURI, notes
	}
	app, err := rd.GetOIDCApp(ctx, clientID)
	switch {
	case okta.IsNotFound(err):
		problems = append(problems, Problem{Code: CodeCallbackError,
			Message: fmt.Sprintf("Okta has no app with client id %s, so it showed an error page instead of signing in.", clientID),
			Hint:    "Run idme-okta apply to create the test app, then test again."})
	case err != nil:
		notes = append(notes, "The test app could not be read to check its redirect URIs: "+err.Error())
	case !slices.Contains(app.RedirectURIs, redirectURI):
		problems = append(problems, Problem{Code: CodeRedirectNotRegistered,
			Message: fmt.Sprintf("The test app does not accept %s as a redirect URI, so Okta showed its error page (\"redirect_uri must be a Login redirect URI\") instead of calling back.", redirectURI),
			Hint:    "Okta matches the port exactly. Let the test register the port it listens on (the wizard and test-signin do), or run idme-okta apply with this callback port."})
	}
	return problems, idpRedirectURI, notes
}

// scopesLookRight: ID.me needs exactly "openid <policy handle>". The handle itself only
// ID.me can judge, but standard OIDC scopes in its place are certainly wrong.
func scopesLookRight(scopes []string) bool {
	if len(scopes) != 2 || !slices.Contains(scopes, "openid") {
		return false
	}
	for _, s := range scopes {
		switch strings.ToLower(s) {
		case "profile", "email", "address", "phone", "offline_access":
			return false
		}
	}
	return scopes[0] != scopes[1]
}
