package sim

import "github.com/idme-okta/idme-okta/okta/sim/openapi"

// sharedValidator provides the validator used when Options.Validator is nil: Okta's spec,
// loaded once per process.
var sharedValidator = func() (RequestValidator, error) {
	v, err := openapi.Shared()
	if err != nil {
		return nil, err
	}
	return v, nil
}
