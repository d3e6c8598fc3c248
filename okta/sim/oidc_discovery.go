package sim

import "net/http"

// The org authorization server's OpenID Connect discovery document: what real orgs publish at
// /.well-known/openid-configuration (issuer = the org URL), narrowed to what this simulated org
// implements, so that a client relying on an advertised feature finds it here.
type discoveryDocument struct {
	Issuer                            string   `json:"issuer"`
	AuthorizationEndpoint             string   `json:"authorization_endpoint"`
	TokenEndpoint                     string   `json:"token_endpoint"`
	UserinfoEndpoint                  string   `json:"userinfo_endpoint"`
	JWKSURI                           string   `json:"jwks_uri"`
	ResponseTypesSupported            []string `json:"response_types_supported"`
	ResponseModesSupported            []string `json:"response_modes_supported"`
	GrantTypesSupported               []string `json:"grant_types_supported"`
	SubjectTypesSupported             []string `json:"subject_types_supported"`
	IDTokenSigningAlgValuesSupported  []string `json:"id_token_signing_alg_values_supported"`
	ScopesSupported                   []string `json:"scopes_supported"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported"`
	ClaimsSupported                   []string `json:"claims_supported"`
	CodeChallengeMethodsSupported     []string `json:"code_challenge_methods_supported"`
	RequestParameterSupported         bool     `json:"request_parameter_supported"`
}

// orgScopes are the scopes the org authorization server knows.
var orgScopes = []string{"openid", "profile", "email", "address", "phone", "offline_access"}

func (o *Org) discovery(*call) reply {
	base := o.baseURL
	return reply{status: http.StatusOK, header: http.Header{"Cache-Control": {"max-age=86400, must-revalidate"}}, body: discoveryDocument{
		Issuer:                            base,
		AuthorizationEndpoint:             base + "/oauth2/v1/authorize",
		TokenEndpoint:                     base + "/oauth2/v1/token",
		UserinfoEndpoint:                  base + "/oauth2/v1/userinfo",
		JWKSURI:                           base + "/oauth2/v1/keys",
		ResponseTypesSupported:            []string{"code", "id_token"},
		ResponseModesSupported:            []string{"query", "fragment", "form_post"},
		GrantTypesSupported:               []string{"authorization_code", "implicit", "client_credentials"},
		SubjectTypesSupported:             []string{"public"},
		IDTokenSigningAlgValuesSupported:  []string{"RS256"},
		ScopesSupported:                   orgScopes,
		TokenEndpointAuthMethodsSupported: []string{"client_secret_basic", "client_secret_post", "private_key_jwt", "none"},
		ClaimsSupported: []string{"iss", "ver", "sub", "aud", "iat", "exp", "jti", "auth_time", "amr", "idp", "nonce",
			"name", "given_name", "family_name", "preferred_username", "email"},
		CodeChallengeMethodsSupported: []string{"S256"},
	}}
}
