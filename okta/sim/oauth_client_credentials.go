package sim

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

func init() { registerGrant("client_credentials", (*Org).clientCredentialsGrant) }

const jwtBearerAssertion = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// accessTokenLifetime is what Okta issues for the Okta API scopes: one hour.
const accessTokenLifetime = time.Hour

// clockSkew is the leeway allowed on exp/iat of client assertions and DPoP proofs.
const clockSkew = 5 * time.Minute

type accessToken struct {
	clientID string
	scopes   map[string]bool
	expires  time.Time
	dpopJKT  string // thumbprint of the key a DPoP-bound token is bound to
}

// clientCredentialsGrant authenticates the service app with a private_key_jwt client
// assertion (iss = sub = client_id, aud = <org>/oauth2/v1/token, exp, RS256) and issues an
// access token for the requested Okta API scopes.
func (o *Org) clientCredentialsGrant(c *call, form url.Values) reply {
	if form.Get("client_assertion_type") != jwtBearerAssertion || form.Get("client_assertion") == "" {
		return oauthFail(http.StatusUnauthorized, "invalid_client", "Client authentication failed. Either the client or the client credentials are invalid.")
	}
	if rep, bad := o.verifyClientAssertion(c, form); bad {
		return rep
	}
	requested := strings.Fields(form.Get("scope"))
	if len(requested) == 0 {
		return oauthFail(http.StatusBadRequest, "invalid_scope", "The requested scope is invalid, unknown, or malformed.")
	}
	for _, s := range requested {
		if !serviceAppGranted(s) {
			return oauthFail(http.StatusBadRequest, "invalid_scope", "The requested scope is invalid, unknown, or malformed.")
		}
	}
	tokenType, jkt := "Bearer", ""
	if o.oauth.dpop {
		var rep reply
		var bad bool
		if jkt, rep, bad = o.checkTokenDPoP(c); bad {
			return rep
		}
		tokenType = "DPoP"
	}
	tok := "eyJ" + randomString(80)
	granted := map[string]bool{}
	for _, s := range requested {
		granted[s] = true
	}
	o.oauth.tokens[tok] = &accessToken{clientID: o.oauth.clientID, scopes: granted, expires: c.now.Add(accessTokenLifetime), dpopJKT: jkt}
	return reply{status: http.StatusOK, body: JSON{
		"token_type":   tokenType,
		"expires_in":   int(accessTokenLifetime / time.Second),
		"access_token": tok,
		"scope":        strings.Join(requested, " "),
	}, header: http.Header{"Cache-Control": {"no-store"}, "Pragma": {"no-cache"}}}
}

// serviceAppGranted reports whether the service app may ask for a scope; a granted manage
// scope includes its read scope.
func serviceAppGranted(scope string) bool {
	if slices.Contains(serviceAppScopes, scope) {
		return true
	}
	base, isRead := strings.CutSuffix(scope, ".read")
	return isRead && slices.Contains(serviceAppScopes, base+".manage")
}

type assertionClaims struct {
	jwt.Claims
}

// verifyClientAssertion checks the signed client assertion; bad reports a failure reply.
func (o *Org) verifyClientAssertion(c *call, form url.Values) (rep reply, bad bool) {
	invalid := func(desc string) (reply, bool) {
		return oauthFail(http.StatusUnauthorized, "invalid_client", desc), true
	}
	tok, err := jwt.ParseSigned(form.Get("client_assertion"), []jose.SignatureAlgorithm{jose.RS256, jose.RS384, jose.RS512, jose.ES256})
	if err != nil {
		return invalid("The client_assertion token is malformed.") // exact text unverified
	}
	var unverified assertionClaims
	if err := tok.UnsafeClaimsWithoutVerification(&unverified); err != nil {
		return invalid("The client_assertion token is malformed.")
	}
	if unverified.Issuer != o.oauth.clientID || (form.Get("client_id") != "" && form.Get("client_id") != unverified.Issuer) {
		return invalid("Client authentication failed. Either the client or the client credentials are invalid.")
	}
	if kid := tok.Headers[0].KeyID; kid != "" && kid != o.oauth.keyID {
		return invalid("The client_assertion token has a kid which does not identify a key in the client's JWKS.") // exact text unverified
	}
	key, err := o.oauth.privateKey()
	if err != nil {
		return invalid("The client has no key.")
	}
	var claims assertionClaims
	if err := tok.Claims(&key.PublicKey, &claims); err != nil {
		return invalid("The client_assertion signature is invalid.") // exact text unverified
	}
	if claims.Subject != claims.Issuer {
		return invalid("The client_assertion token's sub claim must equal its iss claim.") // exact text unverified
	}
	if claims.Expiry == nil {
		return invalid("The client_assertion token must have an exp claim.") // exact text unverified
	}
	err = claims.ValidateWithLeeway(jwt.Expected{AnyAudience: jwt.Audience{o.baseURL + "/oauth2/v1/token"}, Time: c.now}, clockSkew)
	if err != nil {
		return invalid("The audience or the expiry of the client_assertion token is invalid: " + err.Error()) // exact text unverified
	}
	if claims.ID != "" {
		if o.oauth.usedJTIs[claims.ID] {
			return invalid("The client_assertion token has already been used.") // exact text unverified
		}
		o.oauth.usedJTIs[claims.ID] = true
	}
	return reply{}, false
}

// authenticateAccessToken checks a Bearer or DPoP access token from the token endpoint.
func (o *Org) authenticateAccessToken(c *call, scheme, token string) (*principal, *apiError) {
	at := o.oauth.tokens[token]
	if at == nil || !c.now.Before(at.expires) {
		return nil, invalidToken()
	}
	switch {
	case at.dpopJKT == "" && scheme != "bearer":
		return nil, invalidToken()
	case at.dpopJKT != "":
		if scheme != "dpop" || !o.checkResourceDPoP(c, token, at.dpopJKT) {
			return nil, invalidToken()
		}
	}
	return &principal{clientID: at.clientID, scopes: at.scopes}, nil
}

// accessTokenHash is the DPoP "ath" claim: base64url(SHA-256(token)).
func accessTokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}
