// Package openapi checks HTTP requests against Okta's management API spec, the openapi.yaml
// shipped in the okta-sdk-golang/v5 module, so that a request real Okta would reject fails the
// simulated org's tests. The spec's known bugs are corrected in errata.go.
//
// The part of the spec the simulator needs is embedded (served.json, written by go generate
// from the module's copy; TestEmbeddedSpecMatchesTheModule proves it is current), so the check
// works in a binary on a machine without Go, and loading it costs milliseconds, not the 0.4 s
// and 100 MB of the whole spec.
package openapi

//go:generate go run ./internal/served/gen served.json

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/oasdiff/kin-openapi/openapi3"
	"github.com/oasdiff/kin-openapi/openapi3filter"
	"github.com/oasdiff/kin-openapi/routers"
	"github.com/oasdiff/kin-openapi/routers/gorillamux"
)

// ignoredPrefixes lists path prefixes that are not part of the management spec: the sim's own
// endpoints and Okta's OAuth/OIDC and sign-in endpoints. A request under one of them is only
// validated when the spec happens to describe its path (it does describe some /oauth2/v1/clients
// and /.well-known endpoints); otherwise it passes.
var ignoredPrefixes = []string{"/__sim/", "/oauth2/", "/.well-known/", "/login", "/sso/"}

// Validator checks HTTP requests against Okta's management API spec. It is safe for concurrent
// use: after Load nothing mutates the document or the router.
type Validator struct {
	router   routers.Router
	options  *openapi3filter.Options
	unserved []unservedPath
}

// unservedPath is a path of Okta's spec with the methods the simulator does not serve.
type unservedPath struct {
	parts   []string // the template's segments
	methods []string
}

// servedSpec is Okta's spec cut down to the operations the simulator serves, in full; the
// others are listed under x-unserved.
//
//go:embed served.json
var servedSpec []byte

var shared struct {
	once sync.Once
	v    *Validator
	err  error
}

// Shared returns the process-wide validator, loading and patching the embedded spec on the
// first call.
func Shared() (*Validator, error) {
	shared.once.Do(func() {
		shared.v, shared.err = load(servedSpec, patchSpec)
	})
	return shared.v, shared.err
}

// Lazy is the shared validator, loaded at its first request rather than when a simulated org
// starts. If the embedded spec does not load (a broken build, which this package's tests
// catch), every request fails with the reason.
type Lazy struct{}

// Validate loads the shared validator if need be and validates with it.
func (Lazy) Validate(r *http.Request, body []byte) error {
	v, err := Shared()
	if err != nil {
		return err
	}
	return v.Validate(r, body)
}

// load builds a validator from a spec, with the errata as a parameter so that tests can show
// what the spec as shipped rejects.
func load(spec []byte, patch func(*openapi3.T) error) (*Validator, error) {
	// Decoded as JSON and resolved, rather than through Loader.LoadFromData, which reads
	// every document with its YAML parser: 15 times slower on this file.
	doc := &openapi3.T{}
	if err := json.Unmarshal(spec, doc); err != nil {
		return nil, fmt.Errorf("load okta openapi spec: %w", err)
	}
	if err := openapi3.NewLoader().ResolveRefsIn(doc, nil); err != nil {
		return nil, fmt.Errorf("resolve okta openapi spec: %w", err)
	}
	unserved, err := unservedPaths(doc.Extensions["x-unserved"])
	if err != nil {
		return nil, fmt.Errorf("load okta openapi spec: %w", err)
	}
	if err := patch(doc); err != nil {
		return nil, fmt.Errorf("patch okta openapi spec: %w", err)
	}
	// Validated after patching, so a broken patch shows here and not as odd verdicts later.
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("validate okta openapi spec: %w", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("route okta openapi spec: %w", err)
	}
	return &Validator{router: router, options: requestOptions(), unserved: unserved}, nil
}

// unservedPaths reads x-unserved: a path for each, with the methods in one string.
func unservedPaths(x any) ([]unservedPath, error) {
	if x == nil {
		return nil, nil
	}
	paths, ok := x.(map[string]any)
	if !ok {
		return nil, errors.New("x-unserved is not an object of paths")
	}
	out := make([]unservedPath, 0, len(paths))
	for path, m := range paths {
		methods, ok := m.(string)
		if !ok {
			return nil, fmt.Errorf("x-unserved: %s: methods are not a string", path)
		}
		out = append(out, unservedPath{parts: splitPath(path), methods: strings.Fields(methods)})
	}
	return out, nil
}

// matchUnserved looks the request up among the operations the simulator does not serve:
// known says whether some such path matches, listed whether one lists the method, literal how
// many literal segments the most specific of those has.
func (v *Validator) matchUnserved(method, path string) (literal int, listed, known bool) {
	segs := splitPath(path)
	literal = -1
	for _, u := range v.unserved {
		n, ok := matchTemplate(u.parts, segs)
		if !ok {
			continue
		}
		known = true
		if slices.Contains(u.methods, method) && n > literal {
			literal, listed = n, true
		}
	}
	return literal, listed, known
}

func splitPath(p string) []string { return strings.Split(strings.Trim(p, "/"), "/") }

// matchTemplate reports whether segs fit the template's parts, and how many literal parts the
// template has.
func matchTemplate(parts, segs []string) (literal int, ok bool) {
	if len(parts) != len(segs) {
		return 0, false
	}
	for i, part := range parts {
		if strings.HasPrefix(part, "{") {
			if segs[i] == "" {
				return 0, false
			}
			continue
		}
		if part != segs[i] {
			return 0, false
		}
		literal++
	}
	return literal, true
}

func literalSegments(template string) int {
	n := 0
	for _, part := range splitPath(template) {
		if !strings.HasPrefix(part, "{") {
			n++
		}
	}
	return n
}

// Validate checks one request. body is the already-read request body (may be nil); r.Body is
// neither read nor changed. It returns nil when the request is valid, *Violation otherwise.
// Requests to paths the spec does not describe return a *Violation too (Kind "unknown-route"),
// except those under ignoredPrefixes. A request to an operation Okta has and the simulator
// does not serve passes unchecked: the simulator answers it 404, which fails the caller's
// test more plainly than a violation would.
func (v *Validator) Validate(r *http.Request, body []byte) error {
	route, pathParams, err := v.router.FindRoute(r)
	literal, listed, known := v.matchUnserved(r.Method, r.URL.Path)
	switch {
	case err == nil:
		// A more specific path Okta has wins over a served template, as Okta's own routing
		// does: GET /api/v1/groups/rules is not getGroup with groupId "rules".
		if listed && literal > literalSegments(route.Path) {
			return nil
		}
	case listed:
		return nil
	case errors.Is(err, routers.ErrMethodNotAllowed) || known:
		return &Violation{Method: r.Method, Path: r.URL.Path, Kind: KindMethodNotAllowed,
			Detail: "the spec describes this path but not this method"}
	case ignored(r.URL.Path):
		return nil
	default:
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
