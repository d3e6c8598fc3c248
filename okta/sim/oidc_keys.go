package sim

import (
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"github.com/idme-okta/idme-okta/okta/sim/internal/oauthwire"
	"net/http"
	"sync"

	"github.com/go-jose/go-jose/v4"
)

// load makes the signing key (and the unpublished forging key) on first use. Real Okta kids
// are 43 URL-safe characters.
func (k *signingKeys) load() error {
	k.once.Do(func() {
		var wg sync.WaitGroup
		var forgeErr error
		wg.Go(func() { k.forger, forgeErr = rsa.GenerateKey(rand.Reader, 2048) })
		k.key, k.err = rsa.GenerateKey(rand.Reader, 2048)
		wg.Wait()
		if k.err == nil {
			k.err = forgeErr
		}
		if k.err != nil {
			k.err = fmt.Errorf("generate the org's ID token signing key: %w", k.err)
		}
		k.kid = randomString(43)
	})
	return k.err
}

// keys serves GET /oauth2/v1/keys: the org authorization server's public signing key. The
// response may be cached, as Okta's is (okta-api.md §6: not rate limited, honour Cache-Control).
func (o *Org) keys(*call) reply {
	if err := o.fed.keys.load(); err != nil {
		return fail(errorForStatus(http.StatusInternalServerError))
	}
	jwk := jose.JSONWebKey{Key: &o.fed.keys.key.PublicKey, KeyID: o.fed.keys.kid, Algorithm: string(jose.RS256), Use: "sig"}
	return reply{status: http.StatusOK, body: jose.JSONWebKeySet{Keys: []jose.JSONWebKey{jwk}},
		header: http.Header{"Cache-Control": {"max-age=3600, must-revalidate"}}}
}

// signIDToken signs claims for an app, breaking the token as the current TokenFault says.
// Call with mu held.
func (o *Org) signIDToken(claims JSON) (string, error) {
	if err := o.fed.keys.load(); err != nil {
		return "", err
	}
	f := o.fed.tokenFault
	if f.WrongAudience {
		claims["aud"] = "0oaNotTheClient000000"
	}
	if f.WrongIssuer {
		claims["iss"] = "https://another-org.okta.com"
	}
	if f.Expired {
		iat, _ := claims["iat"].(int64)
		claims["iat"] = iat - int64((idTokenLifetime * 2).Seconds())
		claims["exp"] = iat - int64(idTokenLifetime.Seconds())
	}
	if f.Nonce != "" {
		claims["nonce"] = f.Nonce
	}
	if f.AlgNone {
		return oauthwire.Unsigned(claims)
	}
	key := o.fed.keys.key
	if f.WrongKey {
		key = o.fed.keys.forger
	}
	return oauthwire.SignRS256(key, o.fed.keys.kid, claims)
}
