package idme_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
	"golang.org/x/oauth2"

	"github.com/idme-okta/idme-okta/okta/sim/idme"
)

func getJSON(t *testing.T, rawURL string, into any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, body := noFollow(t, req)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", rawURL, resp.StatusCode)
	}
	if err := json.Unmarshal([]byte(body), into); err != nil {
		t.Fatalf("GET %s: %v", rawURL, err)
	}
}

// publishedKey returns the one JWKS key with the given use.
func publishedKey(t *testing.T, srv *idme.Server, use string) jose.JSONWebKey {
	t.Helper()
	var set jose.JSONWebKeySet
	getJSON(t, srv.BaseURL()+"oidc/.well-known/jwks", &set)
	var found []jose.JSONWebKey
	for _, k := range set.Keys {
		if k.Use == use {
			found = append(found, k)
		}
	}
	if len(found) != 1 {
		t.Fatalf("JWKS has %d keys with use %q, want 1", len(found), use)
	}
	return found[0]
}

func TestDiscoveryUsesIDmePaths(t *testing.T) {
	srv := startServer(t, idme.Options{})
	base := srv.BaseURL()
	if !strings.HasPrefix(base, "http://127.0.0.1:") || !strings.HasSuffix(base, "/") {
		t.Fatalf("BaseURL %q, want http://127.0.0.1:PORT/", base)
	}
	if srv.Issuer() != base+"oidc" {
		t.Errorf("Issuer %q, want %soidc", srv.Issuer(), base)
	}
	var doc map[string]json.RawMessage
	getJSON(t, base+"oidc/.well-known/openid-configuration", &doc)
	for field, want := range map[string]string{
		"issuer":                 base + "oidc",
		"authorization_endpoint": base + "oauth/authorize",
		"token_endpoint":         base + "oauth/token",
		"jwks_uri":               base + "oidc/.well-known/jwks",
		"userinfo_endpoint":      base + "api/public/v3/userinfo",
	} {
		var got string
		if err := json.Unmarshal(doc[field], &got); err != nil || got != want {
			t.Errorf("%s = %s, want %s", field, doc[field], want)
		}
	}
	for field, want := range map[string][]string{
		"id_token_signing_alg_values_supported": {"RS256"},
		"token_endpoint_auth_methods_supported": {"client_secret_post", "client_secret_basic"},
		"code_challenge_methods_supported":      {"S256"},
		"response_types_supported":              {"code"},
	} {
		var got []string
		if err := json.Unmarshal(doc[field], &got); err != nil || !slices.Equal(got, want) {
			t.Errorf("%s = %s, want %v", field, doc[field], want)
		}
	}
}

func TestJWKSListsASigningAndAnEncryptionKey(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}})
	sig, enc := publishedKey(t, srv, "sig"), publishedKey(t, srv, "enc")
	if sig.Algorithm != "RS256" || sig.KeyID == "" || !sig.IsPublic() {
		t.Errorf("signing key: alg %q kid %q public %t", sig.Algorithm, sig.KeyID, sig.IsPublic())
	}
	if enc.Algorithm != "RSA-OAEP" || enc.KeyID == "" || enc.KeyID == sig.KeyID || !enc.IsPublic() {
		t.Errorf("encryption key: alg %q kid %q public %t", enc.Algorithm, enc.KeyID, enc.IsPublic())
	}
	rp := newRelyingParty(t, srv, okta, oauth2.AuthStyleInParams, "teacher")
	_, _, tok := rp.signInAndVerify(t, "verified")
	h := headerOf(t, tok.Extra("id_token").(string))
	if h["kid"] != sig.KeyID || h["alg"] != "RS256" {
		t.Errorf("ID token header %v, want alg RS256 and kid %s", h, sig.KeyID)
	}
	other := startServer(t, idme.Options{})
	if publishedKey(t, other, "sig").KeyID == sig.KeyID {
		t.Error("two servers share a signing key")
	}
}

func TestRequestsAreLoggedWithoutQueries(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}})
	rp := newRelyingParty(t, srv, okta, oauth2.AuthStyleInParams, "teacher")
	rp.signInAndVerify(t, "verified")
	bad := okta
	bad.Secret = "wrong"
	badRP := newRelyingParty(t, srv, bad, oauth2.AuthStyleInParams, "teacher")
	l := newLogin()
	_, _ = badRP.exchange(t, badRP.signIn(t, l, "verified"), oauth2.VerifierOption(l.verifier))

	got := srv.Requests()
	for _, want := range []idme.Request{
		{Method: "GET", Path: "/oidc/.well-known/openid-configuration", Status: 200},
		{Method: "GET", Path: "/oauth/authorize", Status: 200},
		{Method: "POST", Path: "/oauth/authorize", Status: 302},
		{Method: "POST", Path: "/oauth/token", Status: 200},
		{Method: "GET", Path: "/oidc/.well-known/jwks", Status: 200},
		{Method: "POST", Path: "/oauth/token", Status: 401},
	} {
		if !slices.Contains(got, want) {
			t.Errorf("request log lacks %+v; got %+v", want, got)
		}
	}
	for _, r := range got {
		if strings.ContainsAny(r.Path, "?=") {
			t.Errorf("logged path %q carries a query", r.Path)
		}
	}
}

func TestUnknownPathsAndMethods(t *testing.T) {
	srv := startServer(t, idme.Options{})
	for _, tc := range []struct {
		method, path string
		want         int
	}{
		{http.MethodGet, "oauth/token", http.StatusMethodNotAllowed},
		{http.MethodDelete, "oauth/authorize", http.StatusMethodNotAllowed},
		{http.MethodGet, "oidc/.well-known/openid-configuration/", http.StatusNotFound},
		{http.MethodGet, ".well-known/openid-configuration", http.StatusNotFound},
	} {
		req, err := http.NewRequestWithContext(t.Context(), tc.method, srv.BaseURL()+tc.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if resp, _ := noFollow(t, req); resp.StatusCode != tc.want {
			t.Errorf("%s /%s: status %d, want %d", tc.method, tc.path, resp.StatusCode, tc.want)
		}
	}
}

func TestStartRefusesNonLoopbackAddresses(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.10:0", "example.com:0", "no-port"} {
		if srv, err := idme.Start(idme.Options{Addr: addr}); err == nil {
			srv.Close()
			t.Errorf("Start(%q) succeeded, want a loopback-only error", addr)
		}
	}
	srv := startServer(t, idme.Options{Addr: "localhost:0"})
	if !strings.HasPrefix(srv.BaseURL(), "http://127.0.0.1:") {
		t.Errorf("BaseURL %q", srv.BaseURL())
	}
}

func TestStartRejectsBadConfiguration(t *testing.T) {
	noUUID := idme.DefaultIdentities()
	delete(noUUID[1].Claims, "uuid")
	upperUUID := idme.DefaultIdentities()
	upperUUID[0].Claims["uuid"] = strings.ToUpper(upperUUID[0].Claims["uuid"].(string))
	dupKey := idme.DefaultIdentities()
	dupKey[2].Key = dupKey[0].Key

	for name, opts := range map[string]idme.Options{
		"no identities":              {Identities: []idme.Identity{}},
		"identity without uuid":      {Identities: noUUID},
		"upper-case uuid":            {Identities: upperUUID},
		"duplicate identity":         {Identities: dupKey},
		"duplicate policy":           {Policies: []idme.Policy{{Handle: "teacher"}, {Handle: "teacher"}}},
		"empty policy handle":        {Policies: []idme.Policy{{Handle: ""}}},
		"client with unknown policy": {Clients: []idme.Client{{ID: "c", Secret: "s", Policies: []string{"nope"}}}},
		"client twice":               {Clients: []idme.Client{okta, okta}},
		"client without id":          {Clients: []idme.Client{{Secret: "s"}}},
	} {
		t.Run(name, func(t *testing.T) {
			if srv, err := idme.Start(opts); err == nil {
				srv.Close()
				t.Error("Start accepted the configuration")
			}
		})
	}
}

func TestRegisterClientReplaces(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}})
	rotated := okta
	rotated.Secret = "rotated-secret"
	srv.RegisterClient(rotated)

	old := newRelyingParty(t, srv, okta, oauth2.AuthStyleInParams, "teacher")
	l := newLogin()
	_, err := old.exchange(t, old.signIn(t, l, "verified"), oauth2.VerifierOption(l.verifier))
	if code, _ := oauthErrorCode(t, err); code != "invalid_client" {
		t.Errorf("old secret: %s, want invalid_client", code)
	}
	newRP := newRelyingParty(t, srv, rotated, oauth2.AuthStyleInParams, "teacher")
	newRP.signInAndVerify(t, "verified")
}

func TestCloseStopsServing(t *testing.T) {
	srv, err := idme.Start(idme.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if resp, err := http.Get(srv.Issuer() + "/.well-known/openid-configuration"); err == nil {
		resp.Body.Close()
		t.Error("server still answers after Close")
	}
}
