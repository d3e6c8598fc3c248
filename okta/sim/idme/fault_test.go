package idme_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-jose/go-jose/v4"
	"golang.org/x/oauth2"

	"github.com/idme-okta/idme-okta/okta/sim/idme"
)

// TestTokenFaultsAreCaughtByARealVerifier runs on one server, so the subtests are sequential:
// a fault is server-wide.
func TestTokenFaultsAreCaughtByARealVerifier(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}})
	rp := newRelyingParty(t, srv, okta, oauth2.AuthStyleInParams, idme.IAL2Handle)

	// issue signs in under fault f and returns the raw ID token and its verification result.
	issue := func(t *testing.T, f idme.TokenFault) issued {
		t.Helper()
		srv.SetTokenFault(f)
		t.Cleanup(func() { srv.SetTokenFault(idme.TokenFault{}) })
		l := newLogin()
		tok, err := rp.exchange(t, rp.signIn(t, l, "verified"), oauth2.VerifierOption(l.verifier))
		if err != nil {
			t.Fatalf("exchange: %v", err)
		}
		idt, verr := rp.verify(t, tok)
		return issued{raw: tok.Extra("id_token").(string), token: idt, verifyErr: verr, login: l}
	}

	for _, tc := range []struct {
		name    string
		fault   idme.TokenFault
		wantErr string
	}{
		{"forged signature", idme.TokenFault{WrongKey: true}, "failed to verify signature"},
		{"wrong audience", idme.TokenFault{WrongAudience: true}, "expected audience"},
		{"wrong issuer", idme.TokenFault{WrongIssuer: true}, "issued by a different provider"},
		{"alg none", idme.TokenFault{AlgNone: true}, "malformed jwt"},
		{"encrypted", idme.TokenFault{Encrypted: true}, "malformed jwt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := issue(t, tc.fault).verifyErr
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("verify error = %v, want one containing %q", err, tc.wantErr)
			}
		})
	}

	t.Run("expired", func(t *testing.T) {
		err := issue(t, idme.TokenFault{Expired: true}).verifyErr
		var expired *oidc.TokenExpiredError
		if !errors.As(err, &expired) {
			t.Errorf("verify error = %v, want TokenExpiredError", err)
		}
	})

	t.Run("nonce override passes the verifier but not the nonce check", func(t *testing.T) {
		got := issue(t, idme.TokenFault{Nonce: "replayed-nonce"})
		if got.verifyErr != nil {
			t.Fatalf("verify: %v (only the nonce should be wrong)", got.verifyErr)
		}
		if got.token.Nonce == got.login.nonce || got.token.Nonce != "replayed-nonce" {
			t.Errorf("nonce = %q; the override should replace the request's %q", got.token.Nonce, got.login.nonce)
		}
	})

	t.Run("encrypted token is a JWE to the published enc key", func(t *testing.T) {
		raw := issue(t, idme.TokenFault{Encrypted: true}).raw
		jwe, err := jose.ParseEncryptedCompact(raw, []jose.KeyAlgorithm{jose.RSA_OAEP}, []jose.ContentEncryption{jose.A256CBC_HS512})
		if err != nil {
			t.Fatalf("not a RSA-OAEP/A256CBC-HS512 JWE: %v", err)
		}
		if kid := jwe.Header.KeyID; kid == "" || kid != publishedKey(t, srv, "enc").KeyID {
			t.Errorf("JWE kid %q is not the JWKS enc key", kid)
		}
	})

	t.Run("alg none token carries no signature", func(t *testing.T) {
		raw := issue(t, idme.TokenFault{AlgNone: true}).raw
		parts := strings.Split(raw, ".")
		if len(parts) != 3 || parts[2] != "" || headerOf(t, raw)["alg"] != "none" {
			t.Errorf("token %q is not an unsigned alg:none JWT", raw)
		}
	})

	t.Run("forged token claims the real kid", func(t *testing.T) {
		raw := issue(t, idme.TokenFault{WrongKey: true}).raw
		if kid := headerOf(t, raw)["kid"]; kid != publishedKey(t, srv, "sig").KeyID {
			t.Errorf("forged kid %v, want the published signing kid so only the signature is wrong", kid)
		}
	})

	t.Run("clearing the fault restores good tokens", func(t *testing.T) {
		if err := issue(t, idme.TokenFault{}).verifyErr; err != nil {
			t.Errorf("verify after clearing faults: %v", err)
		}
	})
}

// issued is one ID token obtained under a fault, and what go-oidc made of it.
type issued struct {
	raw       string
	token     *oidc.IDToken
	verifyErr error
	login     login
}

func headerOf(t *testing.T, jwt string) map[string]any {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(strings.Split(jwt, ".")[0])
	if err != nil {
		t.Fatalf("header: %v", err)
	}
	var h map[string]any
	if err := json.Unmarshal(raw, &h); err != nil {
		t.Fatalf("header: %v", err)
	}
	return h
}
