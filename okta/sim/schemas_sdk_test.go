package sim_test

import (
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

func customAttr(title, typ string) okta.UserSchemaAttribute {
	return okta.UserSchemaAttribute{Title: okta.PtrString(title), Type: okta.PtrString(typ)}
}

func TestUserSchemaPartialUpdatesThroughSDK(t *testing.T) {
	org := simtest.Start(t)
	c := sdkClient(t, org)

	before, _, err := c.SchemaAPI.GetUserSchema(ctx(t), "default").Execute()
	if err != nil {
		t.Fatalf("GetUserSchema: %v", err)
	}
	rawBase, err := before.Definitions.Base.Properties.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(decodeMap(rawBase)); n != 31 {
		t.Errorf("default schema has %d base attributes, want Okta's 31", n)
	}

	add := func(props map[string]okta.UserSchemaAttribute) *okta.UserSchema {
		t.Helper()
		body := okta.UserSchema{Definitions: &okta.UserSchemaDefinitions{Custom: &okta.UserSchemaPublic{
			Id: okta.PtrString("#custom"), Type: okta.PtrString("object"), Properties: &props}}}
		out, _, err := c.SchemaAPI.UpdateUserProfile(ctx(t), "default").UserSchema(body).Execute()
		if err != nil {
			t.Fatalf("UpdateUserProfile: %v", err)
		}
		return out
	}
	uuid := customAttr("ID.me UUID", "string")
	uuid.Required = okta.PtrBool(false)
	add(map[string]okta.UserSchemaAttribute{"idme_uuid": uuid})
	out := add(map[string]okta.UserSchemaAttribute{"birth_date": customAttr("Birth date", "string")})

	custom := *out.Definitions.Custom.Properties
	if _, ok := custom["idme_uuid"]; !ok {
		t.Fatalf("the second POST removed idme_uuid; a schema POST is a partial update")
	}
	if got := custom["idme_uuid"]; got.GetMutability() != "READ_WRITE" || got.Required != nil {
		t.Errorf("idme_uuid = mutability %q required %v; Okta adds READ_WRITE and does not echo required:false", got.GetMutability(), got.Required)
	}

	// Deleting needs an explicit null, which only AdditionalProperties can send.
	del := okta.UserSchema{Definitions: &okta.UserSchemaDefinitions{Custom: &okta.UserSchemaPublic{
		Id: okta.PtrString("#custom"), Type: okta.PtrString("object"),
		AdditionalProperties: map[string]any{"properties": map[string]any{"birth_date": nil}}}}}
	out, _, err = c.SchemaAPI.UpdateUserProfile(ctx(t), "default").UserSchema(del).Execute()
	if err != nil {
		t.Fatalf("UpdateUserProfile (delete): %v", err)
	}
	custom = *out.Definitions.Custom.Properties
	if _, still := custom["birth_date"]; still {
		t.Errorf("birth_date survived a null")
	}
	if _, ok := custom["idme_uuid"]; !ok {
		t.Errorf("deleting birth_date also removed idme_uuid")
	}
	if snap := org.Snapshot(); len(snap.UserSchemaCustom) != 1 {
		t.Errorf("snapshot custom attributes = %v, want only idme_uuid", snap.UserSchemaCustom)
	}
}

func TestIdPSchemaPartialUpdateThroughSDK(t *testing.T) {
	org := simtest.Start(t)
	c := sdkClient(t, org)
	idp, _, err := c.IdentityProviderAPI.CreateIdentityProvider(ctx(t)).IdentityProvider(idmeIdP("ID.me")).Execute()
	if err != nil {
		t.Fatal(err)
	}
	schema, _, err := c.SchemaAPI.GetApplicationUserSchema(ctx(t), idp.GetId()).Execute()
	if err != nil {
		t.Fatalf("GetApplicationUserSchema: %v", err)
	}
	raw, _ := schema.Definitions.Base.MarshalJSON()
	base := decodeMap(raw)["properties"].(map[string]any)
	for _, attr := range []string{"email", "firstName", "lastName", "zoneinfo", "street_address", "postalCode"} {
		if _, ok := base[attr]; !ok {
			t.Errorf("IdP profile lacks base attribute %s", attr)
		}
	}

	props := map[string]okta.UserSchemaAttribute{}
	for _, claim := range []string{"uuid", "fname", "lname"} {
		a := customAttr(claim+" (ID.me)", "string")
		a.ExternalName = okta.PtrString(claim)
		a.Scope = okta.PtrString("NONE")
		props[claim] = a
	}
	body := okta.UserSchema{Definitions: &okta.UserSchemaDefinitions{Custom: &okta.UserSchemaPublic{
		Id: okta.PtrString("#custom"), Type: okta.PtrString("object"), Properties: &props}}}
	out, _, err := c.SchemaAPI.UpdateApplicationUserProfile(ctx(t), idp.GetId()).Body(body).Execute()
	if err != nil {
		t.Fatalf("UpdateApplicationUserProfile: %v", err)
	}
	got := (*out.Definitions.Custom.Properties)["uuid"]
	if got.GetExternalName() != "uuid" || got.GetScope() != "NONE" {
		t.Errorf("uuid = externalName %q scope %q; app properties keep both", got.GetExternalName(), got.GetScope())
	}
	if n := len(org.Snapshot().IdPSchemas[idp.GetId()]); n != 3 {
		t.Errorf("snapshot IdP custom attributes = %d, want 3", n)
	}
}
