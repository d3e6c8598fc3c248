package okta

import (
	"context"
	"net/http"
	"reflect"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

const userSchemaPath = "/api/v1/meta/schemas/user/default"

// The fixture has a custom attribute with an integer enum, which the SDK cannot decode.
// Check the trap is real, so the tests below prove our fallback rather than nothing.
func TestSDKCannotDecodeIntegerEnumSchema(t *testing.T) {
	f := newFakeOkta(t, serve(200, "user_schema_enum_integer.json"))
	c, _ := newTestClient(t, f)
	if _, _, err := c.api.SchemaAPI.GetUserSchema(context.Background(), "default").Execute(); err == nil {
		t.Fatal("the SDK decoded the integer-enum schema; the fallback tests no longer test a trap")
	}
}

func TestUserSchemaDespiteIntegerEnum(t *testing.T) {
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{"GET " + userSchemaPath: serve(200, "user_schema_enum_integer.json")}))
	c, _ := newTestClient(t, f)
	attrs, err := c.UserSchema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if a := attrs["login"]; !a.Base || a.Type != "string" || a.Title != "Username" {
		t.Errorf("login = %+v", a)
	}
	if a := attrs["idme_uuid"]; a.Base || a.Mutability != "READ_WRITE" || a.Description != "ID.me uuid claim" {
		t.Errorf("idme_uuid = %+v", a)
	}
	if a := attrs["clearance_level"]; a.Base || a.Type != "integer" || !a.Constrained {
		t.Errorf("clearance_level = %+v (its enum and oneOf make it Constrained)", a)
	}
	// What export terraform needs beyond the steps: master, permission, lengths, required.
	if a := attrs["idme_uuid"]; a.Master != "PROFILE_MASTER" || a.Permission != "READ_ONLY" || a.Constrained || a.Required {
		t.Errorf("idme_uuid = %+v", a)
	}
	if a := attrs["login"]; !a.Required || a.MinLength == nil || *a.MinLength != 5 || a.MaxLength == nil || *a.MaxLength != 100 {
		t.Errorf("login = %+v", a)
	}
	if len(attrs) != 6 {
		t.Errorf("%d attributes, want 4 base + 2 custom", len(attrs))
	}
}

// Okta applies the write and answers 200 with the whole schema, which the SDK fails to
// decode; the write must count as done.
func TestAddUserAttributesSucceedsWhenSDKDecodeFails(t *testing.T) {
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{"POST " + userSchemaPath: serve(200, "user_schema_enum_integer.json")}))
	c, _ := newTestClient(t, f)
	attrs, err := c.AddUserAttributes(context.Background(), []Attribute{
		{Name: "idme_uuid", Title: "ID.me UUID", Description: "ID.me uuid claim", Type: "string"},
		{Name: "transaction_ial"},
	})
	if err != nil {
		t.Fatalf("AddUserAttributes: %v", err)
	}
	if _, ok := attrs["idme_uuid"]; !ok {
		t.Errorf("result lacks the new attribute: %v", attrs)
	}
	body := jsonBody(t, only(t, f, "POST", userSchemaPath))
	want := map[string]any{"definitions": map[string]any{"custom": map[string]any{
		"id": "#custom", "type": "object",
		"properties": map[string]any{
			"idme_uuid":       map[string]any{"title": "ID.me UUID", "description": "ID.me uuid claim", "type": "string"},
			"transaction_ial": map[string]any{"title": "transaction_ial", "type": "string"},
		},
	}}}
	if !reflect.DeepEqual(body, want) {
		t.Errorf("request body %v", body)
	}
}

func TestAddUserAttributesRejectsBadInput(t *testing.T) {
	f := newFakeOkta(t, routes(t, nil))
	c, _ := newTestClient(t, f)
	for _, attrs := range [][]Attribute{nil, {{Title: "no name"}}, {{Name: "login", Base: true}}} {
		if _, err := c.AddUserAttributes(context.Background(), attrs); err == nil {
			t.Errorf("%v accepted", attrs)
		} else if _, ok := AsAPIError(err); !ok {
			t.Errorf("%v: not an APIError: %v", attrs, err)
		}
	}
	if n := len(f.Hits()); n != 0 {
		t.Errorf("%d requests for invalid input", n)
	}
}

func TestIdPSchemaAndAttributes(t *testing.T) {
	path := "/api/v1/meta/schemas/apps/" + idpID + "/default"
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{
		"GET " + path:  serve(200, "idp_schema.json"),
		"POST " + path: serve(200, "idp_schema.json"),
	}))
	c, _ := newTestClient(t, f)
	attrs, err := c.IdPSchema(context.Background(), idpID)
	if err != nil {
		t.Fatal(err)
	}
	if a := attrs["firstName"]; !a.Base || a.ExternalName != "given_name" {
		t.Errorf("firstName = %+v", a)
	}
	if a := attrs["uuid"]; a.Base || a.ExternalName != "uuid" || a.Scope != "NONE" {
		t.Errorf("uuid = %+v", a)
	}

	_, err = c.AddIdPAttributes(context.Background(), idpID, []Attribute{
		{Name: "uuid", Title: "ID.me uuid"},
		{Name: "fname", ExternalName: "given_name", Scope: "SELF"},
	})
	if err != nil {
		t.Fatal(err)
	}
	props := simtest.At(jsonBody(t, only(t, f, "POST", path)), "definitions", "custom", "properties")
	want := map[string]any{
		"uuid":  map[string]any{"title": "ID.me uuid", "type": "string", "externalName": "uuid", "scope": "NONE"},
		"fname": map[string]any{"title": "fname", "type": "string", "externalName": "given_name", "scope": "SELF"},
	}
	if !reflect.DeepEqual(props, want) {
		t.Errorf("properties %v", props)
	}
}
