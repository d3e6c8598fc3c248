package idme

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"fmt"
	"github.com/idme-okta/idme-okta/okta/sim/internal/oauthwire"
	"sync"

	"github.com/go-jose/go-jose/v4"
)

// keySet holds the server's keys. Like ID.me's JWKS it publishes a signing key and a
// non-signing (encryption) key, so relying parties have to pick by kid and use. They are made
// at first use: two RSA keys cost 0.1–0.3 s, which `idme-okta demo` would otherwise spend
// before its first frame, and a sign-in needs them only seconds later.
type keySet struct {
	once       sync.Once
	err        error
	signing    jose.JSONWebKey // private; RS256, use "sig"
	encryption jose.JSONWebKey // private; RSA-OAEP, use "enc"

	forgerOnce sync.Once
	forger     *rsa.PrivateKey // unpublished; only made when a test asks for a forged token
	forgerErr  error
}

// load makes the keys once; every use calls it first.
func (k *keySet) load() error {
	k.once.Do(func() { k.err = k.generate() })
	return k.err
}

func (k *keySet) generate() error {
	// Two 2048-bit keys take ~0.1 s each; generate them side by side.
	var sig, enc *rsa.PrivateKey
	var sigErr, encErr error
	var wg sync.WaitGroup
	wg.Go(func() { sig, sigErr = rsa.GenerateKey(rand.Reader, 2048) })
	enc, encErr = rsa.GenerateKey(rand.Reader, 2048)
	wg.Wait()
	if sigErr != nil {
		return fmt.Errorf("generate signing key: %w", sigErr)
	}
	if encErr != nil {
		return fmt.Errorf("generate encryption key: %w", encErr)
	}
	k.signing = jose.JSONWebKey{Key: sig, Algorithm: string(jose.RS256), Use: "sig"}
	k.encryption = jose.JSONWebKey{Key: enc, Algorithm: string(jose.RSA_OAEP), Use: "enc"}
	for _, jwk := range []*jose.JSONWebKey{&k.signing, &k.encryption} {
		// ID.me's kids are RFC 7638 thumbprints, e.g. 9WSOx_eAXYDxiFou_suVIzGiNxBarsylEONVPbv1yTg.
		tp, err := jwk.Thumbprint(crypto.SHA256)
		if err != nil {
			return fmt.Errorf("key thumbprint: %w", err)
		}
		jwk.KeyID = base64.RawURLEncoding.EncodeToString(tp)
	}
	return nil
}

// public is the JWKS document. The encryption key comes first so that a relying party which
// takes the first key instead of matching kid and use fails here rather than in production.
func (k *keySet) public() (jose.JSONWebKeySet, error) {
	if err := k.load(); err != nil {
		return jose.JSONWebKeySet{}, err
	}
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{k.encryption.Public(), k.signing.Public()}}, nil
}

// sign makes an RS256 JWS over claims with the published signing key.
func (k *keySet) sign(claims map[string]any) (string, error) {
	if err := k.load(); err != nil {
		return "", err
	}
	return oauthwire.SignRS256(k.signing.Key.(*rsa.PrivateKey), k.signing.KeyID, claims)
}

// forge signs with a key that is not in the JWKS but claims the signing key's kid, so the
// relying party finds "the" key and the signature check itself must fail.
func (k *keySet) forge(claims map[string]any) (string, error) {
	if err := k.load(); err != nil {
		return "", err
	}
	k.forgerOnce.Do(func() { k.forger, k.forgerErr = rsa.GenerateKey(rand.Reader, 2048) })
	if k.forgerErr != nil {
		return "", fmt.Errorf("generate forging key: %w", k.forgerErr)
	}
	return oauthwire.SignRS256(k.forger, k.signing.KeyID, claims)
}

// encrypt wraps a JWT in a JWE (RSA-OAEP + A256CBC-HS512), the way ID.me does when a partner
// asks for encrypted PII. Okta cannot decrypt IdP tokens, which is what the fault exercises.
func (k *keySet) encrypt(jwt string) (string, error) {
	if err := k.load(); err != nil {
		return "", err
	}
	enc, err := jose.NewEncrypter(jose.A256CBC_HS512,
		jose.Recipient{Algorithm: jose.RSA_OAEP, Key: k.encryption.Public().Key, KeyID: k.encryption.KeyID},
		(&jose.EncrypterOptions{}).WithContentType("JWT").WithType("JWT"))
	if err != nil {
		return "", fmt.Errorf("new encrypter: %w", err)
	}
	obj, err := enc.Encrypt([]byte(jwt))
	if err != nil {
		return "", fmt.Errorf("encrypt token: %w", err)
	}
	return obj.CompactSerialize()
}
