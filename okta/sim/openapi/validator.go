// Package openapi checks HTTP requests against Okta's management API spec, the openapi.yaml
// shipped in the okta-sdk-golang/v5 module, so that a request real Okta would reject fails the
// simulated org's tests. The spec's known bugs are corrected in errata.go.
package openapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// ignoredPrefixes lists path prefixes that are not part of the management spec: the sim's own
// endpoints and Okta's OAuth/OIDC and sign-in endpoints. A request under one of them is only
// validated when the spec happens to describe its path (it does describe some /oauth2/v1/clients
// and /.well-known endpoints); otherwise it passes.
var ignoredPrefixes = []string{"/__sim/", "/oauth2/", "/.well-known/", "/login", "/sso/"}

// Validator checks HTTP requests against Okta's management API spec. It is safe for concurrent
// use: after Load nothing mutates the document or the router.
type Validator struct {
	router  routers.Router
	options *openapi3filter.Options
}

var shared struct {
	once sync.Once
	v    *Validator
	err  error
}

// Shared returns the process-wide validator, loading and patching the spec once; loading costs
// about 0.4 s (about 4 s under -race, measured on the 2-core CI machine), so it must not happen
// per request or per test.
func Shared() (*Validator, error) {
	shared.once.Do(func() {
		path, err := SpecPath()
		if err != nil {
			shared.err = err
			return
		}
		shared.v, shared.err = Load(path)
	})
	return shared.v, shared.err
}

// Load loads a validator from a spec file path (Shared uses SpecPath()).
func Load(path string) (*Validator, error) {
	return load(path, patchSpec)
}

// load is Load with the errata as a parameter, so tests can show what the raw spec rejects.
func load(path string, patch func(*openapi3.T) error) (*Validator, error) {
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("load okta openapi spec %s: %w", path, err)
	}
	if err := patch(doc); err != nil {
		return nil, fmt.Errorf("patch okta openapi spec %s: %w", path, err)
	}
	// Validated after patching, so a broken patch shows here and not as odd verdicts later.
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("validate okta openapi spec %s: %w", path, err)
	}
	// The spec's only server is https://{yourOktaDomain}; the sim listens on
	// http://127.0.0.1:<port>. Without servers the router matches on the path alone.
	doc.Servers = nil
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("route okta openapi spec %s: %w", path, err)
	}
	return &Validator{router: router, options: requestOptions()}, nil
}

// Validate checks one request. body is the already-read request body (may be nil); r.Body is
// neither read nor changed. It returns nil when the request is valid, *Violation otherwise.
// Requests to paths the spec does not describe return a *Violation too (Kind "unknown-route"),
// except those under ignoredPrefixes.
func (v *Validator) Validate(r *http.Request, body []byte) error {
	route, pathParams, err := v.router.FindRoute(r)
	if errors.Is(err, routers.ErrMethodNotAllowed) {
		return &Violation{Method: r.Method, Path: r.URL.Path, Kind: KindMethodNotAllowed,
			Detail: "the spec describes this path but not this method"}
	}
	if err != nil {
		if ignored(r.URL.Path) {
			return nil
		}
		return &Violation{Method: r.Method, Path: r.URL.Path, Kind: KindUnknownRoute,
			Detail: "no path in Okta's spec matches"}
	}
	// kin-openapi reads (and may replace) the request body, so it gets a private copy.
	req := r.Clone(r.Context())
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	input := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: pathParams,
		Route:      route,
		Options:    v.options,
	}
	if err := openapi3filter.ValidateRequest(r.Context(), input); err != nil {
		kind, detail := classify(err)
		return &Violation{Method: r.Method, Path: r.URL.Path, Operation: route.Operation.OperationID, Kind: kind, Detail: detail}
	}
	return nil
}

func ignored(path string) bool {
	for _, prefix := range ignoredPrefixes {
		if strings.HasPrefix(path, prefix) {
			return true
		}
	}
	return false
}

// requireAuthorizationHeader stands in for authentication, which the sim does itself (it knows
// the valid tokens). Only a request with no Authorization header at all is reported here.
func requireAuthorizationHeader(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if in.RequestValidationInput.Request.Header.Get("Authorization") == "" {
		return in.NewError(errors.New("no Authorization header"))
	}
	return nil
}
