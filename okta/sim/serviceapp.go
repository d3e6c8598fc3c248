package sim

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"sync"
)

// ServiceApp is the org's OAuth 2.0 service app: client_credentials with private_key_jwt
// client authentication, the way okta-sdk-golang's PrivateKey authorization mode signs in.
type ServiceApp struct {
	ClientID      string
	KeyID         string
	PrivateKeyPEM []byte   // PKCS#1 "RSA PRIVATE KEY"
	Scopes        []string // the Okta API scopes granted to the app
}

// serviceAppScopes are the scopes the seeded service app is granted: what the wizard needs
// (okta-api.md §7). Anything else, such as okta.users.manage, is outside the grant.
var serviceAppScopes = []string{
	"okta.idps.manage",
	"okta.schemas.manage",
	"okta.profileMappings.manage",
	"okta.userTypes.read",
	"okta.policies.manage",
	"okta.apps.manage",
	"okta.groups.read",
	"okta.users.read",
	"okta.logs.read",
}

// oauthState is the org's OAuth client-credentials state. The key is made on first use
// (RSA key generation is slow and most tests never sign in this way).
type oauthState struct {
	clientID  string
	keyID     string
	keyOnce   sync.Once
	key       *rsa.PrivateKey
	keyErr    error
	tokens    map[string]*accessToken
	usedJTIs  map[string]bool // jti of client assertions already used
	dpop      bool            // the service app requires DPoP-bound tokens
	dpopNonce string          // the nonce the token endpoint currently expects
	dpopSeen  map[string]bool // jti of DPoP proofs already used
}

func (s *oauthState) privateKey() (*rsa.PrivateKey, error) {
	s.keyOnce.Do(func() {
		s.key, s.keyErr = rsa.GenerateKey(rand.Reader, 2048)
	})
	return s.key, s.keyErr
}

// ServiceApp returns the service app's credentials. It panics if the key cannot be made,
// which only happens when the system's random source fails.
func (o *Org) ServiceApp() ServiceApp {
	key, err := o.oauth.privateKey()
	if err != nil {
		panic(fmt.Sprintf("sim: generate service app key: %v", err))
	}
	der := x509.MarshalPKCS1PrivateKey(key)
	return ServiceApp{
		ClientID:      o.oauth.clientID,
		KeyID:         o.oauth.keyID,
		PrivateKeyPEM: pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: der}),
		Scopes:        append([]string(nil), serviceAppScopes...),
	}
}

// RequireDPoP makes the service app demand DPoP-bound access tokens, as Okta does for new
// service apps: the token endpoint answers invalid_dpop_proof without a proof and
// use_dpop_nonce until the proof carries the nonce it hands out, and management calls then
// need "Authorization: DPoP <token>" with a fresh proof.
func (o *Org) RequireDPoP(required bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.oauth.dpop = required
}
