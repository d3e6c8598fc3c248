package okta

import (
	"time"
)

// The types below are the small slices of Okta objects this tool manages. They keep the
// okta-sdk-golang models (and their traps) inside this package: steps and the UI only ever
// see these.

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
	// HideTile: created hidden from every user's Okta dashboard (visibility.hide web and
	// iOS); read back into Detail.HideWeb/HideIOS.
	HideTile bool
	// Created is when Okta made the app: of two copies, the older is kept.
	Created time.Time

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
	ActorLogin     string // actor.alternateId: the user's login, or what they typed
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
