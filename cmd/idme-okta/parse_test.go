package main

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/steps"
)

func quietCLI(env map[string]string) *cli {
	return &cli{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(k string) string { return env[k] }}
}

// Each command's flags land in its options struct, checked without running the command.
func TestCommandFlagsParseIntoOptions(t *testing.T) {
	c := quietCLI(nil)
	a, err := parseApply(c, []string{"--plan", "--yes", "--idme-client-id", "cid", "--map", "birth_date=birth_date", "--org-url", "dev-1.okta.com"})
	if err != nil {
		t.Fatal(err)
	}
	if !a.planOnly || !a.yes || a.answers.idmeClientID != "cid" || len(a.answers.mappings) != 1 || !a.answers.set["org-url"] {
		t.Errorf("apply options %+v", a)
	}
	sc, err := parseApply(c, []string{"--rule-app", "0oaApp1", "--rule-app", "0oaApp2", "--rule-user-pattern", "EQUALS:jo@example.com", "--idp-id", "0oa1IdPaaaaaaaaaaaaa"})
	if err != nil {
		t.Fatal(err)
	}
	if ans, err := sc.answers.answers(c, steps.DefaultAnswers()); err != nil || !reflect.DeepEqual(ans.RuleApps, []string{"0oaApp1", "0oaApp2"}) ||
		ans.RuleUserPattern != "EQUALS:jo@example.com" || ans.IdPID != "0oa1IdPaaaaaaaaaaaaa" {
		t.Errorf("scope and IdP choice: %+v, %v", ans, err)
	}
	ts, err := parseTestSignIn(c, []string{"--flow", "id_token", "--callback-port", "8123", "--no-browser", "--timeout", "90s", "--json"})
	if err != nil {
		t.Fatal(err)
	}
	if ts.flow != "id_token" || ts.port != 8123 || !ts.noBrowser || ts.timeout != 90*time.Second || !ts.json {
		t.Errorf("test-signin options %+v", ts)
	}
	h, err := parseHandoff(c, []string{"--format", "json", "--copy"})
	if err != nil || h.format != "json" || !h.copy {
		t.Errorf("handoff options %+v, %v", h, err)
	}
	st, err := parseStatus(c, []string{"--json"})
	if err != nil || !st.json {
		t.Errorf("status options %+v, %v", st, err)
	}
	sm, err := parseSim(c, []string{"--addr", "127.0.0.1:9999", "--json"})
	if err != nil || sm.addr != "127.0.0.1:9999" || sm.idmeAddr != "127.0.0.1:0" || !sm.json {
		t.Errorf("sim options %+v, %v", sm, err)
	}
}

// A value a command cannot use is a usage error naming the flag, before anything runs.
func TestCommandFlagMistakesAreUsageErrors(t *testing.T) {
	c := quietCLI(nil)
	cases := map[string]func() error{
		"--flow":         func() error { _, err := parseTestSignIn(c, []string{"--flow", "implicit"}); return err },
		"--format":       func() error { _, err := parseHandoff(c, []string{"--format", "pdf"}); return err },
		"unexpected":     func() error { _, err := parseStatus(c, []string{"extra"}); return err },
		"--no-such-flag": func() error { _, err := parseApply(c, []string{"--no-such-flag"}); return err },
		"-rule-user-pattern": func() error {
			_, err := parseApply(c, []string{"--rule-user-pattern", "SUFFIX:"})
			return err
		},
	}
	for name, parse := range cases {
		err := parse()
		var ue *usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), strings.TrimPrefix(name, "--")) {
			t.Errorf("%s: err %v, want a usage error naming it", name, err)
		}
	}
}

// The Okta token is asked for through the injected prompter, and only on a terminal.
func TestSecretPrompterIsInjected(t *testing.T) {
	c := quietCLI(nil)
	var asked string
	c.readSecret = func(prompt string) (string, error) { asked = prompt; return " tok \n", nil }
	if _, err := c.secret(envToken, "Okta API token"); err == nil {
		t.Error("prompted without a terminal")
	}
	c.interactive = true
	got, err := c.secret(envToken, "Okta API token")
	if err != nil || got != "tok" || !strings.Contains(asked, envToken) {
		t.Errorf("secret %q, %v; prompt %q", got, err, asked)
	}
	c.getenv = func(k string) string { return map[string]string{envToken: "from-env"}[k] }
	if got, _ := c.secret(envToken, "Okta API token"); got != "from-env" {
		t.Errorf("the environment did not win: %q", got)
	}
}
