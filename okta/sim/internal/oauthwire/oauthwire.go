// Package oauthwire holds the OAuth 2.0 / OpenID Connect wire pieces both simulators write:
// redirect URLs with parameters added, RS256-signed JWTs and the unsigned "alg":"none" kind a
// relying party must refuse.
package oauthwire

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/go-jose/go-jose/v4"
)

// WithQuery returns raw with params set in its query (replacing values of the same names).
// Callers pass only URLs that were parsed before (a registered redirect URI), so an
// unparseable one is returned unchanged.
func WithQuery(raw string, params url.Values) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	for k, vs := range params {
		q[k] = vs
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// SignRS256 returns claims as a compact JWT signed with key, its header naming kid.
func SignRS256(key *rsa.PrivateKey, kid string, claims map[string]any) (string, error) {
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("encode claims: %w", err)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: kid}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", fmt.Errorf("new signer: %w", err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return jws.CompactSerialize()
}

// Unsigned builds an "alg":"none" JWT by hand (go-jose rightly refuses to make one), for
// tests that prove relying parties reject it.
func Unsigned(claims map[string]any) (string, error) {
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("encode claims: %w", err)
	}
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + enc(payload) + ".", nil
}
