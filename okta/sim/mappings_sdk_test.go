package sim_test

import (
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

func TestMappingListAndUpdateThroughSDK(t *testing.T) {
	org := simtest.Start(t)
	c := sdkClient(t, org)
	idp, _, err := c.IdentityProviderAPI.CreateIdentityProvider(ctx(t)).IdentityProvider(idmeIdP("ID.me")).Execute()
	if err != nil {
		t.Fatal(err)
	}

	// The default user type is the one marked default:true (the SDK leaves it in
	// AdditionalProperties); the org has a second type, so picking the first would be wrong.
	types, _, err := c.UserTypeAPI.ListUserTypes(ctx(t)).Execute()
	if err != nil {
		t.Fatalf("ListUserTypes: %v", err)
	}
	defaultType := ""
	for _, ut := range types {
		if ut.AdditionalProperties["default"] == true {
			defaultType = ut.GetId()
		}
	}
	if len(types) < 2 || defaultType == "" {
		t.Fatalf("user types = %d, default %q; want the default type and another", len(types), defaultType)
	}

	all, _, err := c.ProfileMappingAPI.ListProfileMappings(ctx(t)).SourceId(idp.GetId()).Limit(200).Execute()
	if err != nil {
		t.Fatalf("ListProfileMappings: %v", err)
	}
	if len(all) != len(types) {
		t.Errorf("mappings from a new IdP = %d, want one per user type (%d)", len(all), len(types))
	}
	rows, _, err := c.ProfileMappingAPI.ListProfileMappings(ctx(t)).SourceId(idp.GetId()).TargetId(defaultType).Execute()
	if err != nil || len(rows) != 1 {
		t.Fatalf("ListProfileMappings(source, target) = %d rows, %v; want exactly one", len(rows), err)
	}
	if rows[0].Source.GetType() != "appuser" || rows[0].Source.GetName() != "oidc_idp" || rows[0].Target.GetName() != "user" {
		t.Errorf("source/target = %+v / %+v", rows[0].Source, rows[0].Target)
	}
	mappingID := rows[0].GetId()

	m, _, err := c.ProfileMappingAPI.GetProfileMapping(ctx(t), mappingID).Execute()
	if err != nil {
		t.Fatalf("GetProfileMapping: %v", err)
	}
	props := m.GetProperties()
	login, tz := props["login"], props["timezone"]
	if login.GetExpression() != "appuser.email" || tz.GetPushStatus() != "DONT_PUSH" {
		t.Errorf("default rows: login %+v timezone %+v", props["login"], props["timezone"])
	}

	// The attributes a mapping names must exist on both sides first.
	addUserAttr(t, c, "idme_uuid")
	addIdPAttr(t, c, idp.GetId(), "uuid", "fname")

	update := okta.ProfileMappingRequest{Properties: map[string]okta.ProfileMappingProperty{
		"idme_uuid": {Expression: okta.PtrString("appuser.uuid"), PushStatus: okta.PtrString("PUSH")},
		"firstName": {Expression: okta.PtrString("appuser.fname"), PushStatus: okta.PtrString("PUSH")},
	}}
	updated, _, err := c.ProfileMappingAPI.UpdateProfileMapping(ctx(t), mappingID).ProfileMapping(update).Execute()
	if err != nil {
		t.Fatalf("UpdateProfileMapping: %v", err)
	}
	props = updated.GetProperties()
	uuid, first := props["idme_uuid"], props["firstName"]
	if uuid.GetExpression() != "appuser.uuid" || first.GetPushStatus() != "PUSH" {
		t.Errorf("updated rows: %+v %+v", props["idme_uuid"], props["firstName"])
	}
	if _, kept := props["lastName"]; !kept {
		t.Errorf("a partial update removed lastName")
	}

	// Removing a row needs an explicit null (okta-sdk-golang#534): the whole properties map
	// goes through AdditionalProperties, which the SDK writes over the typed field.
	remove := okta.ProfileMappingRequest{AdditionalProperties: map[string]any{"properties": map[string]any{"middleName": nil}}}
	updated, _, err = c.ProfileMappingAPI.UpdateProfileMapping(ctx(t), mappingID).ProfileMapping(remove).Execute()
	if err != nil {
		t.Fatalf("UpdateProfileMapping (null row): %v", err)
	}
	if _, still := updated.GetProperties()["middleName"]; still {
		t.Errorf("middleName survived a null")
	}
	if _, kept := updated.GetProperties()["idme_uuid"]; !kept {
		t.Errorf("removing middleName also removed idme_uuid")
	}
}

func addUserAttr(t *testing.T, c *okta.APIClient, names ...string) {
	t.Helper()
	props := map[string]okta.UserSchemaAttribute{}
	for _, n := range names {
		props[n] = customAttr(n, "string")
	}
	body := okta.UserSchema{Definitions: &okta.UserSchemaDefinitions{Custom: &okta.UserSchemaPublic{
		Id: okta.PtrString("#custom"), Type: okta.PtrString("object"), Properties: &props}}}
	if _, _, err := c.SchemaAPI.UpdateUserProfile(ctx(t), "default").UserSchema(body).Execute(); err != nil {
		t.Fatalf("add user attributes %v: %v", names, err)
	}
}

func addIdPAttr(t *testing.T, c *okta.APIClient, idpID string, claims ...string) {
	t.Helper()
	props := map[string]okta.UserSchemaAttribute{}
	for _, n := range claims {
		a := customAttr(n, "string")
		a.ExternalName = okta.PtrString(n)
		props[n] = a
	}
	body := okta.UserSchema{Definitions: &okta.UserSchemaDefinitions{Custom: &okta.UserSchemaPublic{
		Id: okta.PtrString("#custom"), Type: okta.PtrString("object"), Properties: &props}}}
	if _, _, err := c.SchemaAPI.UpdateApplicationUserProfile(ctx(t), idpID).Body(body).Execute(); err != nil {
		t.Fatalf("add IdP attributes %v: %v", claims, err)
	}
}
