package sim_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// Requests that Okta's spec accepts but real Okta refuses (E0000001 "Api validation failed"
// with causes, or E0000002). simtest makes sure each one is spec-valid: otherwise the 400
// would come from the spec check, not from the rule under test.
func TestOktaValidationRules(t *testing.T) {
	org := simtest.Start(t)
	auth := admin(org)
	idp := call(t, org, http.MethodPost, "/api/v1/idps", auth, idpBody("ID.me")).json(t)
	idpID := idp["id"].(string)
	userAttr := func(name, typ string) map[string]any {
		return map[string]any{"definitions": map[string]any{"custom": map[string]any{"id": "#custom", "type": "object",
			"properties": map[string]any{name: map[string]any{"title": name, "type": typ}}}}}
	}
	if r := call(t, org, http.MethodPost, "/api/v1/meta/schemas/user/default", auth, userAttr("idme_uuid", "string")); r.status != http.StatusOK {
		t.Fatalf("add idme_uuid: %d %s", r.status, r.body)
	}
	var mappingID, policyID string
	for _, m := range call(t, org, http.MethodGet, "/api/v1/mappings?sourceId="+idpID, auth, nil).list(t) {
		if m["target"].(map[string]any)["name"] == "user" {
			mappingID = m["id"].(string)
		}
	}
	policyID = call(t, org, http.MethodGet, "/api/v1/policies?type=IDP_DISCOVERY", auth, nil).list(t)[0]["id"].(string)
	rule := func(name, providerID string) map[string]any {
		return map[string]any{"name": name, "type": "IDP_DISCOVERY", "actions": map[string]any{"idp": map[string]any{
			"idpSelectionType": "SPECIFIC", "providers": []any{map[string]any{"type": "OIDC", "id": providerID}}}}}
	}
	if r := call(t, org, http.MethodPost, "/api/v1/policies/"+policyID+"/rules", auth, rule("ID.me routing", idpID)); r.status != http.StatusOK {
		t.Fatalf("create rule: %d %s", r.status, r.body)
	}
	idpWith := func(edit func(b map[string]any)) map[string]any {
		b := idpBody("Another IdP")
		edit(b)
		return b
	}
	mappingRow := func(target, expr string) map[string]any {
		return map[string]any{"properties": map[string]any{target: map[string]any{"expression": expr, "pushStatus": "PUSH"}}}
	}

	for _, tc := range []struct {
		name, method, path string
		body               any
		status             int
		code, cause        string
	}{
		{"duplicate IdP name", http.MethodPost, "/api/v1/idps", idpBody("ID.me"), 400, "E0000001", "already exists"},
		{"missing protocol.issuer", http.MethodPost, "/api/v1/idps", idpWith(func(b map[string]any) {
			delete(b["protocol"].(map[string]any), "issuer")
		}), 400, "E0000001", "The protocol.issuer object cannot be left blank."},
		{"empty IdP name", http.MethodPost, "/api/v1/idps", idpWith(func(b map[string]any) { b["name"] = "" }), 400, "E0000001", "name"},
		{"IdP name over 100 characters", http.MethodPost, "/api/v1/idps", idpWith(func(b map[string]any) { b["name"] = strings.Repeat("x", 101) }), 400, "E0000001", "100"},
		{"username template under 9 characters", http.MethodPost, "/api/v1/idps", idpWith(func(b map[string]any) {
			b["policy"].(map[string]any)["subject"].(map[string]any)["userNameTemplate"] = map[string]any{"template": "user.em"}
		}), 400, "E0000001", "between 9 and 1024"},
		{"account link other than AUTO", http.MethodPost, "/api/v1/idps", idpWith(func(b map[string]any) {
			b["policy"].(map[string]any)["accountLink"] = map[string]any{"action": "DISABLED"}
		}), 400, "E0000001", "AUTO"},
		{"custom attribute named like a base attribute", http.MethodPost, "/api/v1/meta/schemas/user/default", userAttr("FirstName", "string"), 400, "E0000001", "base property firstName"},
		{"custom attribute changes type", http.MethodPost, "/api/v1/meta/schemas/user/default", userAttr("idme_uuid", "boolean"), 400, "E0000001", "from string to boolean"},
		{"mapping to a missing target attribute", http.MethodPost, "/api/v1/mappings/" + mappingID, mappingRow("birth_date", "appuser.email"), 400, "E0000001", "target schema"},
		{"mapping from a missing IdP attribute", http.MethodPost, "/api/v1/mappings/" + mappingID, mappingRow("idme_uuid", "appuser.uuid"), 400, "E0000001", "appuser.uuid"},
		{"mapping that reads a missing IdP attribute twice", http.MethodPost, "/api/v1/mappings/" + mappingID, mappingRow("idme_uuid", "appuser.uuid == null ? appuser.email : appuser.uuid"), 400, "E0000001", "appuser.uuid"},
		{"empty mapping expression", http.MethodPost, "/api/v1/mappings/" + mappingID, mappingRow("idme_uuid", ""), 400, "E0000002", ""},
		{"rule naming an unknown IdP", http.MethodPost, "/api/v1/policies/" + policyID + "/rules", rule("Other", "0oaDoesNotExist000001"), 400, "E0000001", "0oaDoesNotExist000001"},
		{"duplicate rule name", http.MethodPost, "/api/v1/policies/" + policyID + "/rules", rule("ID.me routing", idpID), 400, "E0000001", "already in use"},
		{"browser app with client_credentials", http.MethodPost, "/api/v1/apps", map[string]any{
			"name": "oidc_client", "label": "Bad", "signOnMode": "OPENID_CONNECT",
			"credentials": map[string]any{"oauthClient": map[string]any{"token_endpoint_auth_method": "none"}},
			"settings": map[string]any{"oauthClient": map[string]any{"application_type": "browser",
				"grant_types": []any{"client_credentials"}, "response_types": []any{"token"}}},
		}, 400, "E0000001", "'client_credentials' is not a valid grant type for a browser application"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := call(t, org, tc.method, tc.path, auth, tc.body)
			e := oktaError(t, r, tc.status, tc.code)
			if tc.cause != "" && !strings.Contains(strings.Join(causes(e), "\n"), tc.cause) {
				t.Errorf("causes %q do not mention %q", causes(e), tc.cause)
			}
			// One cause per missing property, however often the expression reads it.
			if n := strings.Count(strings.Join(causes(e), "\n"), "is not a property of the source profile"); strings.Contains(tc.cause, "appuser.") && n != 1 {
				t.Errorf("%d causes for one missing property: %q", n, causes(e))
			}
			if tc.code == "E0000002" && e["errorSummary"] != "The request was not valid: Invalid mapping input: Source expression for a property mapping cannot be null or empty string" {
				t.Errorf("errorSummary = %q", e["errorSummary"])
			}
		})
	}

	snap := org.Snapshot()
	if len(snap.IdPs) != 1 || len(snap.Rules) != 2 || len(snap.Apps) != 4 {
		t.Errorf("a rejected request changed state: %d IdPs, %d rules, %d apps", len(snap.IdPs), len(snap.Rules), len(snap.Apps))
	}
	if snap.UserSchemaCustom["idme_uuid"].(map[string]any)["type"] != "string" {
		t.Errorf("the rejected type change was applied")
	}
}

func TestDefaultRuleCannotBeChanged(t *testing.T) {
	org := simtest.Start(t)
	policyID := call(t, org, http.MethodGet, "/api/v1/policies?type=IDP_DISCOVERY", admin(org), nil).list(t)[0]["id"].(string)
	rules := call(t, org, http.MethodGet, "/api/v1/policies/"+policyID+"/rules", admin(org), nil).list(t)
	def := rules[len(rules)-1]
	if def["name"] != "Default Rule" || def["system"] != true {
		t.Fatalf("last rule = %v", def)
	}
	path := "/api/v1/policies/" + policyID + "/rules/" + def["id"].(string)
	oktaError(t, call(t, org, http.MethodDelete, path, admin(org), nil), 400, "E0000001")
	oktaError(t, call(t, org, http.MethodPost, path+"/lifecycle/deactivate", admin(org), nil), 400, "E0000001")
}
