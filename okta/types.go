package okta

import (
	"crypto/sha256"
	"time"
)

// The types below are the small slices of Okta objects this tool manages. They keep the
// okta-sdk-golang models (and their traps) inside this package: steps and the UI only ever
// see these.

// IdP is an Okta identity provider of type OIDC, as the guide configures it.
type IdP struct {
	ID         string
	Name       string
	Type       string // "OIDC"
	Status     string // "ACTIVE" or "INACTIVE"
	IssuerMode string // "ORG_URL" unless the org uses a custom domain

	Scopes           []string
	ClientID         string
	ClientSecret     string // the secret to send: CreateIdP needs it, ReplaceIdP keeps the stored one when empty. Never filled by reads (see SecretMatches)
	IssuerURL        string
	AuthorizationURL string
	TokenURL         string
	JWKSURL          string
	UserInfoURL      string // must stay empty for ID.me (Okta then reads claims from the ID token)

	UsernameTemplate   string // "idpuser.email"
	MatchType          string // "USERNAME_OR_EMAIL"
	AccountLinkAction  string // "AUTO"
	ProvisioningAction string // "AUTO"
	ProfileMaster      bool

	// RedirectURI is _links.clientRedirectUri.href: the callback ID.me must register.
	RedirectURI string
	// AuthorizeLink is the templated _links.authorize.href.
	AuthorizeLink string

	// storedSecretSum is the SHA-256 of the client secret Okta returned, nil when it
	// returned none. Okta's GET includes the secret in clear; keeping only its hash lets
	// the steps notice a rotated secret while the secret itself never reaches the read
	// cache, a diff, the UI or a log line.
	storedSecretSum *[sha256.Size]byte
}

// Attribute is one property of a profile schema: the Okta user (default) profile or an
// IdP's own user profile.
type Attribute struct {
	Name         string
	Title        string
	Description  string
	Type         string // "string", "boolean", "number", "integer", "array"
	ExternalName string // IdP profile only: the claim name in the ID token
	Scope        string // IdP profile only: "NONE" or "SELF"
	Mutability   string
	Base         bool // true for definitions.base, false for definitions.custom
}

// MappingProperty is one row of a profile mapping: target attribute <- expression.
type MappingProperty struct {
	Expression string // e.g. "appuser.fname"
	PushStatus string // "PUSH" or "DONT_PUSH"
}

// Mapping is a profile mapping between an IdP (source) and a user type (target).
type Mapping struct {
	ID         string
	SourceID   string
	SourceType string // "appuser" for an IdP
	SourceName string
	TargetID   string
	TargetType string // "user"
	TargetName string
	Properties map[string]MappingProperty // keyed by target attribute name
}

// Policy is an Okta policy (here: the org's single IDP_DISCOVERY policy).
type Policy struct {
	ID     string
	Name   string
	Type   string
	Status string
	System bool
}

// Provider is one identity provider a routing rule can send users to.
type Provider struct {
	Type string // "OKTA", "OIDC", ...
	ID   string // empty for OKTA
}

// Rule is a routing rule of the IDP_DISCOVERY policy.
type Rule struct {
	ID                string
	PolicyID          string
	Name              string
	Status            string // "ACTIVE" or "INACTIVE"
	Priority          int    // 1 is evaluated first; 0 when creating = let Okta choose
	System            bool
	SelectionType     string // "SPECIFIC" or "DYNAMIC"
	Providers         []Provider
	NetworkConnection string // "ANYWHERE" or "ZONE"
}

// OIDCApp is an Okta OpenID Connect client application (the live-test app).
type OIDCApp struct {
	ID              string
	Label           string
	Status          string
	ClientID        string
	ApplicationType string // "browser", "web", "native"
	RedirectURIs    []string
	GrantTypes      []string
	ResponseTypes   []string
	PKCERequired    bool
	TokenAuthMethod string // "none" for a public client
}

// Group is an Okta group.
type Group struct {
	ID   string
	Name string
	Type string // "BUILT_IN", "OKTA_GROUP", "APP_GROUP"
}

// User is an Okta user with its full profile.
type User struct {
	ID      string
	Status  string
	Login   string
	Profile map[string]any
}

// IdPUser is the IdP-side view of a linked user: what Okta extracted from ID.me.
type IdPUser struct {
	ID         string
	ExternalID string // the ID.me sub
	Profile    map[string]any
}

// LogQuery bounds a System Log read. Until is required: a query without it is a poll, and
// Okta then always answers with a next link.
type LogQuery struct {
	Since  time.Time
	Until  time.Time
	Filter string // Okta filter expression, e.g. `eventType eq "user.authentication.auth_via_IDP"`
	Limit  int    // page size, 1..1000; 0 means 100
}

// LogEvent is one System Log event, reduced to what explains a sign-in.
type LogEvent struct {
	UUID           string
	Published      time.Time
	EventType      string
	DisplayMessage string
	Severity       string
	OutcomeResult  string // SUCCESS, FAILURE, ...
	OutcomeReason  string
	ActorID        string
	ActorName      string
	TransactionID  string
	Targets        []LogTarget
	DebugData      map[string]any
}

// LogTarget is one target of a log event.
type LogTarget struct {
	ID          string
	Type        string
	DisplayName string
	AlternateID string
}
