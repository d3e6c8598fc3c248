package steps

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"github.com/idme-okta/idme-okta/assets"
	"github.com/idme-okta/idme-okta/okta"
)

// Names the guide uses; the admin may change them.
const (
	DefaultIdPName      = "ID.me IdP - OIDC"
	DefaultRuleName     = "ID.me IdP - Okta App Portal"
	DefaultTestAppLabel = "ID.me sign-in test (idme-okta)"
	DefaultCallbackPort = 53682
)

// Answers are what the admin told us. They are saved in the progress file, so they must never
// hold a secret (see Secrets).
type Answers struct {
	OrgURL string `json:"org_url"`

	// AuthMethod is "token" (SSWS API token) or "service-app" (OAuth 2.0 private key JWT).
	AuthMethod         string `json:"auth_method,omitempty"`
	ServiceAppClientID string `json:"service_app_client_id,omitempty"`
	ServiceAppKeyID    string `json:"service_app_key_id,omitempty"` // kid of the app's public key; may be empty
	PrivateKeyFile     string `json:"private_key_file,omitempty"`   // a path: the key stays in its file

	IDmeEnv      string `json:"idme_env"`      // "sandbox", "production" or "custom"
	IDmeBaseURL  string `json:"idme_base_url"` // every ID.me endpoint derives from it; ends with "/"
	IDmeClientID string `json:"idme_client_id"`
	PolicyHandle string `json:"policy_handle"`

	IdPName  string `json:"idp_name"`
	RuleName string `json:"rule_name"`

	// IdPID is the identity provider the admin chose to adopt among several that use the
	// ID.me client ID (apply --idp-id); "" lets the identity-provider step find it.
	IdPID string `json:"idp_id,omitempty"`

	// The routing rule's scope: the apps (ids) and the username pattern whose sign-ins it
	// routes (--rule-app, --rule-user-pattern). Classic Engine needs one; on Identity Engine
	// both are optional. NoRule records the decision to have no rule (Classic without a
	// scope): users then reach ID.me through the IdP's authorize link.
	RuleApps        []string `json:"rule_apps,omitempty"`
	RuleUserPattern string   `json:"rule_user_pattern,omitempty"`
	NoRule          bool     `json:"no_rule,omitempty"`

	// ExtraAttributes are Okta user attributes picked from the claim catalogue beyond the
	// guide's defaults (idme_uuid, birth_date, transaction_ial).
	ExtraAttributes []string     `json:"extra_attributes,omitempty"`
	Mappings        []MappingRow `json:"mappings"`

	// JITConfirmed records that the admin checked the org-wide JIT setting, which has no API.
	JITConfirmed bool `json:"jit_confirmed"`

	TestAppLabel string `json:"test_app_label,omitempty"`
	CallbackPort int    `json:"callback_port,omitempty"`
	TestGroupID  string `json:"test_group_id,omitempty"` // empty: the Everyone group
}

// MappingRow maps an ID.me claim onto an Okta user attribute: Attribute ← appuser.<Claim>.
type MappingRow struct {
	Attribute string `json:"attribute"`
	Claim     string `json:"claim"`
}

// DefaultAnswers returns the guide's defaults: sandbox, its names and its mapping table.
func DefaultAnswers() Answers {
	sandbox, _ := assets.EnvironmentByID("sandbox")
	return Answers{
		AuthMethod:   "token",
		IDmeEnv:      sandbox.ID,
		IDmeBaseURL:  sandbox.BaseURL,
		IdPName:      DefaultIdPName,
		RuleName:     DefaultRuleName,
		Mappings:     DefaultMappings(),
		TestAppLabel: DefaultTestAppLabel,
		CallbackPort: DefaultCallbackPort,
	}
}

// DefaultMappings is the guide's claim → Okta attribute table.
func DefaultMappings() []MappingRow {
	var rows []MappingRow
	for _, c := range assets.Claims() {
		if c.DefaultMapped {
			rows = append(rows, MappingRow{Attribute: c.OktaAttribute, Claim: c.Claim})
		}
	}
	return rows
}

// Scopes are exactly what ID.me expects: openid, then the policy handle.
func (a Answers) Scopes() []string { return []string{"openid", a.PolicyHandle} }

// IDmeEndpoints are the ID.me URLs the identity provider is configured with.
type IDmeEndpoints struct {
	Issuer, Authorization, Token, JWKS string
}

// Endpoints derives ID.me's endpoints from the base URL, as the guide does for both
// environments. There is deliberately no userinfo endpoint: configuring one breaks the sign-in.
func (a Answers) Endpoints() IDmeEndpoints {
	base := a.IDmeBaseURL
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return IDmeEndpoints{
		Issuer:        base + "oidc",
		Authorization: base + "oauth/authorize",
		Token:         base + "oauth/token",
		JWKS:          base + "oidc/.well-known/jwks",
	}
}

// ResolveIDmeBaseURL turns an environment name, or an explicit base URL, into the base URL.
// An explicit URL wins (it is how the simulated ID.me is reached) and must be https unless it
// points at this machine; the environment is then "custom" unless the URL is the named
// environment's base URL (see explicitEnv).
func ResolveIDmeBaseURL(env, explicit string) (envID, base string, err error) {
	if _, known := assets.EnvironmentByID(env); env != "" && env != "custom" && !known {
		return "", "", fmt.Errorf("ID.me environment %q is not known: use sandbox or production", env)
	}
	if explicit = strings.TrimSpace(explicit); explicit != "" {
		u, err := url.Parse(explicit)
		if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return "", "", fmt.Errorf("ID.me base URL %q is not a URL: give it like https://api.idmelabs.com/", explicit)
		}
		if u.Scheme == "http" && !okta.IsLoopbackHost(u.Hostname()) {
			return "", "", fmt.Errorf("ID.me base URL %q uses http: only https is allowed, except for a simulator on this machine (127.0.0.1, localhost)", explicit)
		}
		u.RawQuery, u.Fragment = "", ""
		if !strings.HasSuffix(u.Path, "/") {
			u.Path += "/"
		}
		return explicitEnv(env, u.String()), u.String(), nil
	}
	if env == "" {
		env = "sandbox"
	}
	e, ok := assets.EnvironmentByID(env)
	if !ok {
		return "", "", fmt.Errorf("ID.me environment %q is not known: use sandbox or production", env)
	}
	return e.ID, e.BaseURL, nil
}

// explicitEnv names the environment of an explicit base URL: the environment whose base URL
// it is, if that is the named one (or none was named), else "custom". A named environment
// with another URL becomes "custom": otherwise the handoff sheet would say "production" (or
// "sandbox") while the identity provider points elsewhere.
func explicitEnv(named, base string) string {
	for _, e := range assets.Environments() {
		if e.BaseURL == base && (named == "" || named == e.ID) {
			return e.ID
		}
	}
	return "custom"
}

// ValidatePolicyHandle accepts any non-empty single token, including URIs such as
// http://idmanagement.gov/ns/assurance/ial/2/aal/2: ID.me assigns handles per consumer, so
// only the shape can be checked here.
func ValidatePolicyHandle(h string) error {
	switch {
	case strings.TrimSpace(h) == "":
		return errors.New("policy handle is empty: enter the handle your ID.me Solution Consultant gave you, e.g. teacher or http://idmanagement.gov/ns/assurance/ial/2/aal/2")
	case h != strings.TrimSpace(h):
		return fmt.Errorf("policy handle %q has spaces around it: enter it exactly as ID.me gave it", h)
	case strings.IndexFunc(h, unicode.IsSpace) >= 0:
		return fmt.Errorf("policy handle %q contains a space: it is a single value; openid is added for you", h)
	case strings.EqualFold(h, "openid"):
		return errors.New("policy handle cannot be \"openid\": openid is added for you; enter the ID.me policy handle itself")
	case strings.EqualFold(h, "profile") || strings.EqualFold(h, "email"):
		return fmt.Errorf("policy handle cannot be %q: ID.me returns no claims unless the scope is exactly openid plus your policy handle", h)
	}
	return nil
}

// ValidateClientID checks an ID.me client ID (not a secret, but it must be there).
func ValidateClientID(id string) error {
	switch {
	case strings.TrimSpace(id) == "":
		return errors.New("ID.me client ID is empty: it is provided by your ID.me Solution Consultant")
	case strings.IndexFunc(id, unicode.IsSpace) >= 0:
		return fmt.Errorf("ID.me client ID %q contains a space: paste it exactly as ID.me gave it", id)
	}
	return nil
}

// ValidateName checks an Okta object name the admin may edit (IdP name, rule name, app label).
func ValidateName(what, name string) error {
	switch n := strings.TrimSpace(name); {
	case n == "":
		return fmt.Errorf("%s is empty: enter a name", what)
	case len(n) > 100:
		return fmt.Errorf("%s is %d characters long: Okta allows at most 100", what, len(n))
	case n != name:
		return fmt.Errorf("%s %q has spaces around it", what, name)
	}
	return nil
}

// ValidateMappings checks the mapping table before anything is written.
func ValidateMappings(rows []MappingRow) error {
	seen := map[string]bool{}
	hasLogin := false
	for i, r := range rows {
		if r.Attribute == "" || r.Claim == "" {
			return fmt.Errorf("mapping row %d is incomplete: both the Okta attribute and the ID.me claim are needed", i+1)
		}
		if !isIdentifier(r.Attribute) {
			return fmt.Errorf("mapping row %d: %q is not an Okta attribute name (letters, digits and _ only)", i+1, r.Attribute)
		}
		if !isIdentifier(r.Claim) {
			return fmt.Errorf("mapping row %d: %q is not a claim name (letters, digits and _ only)", i+1, r.Claim)
		}
		if seen[r.Attribute] {
			return fmt.Errorf("Okta attribute %q is mapped twice: keep one row", r.Attribute)
		}
		seen[r.Attribute] = true
		hasLogin = hasLogin || r.Attribute == "login"
	}
	if !hasLogin {
		return errors.New("the mapping table has no row for login: Okta needs a username (the guide maps login ← email)")
	}
	return nil
}

func isIdentifier(s string) bool {
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))) || r > unicode.MaxASCII {
			return false
		}
	}
	return s != ""
}

// Validate checks every answer the steps need before anything is written to Okta.
func (a Answers) Validate() error {
	var errs []error
	if a.OrgURL == "" {
		errs = append(errs, errors.New("Okta org URL is empty"))
	}
	if _, _, err := ResolveIDmeBaseURL(a.IDmeEnv, a.IDmeBaseURL); err != nil {
		errs = append(errs, err)
	}
	if err := ValidateClientID(a.IDmeClientID); err != nil {
		errs = append(errs, err)
	}
	if err := ValidatePolicyHandle(a.PolicyHandle); err != nil {
		errs = append(errs, err)
	}
	if err := ValidateName("identity provider name", a.IdPName); err != nil {
		errs = append(errs, err)
	}
	if err := ValidateName("routing rule name", a.RuleName); err != nil {
		errs = append(errs, err)
	}
	if err := ValidateMappings(a.Mappings); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
