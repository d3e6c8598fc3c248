package steps

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

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
	// RuleStatus is the routing rule's wanted status (apply --rule-status): RuleActive (the
	// guide: created and activated; "" means the same) or RuleInactive (held back: nobody
	// sees "Sign in with ID.me" until it is activated, after a passing test sign-in).
	RuleStatus string `json:"rule_status,omitempty"`

	// ExtraAttributes are Okta user attributes picked from the claim catalogue beyond those
	// the mapping table fills (--attribute); they stay empty until a row fills them.
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

// ScopesPreview is what the identity provider will send as its scope with handle as the
// policy handle, as it is typed: "openid <handle>", or "openid <policy handle>" while handle
// is not one (empty, "openid" itself, several words …), so a preview never doubles openid.
func ScopesPreview(handle string) string {
	if ValidatePolicyHandle(handle) != nil {
		return "openid <policy handle>"
	}
	return strings.Join(Answers{PolicyHandle: handle}.Scopes(), " ")
}

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
	envID, base, err = resolveIDmeBaseURL(env, explicit)
	if err != nil {
		f := FieldIDmeBaseURL
		if _, known := assets.EnvironmentByID(env); env != "" && env != "custom" && !known {
			f = FieldIDmeEnv
		}
		err = &InvalidAnswerError{Field: f, Err: err}
	}
	return envID, base, err
}

func resolveIDmeBaseURL(env, explicit string) (envID, base string, err error) {
	if _, known := assets.EnvironmentByID(env); env != "" && env != "custom" && !known {
		return "", "", fmt.Errorf("ID.me environment %q is not known: use sandbox or production", env)
	}
	if explicit = strings.TrimSpace(explicit); explicit != "" {
		u, err := url.Parse(explicit)
		if err == nil && u.User != nil {
			// Not echoed: it holds a password. Okta would store it in the identity
			// provider's endpoints, for every admin to read.
			return "", "", errors.New("ID.me base URL must not contain a user name or password (user:password@): give it like https://api.idmelabs.com/")
		}
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
