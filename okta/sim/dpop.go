package sim

import (
	"crypto"
	"encoding/base64"
	"net/http"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Minimal DPoP (RFC 9449) for a service app that requires it: enough to follow the exchange
// okta-sdk-golang performs (proof without nonce, use_dpop_nonce, proof with nonce) and to
// check the proof on every management call.

type dpopClaims struct {
	HTM   string           `json:"htm"`
	HTU   string           `json:"htu"`
	IAT   *jwt.NumericDate `json:"iat"`
	JTI   string           `json:"jti"`
	Nonce string           `json:"nonce"`
	ATH   string           `json:"ath"`
}

// parseDPoP verifies a proof's signature with the key in its own header and returns its
// claims and the key's SHA-256 thumbprint.
func parseDPoP(proof string) (dpopClaims, string, bool) {
	var claims dpopClaims
	tok, err := jwt.ParseSigned(proof, []jose.SignatureAlgorithm{jose.RS256, jose.ES256})
	if err != nil || len(tok.Headers) != 1 {
		return claims, "", false
	}
	h := tok.Headers[0]
	if typ, _ := h.ExtraHeaders[jose.HeaderType].(string); typ != "dpop+jwt" || h.JSONWebKey == nil || !h.JSONWebKey.IsPublic() {
		return claims, "", false
	}
	if err := tok.Claims(h.JSONWebKey.Key, &claims); err != nil {
		return claims, "", false
	}
	thumb, err := h.JSONWebKey.Thumbprint(crypto.SHA256)
	if err != nil {
		return claims, "", false
	}
	return claims, base64.RawURLEncoding.EncodeToString(thumb), true
}

// freshProof checks the claims every proof must carry: method, URL, a recent iat and an
// unused jti.
func (o *Org) freshProof(c *call, claims dpopClaims) bool {
	if claims.HTM != c.req.Method || claims.HTU != baseURLOf(c.req)+c.req.URL.Path || claims.JTI == "" || claims.IAT == nil {
		return false
	}
	if d := c.now.Sub(claims.IAT.Time()); d > clockSkew || d < -clockSkew {
		return false
	}
	if o.oauth.dpopSeen[claims.JTI] {
		return false
	}
	o.oauth.dpopSeen[claims.JTI] = true
	return true
}

// checkTokenDPoP runs the token endpoint's side of the exchange and returns the thumbprint
// the new token is bound to.
func (o *Org) checkTokenDPoP(c *call) (jkt string, rep reply, bad bool) {
	proof := c.req.Header.Get("DPoP")
	if proof == "" {
		return "", oauthFail(http.StatusBadRequest, "invalid_dpop_proof", "The DPoP proof JWT header is missing."), true
	}
	claims, thumb, valid := parseDPoP(proof)
	if !valid || !o.freshProof(c, claims) {
		return "", oauthFail(http.StatusBadRequest, "invalid_dpop_proof", "The DPoP proof JWT is invalid."), true // exact text unverified
	}
	if o.oauth.dpopNonce == "" || claims.Nonce != o.oauth.dpopNonce {
		o.oauth.dpopNonce = randomString(32)
		r := oauthFail(http.StatusBadRequest, "use_dpop_nonce", "Authorization server requires nonce in DPoP proof.")
		r.header = http.Header{"Dpop-Nonce": {o.oauth.dpopNonce}}
		return "", r, true
	}
	return thumb, reply{}, false
}

// checkResourceDPoP checks the proof sent with a DPoP-bound access token.
func (o *Org) checkResourceDPoP(c *call, token, jkt string) bool {
	claims, thumb, valid := parseDPoP(c.req.Header.Get("DPoP"))
	return valid && thumb == jkt && claims.ATH == accessTokenHash(token) && o.freshProof(c, claims)
}
