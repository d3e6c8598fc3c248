package idme

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"time"
)

// Lifetimes from ID.me's documentation (idme.md §5).
const (
	consentLifetime = 15 * time.Minute // ID.me session timeout
	codeLifetime    = 5 * time.Minute
	accessLifetime  = 5 * time.Minute
	idTokenLifetime = 5 * time.Hour // exp-iat in every sandbox sample
)

// authRequest is an authorization request that passed validation.
type authRequest struct {
	clientID    string
	redirectURI string
	state       string
	nonce       string
	scope       string
	policy      Policy
	challenge   string // PKCE S256 code_challenge, "" without PKCE
}

type pendingConsent struct {
	authRequest
	expires time.Time
}

// codeGrant is an issued authorization code.
type codeGrant struct {
	authRequest
	identity    Identity
	expires     time.Time
	used        bool
	accessToken string // issued when the code was redeemed; revoked if the code is replayed
}

// accessGrant is what an access token unlocks at userinfo.
type accessGrant struct {
	clientID string
	claims   map[string]any // released identity claims
	subject  string
	expires  time.Time
}

// newToken returns 32 lowercase hex digits, the shape of ID.me's codes and tokens.
func newToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

func (s *Server) savePending(req authRequest) string {
	id := newToken()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending[id] = pendingConsent{authRequest: req, expires: s.now().Add(consentLifetime)}
	return id
}

// takePending removes and returns a pending consent, so each page can be answered once.
func (s *Server) takePending(id string) (authRequest, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.pending[id]
	delete(s.pending, id)
	if !ok || s.now().After(p.expires) {
		return authRequest{}, false
	}
	return p.authRequest, true
}

func (s *Server) issueCode(req authRequest, id Identity) string {
	code := newToken()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.codes[code] = &codeGrant{authRequest: req, identity: id, expires: s.now().Add(codeLifetime)}
	return code
}

// redeemCode checks a code presented by an authenticated client and returns its grant with
// the access token minted for it. The code is burnt on its first presentation whatever the
// outcome, and a replay revokes the access token it produced, as ID.me documents.
func (s *Server) redeemCode(code, clientID, redirectURI, verifier string) (codeGrant, *oauthError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.codes[code]
	switch {
	case !ok:
		return codeGrant{}, invalidGrant("authorization code is unknown")
	case g.clientID != clientID:
		return codeGrant{}, invalidGrant("authorization code was issued to another client")
	case g.used:
		delete(s.access, g.accessToken)
		return codeGrant{}, invalidGrant("authorization code was already used; tokens issued from it are revoked")
	}
	g.used = true
	switch {
	case s.now().After(g.expires):
		return codeGrant{}, invalidGrant("The provided authorization grant is expired or revoked")
	case g.redirectURI != redirectURI:
		return codeGrant{}, invalidGrant("redirect_uri does not match the authorization request")
	case g.challenge != "" && verifier == "":
		return codeGrant{}, invalidGrant("code_verifier is required: the authorization request sent a code_challenge")
	case g.challenge != "" && !pkceMatches(verifier, g.challenge):
		return codeGrant{}, invalidGrant("code_verifier does not match the code_challenge")
	case g.challenge == "" && verifier != "":
		// Accepting a verifier nobody committed to would hide a relying party's PKCE bug.
		return codeGrant{}, invalidGrant("code_verifier sent but the authorization request had no code_challenge")
	}
	g.accessToken = newToken()
	s.access[g.accessToken] = accessGrant{
		clientID: clientID,
		claims:   s.released(g.identity, g.policy),
		subject:  g.identity.subject(),
		expires:  s.now().Add(accessLifetime),
	}
	return *g, nil
}

// takeAccess returns the grant behind an access token and revokes the token: ID.me access
// tokens are single-use.
func (s *Server) takeAccess(token string) (accessGrant, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.access[token]
	delete(s.access, token)
	if !ok || s.now().After(a.expires) {
		return accessGrant{}, false
	}
	return a, true
}

// pkceMatches checks an RFC 7636 S256 verifier: 43–128 characters whose SHA-256, base64url
// without padding, is the challenge.
func pkceMatches(verifier, challenge string) bool {
	if len(verifier) < 43 || len(verifier) > 128 {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	got := base64.RawURLEncoding.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(got), []byte(challenge)) == 1
}
