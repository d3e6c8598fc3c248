package sim

import (
	"crypto/rsa"
	"net/http"
	"sync"
	"time"
)

// The org authorization server's sign-in state: authorize requests of apps waiting for the
// user, transactions waiting for an upstream identity provider, sessions, codes and the
// access tokens of signed-in users. Everything here is guarded by Org.mu, except the signing
// keys (sync.Once) and the HTTP client that talks to upstream identity providers.
type federationState struct {
	jitEnabled       bool
	socialEventsOnly bool
	tokenFault       TokenFault

	keys signingKeys

	appRequests map[string]*appRequest  // okta_key -> an app's authorize request
	upstream    map[string]*upstreamTxn // the state sent upstream -> its transaction
	codes       map[string]*authCode
	sessions    map[string]*session
	userTokens  map[string]*userAccessToken

	httpClient *http.Client // calls to upstream IdPs (token, keys, userinfo)
}

// Lifetimes of the sign-in state. // values unverified: Okta documents the code's and the
// access token's, not how long it waits for an IdP.
const (
	appRequestLifetime  = 15 * time.Minute
	upstreamLifetime    = 15 * time.Minute
	authCodeLifetime    = 5 * time.Minute
	userTokenLifetime   = time.Hour
	idTokenLifetime     = time.Hour
	sessionLifetime     = 2 * time.Hour
	upstreamCallTimeout = 10 * time.Second
)

func newFederationState() federationState {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	return federationState{
		jitEnabled:  true,
		appRequests: map[string]*appRequest{},
		upstream:    map[string]*upstreamTxn{},
		codes:       map[string]*authCode{},
		sessions:    map[string]*session{},
		userTokens:  map[string]*userAccessToken{},
		httpClient: &http.Client{
			Transport: transport,
			Timeout:   upstreamCallTimeout,
			// The token, keys and userinfo calls are never redirected at real IdPs; following a
			// redirect would hide a wrong endpoint URL.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
}

func (f *federationState) closeIdleUpstream() { f.httpClient.CloseIdleConnections() }

// prune forgets expired requests, transactions, codes, sessions and tokens, so a long-running
// simulated org (the demo) does not grow without bound. Call with Org.mu held.
func (f *federationState) prune(now time.Time) {
	deleteExpired(f.appRequests, now, func(r *appRequest) time.Time { return r.expires })
	deleteExpired(f.upstream, now, func(t *upstreamTxn) time.Time { return t.expires })
	deleteExpired(f.codes, now, func(c *authCode) time.Time { return c.expires })
	deleteExpired(f.sessions, now, func(s *session) time.Time { return s.expires })
	deleteExpired(f.userTokens, now, func(t *userAccessToken) time.Time { return t.expires })
}

func deleteExpired[V any](m map[string]V, now time.Time, expires func(V) time.Time) {
	for k, v := range m {
		if now.After(expires(v)) {
			delete(m, k)
		}
	}
}

// appRequest is an app's validated authorize request, kept while the user signs in.
type appRequest struct {
	key          string // okta_key: carried by the hosted page and /sso/idps links
	appID        string // also the client_id
	redirectURI  string
	responseType string // "code" or "id_token"
	responseMode string // "query", "fragment" or "form_post"
	state, nonce string
	scopes       []string
	challenge    string   // PKCE S256 code_challenge
	idpScopes    []string // idp_scope: extra scopes sent to the IdP
	expires      time.Time
}

func (r *appRequest) delivery() delivery {
	return delivery{redirectURI: r.redirectURI, mode: r.responseMode, state: r.state}
}

// upstreamTxn is one round trip to an identity provider. Its id is the state sent upstream
// and the System Log transaction id of every event of the sign-in.
type upstreamTxn struct {
	id       string
	idpID    string
	nonce    string
	verifier string      // PKCE code_verifier, when the IdP requires PKCE
	app      *appRequest // nil for a sign-in to the org itself (hosted page, no app)
	expires  time.Time
}

// session is an Okta browser session (the "sid" cookie).
type session struct {
	id       string
	userID   string
	idpID    string
	authTime time.Time
	expires  time.Time
}

// authCode is an authorization code issued to an app.
type authCode struct {
	req      *appRequest
	userID   string
	idpID    string
	authTime time.Time
	expires  time.Time
}

// userAccessToken is an access token of a signed-in user, good for /oauth2/v1/userinfo only.
type userAccessToken struct {
	clientID string
	userID   string
	scopes   []string
	expires  time.Time
}

// SetJITEnabled switches the org-wide Just-In-Time provisioning setting (Customizations >
// Other > Just In Time Provisioning; no public API exists for it). It is on in a new
// simulated org. Off, a sign-in through an IdP whose user matches nobody fails with
// "User Not Found" and no JIT entries in the System Log, even when the IdP's provisioning
// action is AUTO (okta-api.md §13): this is the org checklist item the wizard asks the
// admin to confirm.
func (o *Org) SetJITEnabled(enabled bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.fed.jitEnabled = enabled
}

// SetSocialEventsOnly changes how a sign-in through an identity provider is logged once the
// IdP has answered: on, as user.authentication.auth_via_social alone (the shape of the
// support article on a generic OIDC IdP's JIT failure); off (the default), as
// auth_via_social and auth_via_IDP. Either way failures before the IdP answers are
// auth_via_IDP. A reader that follows only one of the two event types misses sign-ins in
// one of the modes.
func (o *Org) SetSocialEventsOnly(on bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.fed.socialEventsOnly = on
}

// TokenFault breaks the ID tokens the org issues to apps, so that a relying party's verifier
// can be shown to reject them. Switches combine; the zero value issues good tokens.
type TokenFault struct {
	WrongKey      bool   // signed by a key missing from /oauth2/v1/keys, under the real kid
	WrongAudience bool   // aud is not the app's client_id
	WrongIssuer   bool   // iss is another org's URL
	Expired       bool   // exp an hour in the past
	AlgNone       bool   // unsigned, "alg":"none"
	Nonce         string // replaces the nonce claim when not empty
}

// SetTokenFault applies f to every ID token issued from now on (implicit and code grants).
func (o *Org) SetTokenFault(f TokenFault) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.fed.tokenFault = f
}

// signingKeys are the org authorization server's keys, made on first use (RSA key
// generation is slow and most tests never sign anyone in).
type signingKeys struct {
	once   sync.Once
	key    *rsa.PrivateKey
	kid    string
	forger *rsa.PrivateKey // for TokenFault.WrongKey: never published
	err    error
}
