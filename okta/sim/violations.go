package sim

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/idme-okta/idme-okta/okta/sim/openapi"
)

// Violation is a request that Okta's OpenAPI spec says real Okta would reject.
type Violation struct {
	Method string
	Path   string
	Query  string
	Detail string // the validator's description: which field and what was wrong
}

func (v Violation) String() string {
	prefix := v.Method + " " + v.Path
	if strings.HasPrefix(v.Detail, prefix) {
		return v.Detail
	}
	return prefix + ": " + v.Detail
}

// Violations returns the spec violations seen so far, in arrival order.
func (o *Org) Violations() []Violation {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]Violation(nil), o.violations...)
}

// checkSpec validates the request against the spec and records a violation when it fails.
// A body that is not JSON at all is E0000003, as Okta's JSON reader reports it; any other
// violation is E0000001 with the violation as its cause. Call with mu held.
func (o *Org) checkSpec(c *call) *apiError {
	if hasBody(c.req.Method) && len(strings.TrimSpace(string(c.body))) > 0 && !json.Valid(c.body) {
		o.addViolation(c, "request body is not well-formed JSON")
		return malformedBody()
	}
	if err := o.validator.Validate(c.req, c.body); err != nil {
		o.addViolation(c, err.Error())
		cause := err.Error()
		var v *openapi.Violation
		if errors.As(err, &v) {
			cause = v.Detail // the field and what is wrong with it; method and path are implied
		}
		return validationFailed("request", cause) // exact summary unverified: Okta names the failing object here
	}
	return nil
}

func hasBody(method string) bool {
	return method == http.MethodPost || method == http.MethodPut || method == http.MethodPatch
}

func (o *Org) addViolation(c *call, detail string) {
	o.violations = append(o.violations, Violation{Method: c.req.Method, Path: c.req.URL.Path, Query: loggableQuery(c.req.URL), Detail: detail})
	o.debugf("sim: spec violation: %s %s: %s", c.req.Method, c.req.URL.Path, detail)
}

// SpecCheckOn returns an error when the spec check lets through a request real Okta rejects
// (an identity provider whose type is a number): with the check switched off or its spec
// missing, a suite's "no spec violations" guard would pass without meaning anything.
func (o *Org) SpecCheckOn() error {
	const body = `{"type":42,"name":"spec check canary"}`
	req, err := http.NewRequest(http.MethodPost, o.baseURL+"/api/v1/idps", strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if o.validator.Validate(req, []byte(body)) == nil {
		return errors.New("the simulated org's spec check accepted an identity provider whose type is a number: it is off, so no spec violation can be seen")
	}
	return nil
}
