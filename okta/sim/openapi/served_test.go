package openapi_test

import (
	"bytes"
	"errors"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/openapi"
	"github.com/idme-okta/idme-okta/okta/sim/openapi/internal/served"
	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// TestEmbeddedSpecMatchesTheModule cuts the spec again from okta-sdk-golang's own copy (the
// version go.mod names) for the routes okta/sim serves today and compares it with the embedded
// served.json: a new route, an SDK upgrade or a change to the cutting fails here until
// `go generate ./okta/sim/openapi` is run. Without the module cache it skips, except in CI.
func TestEmbeddedSpecMatchesTheModule(t *testing.T) {
	want, err := served.Generate()
	if errors.Is(err, served.ErrNoModule) {
		if os.Getenv(simtest.CIEnv) != "" {
			t.Fatalf("%v; CI has the module cache (it builds the module), so this must not happen there", err)
		}
		t.Skipf("cannot compare the embedded spec with the module's: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("served.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("served.json (%d bytes) differs from the spec cut from %s (%d bytes): run `go generate ./okta/sim/openapi`",
			len(got), served.Module, len(want))
	}
}

// Okta has many operations the simulator does not serve: a request to one passes unchecked
// (the simulator then answers 404), a method Okta does not have on such a path is still
// reported, and a more specific path Okta has is not taken for a served template.
func TestUnservedOperations(t *testing.T) {
	v := sharedValidator(t)
	cases := []struct {
		name, method, target, body string
		wantKind                   string // "" = passes
	}{
		{name: "unserved path", method: "GET", target: "/api/v1/agentPools?limitPerPoolType=not-a-number"},
		{name: "unserved method on a served path", method: "DELETE", target: "/api/v1/apps/0oa1"},
		{name: "method Okta lacks on an unserved path", method: "PATCH", target: "/api/v1/agentPools", wantKind: openapi.KindMethodNotAllowed},
		{name: "method Okta lacks on a served path", method: "PATCH", target: "/api/v1/apps/0oa1", wantKind: openapi.KindMethodNotAllowed},
		// Okta routes this to addLinkedObjectDefinition (unserved), not to updateUserSchema
		// with schemaId "linkedObjects", whose body would be wrong.
		{name: "literal path beside a served template", method: "POST", target: "/api/v1/meta/schemas/user/linkedObjects", body: `{"definitions":5}`},
		{name: "served template still checked", method: "POST", target: "/api/v1/meta/schemas/user/default", body: `{"definitions":5}`, wantKind: openapi.KindBody},
		{name: "served operation still checked", method: "POST", target: "/api/v1/idps", body: `{"name":123}`, wantKind: openapi.KindBody},
		{name: "no such path", method: "GET", target: "/api/v1/nope", wantKind: openapi.KindUnknownRoute},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(tc.method, "http://127.0.0.1:1"+tc.target, nil)
			r.Header.Set("Authorization", "SSWS test-token")
			r.Header.Set("Content-Type", "application/json")
			err := v.Validate(r, []byte(tc.body))
			var viol *openapi.Violation
			switch {
			case tc.wantKind == "" && err != nil:
				t.Fatalf("got %v, want it to pass", err)
			case tc.wantKind != "" && (!errors.As(err, &viol) || viol.Kind != tc.wantKind):
				t.Fatalf("got %v, want a %s violation", err, tc.wantKind)
			}
		})
	}
}
