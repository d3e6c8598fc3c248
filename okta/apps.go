package okta

import (
	"cmp"
	"context"
	"errors"
	"path"
	"slices"
	"strings"

	sdk "github.com/okta/okta-sdk-golang/v5/okta"
)

type appWire struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	Label         string `json:"label"`
	Created       any    `json:"created"` // read leniently (asTime): a format we do not know must not fail the read
	Status        string `json:"status"`
	SignOnMode    string `json:"signOnMode"`
	Accessibility struct {
		SelfService bool `json:"selfService"`
	} `json:"accessibility"`
	Visibility struct {
		AutoSubmitToolbar bool `json:"autoSubmitToolbar"`
		Hide              struct {
			IOS bool `json:"iOS"`
			Web bool `json:"web"`
		} `json:"hide"`
	} `json:"visibility"`
	Credentials struct {
		UserNameTemplate struct {
			Template string `json:"template"`
			Type     string `json:"type"`
		} `json:"userNameTemplate"`
		OAuthClient struct {
			ClientID                string `json:"client_id"`
			TokenEndpointAuthMethod string `json:"token_endpoint_auth_method"`
			PKCERequired            bool   `json:"pkce_required"`
			AutoKeyRotation         bool   `json:"autoKeyRotation"`
		} `json:"oauthClient"`
	} `json:"credentials"`
	Settings struct {
		ImplicitAssignment bool `json:"implicitAssignment"`
		OAuthClient        struct {
			ApplicationType        string   `json:"application_type"`
			RedirectURIs           []string `json:"redirect_uris"`
			PostLogoutRedirectURIs []string `json:"post_logout_redirect_uris"`
			GrantTypes             []string `json:"grant_types"`
			ResponseTypes          []string `json:"response_types"`
			ConsentMethod          string   `json:"consent_method"`
			IssuerMode             string   `json:"issuer_mode"`
			WildcardRedirect       string   `json:"wildcard_redirect"`
			InitiateLoginURI       string   `json:"initiate_login_uri"`
			IdPInitiatedLogin      *struct {
				Mode         string   `json:"mode"`
				DefaultScope []string `json:"default_scope"`
			} `json:"idp_initiated_login"`
			RefreshToken *struct {
				RotationType string `json:"rotation_type"`
				Leeway       *int   `json:"leeway"`
			} `json:"refresh_token"`
		} `json:"oauthClient"`
	} `json:"settings"`
	Links struct {
		AccessPolicy hrefWire `json:"accessPolicy"`
	} `json:"_links"`
}

type hrefWire struct {
	Href string `json:"href"`
}

func (w *appWire) app() *OIDCApp {
	cred, set := w.Credentials.OAuthClient, w.Settings.OAuthClient
	return &OIDCApp{
		ID: w.ID, Label: w.Label, Status: w.Status, Created: asTime(w.Created),
		ClientID:        cmp.Or(cred.ClientID, w.ID),
		ApplicationType: set.ApplicationType,
		RedirectURIs:    set.RedirectURIs,
		GrantTypes:      set.GrantTypes,
		ResponseTypes:   set.ResponseTypes,
		PKCERequired:    cred.PKCERequired,
		TokenAuthMethod: cred.TokenEndpointAuthMethod,
		Detail:          w.detail(),
	}
}

func (w *appWire) detail() AppDetail {
	set := w.Settings.OAuthClient
	d := AppDetail{
		PostLogoutRedirectURIs: set.PostLogoutRedirectURIs,
		ConsentMethod:          set.ConsentMethod,
		IssuerMode:             set.IssuerMode,
		WildcardRedirect:       set.WildcardRedirect,
		InitiateLoginURI:       set.InitiateLoginURI,
		ImplicitAssignment:     w.Settings.ImplicitAssignment,
		AutoKeyRotation:        w.Credentials.OAuthClient.AutoKeyRotation,
		SelfService:            w.Accessibility.SelfService,
		AutoSubmitToolbar:      w.Visibility.AutoSubmitToolbar,
		HideIOS:                w.Visibility.Hide.IOS,
		HideWeb:                w.Visibility.Hide.Web,
		UserNameTemplate:       w.Credentials.UserNameTemplate.Template,
		UserNameTemplateType:   w.Credentials.UserNameTemplate.Type,
	}
	if l := set.IdPInitiatedLogin; l != nil {
		d.LoginMode, d.LoginScopes = l.Mode, l.DefaultScope
	}
	if r := set.RefreshToken; r != nil {
		d.RefreshTokenRotation, d.RefreshTokenLeeway = r.RotationType, r.Leeway
	}
	if href := w.Links.AccessPolicy.Href; href != "" {
		d.AccessPolicyID = path.Base(href)
	}
	return d
}

func decodeApp(op string, ex *exchange) (*OIDCApp, error) {
	var w appWire
	if err := decode(op, ex, &w); err != nil {
		return nil, err
	}
	if w.SignOnMode != "OPENID_CONNECT" {
		return nil, unusableAnswer(op, ex, errors.New("the application is not an OpenID Connect app (signOnMode "+w.SignOnMode+")"), "")
	}
	return w.app(), nil
}

// FindOIDCAppsByLabel returns the OpenID Connect apps labelled exactly label (Okta's q=
// also matches name prefixes), or none.
func (c *Client) FindOIDCAppsByLabel(ctx context.Context, label string) ([]OIDCApp, error) {
	apps, err := c.FindOIDCAppsByLabelPrefix(ctx, label)
	return slices.DeleteFunc(apps, func(a OIDCApp) bool { return a.Label != label }), err
}

// FindOIDCAppsByLabelPrefix returns the OpenID Connect apps whose label starts with prefix
// (Okta's q= matches label and name prefixes; the name ones are dropped).
func (c *Client) FindOIDCAppsByLabelPrefix(ctx context.Context, prefix string) ([]OIDCApp, error) {
	var found []OIDCApp
	err := c.listApps(ctx, func(req sdk.ApiListApplicationsRequest) sdk.ApiListApplicationsRequest { return req.Q(prefix) },
		func(a *appWire) {
			if strings.HasPrefix(a.Label, prefix) && a.SignOnMode == "OPENID_CONNECT" {
				found = append(found, *a.app())
			}
		})
	return found, err
}

// App is an application of the org, as a routing rule's app condition names it.
type App struct {
	ID, Label, Name string // Name is the app's kind: "oidc_client", "okta_enduser" …
	SignOnMode      string
}

// adminConsoleApp is the Okta Admin Console's app name. unverified: that every org lists it
// under this name (recorded orgs and Okta's docs do).
const adminConsoleApp = "saasure"

// ListActiveApps reads the org's active applications (every page), for choosing the apps a
// routing rule sends to ID.me. The Admin Console is left out: a rule for it would send
// administrators to ID.me.
func (c *Client) ListActiveApps(ctx context.Context) ([]App, error) {
	var apps []App
	err := c.listApps(ctx, func(req sdk.ApiListApplicationsRequest) sdk.ApiListApplicationsRequest {
		return req.Filter(`status eq "ACTIVE"`)
	},
		func(a *appWire) {
			if a.Name != adminConsoleApp {
				apps = append(apps, App{ID: a.ID, Label: a.Label, Name: a.Name, SignOnMode: a.SignOnMode})
			}
		})
	return apps, err
}

// listApps reads every page of the app list that query narrows, handing each app to take.
func (c *Client) listApps(ctx context.Context, query func(sdk.ApiListApplicationsRequest) sdk.ApiListApplicationsRequest, take func(*appWire)) error {
	return c.paginate(ctx, opListApps, func(ctx context.Context, after string) (*sdk.APIResponse, error) {
		req := query(c.api.ApplicationAPI.ListApplications(ctx)).Limit(200)
		if after != "" {
			req = req.After(after)
		}
		_, resp, err := req.Execute()
		return resp, err
	}, func(ex *exchange) error {
		page, err := decodeEach[appWire](opListApps, ex)
		if err != nil {
			return err
		}
		for i := range page {
			take(&page[i])
		}
		return nil
	})
}

// GetOIDCApp reads one OpenID Connect app.
func (c *Client) GetOIDCApp(ctx context.Context, id string) (*OIDCApp, error) {
	ex, err := c.do(ctx, opGetApp, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.ApplicationAPI.GetApplication(ctx, id).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return decodeApp(opGetApp, ex)
}

// CreateOIDCApp creates and activates an OpenID Connect app (okta-api.md §6). Empty fields
// default to a public browser client: application type "browser", token auth "none",
// grant types authorization_code+implicit, response types code+id_token.
func (c *Client) CreateOIDCApp(ctx context.Context, app OIDCApp) (*OIDCApp, error) {
	cred := sdk.OAuthApplicationCredentials{OauthClient: &sdk.ApplicationCredentialsOAuthClient{
		TokenEndpointAuthMethod: sdk.PtrString(cmp.Or(app.TokenAuthMethod, "none")),
		PkceRequired:            sdk.PtrBool(app.PKCERequired),
	}}
	grants, responses := app.GrantTypes, app.ResponseTypes
	if len(grants) == 0 {
		grants = []string{"authorization_code", "implicit"}
	}
	if len(responses) == 0 {
		responses = []string{"code", "id_token"}
	}
	settings := sdk.OpenIdConnectApplicationSettings{OauthClient: &sdk.OpenIdConnectApplicationSettingsClient{
		ApplicationType: sdk.PtrString(cmp.Or(app.ApplicationType, "browser")),
		ConsentMethod:   sdk.PtrString("TRUSTED"),
		GrantTypes:      grants,
		ResponseTypes:   responses,
		RedirectUris:    app.RedirectURIs,
		IssuerMode:      sdk.PtrString("ORG_URL"),
	}}
	// Argument order is (credentials, name, settings, label, signOnMode): label and
	// signOnMode are both strings and easily swapped.
	oidc := sdk.NewOpenIdConnectApplication(cred, "oidc_client", settings, app.Label, "OPENID_CONNECT")
	if app.HideTile {
		oidc.Visibility = &sdk.ApplicationVisibility{Hide: &sdk.ApplicationVisibilityHide{IOS: sdk.PtrBool(true), Web: sdk.PtrBool(true)}}
	}
	body := sdk.OpenIdConnectApplicationAsListApplications200ResponseInner(oidc)
	ex, err := c.do(ctx, opCreateApp, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.ApplicationAPI.CreateApplication(ctx).Application(body).Activate(true).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return decodeApp(opCreateApp, ex)
}

// SetOIDCAppRedirectURIs replaces the app's sign-in redirect URIs, keeping everything else
// (Okta requires an exact match, port included, so the test listener's port must be
// registered before the browser opens).
func (c *Client) SetOIDCAppRedirectURIs(ctx context.Context, appID string, uris []string) (*OIDCApp, error) {
	raw, ex, err := c.readForReplace(ctx, opGetApp, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.ApplicationAPI.GetApplication(ctx, appID).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	if _, err := decodeApp(opGetApp, ex); err != nil {
		return nil, err
	}
	child(child(raw, "settings"), "oauthClient")["redirect_uris"] = append([]string{}, uris...)
	// The SDK writes AdditionalProperties over its typed fields, so raw goes out as is.
	body := sdk.OpenIdConnectApplicationAsListApplications200ResponseInner(&sdk.OpenIdConnectApplication{AdditionalProperties: raw})
	ex, err = c.do(ctx, opReplaceApp, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.ApplicationAPI.ReplaceApplication(ctx, appID).Application(body).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return decodeApp(opReplaceApp, ex)
}
