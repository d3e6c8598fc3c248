package main

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

func TestDoctorAfterApplyThenBroken(t *testing.T) {
	w, state := applied(t)
	out, errOut, code := runCLI(t, w.env(), "doctor")
	if code != exitOK || simtest.Writes(w.org) != 0 {
		t.Fatalf("doctor on a finished setup: code %d, %d writes\n%s%s", code, simtest.Writes(w.org), out, errOut)
	}
	for _, want := range []string{"ok    idp-found", "ok    userinfo-endpoint", "ok    routing-rule", "ID.me sign-ins in the last 24h ", "0 failed"} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor does not say %q:\n%s", want, out)
		}
	}

	// Someone fills in the userinfo endpoint by hand.
	snap := w.org.Snapshot()
	idpID := simtest.Str(snap.IdPs[0], "id")
	admin, err := okta.New(okta.Config{OrgURL: w.org.URL(), Token: w.org.AdminToken(), UserAgent: "admin-console"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.ReplaceIdP(context.Background(), okta.IdP{ID: idpID, ProfileMaster: true, UserInfoURL: w.idme.BaseURL() + "api/public/v3/userinfo"}); err != nil {
		t.Fatal(err)
	}
	w.org.ResetRequests()

	out, _, code = runCLI(t, w.env(), "doctor", "--json", "--since", "2d")
	if code != exitFailure || simtest.Writes(w.org) != 0 {
		t.Fatalf("doctor on a broken setup: code %d, %d writes\n%s", code, simtest.Writes(w.org), out)
	}
	var doc struct {
		OrgURL string `json:"org_url"`
		Engine string `json:"engine"`
		Checks []struct {
			ID, Status, Title, Evidence, Fix string
			ApplyFixes                       bool `json:"apply_fixes"`
		} `json:"checks"`
		SignIns struct {
			Since                    time.Time `json:"since"`
			Total, Succeeded, Failed int
			Reasons                  []any `json:"reasons"`
		} `json:"signins"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if doc.OrgURL != w.org.URL() || doc.Engine != "identity" || doc.SignIns.Reasons == nil {
		t.Errorf("doc %+v", doc)
	}
	if got := time.Since(doc.SignIns.Since); got < 47*time.Hour || got > 49*time.Hour {
		t.Errorf("--since 2d read from %s", doc.SignIns.Since)
	}
	found := false
	for _, c := range doc.Checks {
		if c.ID == "userinfo-endpoint" {
			found = c.Status == "fail" && c.ApplyFixes && strings.Contains(c.Evidence, "userinfo")
		}
	}
	if !found {
		t.Errorf("no failing userinfo-endpoint check: %+v", doc.Checks)
	}
	assertNoSecrets(t, state, out, w.org.AdminToken(), w.clientSecret)
}

func TestParseDoctor(t *testing.T) {
	c := quietCLI(nil)
	for arg, want := range map[string]time.Duration{"90m": 90 * time.Minute, "7d": 7 * 24 * time.Hour, "24h": 24 * time.Hour} {
		o, err := parseDoctor(c, []string{"--since", arg, "--json"})
		if err != nil || o.since != want || !o.json {
			t.Errorf("--since %s: %+v, %v", arg, o, err)
		}
	}
	if o, err := parseDoctor(c, nil); err != nil || o.since != 24*time.Hour {
		t.Errorf("default: %+v, %v", o, err)
	}
	for _, arg := range []string{"yesterday", "0s", "91d", "-1h", "7days"} {
		_, err := parseDoctor(c, []string{"--since", arg})
		var ue *usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "since") {
			t.Errorf("--since %s: %v, want a usage error naming --since", arg, err)
		}
	}
}
