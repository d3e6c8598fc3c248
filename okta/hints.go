package okta

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// hintContext is what a hint may mention besides the error itself.
type hintContext struct {
	orgURL     string
	serviceApp bool // authenticating as an OAuth service app rather than with an API token
}

// hint returns one actionable line for an answer from Okta, or "" when there is nothing
// better to say than Okta's own summary. Failures without an answer get transportHint.
func (h hintContext) hint(e *APIError) string {
	if s := h.codeHint(e); s != "" {
		return s
	}
	if s := oauthHint(e.OAuthError); s != "" {
		return s
	}
	switch {
	case e.Status == http.StatusUnauthorized:
		return h.credentialsHint()
	case e.Status == http.StatusForbidden:
		return h.permissionHint(e.Op)
	case e.Status == http.StatusTooManyRequests:
		return rateLimitHint
	case e.Status >= 500:
		return "Okta had an internal error: try again in a minute; if it persists, give Okta support the request id"
	}
	return ""
}

const rateLimitHint = "Okta's rate limit was still exceeded after retrying: wait a minute and run again (finished steps are kept)"

func (h hintContext) codeHint(e *APIError) string {
	switch e.Code {
	case "E0000001":
		if len(e.Causes) > 0 {
			return "Okta rejected a value: the cause line names it; fix that value (or the earlier step it depends on, e.g. an attribute not created) and try again"
		}
		return "Okta rejected a value in the request: check the settings you entered"
	case "E0000003":
		return "Okta could not read the request body: this is a bug in idme-okta, please report it with the request id"
	case "E0000004", "E0000005", "E0000011":
		// E0000011 ("Invalid token provided") answers a bad access token as well as a bad
		// API token, so the advice depends on how the client signs in.
		return h.credentialsHint()
	case "E0000006":
		return h.permissionHint(e.Op)
	case "E0000007":
		return "the object does not exist (it may have been deleted in the Admin Console): run the wizard again to recreate it"
	case "E0000015":
		return "this feature is not enabled in your Okta org (it may need Identity Engine or a paid feature): check Settings > Features or ask Okta support"
	case "E0000022":
		return "this Okta org does not support this call: it may be a Classic Engine org"
	case "E0000047":
		return rateLimitHint
	case "E0000239":
		return "Okta is still reconciling policy priorities: wait a few seconds and try again"
	}
	return ""
}

// redirectHint explains a redirect off the org (stayInOrg does not follow it). Only the
// origin of where it pointed is named: the rest of a Location is the answerer's to fill.
func (h hintContext) redirectHint(location string) string {
	to := "another address"
	if u, err := url.Parse(location); err == nil && u.Host != "" {
		to = (&url.URL{Scheme: u.Scheme, Host: u.Host}).String()
	}
	return fmt.Sprintf("%s answered with a redirect to %s, which idme-okta does not follow with your credentials: check the org URL (your Okta org's own address, e.g. https://dev-123456.okta.com)", h.orgURL, to)
}

// notOktaHint explains an answer without Okta's request id or error body.
const notOktaHint = "the answer did not come from Okta (no Okta request id): a proxy, firewall or Wi-Fi sign-in page between this machine and Okta may have answered; check the org URL and the network's proxy settings"

func (h hintContext) credentialsHint() string {
	if h.serviceApp {
		return "Okta rejected the service app's access token: check the client ID, the key ID and that its public key is registered on the app"
	}
	return "the API token is invalid, expired or was revoked: create a new one in Security > API > Tokens"
}

func (h hintContext) permissionHint(op string) string {
	scope := opScopes[op]
	if h.serviceApp {
		if scope == "" {
			return "the service app lacks a scope or admin role for this: grant it the Okta API scopes and an admin role"
		}
		return fmt.Sprintf("the service app needs the %s scope (Okta API Scopes tab) and an admin role such as Super Administrator", scope)
	}
	msg := "the API token acts as the admin who created it, and that admin may not do this: use a token created by a Super Administrator"
	if scope != "" {
		msg += fmt.Sprintf(" (OAuth scope: %s)", scope)
	}
	return msg
}

func oauthHint(code string) string {
	switch code {
	case "invalid_client":
		return "Okta rejected the service app's credentials: check the client ID, that the public key with this key ID is registered on the app, and that the app uses public key / private key authentication"
	case "invalid_scope":
		return "the service app has not been granted all requested scopes: grant them on its Okta API Scopes tab"
	case "unauthorized_client":
		return "the service app may not use the client credentials grant: it must be an API Services app"
	case "invalid_dpop_proof", "use_dpop_nonce":
		return "Okta rejected the DPoP proof: check the machine's clock, or turn off \"Require DPoP\" on the service app"
	}
	return ""
}

// transportHint explains a request that got no HTTP answer at all.
func (h hintContext) transportHint(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, context.Canceled):
		return ""
	case isTimeout(err):
		return fmt.Sprintf("%s did not answer in time: check your network, or try again", h.orgURL)
	case errors.Is(err, errConnectionBroke):
		return fmt.Sprintf("the connection to %s broke before its answer was complete: check your network and run again (finished steps are kept)", h.orgURL)
	case isCertificateError(err):
		return fmt.Sprintf("the TLS certificate presented for %s is not trusted by this machine: check the org URL; a network that inspects HTTPS (a corporate proxy) needs its root certificate installed on this machine", h.orgURL)
	case isProxyError(err):
		return "the HTTP proxy (HTTPS_PROXY) refused the connection: check the proxy's address and credentials, or ask your network administrator"
	}
	return fmt.Sprintf("could not reach %s: check the URL and your network", h.orgURL)
}

// isTimeout reports a request that ran out of time (its deadline, or the network's).
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

func isCertificateError(err error) bool {
	var unknown x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var host x509.HostnameError
	var verify *tls.CertificateVerificationError
	return errors.As(err, &unknown) || errors.As(err, &invalid) || errors.As(err, &host) || errors.As(err, &verify)
}

// isProxyError reports a failure of the proxy rather than of Okta: Go names the dial to the
// proxy "proxyconnect", and reports a refused CONNECT with the proxy's status text.
func isProxyError(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "proxyconnect" {
		return true
	}
	return strings.Contains(err.Error(), "Proxy Authentication Required") || strings.Contains(err.Error(), "proxyconnect")
}

// rateLimitGiveUpHint says what to do once retrying a 429 did not get through: when Okta's
// window resets, from the last answer's headers, or that the org's concurrent limit is full.
func rateLimitGiveUpHint(h http.Header) string {
	// unverified: a concurrent-limit 429 carries X-Rate-Limit-Limit 0 (okta-api.md §7, from
	// Okta's rate-limit pages); seen in no recorded traffic.
	if h.Get("X-Rate-Limit-Limit") == "0" {
		return "too many requests were running against this Okta org at once (its concurrent limit, shared with every app and script using the org): wait a minute and run again (finished steps are kept)"
	}
	reset, ok := resetAt(h)
	if !ok {
		return rateLimitHint
	}
	in := max(reset.Sub(serverNow(h)), time.Second).Round(time.Second)
	at := reset.UTC().Format("15:04:05 UTC")
	words := fmt.Sprintf("%d s", int(in/time.Second))
	if in >= time.Minute {
		at = reset.UTC().Format("15:04 UTC")
		words = fmt.Sprintf("%d min", int((in+30*time.Second)/time.Minute))
	}
	return fmt.Sprintf("Okta's rate limit for this call was still exceeded after retrying; its window resets in %s (at %s by Okta's clock): run again then (finished steps are kept)", words, at)
}
