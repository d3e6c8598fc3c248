package main

import (
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

func TestPromoteToProductionThenTestSignIn(t *testing.T) {
	w, state := applied(t)
	prod, prodID, prodSecret := w.production, w.productionClientID, w.productionClientSecret
	env := w.env()
	env[envIDmeSecret] = prodSecret
	args := []string{"promote", "--to", "production", "--idme-client-id", prodID, "--idme-base-url", prod.BaseURL()}

	out, errOut, code := runCLI(t, env, append(args, "--plan")...)
	if code != exitOK || simtest.Writes(w.org) != 0 {
		t.Fatalf("promote --plan: code %d, %d writes\n%s%s", code, simtest.Writes(w.org), out, errOut)
	}
	for _, want := range []string{"client ID: " + w.clientID + " → " + prodID, "issuer: ", "redirect URI: " + w.org.URL(), "Nothing was written (--plan)"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan does not say %q:\n%s", want, out)
		}
	}
	// Without a terminal or --yes, nothing is written.
	if _, _, code := runCLI(t, env, args...); code != exitFailure || simtest.Writes(w.org) != 0 {
		t.Fatalf("unconfirmed promote: code %d, %d writes", code, simtest.Writes(w.org))
	}
	out, errOut, code = runCLI(t, env, append(args, "--yes")...)
	if code != exitOK {
		t.Fatalf("promote: code %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "The new handoff sheet is in") {
		t.Errorf("no word of the new handoff sheet:\n%s", out)
	}
	assertNoSecrets(t, state, out+errOut, w.org.AdminToken(), w.clientSecret, prodSecret)

	// test-signin reads the promoted answers from the progress file and signs in through
	// the production stand-in.
	before := len(w.idme.Requests())
	passingSignIn(t, w.env())
	if len(prod.Requests()) == 0 || len(w.idme.Requests()) != before {
		t.Errorf("production saw %d requests, sandbox %d more", len(prod.Requests()), len(w.idme.Requests())-before)
	}
}

func TestPromoteUsageErrorsBeforeOkta(t *testing.T) {
	w, _ := applied(t)
	env := w.env()
	for _, args := range [][]string{
		{"promote"},
		{"promote", "--to", "sandbox", "--idme-client-id", "x"},
		{"promote", "--to", "production"},
		{"promote", "--to", "production", "--idme-client-id", w.clientID},
		{"promote", "--to", "production", "--idme-client-id", "p", "--policy-handle", "openid"},
		{"promote", "--idme-client-id", "p"},
		{"promote", "--from-state", "/no/such/file.json"},
	} {
		w.org.ResetRequests()
		_, errOut, code := runCLI(t, env, args...)
		if code != exitUsage || len(w.org.Requests()) != 0 {
			t.Errorf("%v: code %d, %d requests\n%s", args, code, len(w.org.Requests()), errOut)
		}
	}
	// The production secret is read from the environment, never a flag.
	delete(env, envIDmeSecret)
	if _, errOut, code := runCLI(t, env, "promote", "--to", "production", "--idme-client-id", "p"); code != exitUsage || !strings.Contains(errOut, envIDmeSecret) {
		t.Errorf("without the secret: code %d\n%s", code, errOut)
	}
}

func TestParsePromote(t *testing.T) {
	o, err := parsePromote(quietCLI(nil), []string{"--to", "production", "--idme-client-id", "p", "--policy-handle", "h", "--plan", "--org-url", "dev-1.okta.com"})
	if err != nil || o.to != "production" || o.clientID != "p" || o.handle != "h" || !o.planOnly || !o.answers.set["org-url"] {
		t.Fatalf("promote options %+v, %v", o, err)
	}
	// The production values are not the setup's current answers.
	if o.answers.set["idme-client-id"] || o.answers.set["policy-handle"] {
		t.Errorf("production flags taken for current answers: %v", o.answers.set)
	}
}
