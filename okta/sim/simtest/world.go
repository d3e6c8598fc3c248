package simtest

import (
	"crypto/rand"
	"encoding/hex"
	"testing"

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

// StartWorld starts the org (with simtest.Start's spec check) and the ID.me environments;
// everything is closed at cleanup.
func StartWorld(t testing.TB, opts ...WorldOption) *World {
	t.Helper()
	var cfg worldConfig
	for _, o := range opts {
		o(&cfg)
	}
	w := &World{Org: Start(t, cfg.org...), PolicyHandle: WorldPolicyHandle}
	w.Sandbox = startIDme(t, w.Org, cfg.claims)
	if cfg.production {
		p := startIDme(t, w.Org, cfg.claims)
		w.Production = &p
	}
	return w
}

func startIDme(t testing.TB, org *sim.Org, claims idme.ClaimStyle) IDme {
	t.Helper()
	env := IDme{ClientID: randomHex(16), ClientSecret: randomHex(24)}
	srv, err := idme.Start(idme.Options{ClaimStyle: claims, Clients: []idme.Client{{
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
