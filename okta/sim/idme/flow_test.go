package idme_test

import (
	"maps"
	"regexp"
	"slices"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/idme-okta/idme-okta/okta/sim/idme"
)

var okta = idme.Client{
	ID:           "0oa-okta-idp-client",
	Secret:       "not-a-real-secret",
	RedirectURIs: []string{callbackURI},
	Policies:     []string{idme.IAL2Handle, "teacher"},
}

func defaultIdentity(t *testing.T, key string) idme.Identity {
	t.Helper()
	for _, id := range idme.DefaultIdentities() {
		if id.Key == key {
			return id
		}
	}
	t.Fatalf("no default identity %q", key)
	return idme.Identity{}
}

func policy(t *testing.T, handle string) idme.Policy {
	t.Helper()
	for _, p := range idme.DefaultPolicies() {
		if p.Handle == handle {
			return p
		}
	}
	t.Fatalf("no default policy %q", handle)
	return idme.Policy{}
}

var standardClaims = []string{"iss", "sub", "aud", "iat", "exp", "nonce"}

func TestHappyPathBothClientAuthMethods(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}})
	for name, style := range map[string]oauth2.AuthStyle{
		"client_secret_post":  oauth2.AuthStyleInParams,
		"client_secret_basic": oauth2.AuthStyleInHeader,
	} {
		t.Run(name, func(t *testing.T) {
			rp := newRelyingParty(t, srv, okta, style, idme.IAL2Handle)
			idt, claims, tok := rp.signInAndVerify(t, "verified")

			if idt.Subject != claims["uuid"] {
				t.Errorf("sub %q != uuid %v", idt.Subject, claims["uuid"])
			}
			if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(idt.Subject) {
				t.Errorf("sub %q is not 32 lowercase hex digits", idt.Subject)
			}
			// The IAL2 policy releases everything: every claim of the identity arrives unchanged.
			want := defaultIdentity(t, "verified").Claims
			for name, v := range want {
				if claims[name] != v {
					t.Errorf("claim %s = %v, want %v", name, claims[name], v)
				}
			}
			for _, name := range []string{"fname", "lname", "email"} {
				if s, _ := claims[name].(string); s == "" {
					t.Errorf("claim %s missing", name)
				}
			}
			if s, _ := claims["birth_date"].(string); !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(s) {
				t.Errorf("birth_date %q is not YYYY-MM-DD", s)
			}
			if s, _ := claims["phone"].(string); !regexp.MustCompile(`^\d+$`).MatchString(s) {
				t.Errorf("phone %q is not digits only", s)
			}
			if got := idt.Expiry.Sub(idt.IssuedAt); got != 5*time.Hour {
				t.Errorf("exp - iat = %v, want 5h", got)
			}

			if tok.Type() != "Bearer" || tok.AccessToken == "" || tok.RefreshToken == "" {
				t.Errorf("token response: type %q, access %t, refresh %t", tok.Type(), tok.AccessToken != "", tok.RefreshToken != "")
			}
			if got := tok.Extra("expires_in"); got != float64(300) {
				t.Errorf("expires_in = %v, want 300", got)
			}
			if got := tok.Extra("scope"); got != "openid "+idme.IAL2Handle {
				t.Errorf("scope = %v", got)
			}
		})
	}
}

func TestPolicyReleasesOnlyItsClaims(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}})
	rp := newRelyingParty(t, srv, okta, oauth2.AuthStyleInParams, "teacher")
	_, claims, _ := rp.signInAndVerify(t, "verified")

	teacher := policy(t, "teacher")
	if len(teacher.Claims) == 0 {
		t.Fatal("teacher policy should release a subset")
	}
	want := append(slices.Clone(standardClaims), teacher.Claims...)
	got := slices.Sorted(maps.Keys(claims))
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("claims = %v, want %v", got, want)
	}
	for _, hidden := range []string{"birth_date", "phone", "street"} {
		if _, ok := claims[hidden]; ok {
			t.Errorf("teacher policy released %s", hidden)
		}
	}
}

func TestIdentityWithoutEmailHasNoEmailClaim(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}})
	rp := newRelyingParty(t, srv, okta, oauth2.AuthStyleInParams, idme.IAL2Handle)

	_, claims, _ := rp.signInAndVerify(t, "no-email")
	if _, ok := claims["email"]; ok {
		t.Errorf("no-email identity produced email %v", claims["email"])
	}
	if claims["uuid"] != defaultIdentity(t, "no-email").Claims["uuid"] {
		t.Errorf("signed in as the wrong identity: uuid %v", claims["uuid"])
	}

	// A policy that releases email must leave it out, not send null, when the person has none.
	teacher := newRelyingParty(t, srv, okta, oauth2.AuthStyleInParams, "teacher")
	_, claims, _ = teacher.signInAndVerify(t, "no-email")
	if _, present := claims["email"]; present {
		t.Errorf("teacher policy sent email %v for an identity without email", claims["email"])
	}

	_, claims, _ = rp.signInAndVerify(t, "partial")
	for _, absent := range []string{"mname", "phone"} {
		if _, ok := claims[absent]; ok {
			t.Errorf("partial identity has %s", absent)
		}
	}
}

func TestDefaultIdentitiesCoverTheGuideClaims(t *testing.T) {
	ids := idme.DefaultIdentities()
	if len(ids) < 3 {
		t.Fatalf("%d default identities, want at least 3", len(ids))
	}
	// The claims the Okta guide maps, plus the custom attributes it suggests.
	guide := []string{"uuid", "email", "fname", "lname", "mname", "phone", "street", "city", "state", "zip", "birth_date", "transaction_ial"}
	for _, name := range guide {
		if _, ok := ids[0].Claims[name]; !ok {
			t.Errorf("first identity lacks guide claim %s", name)
		}
	}
	seen := map[any]bool{}
	for _, id := range ids {
		if seen[id.Claims["uuid"]] {
			t.Errorf("identity %s reuses uuid %v", id.Key, id.Claims["uuid"])
		}
		seen[id.Claims["uuid"]] = true
		if s, ok := id.Claims["state"].(string); ok && !regexp.MustCompile(`^[A-Z]{2}$`).MatchString(s) {
			t.Errorf("identity %s: state %q is not two letters", id.Key, s)
		}
	}
}
