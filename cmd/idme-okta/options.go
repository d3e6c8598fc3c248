package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/charmbracelet/x/term"

	"github.com/idme-okta/idme-okta/steps"
)

// Environment variables. Secrets are only ever read from here (or a prompt), never from flags,
// so they stay out of shell history and process listings.
const (
	envOrgURL        = "OKTA_CLIENT_ORGURL"
	envToken         = "OKTA_CLIENT_TOKEN" // secret
	envSAClientID    = "OKTA_CLIENT_CLIENTID"
	envSAKeyID       = "OKTA_CLIENT_PRIVATEKEYID"
	envSAPrivateKey  = "OKTA_CLIENT_PRIVATEKEY" // secret (PEM), alternative to --private-key-file
	envSAKeyFile     = "IDME_OKTA_PRIVATE_KEY_FILE"
	envIDmeClientID  = "IDME_CLIENT_ID"
	envIDmeSecret    = "IDME_CLIENT_SECRET" // secret
	envPolicyHandle  = "IDME_POLICY_HANDLE"
	envStateFile     = "IDME_OKTA_STATE_FILE"
	envAccessible    = "IDME_OKTA_ACCESSIBLE"
	defaultUserAgent = "idme-okta"
)

// answerFlags are the flags that become the run's answers, shared by the commands that talk
// to Okta (each command's options struct holds them beside its own flags). Flags win over
// the environment, which wins over the progress file, which wins over the guide's defaults.
type answerFlags struct {
	set map[string]bool // the flags given explicitly

	orgURL, stateFile                string
	auth, saClientID, saKeyID, saKey string

	idmeEnv, idmeBaseURL, idmeClientID, policyHandle string
	idpName, ruleName                                string
	idpID, ruleUserPattern, ruleStatus               string
	ruleApps                                         []string
	testGroupID                                      string
	mappings                                         []steps.MappingRow
	attributes                                       []string
}

// newFlagSet makes a flag set whose help names the command, its flags as --name and its
// environment. flag's own printing is off: a mistake is returned as a usage error (stderr,
// exit 2) and help asked for is printed to stdout by parseFlags (exit 0).
func newFlagSet(c *cli, name, synopsis string, env ...string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if c.sawFlags != nil {
		c.sawFlags(fs)
	}
	fs.Usage = func() { commandHelp(c.stdout, fs, name, synopsis, env) }
	return fs
}

// connectionEnv documents the variables addConnection reads.
var connectionEnv = []string{
	envOrgURL + "  Okta org URL (same as --org-url)",
	envToken + "  Okta API token (SSWS); never passed as a flag",
	envSAClientID + ", " + envSAKeyID + "  OAuth service app client ID and key ID",
	envSAPrivateKey + "  service app private key (PEM), or " + envSAKeyFile + " for a path",
	envStateFile + "  progress file (same as --state-file)",
}

// idmeEnvDoc documents the variables addIDme reads.
var idmeEnvDoc = []string{
	envIDmeClientID + "  ID.me client ID (same as --idme-client-id)",
	envIDmeSecret + "  ID.me client secret; never passed as a flag",
	envPolicyHandle + "  ID.me policy handle (same as --policy-handle)",
}

func (s *answerFlags) addConnection(fs *flag.FlagSet) {
	fs.StringVar(&s.orgURL, "org-url", "", "Okta org URL, e.g. https://dev-123456.okta.com (env "+envOrgURL+")")
	pathVar(fs, &s.stateFile, "state-file", "", "progress `file` (default: one per org under $XDG_STATE_HOME/idme-okta)")
	oneOfVar(fs, &s.auth, "auth", "", []string{steps.AuthToken, steps.AuthServiceApp}, `how to authenticate: "token" (API token from `+envToken+`) or "service-app" (OAuth 2.0 private key JWT)`)
	fs.StringVar(&s.saClientID, "service-app-client-id", "", "OAuth service app client ID (env "+envSAClientID+")")
	fs.StringVar(&s.saKeyID, "private-key-id", "", "kid of the service app's public key (env "+envSAKeyID+")")
	pathVar(fs, &s.saKey, "private-key-file", "", "PEM `file` with the service app's private key (env "+envSAKeyFile+")")
}

func (s *answerFlags) addIDme(fs *flag.FlagSet) {
	suggestVar(fs, &s.idmeEnv, "idme-env", "", idmeEnvironments(), `ID.me environment: "sandbox" or "production" (default sandbox)`)
	fs.StringVar(&s.idmeBaseURL, "idme-base-url", "", "ID.me base URL; for a simulated ID.me on this machine (http allowed only on loopback)")
	fs.StringVar(&s.idmeClientID, "idme-client-id", "", "ID.me client ID (env "+envIDmeClientID+")")
	fs.StringVar(&s.policyHandle, "policy-handle", "", "ID.me policy handle; scopes become \"openid <handle>\" (env "+envPolicyHandle+")")
	fs.StringVar(&s.idpName, "idp-name", "", "identity provider name (default \""+steps.DefaultIdPName+"\")")
	fs.StringVar(&s.ruleName, "rule-name", "", "routing rule name (default \""+steps.DefaultRuleName+"\")")
	fs.StringVar(&s.idpID, "idp-id", "", "the identity provider (0oa…) to adopt when several in the org use this ID.me client ID")
	fs.Func("rule-app", "route only sign-ins to this app `id` (0oa…) to ID.me (repeatable; needed on Classic Engine, or --rule-user-pattern)", func(v string) error {
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("want an app id, e.g. 0oa1b2c3d4")
		}
		s.ruleApps = append(s.ruleApps, strings.TrimSpace(v))
		return nil
	})
	fs.Func("rule-user-pattern", "route only usernames matching `[TYPE:]value` to ID.me: a suffix such as example.com, or EQUALS:, STARTS_WITH:, CONTAINS:, EXPRESSION:<regex>", func(v string) error {
		if _, err := steps.ParseUserPattern(v); err != nil {
			return errors.New(strings.TrimPrefix(err.Error(), fmt.Sprintf("--rule-user-pattern %q: ", v)))
		}
		s.ruleUserPattern = v
		return nil
	})
	fs.Func("rule-status", "the routing rule's `status`: active (the guide: created and activated, every user sees \"Sign in with ID.me\") or inactive (held back until a test sign-in passed; then run apply --rule-status active)", func(v string) error {
		status, err := steps.ParseRuleStatus(v)
		if err != nil {
			return errors.New("use active or inactive")
		}
		s.ruleStatus = status
		return nil
	})
	s.addTestGroup(fs)
	fs.Func("map", "add or change a mapping row `attribute=claim` (repeatable), e.g. birth_date=birth_date; attribute= takes the row out", func(v string) error {
		attr, claim, ok := strings.Cut(v, "=")
		if !ok || attr == "" {
			return fmt.Errorf("want attribute=claim, e.g. birth_date=birth_date (or attribute= to take the row out)")
		}
		s.mappings = append(s.mappings, steps.MappingRow{Attribute: attr, Claim: claim})
		return nil
	})
	fs.Func("attribute", "also add this custom Okta user `attribute` (repeatable)", func(v string) error {
		s.attributes = append(s.attributes, v)
		return nil
	})
}

// addTestGroup registers --test-group-id: which group may use the test app.
func (s *answerFlags) addTestGroup(fs *flag.FlagSet) {
	fs.StringVar(&s.testGroupID, "test-group-id", "", "Okta group id (00g…) assigned to the test sign-in app (default: the Everyone group)")
}

// parseFlags parses a command's args: -h prints the help (errHelpShown), a mistake or a
// stray argument is a usage error.
func parseFlags(fs *flag.FlagSet, args []string) error {
	help := fs.Usage
	fs.Usage = func() {} // flag calls it on mistakes too; help is printed only when asked for
	err := fs.Parse(args)
	fs.Usage = help
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			help()
			return errHelpShown
		}
		return &usageError{dashes.Replace(err.Error())}
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// dashes writes the flags in flag's messages as --name, the way help shows them.
var dashes = strings.NewReplacer("not defined: -", "not defined: --", "needs an argument: -", "needs an argument: --",
	" for flag -", " for flag --", " for -", " for --")

// parse parses args and remembers which flags were given explicitly.
func (s *answerFlags) parse(fs *flag.FlagSet, args []string) error {
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	s.set = map[string]bool{}
	var empty error
	fs.Visit(func(f *flag.Flag) {
		s.set[f.Name] = true
		// --org-url '' is a mistake (an unset variable in a script, say), never "use the
		// saved one": that would quietly work on another org or with another value.
		if g, ok := f.Value.(flag.Getter); ok && empty == nil {
			if v, isString := g.Get().(string); isString && strings.TrimSpace(v) == "" {
				empty = usagef("--%s is empty: give a value, or leave the flag out to use the environment, the progress file or the default", f.Name)
			}
		}
	})
	return empty
}

// flagOf names, for each answer, the flag and environment variable that give it.
var flagOf = map[steps.Field]struct{ flag, env string }{
	steps.FieldOrgURL:          {"org-url", envOrgURL},
	steps.FieldIDmeEnv:         {"idme-env", ""},
	steps.FieldIDmeBaseURL:     {"idme-base-url", ""},
	steps.FieldIDmeClientID:    {"idme-client-id", envIDmeClientID},
	steps.FieldPolicyHandle:    {"policy-handle", envPolicyHandle},
	steps.FieldIdPName:         {"idp-name", ""},
	steps.FieldRuleName:        {"rule-name", ""},
	steps.FieldExtraAttributes: {"attribute", ""},
	steps.FieldMappings:        {"map", ""},
	steps.FieldTestGroupID:     {"test-group-id", ""},
	steps.FieldCallbackPort:    {"callback-port", ""},
	steps.FieldIdPID:           {"idp-id", ""},
	steps.FieldRuleApps:        {"rule-app", ""},
	steps.FieldRuleUserPattern: {"rule-user-pattern", ""},
	steps.FieldRuleStatus:      {"rule-status", ""},
}

// invalid turns the answers' broken rules into one usage error (exit 2) whose lines each
// say where the value came from (a flag, a variable or the progress file) and the rule.
func (s *answerFlags) invalid(c *cli, err error, statePath string) error {
	bad := steps.InvalidAnswers(err)
	if err == nil || len(bad) == 0 {
		return err
	}
	lines := make([]string, len(bad))
	for i, e := range bad {
		lines[i] = s.origin(c, e.Field, statePath) + ": " + e.Error()
	}
	return usagef("%s", strings.Join(lines, "\n"))
}

// fromFile reports whether no flag or variable gave the answer, so that it is the progress
// file's (or the guide's default, when there is no file).
func (s *answerFlags) fromFile(c *cli, f steps.Field) bool {
	src := flagOf[f]
	switch {
	case src.flag != "" && s.set[src.flag]:
		return false
	case f == steps.FieldIDmeBaseURL && s.set["idme-env"]:
		return false
	case src.env != "" && strings.TrimSpace(c.getenv(src.env)) != "":
		return false
	}
	return true
}

// origin says where the value of an answer came from, for a message.
func (s *answerFlags) origin(c *cli, f steps.Field, statePath string) string {
	src := flagOf[f]
	switch {
	case src.flag != "" && s.set[src.flag]:
		return "--" + src.flag
	case f == steps.FieldIDmeBaseURL && s.set["idme-env"]:
		return "--idme-env"
	case !s.fromFile(c, f):
		return src.env
	case statePath != "":
		if src.flag != "" {
			return fmt.Sprintf("%s in the progress file %s (give --%s to replace it)", f, statePath, src.flag)
		}
		return fmt.Sprintf("%s in the progress file %s", f, statePath)
	case src.flag != "":
		return "--" + src.flag
	}
	return string(f)
}

// errHelpShown ends a command after -h printed its usage.
var errHelpShown = errors.New("help shown")

// pick returns the flag value if given, else the environment's, else fallback.
func (s *answerFlags) pick(c *cli, flagName, flagValue, envName, fallback string) string {
	if s.set[flagName] {
		return flagValue
	}
	if envName != "" {
		if v := strings.TrimSpace(c.getenv(envName)); v != "" {
			return v
		}
	}
	return fallback
}

// answers layers flags and environment over what the progress file remembered.
func (s *answerFlags) answers(c *cli, base steps.Answers) (steps.Answers, error) {
	a := base
	a.AuthMethod = s.pick(c, "auth", s.auth, "", a.AuthMethod)
	if a.AuthMethod == "" {
		a.AuthMethod = "token"
		if c.getenv(envToken) == "" && c.getenv(envSAClientID) != "" {
			a.AuthMethod = "service-app"
		}
	}
	if a.AuthMethod != "token" && a.AuthMethod != "service-app" {
		return a, usagef("--auth %q: use token or service-app", a.AuthMethod)
	}
	a.ServiceAppClientID = s.pick(c, "service-app-client-id", s.saClientID, envSAClientID, a.ServiceAppClientID)
	a.ServiceAppKeyID = s.pick(c, "private-key-id", s.saKeyID, envSAKeyID, a.ServiceAppKeyID)
	if keyFile := s.pick(c, "private-key-file", s.saKey, envSAKeyFile, a.PrivateKeyFile); keyFile != "" {
		abs, err := filepath.Abs(keyFile)
		if err != nil {
			return a, fmt.Errorf("private key file %q: %w", keyFile, err)
		}
		a.PrivateKeyFile = abs
	}

	envName := s.pick(c, "idme-env", s.idmeEnv, "", "")
	baseURL := s.pick(c, "idme-base-url", s.idmeBaseURL, "", "")
	switch {
	case envName != "" || baseURL != "":
		env, url, err := steps.ResolveIDmeBaseURL(envName, baseURL)
		if err != nil {
			return a, s.invalid(c, err, "")
		}
		a.IDmeEnv, a.IDmeBaseURL = env, url
	case a.IDmeBaseURL == "":
		a.IDmeEnv, a.IDmeBaseURL, _ = steps.ResolveIDmeBaseURL("sandbox", "")
	}
	a.IDmeClientID = s.pick(c, "idme-client-id", s.idmeClientID, envIDmeClientID, a.IDmeClientID)
	a.PolicyHandle = s.pick(c, "policy-handle", s.policyHandle, envPolicyHandle, a.PolicyHandle)
	a.IdPName = s.pick(c, "idp-name", s.idpName, "", a.IdPName)
	a.RuleName = s.pick(c, "rule-name", s.ruleName, "", a.RuleName)
	a.TestGroupID = s.pick(c, "test-group-id", s.testGroupID, "", a.TestGroupID)
	a.IdPID = s.pick(c, "idp-id", s.idpID, "", a.IdPID)
	a.RuleUserPattern = s.pick(c, "rule-user-pattern", s.ruleUserPattern, "", a.RuleUserPattern)
	a.RuleStatus = s.pick(c, "rule-status", s.ruleStatus, "", a.RuleStatus)
	if len(s.ruleApps) > 0 {
		a.RuleApps = slices.Clone(s.ruleApps)
	}
	if a.RuleUserPattern != "" || len(a.RuleApps) > 0 {
		a.NoRule = false // a scope given now replaces an earlier "no rule"
	}
	for _, m := range s.mappings {
		if m.Claim == "" {
			// --map attribute=: the row leaves the table (a row idme-okta wrote leaves Okta
			// too, after confirmation).
			a.Mappings = slices.DeleteFunc(slices.Clone(a.Mappings), func(r steps.MappingRow) bool { return r.Attribute == m.Attribute })
			continue
		}
		a.Mappings = upsertRow(a.Mappings, m)
	}
	for _, attr := range s.attributes {
		if !slices.Contains(a.ExtraAttributes, attr) {
			a.ExtraAttributes = append(a.ExtraAttributes, attr)
		}
	}
	return a, nil
}

func upsertRow(rows []steps.MappingRow, row steps.MappingRow) []steps.MappingRow {
	out := append([]steps.MappingRow(nil), rows...)
	for i := range out {
		if out[i].Attribute == row.Attribute {
			out[i] = row
			return out
		}
	}
	return append(out, row)
}

// oktaSecrets reads the Okta credential the answers call for: from the environment, else a
// masked prompt when there is a terminal, else an error naming the variable.
func (c *cli) oktaSecrets(a steps.Answers) (steps.Secrets, error) {
	var sec steps.Secrets
	if a.AuthMethod == "service-app" {
		if a.ServiceAppClientID == "" {
			return sec, usagef("the service app needs a client ID: pass --service-app-client-id or set %s", envSAClientID)
		}
		if pem := c.getenv(envSAPrivateKey); pem != "" {
			sec.PrivateKeyPEM = []byte(pem)
		} else if a.PrivateKeyFile == "" {
			return sec, usagef("the service app needs its private key: pass --private-key-file or set %s", envSAPrivateKey)
		}
		return sec, nil
	}
	tok, err := c.secret(envToken, "Okta API token")
	sec.APIToken = tok
	return sec, err
}

// secret reads a secret from env, or asks for it without echo on a terminal.
func (c *cli) secret(envName, what string) (string, error) {
	if v := strings.TrimSpace(c.getenv(envName)); v != "" {
		return v, nil
	}
	if !c.interactive || c.readSecret == nil {
		return "", usagef("no %s: set %s (secrets are never taken as flags)", what, envName)
	}
	v, err := c.readSecret(fmt.Sprintf("%s (input hidden; or set %s): ", what, envName))
	if err != nil {
		return "", fmt.Errorf("read %s: %w", what, err)
	}
	if v = strings.TrimSpace(v); v != "" {
		return v, nil
	}
	return "", fmt.Errorf("no %s entered", what)
}

// terminalSecret is the prompter of a real terminal: the prompt on out, the answer read from
// in without echo. nil when in is not a file (no terminal to switch echo off on).
func terminalSecret(in io.Reader, out io.Writer) func(prompt string) (string, error) {
	f, ok := in.(*os.File)
	if !ok {
		return nil
	}
	return func(prompt string) (string, error) {
		fmt.Fprint(out, prompt)
		b, err := term.ReadPassword(f.Fd())
		fmt.Fprintln(out)
		return string(b), err
	}
}
