package okta

import (
	"context"

	sdk "github.com/okta/okta-sdk-golang/v5/okta"
)

type userWire struct {
	ID      string         `json:"id"`
	Status  string         `json:"status"`
	Profile map[string]any `json:"profile"`
}

func (c *Client) getUser(ctx context.Context, op, idOrLogin string) (*User, error) {
	ex, err := c.do(ctx, op, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.UserAPI.GetUser(ctx, idOrLogin).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	var w userWire
	if err := decode(op, ex, &w); err != nil {
		return nil, err
	}
	login, _ := w.Profile["login"].(string)
	return &User{ID: w.ID, Status: w.Status, Login: login, Profile: w.Profile}, nil
}

// WhoAmI returns the admin the API token belongs to. It checks the token works before
// anything is written. (A service app is not a user: Okta answers 404 for it.)
func (c *Client) WhoAmI(ctx context.Context) (*User, error) {
	return c.getUser(ctx, opWhoAmI, "me")
}

// GetUser reads a user by id or login, with the full profile (custom attributes included).
func (c *Client) GetUser(ctx context.Context, idOrLogin string) (*User, error) {
	return c.getUser(ctx, opGetUser, idOrLogin)
}

// AdminRoles returns the types of the admin roles assigned to a user, e.g. "SUPER_ADMIN".
// With a service app it needs the okta.roles.read scope.
func (c *Client) AdminRoles(ctx context.Context, userID string) ([]string, error) {
	ex, err := c.do(ctx, opAdminRoles, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.RoleAssignmentAPI.ListAssignedRolesForUser(ctx, userID).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	var roles []struct {
		Type string `json:"type"`
	}
	if err := decode(opAdminRoles, ex, &roles); err != nil {
		return nil, err
	}
	types := make([]string, 0, len(roles))
	for _, r := range roles {
		types = append(types, r.Type)
	}
	return types, nil
}
