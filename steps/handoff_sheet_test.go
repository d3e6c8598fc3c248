package steps

import (
	"encoding/json"
	"strings"
	"testing"
)

func testHandoff() Handoff {
	a := DefaultAnswers()
	a.PolicyHandle = "teacher"
	a.IDmeClientID = "idme-client-123"
	return BuildHandoff(a, "https://dev-1.okta.com", "0oa1abc", "https://dev-1.okta.com/oauth2/v1/authorize/callback")
}

func TestHandoffJSONKeysAreTheContract(t *testing.T) {
	b, err := RenderHandoff(testHandoff(), "json")
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b)
	}
	want := map[string]any{
		"redirect_uri":  "https://dev-1.okta.com/oauth2/v1/authorize/callback",
		"policy_handle": "teacher",
		"environment":   "Sandbox (api.idmelabs.com)",
		"okta_org_url":  "https://dev-1.okta.com",
		"idp_id":        "0oa1abc",
		"idp_name":      DefaultIdPName,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	scopes, _ := got["scopes"].([]any)
	if len(scopes) != 2 || scopes[0] != "openid" || scopes[1] != "teacher" {
		t.Errorf("scopes = %v", got["scopes"])
	}
	claims, _ := got["claims"].([]any)
	if len(claims) == 0 || claims[0] != "uuid" {
		t.Errorf("claims = %v, want the mapped claims starting with uuid", got["claims"])
	}
	if got["id_token_signing_alg"] != "RS256" || got["id_token_encrypted"] != false {
		t.Errorf("ID token request = %v / %v", got["id_token_signing_alg"], got["id_token_encrypted"])
	}
}

func TestHandoffClaimsAreDistinctMappedClaims(t *testing.T) {
	h := testHandoff()
	seen := map[string]bool{}
	for _, c := range h.Claims {
		if seen[c] {
			t.Errorf("claim %q listed twice", c)
		}
		seen[c] = true
	}
	// email feeds both login and email; the table has 11 rows and 10 distinct claims.
	if len(DefaultMappings()) != 11 || len(h.Claims) != 10 {
		t.Errorf("claims %v from %d rows", h.Claims, len(DefaultMappings()))
	}
}

func TestHandoffTextAndMarkdownCarryTheFacts(t *testing.T) {
	h := testHandoff()
	for _, format := range []string{"text", "markdown"} {
		b, err := RenderHandoff(h, format)
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		out := string(b)
		for _, want := range []string{h.RedirectURI, "teacher", "openid teacher", h.IDmeClientID, h.OktaOrgURL, h.IdPID, "RS256", "uuid, email, fname"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s sheet lacks %q:\n%s", format, want, out)
			}
		}
	}
}

func TestHandoffTextIsASCIIEvenForTypographicNames(t *testing.T) {
	h := testHandoff()
	h.IdPName = "ID.me IdP \u2013 \u201cOIDC\u201d \u00e9t\u00e9"
	b, err := RenderHandoff(h, "text")
	if err != nil {
		t.Fatal(err)
	}
	if !isASCII(string(b)) {
		t.Errorf("text sheet is not ASCII:\n%s", b)
	}
	if !strings.Contains(string(b), `ID.me IdP - "OIDC" ?t?`) {
		t.Errorf("name not transliterated:\n%s", b)
	}
}

func TestHandoffMarkdownEscapesNames(t *testing.T) {
	h := testHandoff()
	h.IdPName = "a | b *c*"
	b, err := RenderHandoff(h, "markdown")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `a \| b \*c\*`) {
		t.Errorf("name not escaped:\n%s", b)
	}
}

func TestHandoffUnknownFormat(t *testing.T) {
	if _, err := RenderHandoff(testHandoff(), "pdf"); err == nil || !strings.Contains(err.Error(), "markdown") {
		t.Errorf("err = %v, want a message listing the formats", err)
	}
}

func TestSameHandoffSheetIgnoresOnlyTheFooter(t *testing.T) {
	h := testHandoff()
	h.Prepared, h.Version = "2026-01-01", "v1"
	a, _ := RenderHandoff(h, "markdown")
	h.Prepared, h.Version = "2026-02-02", "v2"
	b, _ := RenderHandoff(h, "markdown")
	if string(a) == string(b) {
		t.Fatal("footer did not change; the test proves nothing")
	}
	if !sameHandoffSheet(a, b) {
		t.Error("sheets differing only in the footer are reported different")
	}
	h.PolicyHandle = "military"
	c, _ := RenderHandoff(h, "markdown")
	if sameHandoffSheet(a, c) {
		t.Error("sheets with different policy handles are reported the same")
	}
}
