package main

import (
	"context"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
)

// An IdP an admin made for the same ID.me client: `apply` without --yes plans its adoption,
// writes nothing and says how to confirm; `apply --yes` adopts it under its own name instead
// of creating a second one.
func TestApplyAdoptsAHandMadeIdPOnlyWithYes(t *testing.T) {
	isolate(t)
	w := newWorld(t)
	c, err := okta.New(okta.Config{OrgURL: w.org.URL(), Token: w.org.AdminToken()})
	if err != nil {
		t.Fatal(err)
	}
	_, base, err := steps.ResolveIDmeBaseURL("", w.idme.BaseURL())
	if err != nil {
		t.Fatal(err)
	}
	a := steps.DefaultAnswers()
	a.IDmeBaseURL = base
	ep := a.Endpoints()
	made, err := c.CreateIdP(context.Background(), okta.IdP{Name: "ID.me", Scopes: []string{"openid", "profile", "email"},
		ClientID: w.clientID, ClientSecret: w.clientSecret, IssuerURL: ep.Issuer, AuthorizationURL: ep.Authorization,
		TokenURL: ep.Token, JWKSURL: ep.JWKS, UserInfoURL: ep.Issuer + "/userinfo"})
	if err != nil {
		t.Fatal(err)
	}
	w.org.ResetRequests()

	out, _, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL())
	if code != exitFailure || !strings.Contains(out, `adopt identity provider "ID.me"`) || !strings.Contains(out, made.ID) || !strings.Contains(out, "run again with --yes") || !strings.Contains(out, "nothing after it was written") {
		t.Fatalf("apply without --yes: %d\n%s", code, out)
	}
	if n := simtest.Writes(w.org); n != 0 {
		t.Fatalf("apply without --yes made %d writes", n)
	}

	if out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--yes"); code != exitOK {
		t.Fatalf("apply --yes: %d\n%s\n%s", code, out, errOut)
	}
	idps := w.org.Snapshot().IdPs
	if len(idps) != 1 || idps[0]["id"] != made.ID || idps[0]["name"] != "ID.me" {
		t.Fatalf("IdPs after apply --yes: %v", simtest.Redact(idps))
	}
	w.org.ResetRequests()
	if out, _, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL()); code != exitOK || simtest.Writes(w.org) != 0 {
		t.Errorf("second apply: %d, %d writes\n%s", code, simtest.Writes(w.org), out)
	}
}
