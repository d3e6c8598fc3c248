package okta

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"sort"

	sdk "github.com/okta/okta-sdk-golang/v5/okta"
)

type mappingWire struct {
	ID         string                          `json:"id"`
	Source     mappingEndWire                  `json:"source"`
	Target     mappingEndWire                  `json:"target"`
	Properties map[string]*mappingPropertyWire `json:"properties"`
}

type mappingEndWire struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
}

type mappingPropertyWire struct {
	Expression string `json:"expression"`
	PushStatus string `json:"pushStatus"`
}

func (w *mappingWire) mapping() *Mapping {
	m := &Mapping{
		ID:       w.ID,
		SourceID: w.Source.ID, SourceType: w.Source.Type, SourceName: w.Source.Name,
		TargetID: w.Target.ID, TargetType: w.Target.Type, TargetName: w.Target.Name,
		Properties: map[string]MappingProperty{},
	}
	for k, p := range w.Properties {
		if p != nil {
			m.Properties[k] = MappingProperty{Expression: p.Expression, PushStatus: p.PushStatus}
		}
	}
	return m
}

func decodeMapping(op string, ex *exchange) (*Mapping, error) {
	var w mappingWire
	if err := decode(op, ex, &w); err != nil {
		return nil, err
	}
	return w.mapping(), nil
}

// DefaultUserTypeID returns the id of the org's default user type, the target of the IdP
// mapping the guide edits. The SDK's UserType model types only the id, so the "default"
// flag is read from the raw body.
func (c *Client) DefaultUserTypeID(ctx context.Context) (string, error) {
	types, ex, err := getJSON[[]struct {
		ID      string `json:"id"`
		Default bool   `json:"default"`
	}](ctx, c, opListUserTypes, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.UserTypeAPI.ListUserTypes(ctx).Execute()
		return resp, err
	})
	if err != nil {
		return "", err
	}
	for _, t := range types {
		if t.Default {
			return t.ID, nil
		}
	}
	return "", unusableAnswer(opListUserTypes, ex, errors.New("no user type is marked default"), "")
}

// FindMapping returns the profile mapping from sourceID (an IdP id) to targetID (a user
// type id) with its rows, or nil when there is none.
func (c *Client) FindMapping(ctx context.Context, sourceID, targetID string) (*Mapping, error) {
	var id string
	err := c.paginate(ctx, opListMappings, func(ctx context.Context, after string) (*sdk.APIResponse, error) {
		req := c.api.ProfileMappingAPI.ListProfileMappings(ctx).SourceId(sourceID).TargetId(targetID).Limit(200)
		if after != "" {
			req = req.After(after)
		}
		_, resp, err := req.Execute()
		return resp, err
	}, func(ex *exchange) error {
		var rows []mappingWire
		if err := decode(opListMappings, ex, &rows); err != nil {
			return err
		}
		for _, r := range rows {
			// List rows carry no properties; the filter is re-checked because a server
			// that ignores one of the query parameters would hand us the wrong mapping.
			if r.Source.ID == sourceID && r.Target.ID == targetID && id == "" {
				id = r.ID
			}
		}
		return nil
	})
	if err != nil || id == "" {
		return nil, err
	}
	return c.getMapping(ctx, opGetMapping, id)
}

func (c *Client) getMapping(ctx context.Context, op, id string) (*Mapping, error) {
	ex, err := c.do(ctx, op, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.ProfileMappingAPI.GetProfileMapping(ctx, id).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return decodeMapping(op, ex)
}

// UpdateMapping sets the rows in set and deletes the rows named in remove; other rows are
// untouched (Okta's POST is a partial update). An empty PushStatus means "PUSH": the guide
// wants existing users updated at every sign-in. It returns the whole mapping afterwards.
func (c *Client) UpdateMapping(ctx context.Context, mappingID string, set map[string]MappingProperty, remove []string) (*Mapping, error) {
	props, err := mappingRows(set, remove)
	if err != nil {
		return nil, &APIError{Op: opUpdateMapping, Err: err}
	}
	if len(props) == 0 {
		return c.getMapping(ctx, opUpdateMapping, mappingID)
	}
	// A deleted row must be sent as an explicit null, which the SDK's typed
	// map[string]ProfileMappingProperty cannot hold (and {} is rejected with E0000002), so
	// the whole properties object goes through AdditionalProperties, which the SDK writes
	// over the typed field.
	body := sdk.ProfileMappingRequest{AdditionalProperties: map[string]any{"properties": props}}
	ex, err := c.do(ctx, opUpdateMapping, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.ProfileMappingAPI.UpdateProfileMapping(ctx, mappingID).ProfileMapping(body).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return decodeMapping(opUpdateMapping, ex)
}

// mappingRows builds the properties object: a row per set entry, null per removal.
func mappingRows(set map[string]MappingProperty, remove []string) (map[string]any, error) {
	props := map[string]any{}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic error messages
	for _, k := range keys {
		p := set[k]
		if k == "" {
			return nil, errors.New("a mapping row has no target attribute")
		}
		if p.Expression == "" {
			return nil, fmt.Errorf("mapping row %q has an empty expression (Okta rejects it); remove the row instead", k)
		}
		props[k] = map[string]any{"expression": p.Expression, "pushStatus": cmp.Or(p.PushStatus, "PUSH")}
	}
	for _, k := range remove {
		if _, clash := set[k]; clash {
			return nil, fmt.Errorf("mapping row %q is both set and removed", k)
		}
		if k == "login" {
			return nil, errors.New(`the "login" mapping row cannot be removed: Okta needs it to create users`)
		}
		props[k] = nil
	}
	return props, nil
}
