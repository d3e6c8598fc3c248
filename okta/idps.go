package okta

import (
	"context"
	"crypto/sha256"
	"fmt"
	"slices"

	sdk "github.com/okta/okta-sdk-golang/v5/okta"
)

// IdP is an Okta identity provider of type OIDC, as the guide configures it. Writes send the
// fields that are set (see idpWire for which empty fields mean "leave as stored").
type IdP struct {
	ID         string
	Name       string
	Type       string // "OIDC"
	Status     string // "ACTIVE" or "INACTIVE"
	IssuerMode string // "ORG_URL" unless the org uses a custom domain; empty leaves Okta's

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

	// Set once, when the IdP is created; empty (nil) leaves what Okta stores.
	GroupsAction        string // policy.provisioning.groups.action, e.g. "NONE"
	DeprovisionedAction string // policy.provisioning.conditions.deprovisioned.action
	SuspendedAction     string // policy.provisioning.conditions.suspended.action
	MaxClockSkew        *int64 // policy.maxClockSkew, milliseconds

	// protocol.algorithms.request.signature: whether and how Okta signs its authorization
	// requests to the IdP (scope "NONE": it does not).
	RequestSignatureAlgorithm, RequestSignatureScope string

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

// IdPDetail holds the IdP settings idme-okta neither sets nor checks (those it sets once, at
// creation, are IdP fields). They are read so that
// `export terraform` can describe the IdP exactly as it is; a field Okta did not return is
// its zero value (nil for the pointers, where absent and zero mean different things).
type IdPDetail struct {
	ProtocolType string // protocol.type: "OIDC" (or "OAUTH2")

	// The endpoints' bindings ("HTTP-REDIRECT", "HTTP-POST"), and the logout endpoint.
	AuthorizationBinding, TokenBinding, JWKSBinding, UserInfoBinding string
	SLOURL                                                           string

	PKCERequired   *bool // protocol.credentials.client.pkce_required
	ParticipateSLO *bool // protocol.settings.participateSLO

	MatchAttribute          string // policy.subject.matchAttribute (matchType CUSTOM_ATTRIBUTE)
	SubjectFilter           string // policy.subject.filter
	AccountLinkGroupInclude []string
	TrustClaims             bool

	GroupsAttribute                 string // policy.provisioning.groups.sourceAttributeName
	GroupsAssignments, GroupsFilter []string
}

// idpWire is the IdP's encoding in Okta's JSON (okta-api.md §1), for reads, creates and
// replaces alike. Empty fields are not written, so a replace keeps what Okta stores, except
// the userinfo endpoint, which is removed when empty (ID.me's must stay unset so Okta reads
// the claims from the ID token), and profileMaster, which is a plain bool.
// token_endpoint_auth_method is never sent: its only documented value, private_key_jwt, does
// not apply to a client secret.
var idpWire = slices.Concat(
	[]wireField[IdP]{
		readOnly("id", func(i *IdP) *string { return &i.ID }),
		optional("name", func(i *IdP) *string { return &i.Name }),
		readOnly("type", func(i *IdP) *string { return &i.Type }),
		constant[IdP]("type", "OIDC"), // an IdP here is an OIDC identity provider
		readOnly("status", func(i *IdP) *string { return &i.Status }),
		optional("issuerMode", func(i *IdP) *string { return &i.IssuerMode }),
		constant[IdP]("protocol.type", "OIDC"),
		{
			path: wirePath("protocol.scopes"),
			put:  func(i *IdP, _ any) (any, bool) { return i.Scopes, len(i.Scopes) > 0 },
			take: func(i *IdP, raw any) { i.Scopes = asStrings(raw) },
		},
		optional("protocol.issuer.url", func(i *IdP) *string { return &i.IssuerURL }),
		optional("protocol.credentials.client.client_id", func(i *IdP) *string { return &i.ClientID }),
		{
			// Sent when given (an empty one keeps the stored secret); only its hash is kept
			// from a read.
			path: wirePath("protocol.credentials.client.client_secret"),
			put:  func(i *IdP, _ any) (any, bool) { return i.ClientSecret, i.ClientSecret != "" },
			take: func(i *IdP, raw any) { i.withStoredSecret(asString(raw)) },
		},
	},
	endpointWire("authorization", "HTTP-REDIRECT", func(i *IdP) *string { return &i.AuthorizationURL }, false),
	endpointWire("token", "HTTP-POST", func(i *IdP) *string { return &i.TokenURL }, false),
	endpointWire("jwks", "HTTP-REDIRECT", func(i *IdP) *string { return &i.JWKSURL }, false),
	endpointWire("userInfo", "HTTP-REDIRECT", func(i *IdP) *string { return &i.UserInfoURL }, true),
	[]wireField[IdP]{
		optional("policy.accountLink.action", func(i *IdP) *string { return &i.AccountLinkAction }),
		optional("policy.provisioning.action", func(i *IdP) *string { return &i.ProvisioningAction }),
		always("policy.provisioning.profileMaster", func(i *IdP) *bool { return &i.ProfileMaster }, asBool),
		optional("policy.provisioning.groups.action", func(i *IdP) *string { return &i.GroupsAction }),
		optional("policy.provisioning.conditions.deprovisioned.action", func(i *IdP) *string { return &i.DeprovisionedAction }),
		optional("policy.provisioning.conditions.suspended.action", func(i *IdP) *string { return &i.SuspendedAction }),
		optional("policy.subject.userNameTemplate.template", func(i *IdP) *string { return &i.UsernameTemplate }),
		optional("policy.subject.matchType", func(i *IdP) *string { return &i.MatchType }),
		{
			path: wirePath("policy.maxClockSkew"),
			put: func(i *IdP, _ any) (any, bool) {
				if i.MaxClockSkew == nil {
					return nil, false
				}
				return *i.MaxClockSkew, true
			},
			take: func(i *IdP, raw any) { i.MaxClockSkew = asInt64Ptr(raw) },
		},
		optional("protocol.algorithms.request.signature.scope", func(i *IdP) *string { return &i.RequestSignatureScope }),
		{
			// Written only where the IdP has none: with scope NONE it signs nothing, and an
			// admin's choice stays.
			path: wirePath("protocol.algorithms.request.signature.algorithm"),
			put: func(i *IdP, stored any) (any, bool) {
				_, has := stored.(string)
				return i.RequestSignatureAlgorithm, i.RequestSignatureAlgorithm != "" && !has
			},
			take: func(i *IdP, raw any) { i.RequestSignatureAlgorithm = asString(raw) },
		},
		readOnly("_links.clientRedirectUri.href", func(i *IdP) *string { return &i.RedirectURI }),
		readOnly("_links.authorize.href", func(i *IdP) *string { return &i.AuthorizeLink }),
	},
	idpDetailWire,
)

// idpDetailWire reads IdPDetail: the settings idme-okta leaves as they are.
var idpDetailWire = []wireField[IdP]{
	readOnly("protocol.type", func(i *IdP) *string { return &i.Detail.ProtocolType }),
	readOnly("protocol.endpoints.authorization.binding", func(i *IdP) *string { return &i.Detail.AuthorizationBinding }),
	readOnly("protocol.endpoints.token.binding", func(i *IdP) *string { return &i.Detail.TokenBinding }),
	readOnly("protocol.endpoints.jwks.binding", func(i *IdP) *string { return &i.Detail.JWKSBinding }),
	readOnly("protocol.endpoints.userInfo.binding", func(i *IdP) *string { return &i.Detail.UserInfoBinding }),
	readOnly("protocol.endpoints.slo.url", func(i *IdP) *string { return &i.Detail.SLOURL }),
	reads("protocol.credentials.client.pkce_required", func(i *IdP) **bool { return &i.Detail.PKCERequired }, asBoolPtr),
	reads("protocol.settings.participateSLO", func(i *IdP) **bool { return &i.Detail.ParticipateSLO }, asBoolPtr),
	readOnly("policy.subject.matchAttribute", func(i *IdP) *string { return &i.Detail.MatchAttribute }),
	readOnly("policy.subject.filter", func(i *IdP) *string { return &i.Detail.SubjectFilter }),
	reads("policy.accountLink.filter.groups.include", func(i *IdP) *[]string { return &i.Detail.AccountLinkGroupInclude }, asStrings),
	reads("policy.trustClaims", func(i *IdP) *bool { return &i.Detail.TrustClaims }, asBool),
	readOnly("policy.provisioning.groups.sourceAttributeName", func(i *IdP) *string { return &i.Detail.GroupsAttribute }),
	reads("policy.provisioning.groups.assignments", func(i *IdP) *[]string { return &i.Detail.GroupsAssignments }, asStrings),
	reads("policy.provisioning.groups.filter", func(i *IdP) *[]string { return &i.Detail.GroupsFilter }, asStrings),
}

// endpointWire encodes one protocol endpoint: its URL, and its binding, which is written only
// where the object has none (a binding an admin chose stays). dropEmpty removes the endpoint
// when its URL is empty; otherwise an empty URL leaves the endpoint as stored.
func endpointWire(name, binding string, url func(*IdP) *string, dropEmpty bool) []wireField[IdP] {
	at := "protocol.endpoints." + name
	u := optional(at+".url", url)
	if dropEmpty {
		u.dropPath = wirePath(at)
	}
	return []wireField[IdP]{u, {
		path: wirePath(at + ".binding"),
		put: func(i *IdP, stored any) (any, bool) {
			_, has := stored.(string)
			return binding, *url(i) != "" && !has
		},
	}}
}

func decodeIdP(op string, ex *exchange) (*IdP, error) {
	var raw map[string]any
	if err := decode(op, ex, &raw); err != nil {
		return nil, err
	}
	return decodeWire(raw, idpWire), nil
}

// FindIdPsByName returns the OIDC identity providers named exactly name (Okta's q= matches
// by prefix), or none.
func (c *Client) FindIdPsByName(ctx context.Context, name string) ([]IdP, error) {
	all, err := c.listOIDCIdPs(ctx, name)
	return slices.DeleteFunc(all, func(i IdP) bool { return i.Name != name }), err
}

// ListOIDCIdPs returns every OIDC identity provider of the org, reading every page.
func (c *Client) ListOIDCIdPs(ctx context.Context) ([]IdP, error) {
	return c.listOIDCIdPs(ctx, "")
}

// listOIDCIdPs lists the OIDC IdPs, those whose name starts with q when q is set.
func (c *Client) listOIDCIdPs(ctx context.Context, q string) ([]IdP, error) {
	var found []IdP
	err := c.paginate(ctx, opListIdPs, func(ctx context.Context, after string) (*sdk.APIResponse, error) {
		req := c.api.IdentityProviderAPI.ListIdentityProviders(ctx).Type_("OIDC").Limit(100)
		if q != "" {
			req = req.Q(q)
		}
		if after != "" {
			req = req.After(after)
		}
		_, resp, err := req.Execute()
		return resp, err
	}, func(ex *exchange) error {
		var page []map[string]any
		if err := decode(opListIdPs, ex, &page); err != nil {
			return err
		}
		for _, raw := range page {
			found = append(found, *decodeWire(raw, idpWire))
		}
		return nil
	})
	return found, err
}

// GetIdP reads one identity provider.
func (c *Client) GetIdP(ctx context.Context, id string) (*IdP, error) {
	ex, err := c.do(ctx, opGetIdP, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.IdentityProviderAPI.GetIdentityProvider(ctx, id).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return decodeIdP(opGetIdP, ex)
}

// CreateIdP creates an OIDC identity provider with idp's fields (okta-api.md §1); the
// caller sets every field the guide decides. A new IdP is ACTIVE.
func (c *Client) CreateIdP(ctx context.Context, idp IdP) (*IdP, error) {
	body := sdk.IdentityProvider{AdditionalProperties: encodeWire(map[string]any{}, &idp, idpWire)}
	ex, err := c.do(ctx, opCreateIdP, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.IdentityProviderAPI.CreateIdentityProvider(ctx).IdentityProvider(body).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return decodeIdP(opCreateIdP, ex)
}

// ReplaceIdP updates the IdP idp.ID to idp's values. It reads the stored IdP as raw JSON,
// writes the fields idp sets over it and sends the rest back untouched (see readForReplace):
// an empty ClientSecret keeps the stored secret, an empty UserInfoURL removes the userinfo
// endpoint.
func (c *Client) ReplaceIdP(ctx context.Context, idp IdP) (*IdP, error) {
	if idp.ID == "" {
		return nil, &APIError{Op: opReplaceIdP, Err: fmt.Errorf("the IdP has no id")}
	}
	raw, _, err := c.readForReplace(ctx, opGetIdP, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.IdentityProviderAPI.GetIdentityProvider(ctx, idp.ID).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	// With only AdditionalProperties set, the SDK model marshals to exactly this map.
	body := sdk.IdentityProvider{AdditionalProperties: encodeWire(raw, &idp, idpWire)}
	ex, err := c.do(ctx, opReplaceIdP, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.IdentityProviderAPI.ReplaceIdentityProvider(ctx, idp.ID).IdentityProvider(body).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return decodeIdP(opReplaceIdP, ex)
}

// ActivateIdP activates an identity provider (a no-op for an active one).
func (c *Client) ActivateIdP(ctx context.Context, id string) (*IdP, error) {
	ex, err := c.do(ctx, opActivateIdP, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.IdentityProviderAPI.ActivateIdentityProvider(ctx, id).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return decodeIdP(opActivateIdP, ex)
}

// GetIdPUser returns what Okta extracted from the IdP for a linked user: the ID.me sub and
// the IdP profile attributes. A user who never signed in through the IdP is not found.
func (c *Client) GetIdPUser(ctx context.Context, idpID, userID string) (*IdPUser, error) {
	ex, err := c.do(ctx, opGetIdPUser, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.IdentityProviderAPI.GetIdentityProviderApplicationUser(ctx, idpID, userID).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	var w struct {
		ID         string         `json:"id"`
		ExternalID string         `json:"externalId"`
		Profile    map[string]any `json:"profile"`
	}
	if err := decode(opGetIdPUser, ex, &w); err != nil {
		return nil, err
	}
	return &IdPUser{ID: w.ID, ExternalID: w.ExternalID, Profile: w.Profile}, nil
}
