package okta

import (
	"context"
	"fmt"

	sdk "github.com/okta/okta-sdk-golang/v5/okta"
)

// Defaults of the guide (okta-api.md §1) for fields an IdP value leaves empty.
const (
	defaultIssuerMode        = "ORG_URL"
	defaultUsernameTemplate  = "idpuser.email"
	defaultMatchType         = "USERNAME_OR_EMAIL"
	defaultAccountLinkAction = "AUTO"
	defaultProvisioning      = "AUTO"
)

// idpWire is the part of an Okta IdP object we read.
type idpWire struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Type       string `json:"type"`
	Status     string `json:"status"`
	IssuerMode string `json:"issuerMode"`
	Protocol   struct {
		Type      string   `json:"type"`
		Scopes    []string `json:"scopes"`
		Endpoints struct {
			Authorization *urlWire `json:"authorization"`
			Token         *urlWire `json:"token"`
			JWKS          *urlWire `json:"jwks"`
			UserInfo      *urlWire `json:"userInfo"`
			SLO           *urlWire `json:"slo"`
		} `json:"endpoints"`
		Issuer      *urlWire `json:"issuer"`
		Credentials struct {
			Client struct {
				ClientID     string `json:"client_id"`
				ClientSecret string `json:"client_secret"`
				PKCERequired *bool  `json:"pkce_required"`
			} `json:"client"`
		} `json:"credentials"`
		Algorithms *struct {
			Request *struct {
				Signature *struct {
					Algorithm string `json:"algorithm"`
					Scope     string `json:"scope"`
				} `json:"signature"`
			} `json:"request"`
		} `json:"algorithms"`
		Settings *struct {
			ParticipateSLO *bool `json:"participateSLO"`
		} `json:"settings"`
	} `json:"protocol"`
	Policy struct {
		AccountLink struct {
			Action string `json:"action"`
			Filter *struct {
				Groups *struct {
					Include []string `json:"include"`
				} `json:"groups"`
			} `json:"filter"`
		} `json:"accountLink"`
		Provisioning struct {
			Action        string `json:"action"`
			ProfileMaster bool   `json:"profileMaster"`
			Groups        *struct {
				Action              string   `json:"action"`
				SourceAttributeName string   `json:"sourceAttributeName"`
				Assignments         []string `json:"assignments"`
				Filter              []string `json:"filter"`
			} `json:"groups"`
			Conditions struct {
				Deprovisioned actionWire `json:"deprovisioned"`
				Suspended     actionWire `json:"suspended"`
			} `json:"conditions"`
		} `json:"provisioning"`
		Subject struct {
			UserNameTemplate struct {
				Template string `json:"template"`
			} `json:"userNameTemplate"`
			MatchType      string `json:"matchType"`
			MatchAttribute string `json:"matchAttribute"`
			Filter         string `json:"filter"`
		} `json:"subject"`
		MaxClockSkew *int64 `json:"maxClockSkew"`
		TrustClaims  bool   `json:"trustClaims"`
	} `json:"policy"`
	Links struct {
		ClientRedirectURI hrefWire `json:"clientRedirectUri"`
		Authorize         hrefWire `json:"authorize"`
	} `json:"_links"`
}

type urlWire struct {
	URL     string `json:"url"`
	Binding string `json:"binding"`
}

type hrefWire struct {
	Href string `json:"href"`
}

type actionWire struct {
	Action string `json:"action"`
}

func (u *urlWire) get() string {
	if u == nil {
		return ""
	}
	return u.URL
}

func (u *urlWire) binding() string {
	if u == nil {
		return ""
	}
	return u.Binding
}

func (w *idpWire) idp() *IdP {
	p := &w.Protocol
	idp := &IdP{
		ID: w.ID, Name: w.Name, Type: w.Type, Status: w.Status, IssuerMode: w.IssuerMode,
		Scopes:             p.Scopes,
		ClientID:           p.Credentials.Client.ClientID,
		IssuerURL:          p.Issuer.get(),
		AuthorizationURL:   p.Endpoints.Authorization.get(),
		TokenURL:           p.Endpoints.Token.get(),
		JWKSURL:            p.Endpoints.JWKS.get(),
		UserInfoURL:        p.Endpoints.UserInfo.get(),
		UsernameTemplate:   w.Policy.Subject.UserNameTemplate.Template,
		MatchType:          w.Policy.Subject.MatchType,
		AccountLinkAction:  w.Policy.AccountLink.Action,
		ProvisioningAction: w.Policy.Provisioning.Action,
		ProfileMaster:      w.Policy.Provisioning.ProfileMaster,
		RedirectURI:        w.Links.ClientRedirectURI.Href,
		AuthorizeLink:      w.Links.Authorize.Href,
		Detail:             w.detail(),
	}
	return idp.withStoredSecret(p.Credentials.Client.ClientSecret)
}

func (w *idpWire) detail() IdPDetail {
	p, pol := &w.Protocol, &w.Policy
	d := IdPDetail{
		ProtocolType:         p.Type,
		AuthorizationBinding: p.Endpoints.Authorization.binding(),
		TokenBinding:         p.Endpoints.Token.binding(),
		JWKSBinding:          p.Endpoints.JWKS.binding(),
		UserInfoBinding:      p.Endpoints.UserInfo.binding(),
		SLOURL:               p.Endpoints.SLO.get(),
		PKCERequired:         p.Credentials.Client.PKCERequired,
		MaxClockSkew:         pol.MaxClockSkew,
		MatchAttribute:       pol.Subject.MatchAttribute,
		SubjectFilter:        pol.Subject.Filter,
		TrustClaims:          pol.TrustClaims,
		DeprovisionedAction:  pol.Provisioning.Conditions.Deprovisioned.Action,
		SuspendedAction:      pol.Provisioning.Conditions.Suspended.Action,
	}
	if a := p.Algorithms; a != nil && a.Request != nil && a.Request.Signature != nil {
		d.RequestSignatureAlgorithm, d.RequestSignatureScope = a.Request.Signature.Algorithm, a.Request.Signature.Scope
	}
	if p.Settings != nil {
		d.ParticipateSLO = p.Settings.ParticipateSLO
	}
	if f := pol.AccountLink.Filter; f != nil && f.Groups != nil {
		d.AccountLinkGroupInclude = f.Groups.Include
	}
	if g := pol.Provisioning.Groups; g != nil {
		d.GroupsAction, d.GroupsAttribute = g.Action, g.SourceAttributeName
		d.GroupsAssignments, d.GroupsFilter = g.Assignments, g.Filter
	}
	return d
}

func decodeIdP(op string, ex *exchange) (*IdP, error) {
	var w idpWire
	if err := decode(op, ex, &w); err != nil {
		return nil, err
	}
	return w.idp(), nil
}

// FindIdPsByName returns the OIDC identity providers named exactly name (Okta's q= matches
// by prefix), or none.
func (c *Client) FindIdPsByName(ctx context.Context, name string) ([]IdP, error) {
	var found []IdP
	err := c.paginate(ctx, opListIdPs, func(ctx context.Context, after string) (*sdk.APIResponse, error) {
		req := c.api.IdentityProviderAPI.ListIdentityProviders(ctx).Type_("OIDC").Q(name).Limit(100)
		if after != "" {
			req = req.After(after)
		}
		_, resp, err := req.Execute()
		return resp, err
	}, func(ex *exchange) error {
		var page []idpWire
		if err := decode(opListIdPs, ex, &page); err != nil {
			return err
		}
		for i := range page {
			if page[i].Name == name {
				found = append(found, *page[i].idp())
			}
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

// CreateIdP creates an OIDC identity provider in the shape of the guide (okta-api.md §1).
// A new IdP is ACTIVE. The userInfo endpoint is sent only when set (ID.me's must stay
// empty so Okta reads claims from the ID token), and token_endpoint_auth_method never (its
// only documented value, private_key_jwt, does not apply to a client secret).
func (c *Client) CreateIdP(ctx context.Context, idp IdP) (*IdP, error) {
	body := newIdPRequest(idp)
	ex, err := c.do(ctx, opCreateIdP, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.IdentityProviderAPI.CreateIdentityProvider(ctx).IdentityProvider(body).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return decodeIdP(opCreateIdP, ex)
}

func newIdPRequest(idp IdP) sdk.IdentityProvider {
	endpoints := sdk.ProtocolEndpoints{
		Authorization: endpoint(idp.AuthorizationURL, "HTTP-REDIRECT"),
		Token:         endpoint(idp.TokenURL, "HTTP-POST"),
		Jwks:          endpoint(idp.JWKSURL, "HTTP-REDIRECT"),
	}
	if idp.UserInfoURL != "" {
		endpoints.UserInfo = endpoint(idp.UserInfoURL, "HTTP-REDIRECT")
	}
	return sdk.IdentityProvider{
		Type:       sdk.PtrString("OIDC"),
		Name:       sdk.PtrString(idp.Name),
		IssuerMode: sdk.PtrString(or(idp.IssuerMode, defaultIssuerMode)),
		Protocol: &sdk.Protocol{
			Type:      sdk.PtrString("OIDC"),
			Scopes:    idp.Scopes,
			Endpoints: &endpoints,
			Issuer:    &sdk.ProtocolEndpoint{Url: sdk.PtrString(idp.IssuerURL)},
			Credentials: &sdk.IdentityProviderCredentials{Client: &sdk.IdentityProviderCredentialsClient{
				ClientId:     sdk.PtrString(idp.ClientID),
				ClientSecret: sdk.PtrString(idp.ClientSecret),
			}},
		},
		Policy: &sdk.IdentityProviderPolicy{
			AccountLink: &sdk.PolicyAccountLink{Action: sdk.PtrString(or(idp.AccountLinkAction, defaultAccountLinkAction))},
			Provisioning: &sdk.Provisioning{
				Action:        sdk.PtrString(or(idp.ProvisioningAction, defaultProvisioning)),
				ProfileMaster: sdk.PtrBool(idp.ProfileMaster),
				Groups:        &sdk.ProvisioningGroups{Action: sdk.PtrString("NONE")},
				Conditions: &sdk.ProvisioningConditions{
					Deprovisioned: &sdk.ProvisioningDeprovisionedCondition{Action: sdk.PtrString("NONE")},
					Suspended:     &sdk.ProvisioningSuspendedCondition{Action: sdk.PtrString("NONE")},
				},
			},
			Subject: &sdk.PolicySubject{
				UserNameTemplate: &sdk.PolicyUserNameTemplate{Template: sdk.PtrString(or(idp.UsernameTemplate, defaultUsernameTemplate))},
				MatchType:        sdk.PtrString(or(idp.MatchType, defaultMatchType)),
			},
			MaxClockSkew: sdk.PtrInt32(0),
		},
	}
}

func endpoint(url, binding string) *sdk.ProtocolEndpoint {
	return &sdk.ProtocolEndpoint{Url: sdk.PtrString(url), Binding: sdk.PtrString(binding)}
}

// ReplaceIdP updates the IdP idp.ID to idp's values. It reads the stored IdP as raw JSON,
// overlays only the fields this tool manages and sends the rest back untouched (see
// readForReplace). An empty ClientSecret keeps the stored secret; an empty UserInfoURL
// removes the userInfo endpoint.
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
	overlayIdP(raw, idp)
	// With only AdditionalProperties set, the SDK model marshals to exactly raw.
	body := sdk.IdentityProvider{AdditionalProperties: raw}
	ex, err := c.do(ctx, opReplaceIdP, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.IdentityProviderAPI.ReplaceIdentityProvider(ctx, idp.ID).IdentityProvider(body).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return decodeIdP(opReplaceIdP, ex)
}

// overlayIdP writes the managed fields of idp into the raw IdP object.
func overlayIdP(raw map[string]any, idp IdP) {
	raw["name"] = idp.Name
	if idp.IssuerMode != "" {
		raw["issuerMode"] = idp.IssuerMode
	}
	proto := child(raw, "protocol")
	proto["scopes"] = idp.Scopes
	endpoints := child(proto, "endpoints")
	setEndpoint(endpoints, "authorization", idp.AuthorizationURL, "HTTP-REDIRECT")
	setEndpoint(endpoints, "token", idp.TokenURL, "HTTP-POST")
	setEndpoint(endpoints, "jwks", idp.JWKSURL, "HTTP-REDIRECT")
	if idp.UserInfoURL != "" {
		setEndpoint(endpoints, "userInfo", idp.UserInfoURL, "HTTP-REDIRECT")
	} else {
		delete(endpoints, "userInfo")
	}
	child(proto, "issuer")["url"] = idp.IssuerURL
	client := child(child(proto, "credentials"), "client")
	client["client_id"] = idp.ClientID
	if idp.ClientSecret != "" {
		client["client_secret"] = idp.ClientSecret
	}
	policy := child(raw, "policy")
	if idp.AccountLinkAction != "" {
		child(policy, "accountLink")["action"] = idp.AccountLinkAction
	}
	prov := child(policy, "provisioning")
	if idp.ProvisioningAction != "" {
		prov["action"] = idp.ProvisioningAction
	}
	prov["profileMaster"] = idp.ProfileMaster
	subject := child(policy, "subject")
	if idp.UsernameTemplate != "" {
		child(subject, "userNameTemplate")["template"] = idp.UsernameTemplate
	}
	if idp.MatchType != "" {
		subject["matchType"] = idp.MatchType
	}
}

func setEndpoint(endpoints map[string]any, name, url, binding string) {
	ep := child(endpoints, name)
	ep["url"] = url
	if _, ok := ep["binding"].(string); !ok {
		ep["binding"] = binding
	}
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
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
