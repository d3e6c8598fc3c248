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
	isolate(t)
	w := newWorld(t)
	if out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--yes"); code != exitOK {
		t.Fatalf("apply: %d\n%s\n%s", code, out, errOut)
	}
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
