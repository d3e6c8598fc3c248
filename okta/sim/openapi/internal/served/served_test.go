package served

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"
)

// A spec with the traps the cutting must avoid: a property called description (kept, it is a
// field), a property called $ref and an example holding "$ref" (not references), a component
// reached only through a discriminator mapping, and one reached by nothing served.
const smallSpec = `
openapi: 3.0.3
info: {title: Okta, version: "1", description: drop me}
tags: [{name: X}]
paths:
  /api/v1/things/{thingId}:
    get:
      operationId: getThing
      description: drop me
      parameters:
      - {name: thingId, in: path, required: true, description: drop me, schema: {type: string, example: abc}}
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Unused'}}}}}
      security: [{apiToken: []}]
    put:
      operationId: replaceThing
      parameters:
      - {name: thingId, in: path, required: true, schema: {type: string}}
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}, example: {a: 1}}}
      responses: {"200": {description: ok}}
    delete:
      operationId: deleteThing
      responses: {"204": {description: gone}}
  /api/v1/others:
    get: {operationId: listOthers, responses: {"200": {description: ok}}}
    post: {operationId: createOther, responses: {"200": {description: ok}}}
components:
  schemas:
    Thing:
      type: object
      description: drop me
      example: {$ref: $ref}
      properties:
        description: {type: string, description: drop me}
        $ref: {type: string}
        kind: {type: string, enum: [A, B]}
      discriminator:
        propertyName: kind
        mapping: {A: '#/components/schemas/ThingA'}
    ThingA:
      allOf: [{$ref: '#/components/schemas/Thing'}, {type: object, properties: {a: {type: integer}}}]
    Unused: {type: object}
  securitySchemes:
    apiToken: {type: apiKey, in: header, name: Authorization}
`

func TestExtract(t *testing.T) {
	out, err := Extract([]byte(smallSpec), []Op{{Method: "GET", Template: "/api/v1/things/{id}"}, {Method: "PUT", Template: "/api/v1/things/{thingId}"}}, "test spec")
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	if strings.Contains(text, "drop me") || strings.Contains(text, `"example"`) || strings.Contains(text, `"tags"`) {
		t.Errorf("documentation kept:\n%s", text)
	}
	var doc struct {
		Paths      map[string]map[string]json.RawMessage
		Components struct{ Schemas map[string]map[string]any }
		Unserved   map[string]string `json:"x-unserved"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if ops := doc.Paths["/api/v1/things/{thingId}"]; len(ops) != 2 || ops["get"] == nil || ops["put"] == nil {
		t.Errorf("served operations: %v, want get and put of /api/v1/things/{thingId}", keys(ops))
	}
	if _, ok := doc.Paths["/api/v1/others"]; ok {
		t.Error("a path with no served operation is in paths")
	}
	if want := map[string]string{"/api/v1/things/{thingId}": "DELETE", "/api/v1/others": "GET POST"}; !maps.Equal(doc.Unserved, want) {
		t.Errorf("x-unserved = %v, want %v", doc.Unserved, want)
	}
	if got := keys(doc.Components.Schemas); strings.Join(got, " ") != "Thing ThingA" {
		t.Errorf("schemas kept: %v, want Thing and ThingA (Unused is reached only through a response)", got)
	}
	props, _ := doc.Components.Schemas["Thing"]["properties"].(map[string]any)
	if _, ok := props["description"]; !ok {
		t.Error("the property called description was dropped")
	}
	if _, ok := props["$ref"]; !ok {
		t.Error("the property called $ref was dropped")
	}
}

func TestExtractNamesAServedOperationTheSpecLacks(t *testing.T) {
	_, err := Extract([]byte(smallSpec), []Op{{Method: "POST", Template: "/api/v1/things/{thingId}"}}, "test spec")
	if err == nil || !strings.Contains(err.Error(), "POST /api/v1/things/{thingId}") {
		t.Fatalf("got %v, want an error naming POST /api/v1/things/{thingId}", err)
	}
}

func keys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
