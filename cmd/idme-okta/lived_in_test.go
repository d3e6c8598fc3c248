package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
)

// An org where idme_uuid already exists as an integer: apply stops at the user attributes
// and its advice — map the claim to another attribute and take the idme_uuid row out — works
// headless as printed: --map idme_uuid_2=uuid --map idme_uuid= converges, leaves the
// admin's attribute alone and maps uuid to the new one.
func TestAnAttributeOfAnotherTypeCanBeMappedAroundHeadless(t *testing.T) {
	isolate(t)
	w := newWorld(t)
	simtest.SeedUserAttribute(t, w.org, "idme_uuid", "integer")
	out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--yes")
	if code != exitFailure || !strings.Contains(out+errOut, "--map idme_uuid_2=uuid --map idme_uuid=") {
		t.Fatalf("apply with an integer idme_uuid: %d, want the advice with both flags\n%s\n%s", code, out, errOut)
	}
	out, errOut, code = runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--yes", "--map", "idme_uuid_2=uuid", "--map", "idme_uuid=")
	if code != exitOK {
		t.Fatalf("apply with the advice: %d\n%s\n%s", code, out, errOut)
	}
	custom := w.org.Snapshot().UserSchemaCustom
	if typ := simtest.Str(custom, "idme_uuid", "type"); typ != "integer" {
		t.Errorf("the admin's idme_uuid is now %q", typ)
	}
	if typ := simtest.Str(custom, "idme_uuid_2", "type"); typ != "string" {
		t.Errorf("idme_uuid_2 is %q, want a string attribute", typ)
	}
	// The table is saved: a later run without the flags keeps it and writes nothing.
	out, errOut, code = runCLI(t, w.env(), "status")
	if code != exitOK || strings.Contains(out, "drifted") || strings.Contains(out, "missing  profile") {
		t.Errorf("status after the advice: %d\n%s\n%s", code, out, errOut)
	}
}

// --map attribute= takes the row out of the mapping table; login cannot go (usage error,
// before anything is written).
func TestMapWithoutAClaimTakesTheRowOut(t *testing.T) {
	c := quietCLI(nil)
	a, err := parseApply(c, []string{"--map", "middleName="})
	if err != nil {
		t.Fatal(err)
	}
	ans, err := a.answers.answers(c, steps.DefaultAnswers())
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Mappings) != len(steps.DefaultMappings())-1 || slices.ContainsFunc(ans.Mappings, func(r steps.MappingRow) bool { return r.Attribute == "middleName" }) {
		t.Errorf("--map middleName= gives the rows %+v", ans.Mappings)
	}

	isolate(t)
	w := newWorld(t)
	out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--yes", "--map", "login=")
	if code != exitUsage || !strings.Contains(errOut, "--map") || !strings.Contains(errOut, "login") {
		t.Errorf("--map login=: %d, want a usage error naming --map and login\n%s\n%s", code, out, errOut)
	}
	if n := simtest.Writes(w.org); n != 0 {
		t.Errorf("%d write(s) after a usage error", n)
	}
}

// remove --plan shows names from Okta escaped once, as apply --plan does: an ESC in a name
// reads \x1b, not \\x1b (the escaped text was quoted again).
func TestRemovePlanEscapesNamesOnce(t *testing.T) {
	w, _ := applied(t)
	tamper(t, w)
	out, errOut, code := runCLI(t, w.env(), "remove", "--plan")
	if code != exitOK {
		t.Fatalf("remove --plan: %d\n%s\n%s", code, out, errOut)
	}
	assertInert(t, "remove --plan", out+errOut)
	if strings.Contains(out, `\\x1b`) || !strings.Contains(out, `identity provider "Evil\x1b]52;c;cHduZWQ=`) {
		t.Errorf("remove --plan escapes names twice or not at all:\n%s", out)
	}
}

// status on a machine that never ran idme-okta (no progress file, no ID.me client ID in the
// environment) against an org where an admin set up ID.me by hand: the ID.me identity
// provider is found and offered for adoption, not reported missing with "will be created",
// and it is not called an integration of another client.
func TestStatusWithoutAProgressFileFindsTheOrgsIDmeIdP(t *testing.T) {
	isolate(t)
	w := newWorld(t)
	id := simtest.SeedIdP(t, w.org, simtest.IdP{Name: "ID.me (by hand)", BaseURL: "https://api.idmelabs.com/", ClientID: "their-client", ClientSecret: "their-secret"})
	env := map[string]string{envOrgURL: w.org.URL(), envToken: w.org.AdminToken()}
	st, detail := statusOf(t, env).row(t, steps.IDIdentityProvider)
	if st == "missing" || !strings.Contains(detail, id) || strings.Contains(detail, "will be created") {
		t.Errorf("identity-provider row: %s %q", st, detail)
	}
	text, errOut, _ := runCLI(t, env, "status")
	if strings.Contains(text+errOut, "another client ID") {
		t.Errorf("status calls the org's only ID.me IdP another client's:\n%s%s", text, errOut)
	}
}

// Two ID.me identity providers and no client ID to tell them apart: status names both and
// says how to choose, rather than calling either another client's.
func TestStatusWithoutAClientIDNamesSeveralIDmeIdPs(t *testing.T) {
	isolate(t)
	w := newWorld(t)
	a := simtest.SeedIdP(t, w.org, simtest.IdP{Name: "ID.me A", BaseURL: "https://api.idmelabs.com/", ClientID: "client-a", ClientSecret: "s"})
	b := simtest.SeedIdP(t, w.org, simtest.IdP{Name: "ID.me B", BaseURL: "https://api.idmelabs.com/", ClientID: "client-b", ClientSecret: "s"})
	env := map[string]string{envOrgURL: w.org.URL(), envToken: w.org.AdminToken()}
	out, errOut, _ := runCLI(t, env, "status")
	all := out + errOut
	if !strings.Contains(all, a) || !strings.Contains(all, b) || !strings.Contains(all, "IDME_CLIENT_ID") || strings.Contains(all, "another client ID") {
		t.Errorf("status:\n%s", all)
	}
}
