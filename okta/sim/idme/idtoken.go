package idme

import (
	"time"

	"github.com/idme-okta/idme-okta/okta/sim/internal/oauthwire"
)

// TokenFault breaks the ID tokens the server issues, for negative tests of relying parties.
// Several switches may be combined.
type TokenFault struct {
	WrongKey      bool   // signed by a key that is not in the JWKS (but claims the real kid)
	WrongAudience bool   // aud is not the client
	WrongIssuer   bool   // iss is the real ID.me sandbox issuer instead of this server's
	Expired       bool   // exp an hour ago, beyond any sane clock-skew leeway
	AlgNone       bool   // unsigned, "alg":"none"
	Encrypted     bool   // a JWE wrapping the signed token, as ID.me sends with PII encryption
	Nonce         string // replaces the nonce claim when non-empty
}

const (
	sandboxIssuer = "https://api.idmelabs.com/oidc"
	otherAudience = "not-the-client"
)

func (s *Server) currentFault() TokenFault {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fault
}

// idToken makes the ID token for a redeemed code: the standard claims plus whatever the
// policy releases, with the current fault applied.
func (s *Server) idToken(g codeGrant) (string, error) {
	f := s.currentFault()
	claims := s.released(g.identity, g.policy)
	iat := s.now()
	if f.Expired {
		iat = iat.Add(-idTokenLifetime - time.Hour)
	}
	// Set after the identity's claims so an identity can never override them.
	claims["iss"] = s.Issuer()
	claims["sub"] = g.identity.subject()
	claims["aud"] = g.clientID
	claims["iat"] = iat.Unix()
	claims["exp"] = iat.Add(idTokenLifetime).Unix()
	if g.nonce != "" {
		claims["nonce"] = g.nonce
	}
	if f.WrongIssuer {
		claims["iss"] = sandboxIssuer
	}
	if f.WrongAudience {
		claims["aud"] = otherAudience
	}
	if f.Nonce != "" {
		claims["nonce"] = f.Nonce
	}

	var token string
	var err error
	switch {
	case f.AlgNone:
		token, err = oauthwire.Unsigned(claims)
	case f.WrongKey:
		token, err = s.keys.forge(claims)
	default:
		token, err = s.keys.sign(claims)
	}
	if err != nil || !f.Encrypted {
		return token, err
	}
	return s.keys.encrypt(token)
}
