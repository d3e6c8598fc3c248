package sim_test

import (
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim"
)

// Every TokenFault gives a token that a relying party's verifier rejects: go-oidc for the
// signature, iss, aud, exp and alg, and the relying party's own nonce check.
func TestTokenFaultsAreRejectedByTheVerifier(t *testing.T) {
	env := setupFederation(t, fedOptions{})
	b := newBrowser(t, env.redirectURI)
	// Sign in once through ID.me; each case then gets a fresh token from the session.
	b.finish(b.consent(b.get(env.authorizeURL(map[string]string{"response_type": "id_token"})), "verified"))
	if _, _, err := env.verifyIDToken(t, b.landed.params.Get("id_token")); err != nil {
		t.Fatalf("a good token is rejected: %v", err)
	}
	cases := []struct {
		fault sim.TokenFault
		want  string // in go-oidc's error, or "nonce" for the nonce check
	}{
		{sim.TokenFault{WrongKey: true}, "failed to verify signature"},
		{sim.TokenFault{WrongAudience: true}, "expected audience"},
		{sim.TokenFault{WrongIssuer: true}, "id token issued by a different provider"},
		{sim.TokenFault{Expired: true}, "token is expired"},
		{sim.TokenFault{AlgNone: true}, "malformed jwt"},
		{sim.TokenFault{Nonce: "replayed"}, "nonce"},
	}
	for _, tc := range cases {
		t.Run(tc.want, func(t *testing.T) {
			env.org.SetTokenFault(tc.fault)
			defer env.org.SetTokenFault(sim.TokenFault{})
			nonce := "nonce-" + randomHex(8)
			b.get(env.authorizeURL(map[string]string{"response_type": "id_token", "nonce": nonce}))
			if b.landed == nil || b.landed.params.Get("id_token") == "" {
				t.Fatalf("no token: %v", b.landed)
			}
			idt, _, err := env.verifyIDToken(t, b.landed.params.Get("id_token"))
			if tc.want == "nonce" {
				if err != nil {
					t.Fatalf("go-oidc: %v", err)
				}
				if idt.Nonce == nonce {
					t.Errorf("the nonce fault left the nonce intact")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("verify = %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
