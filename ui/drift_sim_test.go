package ui

import (
	"context"
	"slices"
	"testing"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
)

// An IdP an admin made by hand before: the guide's name, but with a userinfo endpoint and the
// console's default scopes.
func (w *simWorld) createIdPLikeAnAdmin(t *testing.T, secret string) {
	t.Helper()
	c, err := okta.New(okta.Config{OrgURL: w.org.URL(), Token: w.org.AdminToken()})
	if err != nil {
		t.Fatal(err)
	}
	base := w.idme.BaseURL()
	_, err = c.CreateIdP(context.Background(), okta.IdP{
		Name: steps.DefaultIdPName, Type: "OIDC", IssuerMode: "ORG_URL",
		Scopes:   []string{"openid", "profile", "email"},
		ClientID: idmeClientID, ClientSecret: secret,
		IssuerURL: base + "oidc", AuthorizationURL: base + "oauth/authorize", TokenURL: base + "oauth/token",
		JWKSURL: base + "oidc/.well-known/jwks", UserInfoURL: base + "api/public/v3/userinfo",
		UsernameTemplate: "idpuser.email", MatchType: "USERNAME_OR_EMAIL",
		AccountLinkAction: "AUTO", ProvisioningAction: "AUTO", ProfileMaster: true,
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (w *simWorld) theIdP(t *testing.T) map[string]any {
	t.Helper()
	snap := w.org.Snapshot()
	if len(snap.IdPs) != 1 {
		t.Fatalf("%d IdPs, want 1", len(snap.IdPs))
	}
	return snap.IdPs[0]
}

// A drifted IdP: the plan names the fields, marks the change as replacing configuration, and
// nothing is written until the admin confirms twice. The client secret may be left empty: the
// one stored in Okta is kept.
func TestDriftedIdPIsReplacedOnlyAfterTwoConfirmations(t *testing.T) {
	w := startSimWorld(t)
	const stored = "canary-secret-stored-in-okta-44d1"
	w.createIdPLikeAnAdmin(t, stored)
	writesBefore := w.writes()

	d := drive(t, New(w.options(t)), 100, 30, w.org.AdminToken(), stored)
	d.waitFor("Nothing is written")
	d.enter()
	w.connect(d, w.org.AdminToken())
	// The background check found the IdP: the secret may stay empty. (Its hint may be drawn
	// in the settings screen's first frame or in a later one.)
	d.waitFor("┃ ID.me environment", "already in Okta")
	idmeSettingsKeys(d, idmeClientID, "", policyHandle) // the secret left empty

	d.waitFor("drifted", "userinfo endpoint", "replaces existing configuration")
	d.press('a')
	d.waitFor("These changes replace existing configuration in Okta")
	if got := w.writes() - writesBefore; got != 0 {
		t.Fatalf("%d writes after the first confirmation, want 0", got)
	}
	d.enter() // the focus is on Back
	d.waitFor("What will be written to Okta")
	if got := w.writes() - writesBefore; got != 0 {
		t.Fatalf("%d writes after going back, want 0", got)
	}
	if simtest.At(w.theIdP(t), "protocol", "endpoints", "userInfo") == nil {
		t.Fatal("the userinfo endpoint is gone before the second confirmation")
	}

	d.press('a')
	d.waitFor("These changes replace existing configuration in Okta")
	d.press('y')
	d.waitFor("Okta writes:")
	ctrlC(d)
	d.final()

	idp := w.theIdP(t)
	if got := simtest.At(idp, "protocol", "endpoints", "userInfo"); got != nil {
		t.Errorf("userinfo endpoint still set: %v", got)
	}
	if got := toStrings(simtest.At(idp, "protocol", "scopes")); !slices.Equal(got, []string{"openid", policyHandle}) {
		t.Errorf("scopes = %v", got)
	}
	if simtest.Str(idp, "protocol", "credentials", "client", "client_secret") != stored {
		t.Error("the secret stored in Okta was not kept")
	}
}
