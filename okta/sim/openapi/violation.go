package openapi

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/oasdiff/kin-openapi/openapi3"
	"github.com/oasdiff/kin-openapi/openapi3filter"
)

// Violation kinds.
const (
	KindUnknownRoute     = "unknown-route"
	KindMethodNotAllowed = "method-not-allowed"
	KindParameter        = "parameter"
	KindBody             = "body"
	KindSecurity         = "security"
)

// Violation is a request that Okta's spec says real Okta would reject.
type Violation struct {
	Method, Path string // Path as received, without the query
	Operation    string // the spec's operationId, when the route was found
	Kind         string // one of the Kind* constants
	Detail       string // which field and what was wrong
}

// Error renders the violation on one line, e.g.
// `POST /api/v1/idps (createIdentityProvider): body: property "name": value must be a string`.
func (v *Violation) Error() string {
	op := ""
	if v.Operation != "" {
		op = " (" + v.Operation + ")"
	}
	return fmt.Sprintf("%s %s%s: %s: %s", v.Method, v.Path, op, v.Kind, v.Detail)
}

// maxReasons bounds the detail of a oneOf without a discriminator, whose failure lists one
// reason per alternative.
const maxReasons = 3

// classify turns an openapi3filter error into a kind and a one-line detail. kin-openapi's own
// messages embed the whole schema and value on several lines; the value may be a client secret,
// so only the reason and the JSON path are kept.
func classify(err error) (kind, detail string) {
	var secErr *openapi3filter.SecurityRequirementsError
	if errors.As(err, &secErr) {
		return KindSecurity, "no Authorization header (Okta expects `SSWS <api token>` or `Bearer <access token>`)"
	}
	var reqErr *openapi3filter.RequestError
	if !errors.As(err, &reqErr) {
		return KindBody, firstLine(err.Error())
	}
	reason := requestErrorReason(reqErr)
	if p := reqErr.Parameter; p != nil {
		return KindParameter, fmt.Sprintf("%s parameter %q: %s", p.In, p.Name, reason)
	}
	return KindBody, reason
}

func requestErrorReason(e *openapi3filter.RequestError) string {
	if leaves := schemaErrorLeaves(e.Err, nil); len(leaves) > 0 {
		var reasons []string
		for _, l := range leaves {
			r := describeSchemaError(l)
			if !slices.Contains(reasons, r) {
				reasons = append(reasons, r)
			}
		}
		if len(reasons) > maxReasons {
			reasons = append(reasons[:maxReasons], fmt.Sprintf("and %d more", len(reasons)-maxReasons))
		}
		return strings.Join(reasons, " | ")
	}
	parts := []string{}
	if e.Reason != "" {
		parts = append(parts, e.Reason)
	}
	if e.Err != nil && e.Err.Error() != e.Reason {
		parts = append(parts, firstLine(e.Err.Error()))
	}
	if len(parts) == 0 {
		return "invalid"
	}
	return strings.Join(parts, ": ")
}

// schemaErrorLeaves collects the innermost schema errors: the ones that name the offending
// field, rather than the "doesn't match any schema from oneOf" wrappers around them.
func schemaErrorLeaves(err error, out []*openapi3.SchemaError) []*openapi3.SchemaError {
	switch e := err.(type) {
	case nil:
	case *openapi3.SchemaError:
		n := len(out)
		out = schemaErrorLeaves(e.Origin, out)
		if len(out) == n {
			out = append(out, e)
		}
	case openapi3.MultiError:
		for _, inner := range e {
			out = schemaErrorLeaves(inner, out)
		}
	case interface{ Unwrap() []error }:
		for _, inner := range e.Unwrap() {
			out = schemaErrorLeaves(inner, out)
		}
	case interface{ Unwrap() error }:
		out = schemaErrorLeaves(e.Unwrap(), out)
	}
	return out
}

func describeSchemaError(e *openapi3.SchemaError) string {
	reason := e.Reason
	if reason == "" {
		reason = fmt.Sprintf("does not match %q", e.SchemaField)
	}
	path := strings.Join(e.JSONPointer(), ".")
	if e.SchemaField == "required" {
		// The path already ends with the missing property's name.
		return fmt.Sprintf("property %q is missing", path)
	}
	if path != "" {
		return fmt.Sprintf("property %q: %s", path, reason)
	}
	return reason
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(line)
}
