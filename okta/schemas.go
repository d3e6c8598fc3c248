package okta

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"

	sdk "github.com/okta/okta-sdk-golang/v5/okta"
)

// Profile schemas are always decoded from the raw body: the SDK's models type enum and
// oneOf.const as strings, so one integer-enum attribute anywhere in the org makes every
// schema read (and the answer to every schema write) fail to decode.

type schemaWire struct {
	Definitions struct {
		Base   propertiesWire `json:"base"`
		Custom propertiesWire `json:"custom"`
	} `json:"definitions"`
}

type propertiesWire struct {
	Properties map[string]*attributeWire `json:"properties"`
}

type attributeWire struct {
	Title        string `json:"title"`
	Description  string `json:"description"`
	Type         string `json:"type"`
	ExternalName string `json:"externalName"`
	Scope        string `json:"scope"`
	Mutability   string `json:"mutability"`

	Master *struct {
		Type     string          `json:"type"`
		Priority json.RawMessage `json:"priority"`
	} `json:"master"`
	Permissions []struct {
		Action string `json:"action"`
	} `json:"permissions"`
	Required          bool   `json:"required"`
	Unique            string `json:"unique"`
	Union             string `json:"union"`
	ExternalNamespace string `json:"externalNamespace"`
	Pattern           string `json:"pattern"`
	MinLength         *int   `json:"minLength"`
	MaxLength         *int   `json:"maxLength"`
	Items             *struct {
		Type  string          `json:"type"`
		Enum  json.RawMessage `json:"enum"`
		OneOf json.RawMessage `json:"oneOf"`
	} `json:"items"`
	// Kept raw: their values may be of any type (the SDK's decode trap above).
	Enum  json.RawMessage `json:"enum"`
	OneOf json.RawMessage `json:"oneOf"`
}

// attribute turns the wire form into an Attribute named name.
func (a *attributeWire) attribute(name string, base bool) Attribute {
	out := Attribute{
		Name: name, Title: a.Title, Description: a.Description, Type: a.Type,
		ExternalName: a.ExternalName, Scope: a.Scope, Mutability: a.Mutability, Base: base,
		Required: a.Required, Unique: a.Unique, Union: a.Union,
		ExternalNamespace: a.ExternalNamespace, Pattern: a.Pattern,
		MinLength: a.MinLength, MaxLength: a.MaxLength,
		Constrained: present(a.Enum) || present(a.OneOf),
	}
	if a.Master != nil {
		out.Master = a.Master.Type
		out.Constrained = out.Constrained || present(a.Master.Priority)
	}
	if len(a.Permissions) > 0 {
		out.Permission = a.Permissions[0].Action
	}
	if a.Items != nil {
		out.ItemsType = a.Items.Type
		out.Constrained = out.Constrained || present(a.Items.Enum) || present(a.Items.OneOf)
	}
	return out
}

// present reports whether a raw JSON member says anything: a value other than null, "", an
// empty list or an object whose members all say nothing (Okta sends a routing rule's unused
// conditions as {"patterns":[]} or {"include":[],"exclude":[]}).
func present(raw json.RawMessage) bool {
	if len(bytes.TrimSpace(raw)) == 0 {
		return false
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return true // something unreadable is something
	}
	return says(v)
}

func says(v any) bool {
	switch t := v.(type) {
	case nil:
		return false
	case string:
		return t != ""
	case []any:
		return len(t) > 0
	case map[string]any:
		for _, m := range t {
			if says(m) {
				return true
			}
		}
		return false
	default:
		return true
	}
}

func decodeSchema(op string, ex *exchange) (map[string]Attribute, error) {
	var w schemaWire
	if err := decode(op, ex, &w); err != nil {
		return nil, err
	}
	attrs := map[string]Attribute{}
	add := func(props map[string]*attributeWire, base bool) {
		for name, a := range props {
			if a == nil {
				continue
			}
			attrs[name] = a.attribute(name, base)
		}
	}
	add(w.Definitions.Base.Properties, true)
	add(w.Definitions.Custom.Properties, false)
	return attrs, nil
}

// UserSchema returns the base and custom attributes of the default Okta user profile.
func (c *Client) UserSchema(ctx context.Context) (map[string]Attribute, error) {
	ex, err := c.do(ctx, opUserSchema, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.SchemaAPI.GetUserSchema(ctx, "default").Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return decodeSchema(opUserSchema, ex)
}

// AddUserAttributes adds (or updates) custom attributes of the default user profile. Okta
// treats the POST as a partial update: attributes not sent are untouched. It returns the
// whole schema after the write.
func (c *Client) AddUserAttributes(ctx context.Context, attrs []Attribute) (map[string]Attribute, error) {
	body, err := customSchemaRequest(attrs, false)
	if err != nil {
		return nil, &APIError{Op: opAddUserAttrs, Err: err}
	}
	ex, err := c.do(ctx, opAddUserAttrs, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.SchemaAPI.UpdateUserProfile(ctx, "default").UserSchema(body).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return decodeSchema(opAddUserAttrs, ex)
}

// IdPSchema returns the attributes of an identity provider's own user profile (the
// "app user" schema keyed by the IdP id).
func (c *Client) IdPSchema(ctx context.Context, idpID string) (map[string]Attribute, error) {
	ex, err := c.do(ctx, opIdPSchema, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.SchemaAPI.GetApplicationUserSchema(ctx, idpID).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return decodeSchema(opIdPSchema, ex)
}

// AddIdPAttributes adds custom attributes to an IdP's user profile. Okta fills each from
// the ID token claim named by its ExternalName, so an empty ExternalName defaults to the
// attribute's name, and an empty Scope to "NONE".
func (c *Client) AddIdPAttributes(ctx context.Context, idpID string, attrs []Attribute) (map[string]Attribute, error) {
	body, err := customSchemaRequest(attrs, true)
	if err != nil {
		return nil, &APIError{Op: opAddIdPAttrs, Err: err}
	}
	ex, err := c.do(ctx, opAddIdPAttrs, func(ctx context.Context) (*sdk.APIResponse, error) {
		_, resp, err := c.api.SchemaAPI.UpdateApplicationUserProfile(ctx, idpID).Body(body).Execute()
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	return decodeSchema(opAddIdPAttrs, ex)
}

// customSchemaRequest builds {"definitions":{"custom":{…properties…}}}. It sends no
// "required" list: in a partial update that would replace the org's list.
func customSchemaRequest(attrs []Attribute, idp bool) (sdk.UserSchema, error) {
	if len(attrs) == 0 {
		return sdk.UserSchema{}, fmt.Errorf("no attributes to add")
	}
	props := map[string]sdk.UserSchemaAttribute{}
	for _, a := range attrs {
		if a.Name == "" {
			return sdk.UserSchema{}, fmt.Errorf("an attribute has no name")
		}
		if a.Base {
			return sdk.UserSchema{}, fmt.Errorf("attribute %q is a base attribute; only custom attributes can be added", a.Name)
		}
		p := sdk.UserSchemaAttribute{
			Title: sdk.PtrString(cmp.Or(a.Title, a.Name)),
			Type:  sdk.PtrString(cmp.Or(a.Type, "string")),
		}
		if a.Description != "" {
			p.Description = sdk.PtrString(a.Description)
		}
		if p.GetType() == "array" {
			p.Items = &sdk.UserSchemaAttributeItems{Type: sdk.PtrString("string")}
		}
		if idp {
			p.ExternalName = sdk.PtrString(cmp.Or(a.ExternalName, a.Name))
			p.Scope = sdk.PtrString(cmp.Or(a.Scope, "NONE"))
		}
		props[a.Name] = p
	}
	return sdk.UserSchema{Definitions: &sdk.UserSchemaDefinitions{Custom: &sdk.UserSchemaPublic{
		Id:         sdk.PtrString("#custom"),
		Type:       sdk.PtrString("object"),
		Properties: &props,
	}}}, nil
}
