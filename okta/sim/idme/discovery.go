package idme

import "net/http"

// discovery mirrors ID.me's openid-configuration (idme.md §1.1) with two deliberate
// differences: it advertises only what this simulator implements (the code flow, RS256,
// no refresh grant), and it lists code_challenge_methods_supported, which ID.me's PKCE page
// says the document exposes. Policy handles are per client and never listed in
// scopes_supported, as at ID.me.
type discovery struct {
	Issuer                            string   `json:"issuer"`
	AuthorizationEndpoint             string   `json:"authorization_endpoint"`
	TokenEndpoint                     string   `json:"token_endpoint"`
	UserinfoEndpoint                  string   `json:"userinfo_endpoint"`
	JWKSURI                           string   `json:"jwks_uri"`
	ScopesSupported                   []string `json:"scopes_supported"`
	ResponseTypesSupported            []string `json:"response_types_supported"`
	GrantTypesSupported               []string `json:"grant_types_supported"`
	SubjectTypesSupported             []string `json:"subject_types_supported"`
	IDTokenSigningAlgValuesSupported  []string `json:"id_token_signing_alg_values_supported"`
	UserinfoSigningAlgValuesSupported []string `json:"userinfo_signing_alg_values_supported"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported"`
	CodeChallengeMethodsSupported     []string `json:"code_challenge_methods_supported"`
}

func (s *Server) handleDiscovery(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, discovery{
		Issuer:                            s.Issuer(),
		AuthorizationEndpoint:             s.base + "oauth/authorize",
		TokenEndpoint:                     s.base + "oauth/token",
		UserinfoEndpoint:                  s.base + "api/public/v3/userinfo",
		JWKSURI:                           s.base + "oidc/.well-known/jwks",
		ScopesSupported:                   []string{"openid"},
		ResponseTypesSupported:            []string{"code"},
		GrantTypesSupported:               []string{"authorization_code"},
		SubjectTypesSupported:             []string{"public"},
		IDTokenSigningAlgValuesSupported:  []string{"RS256"},
		UserinfoSigningAlgValuesSupported: []string{"RS256"},
		TokenEndpointAuthMethodsSupported: []string{"client_secret_post", "client_secret_basic"},
		CodeChallengeMethodsSupported:     []string{"S256"},
	})
}

func (s *Server) handleJWKS(w http.ResponseWriter, _ *http.Request) {
	jwks, err := s.keys.public()
	if err != nil {
		newOAuthError(http.StatusInternalServerError, "server_error", "the signing keys could not be made").writeJSON(w)
		return
	}
	writeJSON(w, http.StatusOK, jwks)
}
