package ui

import (
	"bytes"
	"context"
	"testing"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
)

// hostileIdP is an identity provider an admin (or an attacker with an API token) made with
// the guide's name and a scope holding hostile: the identity provider step's plan quotes
// the scope in its drift lines.
func (w *simWorld) hostileIdP(t *testing.T) {
	t.Helper()
	w.createIdPLikeAnAdmin(t, "canary-secret-stored-in-okta-9f2e")
	c, err := okta.New(okta.Config{OrgURL: w.org.URL(), Token: w.org.AdminToken()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	idps, err := c.FindIdPsByName(ctx, steps.DefaultIdPName)
	if err != nil || len(idps) != 1 {
		t.Fatalf("find the IdP: %v %v", idps, err)
	}
	idp := idps[0]
	idp.Scopes = []string{"openid", "profile" + hostile}
	if _, err := c.ReplaceIdP(ctx, idp); err != nil {
		t.Fatal(err)
	}
}

// In the wizard as an admin meets it, a scope from Okta holding OSC 52, OSC 0, CSI 2J and a
// forged line is drawn escaped on the step's plan: every frame is checked (frameChecker)
// for anything but the wizard's own styling.
func TestWizardDrawsOktaDataInert(t *testing.T) {
	w := startSimWorld(t)
	w.hostileIdP(t)

	d := drive(t, New(w.options(t)), 100, 40, w.org.AdminToken())
	d.waitFor("Nothing is written")
	d.enter()
	w.connect(d, w.org.AdminToken())
	d.waitFor("┃ ID.me environment", "already in Okta")
	idmeSettingsKeys(d, idmeClientID, "", policyHandle)
	d.waitFor("drifted", "scopes", "profile"+hostileShown)
	ctrlC(d)
	d.final()
}

// The accessible mode prints the same plan as plain lines: the hostile scope escaped, no
// escape sequence at all.
func TestAccessiblePrintsOktaDataInert(t *testing.T) {
	w := startSimWorld(t)
	w.hostileIdP(t)
	var out bytes.Buffer
	opts := w.options(t)
	opts.Accessible = true
	opts.In = lines(
		w.org.URL(), "", w.org.AdminToken(), // connect: org, API token (choice 1), the token
		"", idmeClientID, "", policyHandle, "", // settings: custom base URL, client, the secret Okta keeps, handle, no renaming
	) // then the input ends: the run stops at the identity provider's plan
	opts.Out = &out
	_ = Run(context.Background(), opts)
	text := out.String()
	if escapeSequence.MatchString(text) || interpreted(text) != "" {
		t.Errorf("the accessible output sends control characters to the terminal:\n%q", text)
	}
	if !bytes.Contains(out.Bytes(), []byte("profile"+hostileShown)) {
		t.Errorf("the hostile scope is not shown escaped:\n%s", text)
	}
}
