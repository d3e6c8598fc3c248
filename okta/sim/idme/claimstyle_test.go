package idme_test

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/idme-okta/idme-okta/okta/sim/idme"
)

// guideNames are the claim names the Okta guide maps; the OIDC style releases none of them.
var guideNames = []string{"fname", "lname", "mname", "phone", "street", "city", "state", "zip", "birth_date"}

// With the OIDC style the ID token carries OpenID Connect's names for everything the policy
// releases, ID.me's uuid, and no guide name.
func TestOIDCClaimStyleRenamesEveryGuideClaim(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}, ClaimStyle: idme.ClaimsOIDC})
	if srv.ClaimStyle() != idme.ClaimsOIDC {
		t.Fatalf("ClaimStyle() = %q", srv.ClaimStyle())
	}
	rp := newRelyingParty(t, srv, okta, oauth2.AuthStyleInParams, idme.IAL2Handle)
	idt, claims, tok := rp.signInAndVerify(t, "verified")

	want := map[string]any{
		"given_name":   "JANE",
		"family_name":  "VETERAN",
		"middle_name":  "QUINN",
		"name":         "JANE QUINN VETERAN",
		"email":        "jane.veteran@example.com",
		"phone_number": "+12065550143",
		"birthdate":    "10/10/1970",
		"uuid":         idt.Subject,
	}
	for name, v := range want {
		if claims[name] != v {
			t.Errorf("%s = %v, want %v", name, claims[name], v)
		}
	}
	address, _ := claims["address"].(map[string]any)
	wantAddress := map[string]any{"street_address": "145 N Hayden Bay Dr Apt 2350", "locality": "Portland", "region": "OR", "postal_code": "97217"}
	if !maps.Equal(address, wantAddress) {
		t.Errorf("address = %v, want %v", claims["address"], wantAddress)
	}
	for _, name := range guideNames {
		if _, ok := claims[name]; ok {
			t.Errorf("the OIDC style released the guide's %s", name)
		}
	}

	// Userinfo (a JWT string, as always) carries the same names.
	_, _, raw := getUserinfo(t, srv, tok.AccessToken)
	var jwt string
	if err := json.Unmarshal([]byte(raw), &jwt); err != nil {
		t.Fatalf("userinfo: %v", err)
	}
	payload, err := oidc.NewRemoteKeySet(t.Context(), srv.BaseURL()+"oidc/.well-known/jwks").VerifySignature(t.Context(), jwt)
	if err != nil {
		t.Fatal(err)
	}
	var info map[string]any
	if err := json.Unmarshal(payload, &info); err != nil {
		t.Fatal(err)
	}
	if info["given_name"] != "JANE" || info["fname"] != nil {
		t.Errorf("userinfo claims %v", info)
	}
}

// A policy's release list is written in the guide's names and keeps working in the OIDC
// style: the teacher policy (uuid, fname, lname, zip, email) releases given_name,
// family_name, name, address.postal_code, email and uuid — no phone, birthdate or street.
func TestOIDCClaimStyleKeepsThePolicysSubset(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}, ClaimStyle: idme.ClaimsOIDC})
	rp := newRelyingParty(t, srv, okta, oauth2.AuthStyleInParams, "teacher")
	_, claims, _ := rp.signInAndVerify(t, "partial")
	got := slices.Sorted(maps.Keys(claims))
	want := append(slices.Clone(standardClaims), "address", "email", "family_name", "given_name", "name", "uuid")
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("claims = %v, want %v", got, want)
	}
	if address, _ := claims["address"].(map[string]any); len(address) != 1 || address["postal_code"] != "78701" {
		t.Errorf("address = %v, want only the postal code", claims["address"])
	}
}

// The guide style is the default and releases the identity's claims unchanged.
func TestGuideClaimStyleIsTheDefault(t *testing.T) {
	srv := startServer(t, idme.Options{Clients: []idme.Client{okta}})
	if srv.ClaimStyle() != idme.ClaimsGuide {
		t.Errorf("default style %q", srv.ClaimStyle())
	}
	rp := newRelyingParty(t, srv, okta, oauth2.AuthStyleInParams, idme.IAL2Handle)
	_, claims, _ := rp.signInAndVerify(t, "verified")
	for _, name := range []string{"given_name", "family_name", "address", "name", "birthdate", "phone_number"} {
		if _, ok := claims[name]; ok {
			t.Errorf("the guide style released %s", name)
		}
	}
}

func TestParseClaimStyle(t *testing.T) {
	for in, want := range map[string]idme.ClaimStyle{"guide": idme.ClaimsGuide, "oidc": idme.ClaimsOIDC, " OIDC ": idme.ClaimsOIDC} {
		if got, err := idme.ParseClaimStyle(in); err != nil || got != want {
			t.Errorf("ParseClaimStyle(%q) = %q, %v", in, got, err)
		}
	}
	_, err := idme.ParseClaimStyle("standard")
	if err == nil || !strings.Contains(err.Error(), "guide") || !strings.Contains(err.Error(), "oidc") {
		t.Errorf("a bad style must name the allowed ones: %v", err)
	}
	if _, err := idme.Start(idme.Options{ClaimStyle: "standard"}); err == nil {
		t.Error("Start accepted an unknown claim style")
	}
}
