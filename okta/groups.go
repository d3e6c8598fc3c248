package okta

import (
	"context"
	"errors"

	sdk "github.com/okta/okta-sdk-golang/v5/okta"
)

type groupWire struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	Profile struct {
		Name string `json:"name"`
	} `json:"profile"`
}

// EveryoneGroup returns the built-in group that contains every user, JIT-created ones
// included: assigning it to the test app lets a fresh ID.me user sign in.
func (c *Client) EveryoneGroup(ctx context.Context) (*Group, error) {
	var found *Group
	err := c.paginate(ctx, opListGroups, func(ctx context.Context, after string) (*sdk.APIResponse, error) {
		req := c.api.GroupAPI.ListGroups(ctx).Filter(`type eq "BUILT_IN"`)
		if after != "" {
			req = req.After(after)
		}
		_, resp, err := req.Execute()
		return resp, err
	}, func(ex *exchange) error {
		var page []groupWire
		if err := decode(opListGroups, ex, &page); err != nil {
			return err
		}
		for _, g := range page {
			if g.Type == "BUILT_IN" && g.Profile.Name == "Everyone" && found == nil {
				found = &Group{ID: g.ID, Name: g.Profile.Name, Type: g.Type}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if found == nil {
		return nil, &APIError{Op: opListGroups, Err: errors.New(`the org has no built-in "Everyone" group`)}
	}
	return found, nil
}

// GetGroup reads one group by id: the group the admin chose for the test app, looked up
// while checking so a wrong id stops the run before its first write.
func (c *Client) GetGroup(ctx context.Context, id string) (*Group, error) {
	ex, err := c.do(ctx, opGetGroup, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.GroupAPI.GetGroup(ctx, id).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	var g groupWire
	if err := decode(opGetGroup, ex, &g); err != nil {
		return nil, err
	}
	return &Group{ID: g.ID, Name: g.Profile.Name, Type: g.Type}, nil
}

// AppGroupAssigned reports whether groupID is assigned to appID. It walks the app's group
// assignments rather than reading the one assignment, whose 404 could not tell "not
// assigned" from "no such app".
func (c *Client) AppGroupAssigned(ctx context.Context, appID, groupID string) (bool, error) {
	assigned := false
	err := c.paginate(ctx, opGetAppGroup, func(ctx context.Context, after string) (*sdk.APIResponse, error) {
		req := c.api.ApplicationGroupsAPI.ListApplicationGroupAssignments(ctx, appID).Limit(200)
		if after != "" {
			req = req.After(after)
		}
		_, resp, err := req.Execute()
		return resp, err
	}, func(ex *exchange) error {
		var page []struct {
			ID string `json:"id"`
		}
		if err := decode(opGetAppGroup, ex, &page); err != nil {
			return err
		}
		for _, a := range page {
			assigned = assigned || a.ID == groupID
		}
		return nil
	})
	return assigned && err == nil, err
}

// AssignGroupToApp assigns groupID to appID (a no-op when already assigned).
func (c *Client) AssignGroupToApp(ctx context.Context, appID, groupID string) error {
	_, err := c.do(ctx, opAssignGroup, func(ctx context.Context) (*sdk.APIResponse, error) {
		// An unset body would be sent as JSON null; Okta expects {}.
		_, resp, err := c.api.ApplicationGroupsAPI.AssignGroupToApplication(ctx, appID, groupID).
			ApplicationGroupAssignment(sdk.ApplicationGroupAssignment{}).Execute()
		return resp, err
	})
	return err
}
