package oauthwire

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
)

func TestWithQueryKeepsTheURLAndReplacesParams(t *testing.T) {
	got := WithQuery("http://127.0.0.1:9/cb?keep=1&state=old", map[string][]string{"state": {"new"}, "code": {"c"}})
	if got != "http://127.0.0.1:9/cb?code=c&keep=1&state=new" {
		t.Errorf("WithQuery = %s", got)
	}
	if got := WithQuery("%zz", map[string][]string{"a": {"b"}}); got != "%zz" {
		t.Errorf("unparseable URL changed: %s", got)
	}
}

func TestSignRS256VerifiesWithTheKeyAndNamesTheKid(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := SignRS256(key, "kid-1", map[string]any{"sub": "x"})
	if err != nil {
		t.Fatal(err)
	}
	jws, err := jose.ParseSigned(tok, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		t.Fatal(err)
	}
	if jws.Signatures[0].Header.KeyID != "kid-1" {
		t.Errorf("kid = %q", jws.Signatures[0].Header.KeyID)
	}
	payload, err := jws.Verify(&key.PublicKey)
	if err != nil || string(payload) != `{"sub":"x"}` {
		t.Errorf("verify: %s, %v", payload, err)
	}
}

func TestUnsignedHasAlgNoneAndNoSignature(t *testing.T) {
	tok, err := Unsigned(map[string]any{"sub": "x"})
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 || parts[2] != "" {
		t.Fatalf("token = %q", tok)
	}
	header, _ := base64.RawURLEncoding.DecodeString(parts[0])
	if string(header) != `{"alg":"none","typ":"JWT"}` {
		t.Errorf("header = %s", header)
	}
}
