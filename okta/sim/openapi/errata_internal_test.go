package openapi

import (
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/oasdiff/kin-openapi/openapi3"
	"github.com/oasdiff/kin-openapi/openapi3filter"
)

var raw struct {
	once sync.Once
	v    *Validator
	err  error
}

// rawValidator validates against Okta's spec exactly as shipped: no errata, and read-only
// properties rejected in requests as the spec says.
func rawValidator(t *testing.T) *Validator {
	t.Helper()
	raw.once.Do(func() {
		raw.v, raw.err = load(servedSpec, func(*openapi3.T) error { return nil })
		if raw.err == nil {
			raw.v.options = &openapi3filter.Options{SkipSettingDefaults: true, AuthenticationFunc: requireAuthorizationHeader}
		}
	})
	if raw.err != nil {
		t.Fatalf("load unpatched spec: %v", raw.err)
	}
	return raw.v
}

// TestErrataAreNeeded shows, for each erratum, a request real Okta accepts that the spec as
// shipped rejects, and that the patched validator accepts. If Okta fixes its spec, the
// matching case fails here and the erratum can go.
func TestErrataAreNeeded(t *testing.T) {
	patched, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		erratum, method, target, body string
		rawDetail                     string
	}{
		{"1: mapping request with properties only", "POST", "/api/v1/mappings/prm1",
			`{"properties":{"firstName":{"expression":"appuser.fname","pushStatus":"PUSH"}}}`,
			`property "additionalProperties" is missing`},
		{"2: null mapping row", "POST", "/api/v1/mappings/prm1",
			`{"properties":{"nickName":null},"additionalProperties":{},"expression":"","pushStatus":"PUSH"}`,
			`property "properties.nickName": Value is not nullable`},
		{"2: null custom attribute", "POST", "/api/v1/meta/schemas/user/default",
			`{"definitions":{"custom":{"properties":{"idme_uuid":null}}}}`,
			`property "definitions.custom.properties.idme_uuid": Value is not nullable`},
		{"3: null optional IdP filter", "POST", "/api/v1/idps",
			`{"name":"ID.me","type":"OIDC","policy":{"accountLink":{"action":"AUTO","filter":null}}}`,
			`property "policy.accountLink.filter": Value is not nullable`},
		{"4: read-only fields echoed in a PUT", "PUT", "/api/v1/idps/0oa1",
			`{"id":"0oa1","name":"ID.me","type":"OIDC","lastUpdated":"2026-11-25T10:00:00.000Z"}`,
			`readOnly property`},
	}
	for _, tc := range cases {
		t.Run(tc.erratum, func(t *testing.T) {
			r := httptest.NewRequest(tc.method, "http://127.0.0.1:1"+tc.target, nil)
			r.Header.Set("Authorization", "SSWS test-token")
			r.Header.Set("Content-Type", "application/json")
			err := rawValidator(t).Validate(r, []byte(tc.body))
			if err == nil || !strings.Contains(err.Error(), tc.rawDetail) {
				t.Errorf("unpatched spec: got %v, want a violation mentioning %q", err, tc.rawDetail)
			}
			if err := patched.Validate(r, []byte(tc.body)); err != nil {
				t.Errorf("patched spec rejects it: %v", err)
			}
		})
	}
}

// A small spec with the shapes erratum 3 has to get right, checked schema by schema.
const nullWalkerSpec = `
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Thing:
      type: object
      properties:
        v: {type: string}
    Holder:
      type: object
      required: [req]
      properties:
        opt: {$ref: '#/components/schemas/Thing'}
        req: {$ref: '#/components/schemas/Thing'}
        list: {type: array, items: {$ref: '#/components/schemas/Thing'}}
    Base:
      type: object
      properties:
        label: {type: string}
    Composite:
      allOf:
      - $ref: '#/components/schemas/Base'
      - required: [label]
    Node:
      type: object
      properties:
        name: {type: string}
        next: {$ref: '#/components/schemas/Node'}
`

func TestAllowNullForOptionalProperties(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData([]byte(nullWalkerSpec))
	if err != nil {
		t.Fatal(err)
	}
	allowNullForOptionalProperties(doc) // must terminate despite Node → Node
	if err := doc.Validate(t.Context()); err != nil {
		t.Fatalf("patched document is invalid: %v", err)
	}
	cases := []struct {
		schema string
		value  any
		valid  bool
	}{
		{"Holder", map[string]any{"req": map[string]any{}, "opt": nil}, true},
		{"Holder", map[string]any{"req": nil}, false},                                             // required stays non-nullable
		{"Holder", map[string]any{"req": map[string]any{}, "opt": "x"}, false},                    // wrong type stays wrong
		{"Holder", map[string]any{"req": map[string]any{}, "opt": map[string]any{"v": 1}}, false}, // the copy still checks inside
		{"Holder", map[string]any{"req": map[string]any{}, "list": []any{nil}}, false},            // only properties, not array items
		{"Thing", nil, false}, // the shared $ref target is untouched
		{"Base", map[string]any{"label": nil}, true},
		{"Composite", map[string]any{"label": nil}, false}, // required by a sibling allOf member
		{"Composite", map[string]any{"label": "x"}, true},
		{"Composite", map[string]any{}, false},
		{"Node", map[string]any{"next": map[string]any{"next": nil}}, true},
		{"Node", map[string]any{"next": map[string]any{"name": 5}}, false},
	}
	for _, tc := range cases {
		err := doc.Components.Schemas[tc.schema].Value.VisitJSON(tc.value, openapi3.VisitAsRequest())
		if (err == nil) != tc.valid {
			t.Errorf("%s %v: valid=%v, want %v (err: %v)", tc.schema, tc.value, err == nil, tc.valid, err)
		}
	}
}
