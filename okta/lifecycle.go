package okta

import (
	"context"
	"errors"
	"fmt"

	sdk "github.com/okta/okta-sdk-golang/v5/okta"
)

// The end of an integration's life: deactivating and deleting what the setup made, and the
// count of users holding a value that `remove` shows before deleting an attribute. Deleting is Okta's usual two steps, as Terraform does it (okta-api.md §1):
// deactivate, then delete.

// DeactivateIdP deactivates an identity provider (a no-op for an inactive one).
func (c *Client) DeactivateIdP(ctx context.Context, id string) error {
	_, err := c.do(ctx, opDeactivateIdP, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.IdentityProviderAPI.DeactivateIdentityProvider(ctx, id).Execute()
		return resp, err
	})
	return err
}

// DeleteIdP deletes an identity provider. Okta deletes its profile schema and its profile
// mappings with it and unlinks its users (who keep their Okta accounts).
func (c *Client) DeleteIdP(ctx context.Context, id string) error {
	_, err := c.do(ctx, opDeleteIdP, func(ctx context.Context) (*sdk.APIResponse, error) {
		return c.api.IdentityProviderAPI.DeleteIdentityProvider(ctx, id).Execute()
	})
	return err
}

// DeactivateRule deactivates a routing rule: Okta stops evaluating it.
func (c *Client) DeactivateRule(ctx context.Context, policyID, ruleID string) error {
	_, err := c.do(ctx, opDeactivateRule, func(ctx context.Context) (*sdk.APIResponse, error) {
		return c.api.PolicyAPI.DeactivatePolicyRule(ctx, policyID, ruleID).Execute()
	})
	return err
}

// DeleteRule deletes a routing rule.
func (c *Client) DeleteRule(ctx context.Context, policyID, ruleID string) error {
	_, err := c.do(ctx, opDeleteRule, func(ctx context.Context) (*sdk.APIResponse, error) {
		return c.api.PolicyAPI.DeletePolicyRule(ctx, policyID, ruleID).Execute()
	})
	return err
}

// DeactivateApp deactivates an application; Okta deletes only inactive ones.
func (c *Client) DeactivateApp(ctx context.Context, id string) error {
	_, err := c.do(ctx, opDeactivateApp, func(ctx context.Context) (*sdk.APIResponse, error) {
		return c.api.ApplicationAPI.DeactivateApplication(ctx, id).Execute()
	})
	return err
}

// DeleteApp deletes an inactive application.
func (c *Client) DeleteApp(ctx context.Context, id string) error {
	_, err := c.do(ctx, opDeleteApp, func(ctx context.Context) (*sdk.APIResponse, error) {
		return c.api.ApplicationAPI.DeleteApplication(ctx, id).Execute()
	})
	return err
}

// DeleteUserAttributes removes custom attributes from the default Okta user profile, and
// with them every user's value. A custom attribute is deleted by sending it as null (the
// schema's x-okta-allow-null-property-value-for-updates), which the SDK's typed properties
// cannot hold, so the properties go through AdditionalProperties. It returns the schema
// afterwards.
func (c *Client) DeleteUserAttributes(ctx context.Context, names []string) (map[string]Attribute, error) {
	if len(names) == 0 {
		return nil, &APIError{Op: opDeleteUserAttrs, Err: errors.New("no attributes to delete")}
	}
	props := map[string]any{}
	for _, n := range names {
		if n == "" {
			return nil, &APIError{Op: opDeleteUserAttrs, Err: errors.New("an attribute has no name")}
		}
		props[n] = nil
	}
	body := sdk.UserSchema{Definitions: &sdk.UserSchemaDefinitions{Custom: &sdk.UserSchemaPublic{
		Id:                   sdk.PtrString("#custom"),
		Type:                 sdk.PtrString("object"),
		AdditionalProperties: map[string]any{"properties": props},
	}}}
	ex, err := c.do(ctx, opDeleteUserAttrs, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.SchemaAPI.UpdateUserProfile(ctx, "default").UserSchema(body).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return decodeSchema(opDeleteUserAttrs, ex)
}

// UserCount is how many users CountUsersWith found: Exact unless the count stopped at its
// bound, when there are at least N.
type UserCount struct {
	N     int
	Exact bool
}

func (n UserCount) String() string {
	if n.Exact {
		return fmt.Sprint(n.N)
	}
	return fmt.Sprintf("at least %d", n.N)
}

// usersPage is the largest page Okta serves for a users search.
const usersPage = 200

// CountUsersWith counts the users whose profile has a value for the attribute (search
// profile.<attribute> pr), reading at most max users (rounded up to a page of 200): an org
// with more is not walked to the end. unverified: whether Okta's search includes
// deactivated (DEPROVISIONED) users without a status clause; the count may leave them out.
func (c *Client) CountUsersWith(ctx context.Context, attribute string, max int) (UserCount, error) {
	if !isAttributeName(attribute) {
		return UserCount{}, &APIError{Op: opSearchUsers, Err: fmt.Errorf("%q is not an attribute name", attribute)}
	}
	search := "profile." + attribute + " pr"
	n, pages, maxPages := 0, 0, (max+usersPage-1)/usersPage
	err := c.paginate(ctx, opSearchUsers, func(ctx context.Context, after string) (*sdk.APIResponse, error) {
		req := c.api.UserAPI.ListUsers(ctx).Search(search).Limit(usersPage)
		if after != "" {
			req = req.After(after)
		}
		_, resp, err := req.Execute()
		return resp, err
	}, func(ex *exchange) error {
		var page []struct {
			ID string `json:"id"`
		}
		if err := decode(opSearchUsers, ex, &page); err != nil {
			return err
		}
		n += len(page)
		if pages++; pages >= maxPages {
			return errStopPaging
		}
		return nil
	})
	if errors.Is(err, errStopPaging) {
		return UserCount{N: n}, nil
	}
	return UserCount{N: n, Exact: true}, err
}

// isAttributeName keeps a search expression to one attribute: letters, digits and _.
func isAttributeName(s string) bool {
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}
