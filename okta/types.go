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

	// Detail is the rest of the IdP as Okta stores it.
	Detail IdPDetail

	// storedSecretSum is the SHA-256 of the client secret Okta returned, nil when it
	// returned none. Okta's GET includes the secret in clear; keeping only its hash lets
	// the steps notice a rotated secret while the secret itself never reaches the read
	// cache, a diff, the UI or a log line.
	storedSecretSum *[sha256.Size]byte
}

// IdPDetail holds the IdP settings idme-okta neither sets nor checks. They are read so that
// `export terraform` can describe the IdP exactly as it is; a field Okta did not return is
// its zero value (nil for the pointers, where absent and zero mean different things).
type IdPDetail struct {
	ProtocolType string // protocol.type: "OIDC" (or "OAUTH2")

	// The endpoints' bindings ("HTTP-REDIRECT", "HTTP-POST"), and the logout endpoint.
	AuthorizationBinding, TokenBinding, JWKSBinding, UserInfoBinding string
	SLOURL                                                           string

	PKCERequired *bool // protocol.credentials.client.pkce_required
	// protocol.algorithms.request.signature: how Okta signs its authorization requests.
	RequestSignatureAlgorithm, RequestSignatureScope string
	ParticipateSLO                                   *bool // protocol.settings.participateSLO

	MaxClockSkew            *int64 // policy.maxClockSkew, in milliseconds
	MatchAttribute          string // policy.subject.matchAttribute (matchType CUSTOM_ATTRIBUTE)
	SubjectFilter           string // policy.subject.filter
	AccountLinkGroupInclude []string
	TrustClaims             bool

	GroupsAction, GroupsAttribute   string // policy.provisioning.groups: action, sourceAttributeName
	GroupsAssignments, GroupsFilter []string
	DeprovisionedAction             string // policy.provisioning.conditions.deprovisioned.action
	SuspendedAction                 string // policy.provisioning.conditions.suspended.action
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

	// Read for `export terraform`; idme-okta does not set these. "" when Okta sent none.
	Master            string // master.type: "PROFILE_MASTER", "OKTA" or "OVERRIDE"
	Permission        string // permissions[0].action: "READ_ONLY", "READ_WRITE" or "HIDE"
	Required          bool
	Unique            string // "UNIQUE_VALIDATED" or "NOT_UNIQUE"
	Union             string // app and IdP profiles: "ENABLE" or "DISABLE"
	ItemsType         string // type of an array's items
	ExternalNamespace string
	Pattern           string
	MinLength         *int
	MaxLength         *int
	// Constrained is true when the attribute has an enum, a oneOf or an override priority
	// list, which `export terraform` does not write.
	Constrained bool
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

	// Read for `export terraform`; idme-okta does not set these.
	NetworkInclude, NetworkExclude []string // zone ids, with NetworkConnection "ZONE"
	ShouldFallBackToOkta           bool     // actions.idp.shouldFallBackToOkta
	// conditions.userIdentifier: whose sign-ins the rule routes, by username or attribute.
	UserIdentifierType      string // "IDENTIFIER" or "ATTRIBUTE"
	UserIdentifierAttribute string
	UserIdentifierPatterns  []IdentifierPattern
	// OtherConditions names the conditions the rule has beyond the network and the user
	// identifier ("app", "platform"), which `export terraform` does not write.
	OtherConditions []string
}

// IdentifierPattern is one pattern of a routing rule's user identifier condition.
type IdentifierPattern struct {
	MatchType string `json:"matchType"` // "SUFFIX", "EQUALS", "STARTS_WITH", "CONTAINS", "EXPRESSION"
	Value     string `json:"value"`
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

	// Detail is the rest of the app as Okta stores it.
	Detail AppDetail
}

// AppDetail holds the settings of an OpenID Connect app that idme-okta neither sets nor
// checks, read so that `export terraform` can describe the test app exactly as it is.
type AppDetail struct {
	PostLogoutRedirectURIs []string
	ConsentMethod          string // "TRUSTED" or "REQUIRED"
	IssuerMode             string
	WildcardRedirect       string
	InitiateLoginURI       string
	LoginMode              string // idp_initiated_login.mode; "" when Okta sent none
	LoginScopes            []string
	RefreshTokenRotation   string // refresh_token.rotation_type; "" when Okta sent none
	RefreshTokenLeeway     *int
	ImplicitAssignment     bool
	AutoKeyRotation        bool
	SelfService            bool
	AutoSubmitToolbar      bool
	HideIOS, HideWeb       bool
	UserNameTemplate       string // credentials.userNameTemplate
	UserNameTemplateType   string
	AccessPolicyID         string // the app sign-in policy, from _links.accessPolicy
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
