package openapi

import (
	"fmt"
	"maps"
	"slices"

	"github.com/oasdiff/kin-openapi/openapi3"
	"github.com/oasdiff/kin-openapi/openapi3filter"
)

// This file is the one place where Okta's spec (2024.06.1, shipped in okta-sdk-golang v5.0.2)
// is corrected to what real Okta accepts. Each correction cites its evidence (see
// /work/shared/reference/okta-api.md §12). A correction that no longer finds the schema it
// patches fails Load, so a spec upgrade forces a fresh look at this list.
//
// Other spec bugs worked around elsewhere:
//   - Load validates the document with DisableExamplesValidation: the `example` of
//     APIServiceIntegrationInstance puts null into a non-nullable string array, so a full
//     validation rejects the spec itself (measured, testing-feasibility.md §1). Examples never
//     take part in request validation.

// patchSpec applies errata 1–3 to a loaded document. Erratum 4 is an option of the request
// validation itself: see requestOptions. Order matters: erratum 3 copies schemas, so it must
// see the required lists fixed by erratum 1 and leave alone the slots erratum 2 already opened.
func patchSpec(doc *openapi3.T) error {
	if err := requireOnlyMappingProperties(doc); err != nil {
		return fmt.Errorf("erratum 1: %w", err)
	}
	if err := allowNullDeletes(doc); err != nil {
		return fmt.Errorf("erratum 2: %w", err)
	}
	allowNullForOptionalProperties(doc)
	return nil
}

// Erratum 1. ProfileMappingRequest lists `additionalProperties`, `expression` and `pushStatus`
// as required top-level fields: a generator slip, they belong to ProfileMappingProperty. The
// SDK (ProfileMappingAPI.UpdateProfileMapping) and Terraform send only {"properties":{…}} and
// Okta answers 200 (terraform-provider-okta cassette TestAccResourceOktaProfileMapping_crud).
func requireOnlyMappingProperties(doc *openapi3.T) error {
	s, err := componentSchema(doc, "ProfileMappingRequest")
	if err != nil {
		return err
	}
	if _, ok := s.Properties["properties"]; !ok {
		return fmt.Errorf("ProfileMappingRequest has no property \"properties\"")
	}
	s.Required = []string{"properties"}
	return nil
}

// Erratum 2. A null value deletes:
//   - a mapping row: POST /api/v1/mappings/{id} with {"properties":{"x":null}} removes row x
//     (Terraform's recorded partial updates in TestAccResourceOktaProfileMapping_crud);
//   - a custom schema attribute: POST /api/v1/meta/schemas/user/default with
//     definitions.custom.properties.x = null removes attribute x ("Remove property" in Okta's
//     schemas reference). The spec itself marks UserSchemaAttribute with
//     x-okta-allow-null-property-value-for-updates but does not make the map value nullable.
//
// Only these map values become nullable, not the row or attribute schemas themselves.
func allowNullDeletes(doc *openapi3.T) error {
	for _, slot := range []struct{ schema, property string }{
		{"ProfileMappingRequest", "properties"},
		{"UserSchemaPublic", "properties"},
	} {
		s, err := componentSchema(doc, slot.schema)
		if err != nil {
			return err
		}
		prop := s.Properties[slot.property]
		if prop == nil || prop.Value == nil || prop.Value.AdditionalProperties.Schema == nil {
			return fmt.Errorf("%s.%s is not a map with a value schema", slot.schema, slot.property)
		}
		ap := &prop.Value.AdditionalProperties
		ap.Schema = nullableSlot(ap.Schema, map[*openapi3.Schema]*openapi3.Schema{})
	}
	return nil
}

// Erratum 3. Okta returns null for many optional fields the spec declares non-nullable
// (policy.accountLink.filter and protocol.settings.nameFormat of an IdP,
// accessibility.errorRedirectUrl and settings.notes.admin of an app, created of a system
// policy rule, …), so a GET → edit → PUT sends those nulls back, and Okta accepts them
// (okta-api.md §12; Terraform's recorded IdP create in TestAccResourceOktaIdpOidc_crud sends
// "pkce_required":null and gets 200). Every optional property therefore accepts null;
// required ones stay non-nullable and a non-null value is validated exactly as before.
//
// How, without changing anything else:
//   - A property's schema is often a $ref shared with other places (a request body's root, a
//     required property elsewhere, an array item). Setting Nullable on that shared schema would
//     make null acceptable there too. Instead the optional property's slot gets its own shallow
//     copy of the target with Nullable set; the copy shares Properties, allOf/oneOf/anyOf and
//     the discriminator with the original, so non-null values meet the very same checks and
//     error messages. Ref strings are kept, so discriminator mappings still match.
//   - "Required" is not only declared beside the property: an allOf member may require a
//     property that another member declares as optional (GoogleApplication requires `label`,
//     declared optional in OINApplication; AppUserAssignRequest requires `id` of AppUser).
//     kin-openapi's required check only tests presence, so `"label": null` would slip
//     through. Such a schema gets a guard property: the empty schema, which accepts every
//     value except null.
//   - The walk marks schemas as seen, so $ref cycles end. A copy shares its original's maps, so
//     a map may be reached twice; patching is idempotent (an already nullable slot is kept).
func allowNullForOptionalProperties(doc *openapi3.T) {
	w := &nullWalker{seen: map[*openapi3.Schema]bool{}, copies: map[*openapi3.Schema]*openapi3.Schema{}}
	if doc.Components != nil {
		for _, name := range slices.Sorted(maps.Keys(doc.Components.Schemas)) {
			w.walk(doc.Components.Schemas[name])
		}
		for _, body := range doc.Components.RequestBodies {
			w.walkBody(body.Value)
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody != nil {
				w.walkBody(op.RequestBody.Value)
			}
		}
	}
}

type nullWalker struct {
	seen   map[*openapi3.Schema]bool
	copies map[*openapi3.Schema]*openapi3.Schema // original → its nullable copy, shared by all slots
}

func (w *nullWalker) walkBody(body *openapi3.RequestBody) {
	if body == nil {
		return
	}
	for _, media := range body.Content {
		w.walk(media.Schema)
	}
}

func (w *nullWalker) walk(ref *openapi3.SchemaRef) {
	if ref == nil || ref.Value == nil || w.seen[ref.Value] {
		return
	}
	s := ref.Value
	w.seen[s] = true
	for _, group := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, member := range group {
			w.walk(member)
		}
	}
	w.walk(s.Not)
	w.walk(s.Items)
	w.walk(s.AdditionalProperties.Schema)
	// Sorted so that the patched document does not depend on map order.
	for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
		prop := s.Properties[name]
		w.walk(prop)
		if !slices.Contains(s.Required, name) {
			s.Properties[name] = nullableSlot(prop, w.copies)
		}
	}
	for _, name := range s.Required {
		if _, declaredHere := s.Properties[name]; !declaredHere {
			if s.Properties == nil {
				s.Properties = openapi3.Schemas{}
			}
			s.Properties[name] = &openapi3.SchemaRef{Value: &openapi3.Schema{}}
		}
	}
}

// nullableSlot returns a reference for one slot (a property or a map value) that accepts null
// and otherwise behaves like ref. ref's target is never modified.
func nullableSlot(ref *openapi3.SchemaRef, copies map[*openapi3.Schema]*openapi3.Schema) *openapi3.SchemaRef {
	if ref == nil || ref.Value == nil || ref.Value.Nullable || ref.Value.Type.Includes("null") {
		return ref
	}
	c, ok := copies[ref.Value]
	if !ok {
		shallow := *ref.Value
		shallow.Nullable = true
		c = &shallow
		copies[ref.Value] = c
	}
	return &openapi3.SchemaRef{Ref: ref.Ref, Value: c, Extensions: ref.Extensions}
}

// Erratum 4. Read-only properties (id, created, lastUpdated, _links, _embedded, …) echoed back
// in a PUT are accepted and ignored by Okta (okta-api.md §12). The SDK sends them whenever a
// caller replaces an object it got from a GET, because its models marshal every field that is
// set, and Okta documents PUT /api/v1/idps/{id} as "all properties must be specified". So they
// are not rejected here. Their values are still type-checked, and a read-only property that is
// required is still not required in a request.
func requestOptions() *openapi3filter.Options {
	return &openapi3filter.Options{
		ExcludeReadOnlyValidations: true,
		// The sim must see the request exactly as sent: no defaults written into it.
		SkipSettingDefaults: true,
		AuthenticationFunc:  requireAuthorizationHeader,
	}
}

func componentSchema(doc *openapi3.T, name string) (*openapi3.Schema, error) {
	if doc.Components == nil || doc.Components.Schemas[name] == nil || doc.Components.Schemas[name].Value == nil {
		return nil, fmt.Errorf("spec has no schema %s", name)
	}
	return doc.Components.Schemas[name].Value, nil
}
