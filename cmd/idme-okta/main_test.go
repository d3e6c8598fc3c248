package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/idme"
	"github.com/idme-okta/idme-okta/okta/sim/simbrowser"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
	"github.com/idme-okta/idme-okta/steps"
)

// runCLI runs one command as the binary would, with env as its whole environment (besides
// the process environment that t.Setenv controls, e.g. XDG_STATE_HOME).
func runCLI(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	c := &cli{
		stdin:  strings.NewReader(""),
		stdout: &out,
		stderr: &errOut,
		getenv: func(k string) string { return env[k] },
	}
	code = c.main(context.Background(), args)
	return out.String(), errOut.String(), code
}

// newWorld starts a simulated org federating to a simulated ID.me and fails the test, at
// cleanup, on any request that Okta's OpenAPI spec would reject.
func newWorld(t *testing.T) *world { return newWorldWith(t) }

// newWorldWith is newWorld with these ID.me identities instead of the default people.
func newWorldWith(t *testing.T, identities ...idme.Identity) *world {
	t.Helper()
	w, err := startWorld("127.0.0.1:0", "127.0.0.1:0", "", identities...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, v := range w.org.Violations() {
			t.Errorf("request that real Okta would reject: %s", v)
		}
		w.Close()
	})
	return w
}

// isolate points the state directory at a temp dir so no test touches the real one.
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	t.Setenv("HOME", dir)
	return dir
}

func (w *world) env() map[string]string {
	return map[string]string{
		envOrgURL:       w.org.URL(),
		envToken:        w.org.AdminToken(),
		envIDmeClientID: w.clientID,
		envIDmeSecret:   w.clientSecret,
		envPolicyHandle: w.policyHandle,
	}
}

func TestUnknownCommandIsAUsageError(t *testing.T) {
	_, errOut, code := runCLI(t, nil, "aplly")
	if code != exitUsage || !strings.Contains(errOut, `unknown command "aplly"`) || !strings.Contains(errOut, "apply") {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
}

func TestSimJSONFirstLineIsTheContract(t *testing.T) {
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	c := &cli{stdin: strings.NewReader(""), stdout: pw, stderr: io.Discard, getenv: func(string) string { return "" }}
	go func() { done <- c.main(ctx, []string{"sim", "--json"}); pw.Close() }()
	defer func() {
		cancel()
		go io.Copy(io.Discard, pr)
		if code := <-done; code != exitOK {
			t.Errorf("sim exited %d after interrupt", code)
		}
	}()

	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	var info map[string]string
	if err := json.Unmarshal([]byte(line), &info); err != nil {
		t.Fatalf("first line is not one JSON object: %q: %v", line, err)
	}
	for _, k := range []string{"org_url", "api_token", "idme_base_url", "idme_client_id", "idme_client_secret", "policy_handle"} {
		if info[k] == "" {
			t.Errorf("key %q missing or empty in %s", k, line)
		}
	}
	if !strings.HasSuffix(info["idme_base_url"], "/") {
		t.Errorf("idme_base_url %q must end with /", info["idme_base_url"])
	}

	// Its org answers like Okta: SSWS auth, JSON arrays, rate-limit headers.
	req, _ := http.NewRequest(http.MethodGet, info["org_url"]+"/api/v1/idps", nil)
	req.Header.Set("Authorization", "SSWS "+info["api_token"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var idps []any
	if err := json.NewDecoder(resp.Body).Decode(&idps); err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET /api/v1/idps: %d %v", resp.StatusCode, err)
	}
	for _, h := range []string{"X-Rate-Limit-Limit", "X-Rate-Limit-Remaining", "X-Rate-Limit-Reset", "X-Okta-Request-Id", "Date"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("response lacks %s", h)
		}
	}
	disc, err := http.Get(info["idme_base_url"] + "oidc/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	defer disc.Body.Close()
	var d struct{ Issuer string }
	_ = json.NewDecoder(disc.Body).Decode(&d)
	if d.Issuer != info["idme_base_url"]+"oidc" {
		t.Errorf("ID.me issuer %q, want %q", d.Issuer, info["idme_base_url"]+"oidc")
	}
}

func TestApplyConvergesThenRerunWritesNothing(t *testing.T) {
	state := isolate(t)
	w := newWorld(t)
	out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--yes")
	if code != exitOK {
		t.Fatalf("apply exited %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	snap := w.org.Snapshot()
	if len(snap.IdPs) != 1 {
		t.Fatalf("want exactly one IdP, got %d", len(snap.IdPs))
	}
	writes := simtest.Writes(w.org)
	if writes == 0 {
		t.Fatal("a fresh apply made no writes")
	}

	w.org.ResetRequests()
	out, errOut, code = runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL())
	if code != exitOK {
		t.Fatalf("second apply exited %d\n%s\n%s", code, out, errOut)
	}
	if n := simtest.Writes(w.org); n != 0 {
		t.Errorf("second apply made %d writes, want 0:\n%s", n, out)
	}
	if !strings.Contains(out, "Done: 0 step(s) applied with 0 Okta write(s)") {
		t.Errorf("second apply should report nothing applied:\n%s", out)
	}

	// No secret on disk or on screen.
	assertNoSecrets(t, state, out+errOut, w.org.AdminToken(), w.clientSecret)
}

// apply --rule-status inactive holds the routing rule back: it is created INACTIVE (nobody
// sees "Sign in with ID.me" yet), a rerun writes nothing, status says it is held back rather
// than missing or broken, and --rule-status active activates it with one write.
func TestApplyRuleStatusInactiveHoldsTheRuleBack(t *testing.T) {
	isolate(t)
	w := newWorld(t)
	args := []string{"apply", "--idme-base-url", w.idme.BaseURL(), "--yes", "--rule-status", "inactive"}
	if out, errOut, code := runCLI(t, w.env(), args...); code != exitOK || !strings.Contains(out, "status: INACTIVE (held back)") {
		t.Fatalf("apply --rule-status inactive: exit %d\n%s\n%s", code, out, errOut)
	}
	status := func() any { return simtest.OwnRuleStatus(t, w.org) }
	if got := status(); got != "INACTIVE" {
		t.Fatalf("rule status %s, want INACTIVE", got)
	}

	w.org.ResetRequests()
	out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL())
	if code != exitOK || simtest.Writes(w.org) != 0 || status() != "INACTIVE" {
		t.Fatalf("rerun (the progress file keeps inactive): exit %d, %d writes, rule %s\n%s\n%s", code, simtest.Writes(w.org), status(), out, errOut)
	}
	out, errOut, code = runCLI(t, w.env(), "status")
	if code != exitOK || !strings.Contains(out, "held back (INACTIVE)") || !strings.Contains(out, "--rule-status active") {
		t.Errorf("status of a held rule: exit %d\n%s\n%s", code, out, errOut)
	}

	w.org.ResetRequests()
	out, errOut, code = runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--rule-status", "active")
	if code != exitOK || simtest.Writes(w.org) != 1 || status() != "ACTIVE" {
		t.Fatalf("apply --rule-status active: exit %d, %d writes, rule %s\n%s\n%s", code, simtest.Writes(w.org), status(), out, errOut)
	}
}

func TestApplyPlanWritesNothing(t *testing.T) {
	isolate(t)
	w := newWorld(t)
	out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--plan")
	if code != exitOK {
		t.Fatalf("apply --plan exited %d\n%s\n%s", code, out, errOut)
	}
	if n := simtest.Writes(w.org); n != 0 {
		t.Errorf("--plan made %d writes", n)
	}
	for _, want := range []string{"[plan]", "create", "Nothing was written"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan output lacks %q:\n%s", want, out)
		}
	}
}

func TestApplyWithoutYesRefusesDriftButCreatesTheRest(t *testing.T) {
	isolate(t)
	w := newWorld(t)
	out, _, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL())
	if code != exitFailure {
		t.Fatalf("apply without --yes on a fresh org: code %d, want %d (the org checklist needs --yes)\n%s", code, exitFailure, out)
	}
	if !strings.Contains(out, "[refused]") || !strings.Contains(out, "--yes") {
		t.Errorf("output does not explain the refusal:\n%s", out)
	}
	if len(w.org.Snapshot().IdPs) != 1 {
		t.Error("the identity provider was not created")
	}
}

// Bad input, each case a clear message naming what was wrong and what to do; none of them
// writes anything to Okta or changes a file it was given.
func TestBadInputIsExplainedAndChangesNothing(t *testing.T) {
	dir := isolate(t)
	w := newWorld(t)
	base := w.env()
	with := func(change map[string]string, drop ...string) map[string]string {
		env := map[string]string{}
		for k, v := range base {
			env[k] = v
		}
		for k, v := range change {
			env[k] = v
		}
		for _, k := range drop {
			delete(env, k)
		}
		return env
	}
	blocker := filepath.Join(dir, "a-file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	corrupt := filepath.Join(dir, "corrupt.json")
	const corruptBody = `{"version":1,"org_url":"https://dev-1.okta.com","answ`
	if err := os.WriteFile(corrupt, []byte(corruptBody), 0o600); err != nil {
		t.Fatal(err)
	}
	tampered := filepath.Join(dir, "tampered.json")
	tamperedAnswers := steps.DefaultAnswers()
	tamperedAnswers.OrgURL = w.org.URL()
	tamperedAnswers.PolicyHandle = "x\x1b]52;c;aGk=\x07"
	tb, err := json.Marshal(steps.Progress{Version: 1, OrgURL: w.org.URL(), Answers: tamperedAnswers})
	if err != nil {
		t.Fatal(err)
	}
	tamperedBody := string(tb)
	if err := os.WriteFile(tampered, []byte(tamperedBody), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		env   map[string]string
		args  []string
		usage bool     // a missing or malformed value: exit 2
		want  []string // all in stderr
	}{
		{"no org", with(nil, envOrgURL), nil, true, []string{"--org-url", envOrgURL}},
		{"explicitly empty org", base, []string{"--org-url", ""}, true, []string{"--org-url is empty"}},
		{"no token", with(nil, envToken), nil, true, []string{envToken, "never taken as flags"}},
		{"no client id", with(nil, envIDmeClientID), nil, true, []string{"--idme-client-id", envIDmeClientID}},
		{"no handle", with(nil, envPolicyHandle), nil, true, []string{"--policy-handle", envPolicyHandle}},
		{"empty handle flag", base, []string{"--policy-handle", ""}, true, []string{"--policy-handle"}},
		{"handle with openid", base, []string{"--policy-handle", "openid teacher"}, true, []string{"--policy-handle:", "single value", "openid is added"}},
		{"handle with spaces around", base, []string{"--policy-handle", " teacher"}, true, []string{"--policy-handle:", "spaces around"}},
		{"handle with a control character", base, []string{"--policy-handle", "teacher\x1b]0;x\x07"}, true, []string{"--policy-handle:", "RFC 6749"}},
		{"handle with a quote", base, []string{"--policy-handle", `tea"cher`}, true, []string{"--policy-handle:", "RFC 6749"}},
		{"handle of 10,000 characters", base, []string{"--policy-handle", strings.Repeat("h", 10000)}, true, []string{"--policy-handle:", "10000 characters", "at most"}},
		{"bad handle from the environment", with(map[string]string{envPolicyHandle: "a\\b"}), nil, true, []string{envPolicyHandle + ":", "RFC 6749"}},
		{"client id with a quote", base, []string{"--idme-client-id", `abc"def`}, true, []string{"--idme-client-id:", "no quotes"}},
		{"client id with a control character", base, []string{"--idme-client-id", "abc\rdef"}, true, []string{"--idme-client-id:"}},
		{"org over http", base, []string{"--org-url", "http://dev-1.okta.com"}, true, []string{"--org-url:", "https", "e.g."}},
		{"org not a host", base, []string{"--org-url", "okta"}, true, []string{"--org-url:", "e.g. https://"}},
		{"org with a space", base, []string{"--org-url", "dev 1.okta.com"}, true, []string{"--org-url:", "e.g. https://"}},
		{"org over ftp", base, []string{"--org-url", "ftp://dev-1.okta.com"}, true, []string{"--org-url:", "e.g. https://"}},
		{"ID.me production over http", base, []string{"--idme-base-url", "http://api.id.me/"}, true, []string{"--idme-base-url:", "only https"}},
		{"ID.me base URL with credentials", base, []string{"--idme-base-url", "https://u:hunter2@api.idmelabs.com/"}, true, []string{"--idme-base-url:", "user name or password"}},
		{"unknown ID.me environment", base, []string{"--idme-env", "staging"}, true, []string{"--idme-env:", "sandbox or production"}},
		{"mapping flag without =", base, []string{"--map", "birth_date"}, true, []string{"attribute=claim"}},
		{"mapping to a dotted name", base, []string{"--map", "a.b=email"}, true, []string{"--map:", "variable"}},
		{"attribute with a space", base, []string{"--attribute", "has space"}, true, []string{"--attribute:", "letters, digits and _"}},
		{"attribute with a dot", base, []string{"--attribute", "a.b"}, true, []string{"--attribute:", "letters, digits and _"}},
		{"attribute with shell", base, []string{"--attribute", "$(id);x"}, true, []string{"--attribute:", "letters, digits and _"}},
		{"attribute of 200 characters", base, []string{"--attribute", strings.Repeat("a", 200)}, true, []string{"--attribute:", "200 characters"}},
		{"attribute Okta reserves", base, []string{"--attribute", "status"}, true, []string{"--attribute:", "reserves"}},
		{"base attribute as custom", base, []string{"--attribute", "firstName"}, true, []string{"--attribute:", "base attribute", "--map firstName="}},
		{"empty IdP name", base, []string{"--idp-name", ""}, true, []string{"--idp-name is empty"}},
		{"rule name with a newline", base, []string{"--rule-name", "ID.me\nrule"}, true, []string{"--rule-name:", "one line"}},
		{"IdP name of 101 characters", base, []string{"--idp-name", strings.Repeat("n", 101)}, true, []string{"--idp-name:", "at most 100"}},
		{"rule status not a status", base, []string{"--rule-status", "paused"}, true, []string{"-rule-status", "use active or inactive"}},
		{"empty rule status", base, []string{"--rule-status", ""}, true, []string{"-rule-status", "use active or inactive"}},
		{"group id of the wrong shape", base, []string{"--test-group-id", "00g bad"}, true, []string{"--test-group-id:", "00g"}},
		{"unknown auth method", base, []string{"--auth", "password"}, true, []string{"token or service-app"}},
		{"service app without key", with(nil, envToken), []string{"--auth", "service-app", "--service-app-client-id", "0oa1"}, true, []string{"--private-key-file", envSAPrivateKey}},
		{"rejected token", with(map[string]string{envToken: "00-not-a-real-token"}), nil, false, []string{"E0000011", "Security > API > Tokens"}},
		{"read-only admin's token", with(map[string]string{envToken: w.org.ReadOnlyToken()}), nil, false, []string{"Read-Only Administrator", "Super Administrator"}},
		{"unwritable state dir", base, []string{"--state-file", filepath.Join(blocker, "sub", "p.json")}, false, []string{"cannot write", "--state-file"}},
		{"corrupt progress file", base, []string{"--state-file", corrupt}, false, []string{corrupt, "damaged", "start over"}},
		{"bad value in the progress file", with(nil, envPolicyHandle), []string{"--state-file", tampered}, true, []string{"policy_handle in the progress file " + tampered, "--policy-handle", "RFC 6749"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"apply", "--idme-base-url", w.idme.BaseURL()}, c.args...)
			out, errOut, code := runCLI(t, c.env, args...)
			switch {
			case code == exitOK:
				t.Fatalf("succeeded:\n%s", out)
			case c.usage && code != exitUsage:
				t.Errorf("exited %d, want %d (usage)", code, exitUsage)
			case !c.usage && code != exitFailure:
				t.Errorf("exited %d, want %d", code, exitFailure)
			}
			for _, want := range c.want {
				if !strings.Contains(errOut+out, want) {
					t.Errorf("output does not say %q:\nstdout:\n%s\nstderr:\n%s", want, out, errOut)
				}
			}
		})
	}
	if n := simtest.Writes(w.org); n != 0 {
		t.Errorf("bad input caused %d writes to Okta", n)
	}
	if b, _ := os.ReadFile(corrupt); string(b) != corruptBody {
		t.Error("the corrupt progress file was changed")
	}
	if b, _ := os.ReadFile(tampered); string(b) != tamperedBody {
		t.Error("the progress file with a bad value was changed")
	}
	if len(cases) < 15 {
		t.Errorf("only %d bad-input cases", len(cases))
	}
}

func TestStatusAndHandoffAfterApply(t *testing.T) {
	state := isolate(t)
	w := newWorld(t)
	if out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--yes"); code != exitOK {
		t.Fatalf("apply: %d\n%s\n%s", code, out, errOut)
	}
	w.org.ResetRequests()

	out, errOut, code := runCLI(t, w.env(), "status", "--json")
	if code != exitOK {
		t.Fatalf("status: %d\n%s", code, errOut)
	}
	var doc struct {
		OrgURL string `json:"org_url"`
		Engine string `json:"engine"`
		Steps  []struct {
			ID, Title, Status, Detail string
		} `json:"steps"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("status --json: %v\n%s", err, out)
	}
	if doc.OrgURL != w.org.URL() || doc.Engine != "identity" || len(doc.Steps) < 8 {
		t.Fatalf("status document: %+v", doc)
	}
	for _, st := range doc.Steps {
		if st.Status != "done" && st.ID != "test-signin" {
			t.Errorf("step %s is %s after apply --yes: %s", st.ID, st.Status, st.Detail)
		}
	}
	if n := simtest.Writes(w.org); n != 0 {
		t.Errorf("status made %d writes", n)
	}

	out, errOut, code = runCLI(t, w.env(), "handoff", "--format", "json")
	if code != exitOK {
		t.Fatalf("handoff: %d\n%s", code, errOut)
	}
	var h map[string]any
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatalf("handoff json: %v\n%s", err, out)
	}
	idp := w.org.Snapshot().IdPs[0]
	links := idp["_links"].(map[string]any)
	wantRedirect := links["clientRedirectUri"].(map[string]any)["href"]
	for k, want := range map[string]any{
		"redirect_uri": wantRedirect, "policy_handle": w.policyHandle, "environment": "custom",
		"okta_org_url": w.org.URL(), "idp_id": idp["id"], "idp_name": "ID.me IdP - OIDC",
	} {
		if h[k] != want {
			t.Errorf("handoff %s = %v, want %v", k, h[k], want)
		}
	}
	if scopes, _ := h["scopes"].([]any); len(scopes) != 2 || scopes[0] != "openid" || scopes[1] != w.policyHandle {
		t.Errorf("handoff scopes = %v", h["scopes"])
	}
	assertNoSecrets(t, state, out+errOut, w.org.AdminToken(), w.clientSecret)

	// Without a token (and no terminal) handoff still works from the progress file, and says so.
	env := w.env()
	delete(env, envToken)
	out, errOut, code = runCLI(t, env, "handoff")
	if code != exitOK || !strings.Contains(out, wantRedirect.(string)) || !strings.Contains(errOut, "progress file") {
		t.Errorf("handoff without token: code %d\n%s\n%s", code, out, errOut)
	}
}

// assertNoSecrets fails if any secret appears in text or in any file under dir.
func assertNoSecrets(t *testing.T, dir, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("a secret appeared in the output")
		}
	}
	_ = filepath.Walk(dir, func(path string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(path)
		for _, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("a secret was written to %s", path)
			}
		}
		return nil
	})
}

// test-signin after apply: the URL goes to stderr on its own line, a browser (here the
// simulated one) completes the sign-in, and --json reports a pass with the verified claims.
func TestTestSignInJSONPassesAfterApply(t *testing.T) {
	isolate(t)
	w := newWorld(t)
	res := applyAndSignIn(t, w)
	if res.Claims["iss"] != w.org.URL() || res.User["idme_uuid"] == nil || res.User["firstName"] == nil {
		t.Errorf("claims %v / user %v", res.Claims, res.User)
	}
	if res.ClaimStyle != "guide" {
		t.Errorf("claim_style %q, want guide", res.ClaimStyle)
	}
}

// An ID.me policy that releases OpenID Connect's claim names instead of the guide's: the
// same setup fills the Okta user, and the test says which style came back.
func TestTestSignInPassesWithOIDCClaimNames(t *testing.T) {
	isolate(t)
	w := newWorldWith(t, idme.Identity{Key: "oidc", Label: "Jo OIDC", Claims: map[string]any{
		"uuid": "0123456789abcdef0123456789abcdef", "email": "jo.oidc@example.com",
		"given_name": "JO", "family_name": "OIDC", "middle_name": "Q", "name": "JO Q OIDC",
		"phone_number": "15555550123", "birthdate": "1980-02-03",
		"address": map[string]any{"street_address": "1 Main St", "locality": "Springfield", "region": "VA", "postal_code": "22150"},
	}})
	res := applyAndSignIn(t, w)
	for attr, want := range map[string]string{"firstName": "JO", "lastName": "OIDC", "idme_uuid": "0123456789abcdef0123456789abcdef", "city": "Springfield", "zipCode": "22150"} {
		if res.User[attr] != want {
			t.Errorf("user %s = %v, want %s (user %v)", attr, res.User[attr], want, res.User)
		}
	}
	if res.ClaimStyle != "oidc" {
		t.Errorf("claim_style %q, want oidc", res.ClaimStyle)
	}
}

// A verified person without a phone number (and without a middle name) signs in: every
// System Log event says SUCCESS and the configuration is right, so test-signin says PASS with
// warnings, exits 0, and --json carries "verdict":"pass_with_warnings" and the warning's code.
func TestTestSignInWithoutPhonePassesWithWarnings(t *testing.T) {
	isolate(t)
	w := newWorld(t)
	if out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--yes"); code != exitOK {
		t.Fatalf("apply: %d\n%s\n%s", code, out, errOut)
	}
	res := signInAs(t, w.env(), "partial", "--json")
	if res.code != exitOK {
		t.Fatalf("test-signin exited %d: %s", res.code, res.out)
	}
	var doc signInJSON
	if err := json.Unmarshal([]byte(res.out), &doc); err != nil {
		t.Fatalf("stdout is not the JSON object: %v\n%s", err, res.out)
	}
	if doc.Result != "pass" || doc.Verdict != "pass_with_warnings" || len(doc.Problems) != 0 {
		t.Fatalf("result %q verdict %q problems %v", doc.Result, doc.Verdict, doc.Problems)
	}
	if len(doc.Warnings) != 1 || doc.Warnings[0].Code != "claim_not_sent" || !strings.Contains(doc.Warnings[0].Message, "mobilePhone") {
		t.Errorf("warnings = %+v, want claim_not_sent naming mobilePhone", doc.Warnings)
	}

	words := signInAs(t, w.env(), "partial")
	if words.code != exitOK || !strings.Contains(words.out, "PASS with warnings") || strings.Contains(words.out, "FAIL") ||
		!strings.Contains(words.out, "phone or phone_number claim for this person") || !strings.Contains(words.out, "  ! ID.me sent no ") {
		t.Errorf("test-signin in words: exit %d\n%s", words.code, words.out)
	}
}

type signInJSON struct {
	Result   string `json:"result"`
	Verdict  string `json:"verdict"`
	Warnings []struct {
		Code, Message string
	} `json:"warnings"`
	Claims     map[string]any `json:"claims"`
	User       map[string]any `json:"user"`
	Problems   []any          `json:"problems"`
	ClaimStyle string         `json:"claim_style"`
}

// applyAndSignIn runs apply --yes, then test-signin --json (passingSignIn).
func applyAndSignIn(t *testing.T, w *world) signInJSON {
	t.Helper()
	if out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--yes"); code != exitOK {
		t.Fatalf("apply: %d\n%s\n%s", code, out, errOut)
	}
	return passingSignIn(t, w.env())
}

// passingSignIn runs test-signin --json with env and a simulated browser that follows the
// URL printed on stderr, and returns the result, which must pass.
func passingSignIn(t *testing.T, env map[string]string) signInJSON {
	t.Helper()
	run := signInAs(t, env, "", "--json")
	if run.code != exitOK {
		t.Fatalf("test-signin exited %d: %s", run.code, run.out)
	}
	var res signInJSON
	if err := json.Unmarshal([]byte(run.out), &res); err != nil {
		t.Fatalf("stdout is not the JSON object: %v\n%s", err, run.out)
	}
	if res.Result != "pass" || len(res.Problems) != 0 {
		t.Fatalf("result %q, problems %v", res.Result, res.Problems)
	}
	return res
}

type signInRun struct {
	out  string
	code int
}

// signInAs runs test-signin --no-browser with env and extra flags, and a simulated browser
// that follows the URL printed on stderr as the ID.me person identity ("" keeps the first).
func signInAs(t *testing.T, env map[string]string, identity string, flags ...string) signInRun {
	t.Helper()
	stderrR, stderrW := io.Pipe()
	var out bytes.Buffer
	c := &cli{stdin: strings.NewReader(""), stdout: &out, stderr: stderrW, getenv: func(k string) string { return env[k] }}
	done := make(chan int, 1)
	go func() {
		done <- c.main(context.Background(), append([]string{"test-signin", "--no-browser"}, flags...))
		stderrW.Close()
	}()

	browsed := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stderrR)
		for sc.Scan() {
			if line := sc.Text(); strings.HasPrefix(line, "http") {
				b := simbrowser.New()
				b.Identity = identity
				_, err := b.Open(context.Background(), line)
				browsed <- err
				break
			}
		}
		io.Copy(io.Discard, stderrR)
	}()
	if err := <-browsed; err != nil {
		t.Fatalf("browser: %v", err)
	}
	code := <-done // before reading out: the command writes it until it returns
	return signInRun{out: out.String(), code: code}
}

// IDME_OKTA_ACCESSIBLE and TERM=dumb count as --accessible before the terminal check, so the
// plain driver runs where there is no terminal.
func TestAccessibleByEnvironmentNeedsNoTerminal(t *testing.T) {
	isolate(t)
	for _, env := range []map[string]string{{envAccessible: "1"}, {"TERM": "dumb"}} {
		_, errOut, code := runCLI(t, env)
		if strings.Contains(errOut, "needs a terminal") {
			t.Errorf("env %v: refused for want of a terminal (code %d): %s", env, code, errOut)
		}
	}
	if _, errOut, code := runCLI(t, nil); code != exitUsage || !strings.Contains(errOut, "needs a terminal") {
		t.Errorf("without a terminal or accessible mode: code %d, %s", code, errOut)
	}
}

// Flags and environment win over the progress file in the wizard too, also on resume.
func TestWizardFlagsWinOverTheProgressFile(t *testing.T) {
	dir := isolate(t)
	path := filepath.Join(dir, "p.json")
	old := steps.DefaultAnswers()
	old.OrgURL, old.PolicyHandle, old.IDmeClientID = "https://dev-1.okta.com", "teacher", "from-file"
	if err := steps.SaveProgress(path, &steps.Progress{OrgURL: old.OrgURL, Answers: old}); err != nil {
		t.Fatal(err)
	}
	c := &cli{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard,
		getenv: func(k string) string { return map[string]string{envIDmeClientID: "from-env"}[k] }}
	o, err := parseWizard(c, []string{"--state-file", path, "--policy-handle", "military"})
	if err != nil {
		t.Fatal(err)
	}
	setup, progress, err := c.wizardSetup(&o.answers)
	if err != nil {
		t.Fatal(err)
	}
	if progress == nil {
		t.Fatal("the progress file was not offered for resume")
	}
	for name, a := range map[string]steps.Answers{"fresh": setup.Answers, "resume": progress.Answers} {
		if a.PolicyHandle != "military" || a.IDmeClientID != "from-env" || a.OrgURL != "https://dev-1.okta.com" {
			t.Errorf("%s answers: handle %q, client %q, org %q", name, a.PolicyHandle, a.IDmeClientID, a.OrgURL)
		}
	}
}

// With no org named, the commands use the only org this machine has a progress file for,
// and with several they ask which; the wizard leaves a damaged file for its own screen.
func TestLocateWithoutAnOrg(t *testing.T) {
	dir := isolate(t)
	w := newWorld(t)
	if out, errOut, code := runCLI(t, w.env(), "apply", "--idme-base-url", w.idme.BaseURL(), "--yes"); code != exitOK {
		t.Fatalf("apply: %d\n%s\n%s", code, out, errOut)
	}
	out, errOut, code := runCLI(t, nil, "handoff", "--format", "json")
	if code != exitOK || !strings.Contains(out, w.org.URL()) {
		t.Fatalf("handoff with no org named: %d\n%s\n%s", code, out, errOut)
	}

	other := filepath.Join(dir, "idme-okta", "dev-2.okta.com.json")
	if err := steps.SaveProgress(other, &steps.Progress{OrgURL: "https://dev-2.okta.com", Answers: steps.DefaultAnswers()}); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = runCLI(t, nil, "handoff")
	if code != exitUsage || !strings.Contains(errOut, "several orgs") || !strings.Contains(errOut, "--org-url") {
		t.Errorf("two orgs: code %d, %s", code, errOut)
	}

	if err := os.WriteFile(other, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := &cli{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
	o, err := parseWizard(c, []string{"--org-url", "dev-2.okta.com"})
	if err != nil {
		t.Fatal(err)
	}
	setup, progress, err := c.wizardSetup(&o.answers)
	if err != nil || progress != nil || setup.StatePath != other {
		t.Errorf("wizard with a damaged file: err %v, progress %v, state %q", err, progress, setup.StatePath)
	}
	if _, errOut, code := runCLI(t, nil, "status", "--org-url", "dev-2.okta.com"); code != exitFailure || !strings.Contains(errOut, "damaged") {
		t.Errorf("status with a damaged file: code %d, %s", code, errOut)
	}
}
