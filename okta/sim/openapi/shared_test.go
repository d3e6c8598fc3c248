package openapi_test

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/openapi"
)

func TestSharedLoadsOnce(t *testing.T) {
	const callers = 4
	got := make([]*openapi.Validator, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := openapi.Shared()
			if err != nil {
				t.Errorf("Shared: %v", err)
			}
			got[i] = v
		}()
	}
	wg.Wait()
	for i, v := range got {
		if v == nil || v != got[0] {
			t.Fatalf("Shared() call %d returned %p, call 0 returned %p; want one validator", i, v, got[0])
		}
	}
}

// TestValidateConcurrently: the sim serves requests in parallel through one validator; under
// -race this shows the validator shares no mutable state between requests.
func TestValidateConcurrently(t *testing.T) {
	v := sharedValidator(t)
	good, err := json.Marshal(idmeIdentityProvider())
	if err != nil {
		t.Fatal(err)
	}
	bad := []byte(`{"name":123}`)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				body, wantValid := good, true
				if (g+i)%2 == 1 {
					body, wantValid = bad, false
				}
				r := httptest.NewRequest("POST", "http://127.0.0.1:54321/api/v1/idps", bytes.NewReader(body))
				r.Header.Set("Authorization", "SSWS test-token")
				r.Header.Set("Content-Type", "application/json; charset=utf-8")
				if err := v.Validate(r, body); (err == nil) != wantValid {
					t.Errorf("goroutine %d request %d: got %v, want valid=%v", g, i, err, wantValid)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// BenchmarkValidateCreateIdP measures one validation of the wizard's IdP create request.
func BenchmarkValidateCreateIdP(b *testing.B) {
	v := sharedValidator(b)
	body, err := json.Marshal(idmeIdentityProvider())
	if err != nil {
		b.Fatal(err)
	}
	r := httptest.NewRequest("POST", "http://127.0.0.1:54321/api/v1/idps", bytes.NewReader(body))
	r.Header.Set("Authorization", "SSWS test-token")
	r.Header.Set("Content-Type", "application/json")
	b.ReportAllocs()
	for b.Loop() {
		if err := v.Validate(r, body); err != nil {
			b.Fatal(err)
		}
	}
}
