package simtest

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta/sim"
	"github.com/idme-okta/idme-okta/okta/sim/idme"
)

// World is a simulated Okta org federating to a simulated ID.me, wired the way an ID.me
// Solution Consultant does it: the ID.me client Okta uses is registered with Okta's
// callback (the IdP's redirect URI) and may request PolicyHandle.
//
// The sandbox stand-in plays https://api.idmelabs.com/; with WithProduction a second,
// separate stand-in plays https://api.id.me/ with its own client ID and secret, so a test
// can move a finished sandbox setup to production (issue 9's promote) and sign in again.
// Sandbox credentials are unknown to production (invalid_client), as on ID.me.
type World struct {
	Org          *sim.Org
	Sandbox      IDme
	Production   *IDme  // nil unless WithProduction
	PolicyHandle string // an ID.me policy that releases every claim the guide maps
}

// IDme is one ID.me environment and the client registered there for the org.
type IDme struct {
	*idme.Server
	ClientID     string
	ClientSecret string
}

// WorldPolicyHandle is the example handle from Okta's guide; the stand-in's policy of that
// name releases every claim. The client may also request idme.IAL2Handle and "teacher"
// (which releases only uuid, names, zip and email).
const WorldPolicyHandle = "nist_aal2_ial2"

type worldConfig struct {
	org        []func(*sim.Options)
	claims     idme.ClaimStyle
	production bool
	clock      *Clock
}

// WorldOption adjusts StartWorld.
type WorldOption func(*worldConfig)

// WithOrg passes options to the org, e.g. simtest.WithOrg(simtest.Classic).
func WithOrg(opts ...func(*sim.Options)) WorldOption {
	return func(c *worldConfig) { c.org = append(c.org, opts...) }
}

// WithClaims sets the claim names both ID.me environments release (idme.ClaimsGuide, the
// default, or idme.ClaimsOIDC).
func WithClaims(style idme.ClaimStyle) WorldOption {
	return func(c *worldConfig) { c.claims = style }
}

// WithProduction also starts the production stand-in.
func WithProduction() WorldOption {
	return func(c *worldConfig) { c.production = true }
}

// WithClock runs the org and the ID.me environments on c: tokens, sessions and System Log
// times follow it (see SignInHistory).
func WithClock(c *Clock) WorldOption {
	return func(cfg *worldConfig) { cfg.clock = c }
}

// StartWorld starts the org (with simtest.Start's spec check) and the ID.me environments;
// everything is closed at cleanup.
func StartWorld(t testing.TB, opts ...WorldOption) *World {
	t.Helper()
	var cfg worldConfig
	for _, o := range opts {
		o(&cfg)
	}
	var now func() time.Time
	orgOpts := cfg.org
	if cfg.clock != nil {
		now = cfg.clock.Now
		orgOpts = append(orgOpts, func(o *sim.Options) { o.Now = now })
	}
	w := &World{Org: Start(t, orgOpts...), PolicyHandle: WorldPolicyHandle}
	w.Sandbox = startIDme(t, w.Org, cfg.claims, now)
	if cfg.production {
		p := startIDme(t, w.Org, cfg.claims, now)
		w.Production = &p
	}
	return w
}

func startIDme(t testing.TB, org *sim.Org, claims idme.ClaimStyle, now func() time.Time) IDme {
	t.Helper()
	env := IDme{ClientID: randomHex(16), ClientSecret: randomHex(24)}
	srv, err := idme.Start(idme.Options{Now: now, ClaimStyle: claims, Clients: []idme.Client{{
		ID:           env.ClientID,
		Secret:       env.ClientSecret,
		RedirectURIs: []string{org.URL() + "/oauth2/v1/authorize/callback"},
		Policies:     []string{WorldPolicyHandle, idme.IAL2Handle, "teacher"},
	}}})
	if err != nil {
		t.Fatalf("simtest: start simulated ID.me: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("simtest: %v", err)
		}
	})
	env.Server = srv
	return env
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand does not fail on supported platforms
	return hex.EncodeToString(b)
}

// IdP is an identity provider for this ID.me environment and client as an admin would type
// it into the console: the environment's endpoints and issuer, the console's default scopes
// (openid profile email), no userinfo endpoint. Change fields before SeedIdP.
func (e IDme) IdP(name string) IdP {
	return IdP{Name: name, BaseURL: e.BaseURL(), ClientID: e.ClientID, ClientSecret: e.ClientSecret}
}

// SeedHalfFollowedGuide makes what issue 8 found in a real org where the guide was followed
// by hand halfway: an OIDC IdP named "ID.me" for the sandbox client with the guide's
// endpoints but the userinfo endpoint left set and scopes openid profile email, and an
// INACTIVE routing rule "ID.me" pointing at it (Okta + the IdP on Identity Engine; the IdP
// alone on Classic, which allows one provider).
func (w *World) SeedHalfFollowedGuide(t testing.TB) (idpID, ruleID string) {
	t.Helper()
	p := w.Sandbox.IdP("ID.me")
	p.UserInfo = true
	idpID = SeedIdP(t, w.Org, p)
	ruleID = SeedRule(t, w.Org, Rule{Name: "ID.me", IdPIDs: []string{idpID}, Okta: w.Org.Engine() != sim.ClassicEngine, Inactive: true})
	return idpID, ruleID
}

// guideClaims are the claims Okta's guide maps, with the Okta attribute each fills
// (idme_uuid is the custom one the guide adds).
var guideClaims = []struct{ claim, attribute string }{
	{"uuid", "idme_uuid"}, {"fname", "firstName"}, {"lname", "lastName"}, {"mname", "middleName"},
	{"phone", "mobilePhone"}, {"street", "streetAddress"}, {"city", "city"}, {"state", "state"}, {"zip", "zipCode"},
}

// SeedGuideSetup follows Okta's guide by hand for the sandbox client, the way an admin
// clicks it together in the console: the IdP name (scopes exactly openid + PolicyHandle, no
// userinfo endpoint), the custom Okta attribute idme_uuid, one IdP profile attribute per
// guide claim (externalName = the claim), the mapping rows (email → login and email, the
// guide's claims → their attributes, PUSH) and an ACTIVE routing rule "ID.me" (Okta + the
// IdP; the IdP alone on Classic). It returns the IdP's and the rule's ids. Sign-ins through
// it work for ID.me's guide-style claims.
func (w *World) SeedGuideSetup(t testing.TB, name string) (idpID, ruleID string) {
	t.Helper()
	p := w.Sandbox.IdP(name)
	p.Scopes = []string{"openid", w.PolicyHandle}
	idpID = SeedIdP(t, w.Org, p)
	SeedUserAttribute(t, w.Org, "idme_uuid", "string")
	idpProps := map[string]any{}
	rows := map[string]any{
		"login": map[string]any{"expression": "appuser.email", "pushStatus": "PUSH"},
		"email": map[string]any{"expression": "appuser.email", "pushStatus": "PUSH"},
	}
	for _, c := range guideClaims {
		idpProps[c.claim] = map[string]any{"title": c.claim, "type": "string", "externalName": c.claim, "scope": "NONE"}
		rows[c.attribute] = map[string]any{"expression": "appuser." + c.claim, "pushStatus": "PUSH"}
	}
	seed(t, w.Org, http.MethodPost, "/api/v1/meta/schemas/apps/"+idpID+"/default", map[string]any{
		"definitions": map[string]any{"custom": map[string]any{"id": "#custom", "type": "object", "required": []any{}, "properties": idpProps}}})
	seed(t, w.Org, http.MethodPost, "/api/v1/mappings/"+defaultMappingID(t, w.Org, idpID), map[string]any{"properties": rows})
	ruleID = SeedRule(t, w.Org, Rule{Name: "ID.me", IdPIDs: []string{idpID}, Okta: w.Org.Engine() != sim.ClassicEngine})
	return idpID, ruleID
}

// defaultMappingID is the id of the mapping from an IdP to the default user type.
func defaultMappingID(t testing.TB, org *sim.Org, idpID string) string {
	t.Helper()
	var types, mappings []map[string]any
	AdminCall(t, org, http.MethodGet, "/api/v1/meta/types/user", nil, &types)
	for _, typ := range types {
		if typ["default"] == true {
			AdminCall(t, org, http.MethodGet, "/api/v1/mappings?sourceId="+idpID+"&targetId="+Str(typ, "id"), nil, &mappings)
		}
	}
	if len(mappings) != 1 {
		t.Fatalf("simtest: %d mappings from %s to the default user type", len(mappings), idpID)
	}
	org.ResetRequests()
	return Str(mappings[0], "id")
}
