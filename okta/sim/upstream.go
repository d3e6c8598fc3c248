package sim

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// The calls the org makes to an upstream OIDC identity provider after the user comes back
// with a code: the token exchange at the IdP's configured token URL, the ID token check
// against its configured JWKS URL and issuer, and — only when a userinfo endpoint is
// configured — the userinfo call, whose answer must be a JSON object of claims. They run
// without the org's lock.

// upstreamIdentity is what the IdP said about the user.
type upstreamIdentity struct {
	subject string
	claims  JSON // the ID token's claims, or userinfo's when a userinfo endpoint is configured
}

// signInFailure ends a sign-in: reason is the auth_via_IDP event's outcome.reason and the
// error_description the app receives.
type signInFailure struct {
	reason   string
	username string // the transformed username, once known
	user     *user  // the matched or created user, once known
	// userStage: the IdP had answered and the failure is about the Okta user (username,
	// matching, JIT, mapping); such outcomes are logged as auth_via_social too (signin_events.go).
	userStage bool
	// socialReason is auth_via_social's reason when it is not reason ("" = the same).
	socialReason string
}

func failf(format string, args ...any) *signInFailure {
	return &signInFailure{reason: fmt.Sprintf(format, args...)}
}

// Failure reasons that more than one stage of a sign-in gives: the IdP can be deactivated or
// deleted while the person is away at it. // exact texts unverified
const reasonIdPDeleted = "The identity provider was deleted during the sign-in."

func idpNotActive(p *idp) string { return fmt.Sprintf("Identity provider %q is not active.", p.name()) }

// upstreamUserAgent names the org in its calls to IdPs.
const upstreamUserAgent = "Okta (simulated org)"

// maxUpstreamBody bounds what the org reads from an IdP.
const maxUpstreamBody = 1 << 20

type upstreamTokens struct {
	IDToken     string `json:"id_token"`
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
}

type upstreamError struct {
	Code        string `json:"error"`
	Description string `json:"error_description"`
}

func (o *Org) fetchUpstreamIdentity(ctx context.Context, cfg idpConfig, txn *upstreamTxn, code string, now time.Time) (*upstreamIdentity, *signInFailure) {
	client := o.fed.httpClient
	tokens, fail := exchangeCode(ctx, client, cfg, txn, code)
	if fail != nil {
		return nil, fail
	}
	claims, err := verifyUpstreamIDToken(ctx, client, cfg, tokens.IDToken, txn.nonce, now)
	if err != nil {
		return nil, failf("%s sent an ID token that failed verification: %v", cfg.displayPrefix, err)
	}
	sub, _ := claims["sub"].(string)
	if cfg.userinfoURL == "" {
		return &upstreamIdentity{subject: sub, claims: claims}, nil
	}
	// With a userinfo endpoint configured Okta reads the profile from userinfo only
	// (okta-api.md §1). ID.me answers it with a JWT string, which is not a JSON object: this
	// is why the guide says to leave the field blank (idme.md §5.1).
	info, fail := fetchUserinfo(ctx, client, cfg, tokens.AccessToken)
	if fail != nil {
		return nil, fail
	}
	if infoSub, _ := info["sub"].(string); infoSub != sub {
		return nil, failf("%s userinfo endpoint answered for subject %q, not the ID token's %q", cfg.displayPrefix, infoSub, sub)
	}
	return &upstreamIdentity{subject: sub, claims: info}, nil
}

// exchangeCode redeems the code at the IdP's token URL with the IdP's client id and secret
// (client_secret_post unless the IdP says client_secret_basic).
func exchangeCode(ctx context.Context, client *http.Client, cfg idpConfig, txn *upstreamTxn, code string) (*upstreamTokens, *signInFailure) {
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {cfg.callbackURL}}
	if txn.verifier != "" {
		form.Set("code_verifier", txn.verifier)
	}
	basic := cfg.authMethod == "client_secret_basic"
	if !basic {
		form.Set("client_id", cfg.clientID)
		form.Set("client_secret", cfg.clientSecret)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, cfg.tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, failf("%s token endpoint %q is not a usable URL: %v", cfg.displayPrefix, cfg.tokenURL, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basic {
		// RFC 6749 §2.3.1: form-encode the credentials before Basic encoding.
		req.SetBasicAuth(url.QueryEscape(cfg.clientID), url.QueryEscape(cfg.clientSecret))
	}
	status, body, err := doUpstream(client, req)
	if err != nil {
		return nil, failf("%s token endpoint could not be reached: %v", cfg.displayPrefix, err)
	}
	if status != http.StatusOK {
		return nil, endpointRefused(cfg, "token", status, body)
	}
	var tokens upstreamTokens
	if err := json.Unmarshal(body, &tokens); err != nil {
		return nil, failf("%s token endpoint answer is not a JSON object: %v", cfg.displayPrefix, err)
	}
	if tokens.IDToken == "" {
		return nil, failf("%s token endpoint answered without an id_token", cfg.displayPrefix)
	}
	return &tokens, nil
}

// verifyUpstreamIDToken checks the IdP's ID token: RS256 signature by a key of the IdP's
// JWKS (chosen by kid), iss = the configured issuer, aud = the IdP client id, exp (with the
// IdP's maxClockSkew, or a minute when it is 0), and the nonce Okta sent.
func verifyUpstreamIDToken(ctx context.Context, client *http.Client, cfg idpConfig, raw, nonce string, now time.Time) (JSON, error) {
	if strings.Count(raw, ".") == 4 {
		return nil, errors.New("it is encrypted (JWE); Okta cannot decrypt ID tokens from an identity provider")
	}
	tok, err := jwt.ParseSigned(raw, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return nil, fmt.Errorf("it is not an RS256-signed JWT: %w", err)
	}
	keys, err := fetchJWKS(ctx, client, cfg.jwksURL)
	if err != nil {
		return nil, err
	}
	kid := tok.Headers[0].KeyID
	var key *jose.JSONWebKey
	for _, k := range keys.Key(kid) {
		if k.Use == "" || k.Use == "sig" {
			key = &k
			break
		}
	}
	if key == nil {
		return nil, fmt.Errorf("no signing key with kid %q in the JWKS at %s", kid, cfg.jwksURL)
	}
	var std jwt.Claims
	claims := JSON{}
	if err := tok.Claims(key.Key, &std, &claims); err != nil {
		return nil, fmt.Errorf("signature check: %w", err)
	}
	if std.Expiry == nil {
		return nil, errors.New("it has no exp claim")
	}
	leeway := cfg.maxClockSkew
	if leeway <= 0 {
		leeway = jwt.DefaultLeeway
	}
	expected := jwt.Expected{Issuer: cfg.issuer, AnyAudience: jwt.Audience{cfg.clientID}, Time: now}
	if err := std.ValidateWithLeeway(expected, leeway); err != nil {
		return nil, fmt.Errorf("%w (iss %q, aud %v; expected iss %q, aud %q)", err, std.Issuer, []string(std.Audience), cfg.issuer, cfg.clientID)
	}
	if got, _ := claims["nonce"].(string); got != nonce {
		return nil, errors.New("its nonce is not the one Okta sent")
	}
	if std.Subject == "" {
		return nil, errors.New("it has no sub claim")
	}
	return claims, nil
}

func fetchJWKS(ctx context.Context, client *http.Client, jwksURL string) (*jose.JSONWebKeySet, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, jwksURL, nil)
	if err != nil {
		return nil, fmt.Errorf("JWKS URL %q: %w", jwksURL, err)
	}
	status, body, err := doUpstream(client, req)
	if err != nil {
		return nil, fmt.Errorf("fetch the JWKS at %s: %w", jwksURL, err)
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("fetch the JWKS at %s: HTTP %d", jwksURL, status)
	}
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(body, &set); err != nil {
		return nil, fmt.Errorf("the JWKS at %s is not a key set: %w", jwksURL, err)
	}
	return &set, nil
}

// fetchUserinfo calls the configured userinfo endpoint and reads its answer as a JSON object
// of claims, as Okta does.
func fetchUserinfo(ctx context.Context, client *http.Client, cfg idpConfig, accessToken string) (JSON, *signInFailure) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cfg.userinfoURL, nil)
	if err != nil {
		return nil, failf("%s userinfo endpoint %q is not a usable URL: %v", cfg.displayPrefix, cfg.userinfoURL, err)
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	status, body, err := doUpstream(client, req)
	if err != nil {
		return nil, failf("%s userinfo endpoint could not be reached: %v", cfg.displayPrefix, err)
	}
	if status != http.StatusOK {
		return nil, endpointRefused(cfg, "userinfo", status, body)
	}
	var info JSON
	if err := json.Unmarshal(body, &info); err != nil || info == nil {
		what := "null"
		if err != nil {
			what = err.Error()
		}
		return nil, failf("%s userinfo response could not be parsed as a JSON object of claims: %s", cfg.displayPrefix, what)
	}
	return info, nil
}

// endpointRefused describes a non-200 answer of one of the IdP's endpoints: its OAuth error
// code and description when it sent them, else the bare HTTP status.
func endpointRefused(cfg idpConfig, endpoint string, status int, body []byte) *signInFailure {
	var e upstreamError
	if json.Unmarshal(body, &e) == nil && e.Code != "" {
		return failf("%s %s endpoint returned error %s: %s", cfg.displayPrefix, endpoint, e.Code, e.Description)
	}
	return failf("%s %s endpoint answered HTTP %d", cfg.displayPrefix, endpoint, status)
}

// doUpstream sends a request with the headers every call to an IdP carries and reads a
// bounded answer.
func doUpstream(client *http.Client, req *http.Request) (int, []byte, error) {
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", upstreamUserAgent)
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxUpstreamBody))
	if err != nil {
		return resp.StatusCode, nil, fmt.Errorf("read the answer: %w", err)
	}
	return resp.StatusCode, body, nil
}
