package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps/export/terraform"
)

func TestExportTerraformAfterApply(t *testing.T) {
	state := isolate(t)
	w := newWorld(t)
	if out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--yes"); code != exitOK {
		t.Fatalf("apply exited %d\n%s\n%s", code, out, errOut)
	}
	dir := filepath.Join(t.TempDir(), "tf")
	w.org.ResetRequests()
	out, errOut, code := runCLI(t, w.env(), "export", "terraform", "--dir", dir, "--test-app")
	if code != exitOK {
		t.Fatalf("export exited %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if n := simtest.Writes(w.org); n != 0 {
		t.Errorf("export made %d writes to Okta", n)
	}
	if simtest.Reads(w.org) == 0 {
		t.Error("export read nothing from Okta")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	all := ""
	for _, e := range entries {
		names = append(names, e.Name())
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if _, diags := hclparse.NewParser().ParseHCL(b, e.Name()); diags.HasErrors() {
			t.Errorf("%s: %s", e.Name(), diags.Error())
		}
		all += string(b)
	}
	want := []string{terraform.FileIdentityProv, terraform.FileImports, terraform.FileMain, terraform.FileMapping,
		terraform.FileRoutingRule, terraform.FileTestApp, terraform.FileUserAttributes, terraform.FileVariables}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("files %v, want %v", names, want)
	}
	snap := w.org.Snapshot()
	if len(snap.IdPs) != 1 || !strings.Contains(all, `id = "`+simtest.Str(snap.IdPs[0], "id")+`"`) {
		t.Errorf("imports.tf does not import the org's IdP")
	}
	for _, addr := range []string{"okta_idp_oidc.idme", "okta_profile_mapping.idme", "okta_policy_rule_idp_discovery.idme", "okta_app_oauth.idme_test"} {
		if !strings.Contains(out, "  "+addr+"\n") {
			t.Errorf("stdout does not list %s:\n%s", addr, out)
		}
	}
	assertNoSecrets(t, state, out+errOut+all, w.org.AdminToken(), w.clientSecret)

	// A second export refuses to replace the files, before it talks to Okta.
	before, _ := os.ReadFile(filepath.Join(dir, terraform.FileImports))
	w.org.ResetRequests()
	out, errOut, code = runCLI(t, w.env(), "export", "terraform", "--dir", dir)
	if code != exitUsage || !strings.Contains(errOut, "--force") || !strings.Contains(errOut, "already exist") {
		t.Errorf("second export: code %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if n := len(w.org.Requests()); n != 0 {
		t.Errorf("the refused export made %d requests to Okta", n)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, terraform.FileImports)); string(after) != string(before) {
		t.Error("the refused export changed imports.tf")
	}

	// --force replaces them, and drops the file this export no longer writes.
	if out, errOut, code := runCLI(t, w.env(), "export", "terraform", "--dir", dir, "--force"); code != exitOK {
		t.Fatalf("forced export exited %d\n%s\n%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, terraform.FileTestApp)); !os.IsNotExist(err) {
		t.Errorf("test_app.tf of the earlier export is still there (%v)", err)
	}
}

func TestExportUsageErrors(t *testing.T) {
	isolate(t)
	for _, args := range [][]string{
		{"export"},
		{"export", "yaml"},
		{"export", "terraform", "--dir", ""},
		{"export", "terraform", "--nope"},
		{"export", "terraform", "extra"},
	} {
		_, errOut, code := runCLI(t, map[string]string{envOrgURL: "https://dev-1.okta.com", envToken: "x"}, args...)
		if code != exitUsage {
			t.Errorf("%v: code %d, want %d\n%s", args, code, exitUsage, errOut)
		}
	}
	out, errOut, code := runCLI(t, nil, "help", "export")
	if code != exitOK || !strings.Contains(errOut+out, "export terraform") {
		t.Errorf("help export: code %d\n%s%s", code, out, errOut)
	}
	out, _, code = runCLI(t, nil, "export", "terraform", "-h")
	if code != exitOK || !strings.Contains(out, "--test-app") || !strings.Contains(out, "--write-only-secret") {
		t.Errorf("export terraform -h: code %d\n%s", code, out)
	}
}

// An org with none of the setup's objects has nothing to export: exit 1, no files.
func TestExportTerraformOfAnEmptyOrg(t *testing.T) {
	isolate(t)
	w := newWorld(t)
	dir := filepath.Join(t.TempDir(), "tf")
	_, errOut, code := runCLI(t, w.env(), "export", "terraform", "--dir", dir)
	if code != exitFailure || !strings.Contains(errOut, "nothing to export") {
		t.Errorf("code %d\n%s", code, errOut)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the directory was made (%v)", err)
	}
}
