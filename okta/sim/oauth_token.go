package sim

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// The org authorization server's token endpoint, POST /oauth2/v1/token. Each grant type is
// handled in its own file and registered here; an unregistered grant type is answered
// unsupported_grant_type, as Okta answers a grant the client is not configured for.
type grantHandler func(o *Org, c *call, form url.Values) reply

var grantHandlers = map[string]grantHandler{}

func registerGrant(grantType string, h grantHandler) { grantHandlers[grantType] = h }

func (o *Org) token(c *call) reply {
	form, err := tokenForm(c)
	if err != nil {
		return oauthFail(http.StatusBadRequest, "invalid_request", "The request body could not be parsed.") // exact text unverified
	}
	grant := form.Get("grant_type")
	if grant == "" {
		return oauthFail(http.StatusBadRequest, "invalid_request", "The 'grant_type' parameter is required.") // exact text unverified
	}
	h, ok := grantHandlers[grant]
	if !ok {
		return oauthFail(http.StatusBadRequest, "unsupported_grant_type",
			"The authorization grant type is not supported by the authorization server. Configured grant types: ["+strings.Join(slices.Sorted(maps.Keys(grantHandlers)), ", ")+"].")
	}
	return h(o, c, form)
}

// tokenForm merges the query string and a form body. okta-sdk-golang sends the token request
// parameters in the query string with an empty body, and Okta accepts that; a form body wins.
func tokenForm(c *call) (url.Values, error) {
	form := url.Values{}
	for k, v := range c.query {
		form[k] = v
	}
	if len(c.body) == 0 {
		return form, nil
	}
	body, err := url.ParseQuery(string(c.body))
	if err != nil {
		return nil, err
	}
	for k, v := range body {
		form[k] = v
	}
	return form, nil
}

func oauthFail(status int, code, description string) reply {
	return reply{oauthErr: &oauthError{status: status, Code: code, Description: description}}
}
