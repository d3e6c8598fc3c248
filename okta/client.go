package okta

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	sdk "github.com/okta/okta-sdk-golang/v5/okta"
)

// Config says which org to talk to and how to authenticate. Exactly one of Token and
// ServiceApp must be set.
type Config struct {
	OrgURL     string        // as typed by the admin; New normalises it with NormalizeOrgURL
	Token      string        // SSWS API token (secret: never log/print)
	ServiceApp *ServiceApp   // OAuth 2.0 service app instead of Token
	HTTPClient *http.Client  // nil = a client with a 30 s timeout
	MaxRetries int           // retries of 429 / 423 E0000239; 0 = default 3; -1 = none
	MaxWait    time.Duration // cap on one rate-limit wait; 0 = default 60 s
	UserAgent  string        // appended to the SDK user agent, e.g. "idme-okta/1.2.3"
}

// ServiceApp is an Okta API Services app that authenticates with a private key JWT
// (client credentials grant).
type ServiceApp struct {
	ClientID      string
	KeyID         string // the kid of the public key registered on the app
	PrivateKeyPEM []byte // PKCS#1 or PKCS#8 (secret: never log/print)
	Scopes        []string
}

const (
	defaultTimeout    = 30 * time.Second
	defaultMaxRetries = 3
	defaultMaxWait    = 60 * time.Second
)

// String redacts the secrets, so a Config can be printed or logged safely with any verb.
func (c Config) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "okta.Config{OrgURL: %q, Token: %s", c.OrgURL, redacted(c.Token != ""))
	if c.ServiceApp != nil {
		fmt.Fprintf(&b, ", ServiceApp: %s", c.ServiceApp.String())
	}
	fmt.Fprintf(&b, ", MaxRetries: %d, MaxWait: %s, UserAgent: %q}", c.MaxRetries, c.MaxWait, c.UserAgent)
	return b.String()
}

// GoString makes %#v as safe as %v.
func (c Config) GoString() string { return c.String() }

// Format routes every verb (%v, %+v, %#v, %s, %q …) through String, because fmt would
// otherwise print the struct fields, secrets included, for %+v of a pointer's fields.
func (c Config) Format(f fmt.State, verb rune) { fmt.Fprint(f, c.String()) }

// String redacts the private key.
func (s ServiceApp) String() string {
	return fmt.Sprintf("okta.ServiceApp{ClientID: %q, KeyID: %q, PrivateKeyPEM: %s, Scopes: %q}",
		s.ClientID, s.KeyID, redacted(len(s.PrivateKeyPEM) > 0), s.Scopes)
}

// GoString makes %#v as safe as %v.
func (s ServiceApp) GoString() string { return s.String() }

// Format routes every verb through String.
func (s ServiceApp) Format(f fmt.State, verb rune) { fmt.Fprint(f, s.String()) }

func redacted(set bool) string {
	if set {
		return "[redacted]"
	}
	return `""`
}

// Client is the domain client over okta-sdk-golang. Its methods are safe for concurrent use.
type Client struct {
	orgURL     string
	api        *sdk.APIClient
	transport  *recordingTransport
	maxRetries int
	maxWait    time.Duration
	hints      hintContext
	// sleep waits between retries; tests replace it so no test waits for real.
	sleep func(ctx context.Context, d time.Duration) error

	tokenMu    sync.Mutex  // see tokenGate
	tokenReady atomic.Bool // a service app call has got through, so a token is cached

	waits waitState // the pauses before retries in progress, for people to see (wait.go)
}

// New validates cfg and builds a client. It does not contact Okta.
func New(cfg Config) (*Client, error) {
	org, err := NormalizeOrgURL(cfg.OrgURL)
	if err != nil {
		return nil, err
	}
	hasToken := strings.TrimSpace(cfg.Token) != ""
	switch {
	case hasToken && cfg.ServiceApp != nil:
		return nil, errors.New("okta client: set either an API token or a service app, not both")
	case !hasToken && cfg.ServiceApp == nil:
		return nil, errors.New("okta client: an API token or a service app is required")
	case cfg.ServiceApp != nil:
		if err := cfg.ServiceApp.validate(); err != nil {
			return nil, err
		}
	}
	if cfg.MaxWait < 0 {
		return nil, errors.New("okta client: MaxWait must not be negative")
	}

	hc := &http.Client{Timeout: defaultTimeout}
	if cfg.HTTPClient != nil {
		copied := *cfg.HTTPClient // never modify the caller's client
		hc = &copied
	}
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	rt := &recordingTransport{base: base}
	hc.Transport = rt
	hc.CheckRedirect = stayInOrg(org, hc.CheckRedirect)

	c := &Client{
		orgURL:     org,
		api:        sdk.NewAPIClient(sdkConfiguration(org, cfg, hc)),
		transport:  rt,
		maxRetries: cfg.MaxRetries,
		maxWait:    cfg.MaxWait,
		hints:      hintContext{orgURL: org, serviceApp: cfg.ServiceApp != nil},
		sleep:      sleepContext,
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = defaultMaxRetries
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.maxWait == 0 {
		c.maxWait = defaultMaxWait
	}
	return c, nil
}

// stayInOrg is a redirect policy that follows a redirect only within the org's own origin
// (scheme, host and port), under the caller's policy (else Go's: at most 10). Go keeps the
// Authorization header on a redirect to the same host name on another port or to a
// subdomain, and whatever answers elsewhere would be read as Okta's, so a redirect off the
// org comes back as the 3xx itself, which apiError explains.
func stayInOrg(org string, inner func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	o, _ := url.Parse(org) // org is already normalised
	return func(req *http.Request, via []*http.Request) error {
		if !sameOrigin(req.URL, o) {
			return http.ErrUseLastResponse
		}
		if inner != nil {
			return inner(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}

func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && portOf(a) == portOf(b)
}

// portOf is u's port, the scheme's default when none is written.
func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "http") {
		return "80"
	}
	return "443"
}

// OrgURL is the normalised org base URL, e.g. "https://dev-123456.okta.com".
func (c *Client) OrgURL() string { return c.orgURL }

// sdkConfiguration builds the SDK configuration field by field instead of calling
// sdk.NewConfiguration, which reads ~/.okta/okta.yaml, a .okta.yaml beside the SDK source
// and every OKTA_CLIENT_* variable, prints "error parsing" to stdout (corrupting the TUI) on
// a malformed one, and drops the port from the org URL.
func sdkConfiguration(org string, cfg Config, hc *http.Client) *sdk.Configuration {
	u, _ := url.Parse(org) // org is already normalised
	sc := &sdk.Configuration{
		Host:          u.Host, // host:port: prepareRequest overwrites every request's host with it
		Scheme:        u.Scheme,
		DefaultHeader: map[string]string{},
		UserAgent:     fmt.Sprintf("okta-sdk-golang/%s golang/%s %s/%s", sdk.VERSION, runtime.Version(), runtime.GOOS, runtime.GOARCH),
		Servers: sdk.ServerConfigurations{{
			URL: org,
		}},
		OperationServers: map[string]sdk.ServerConfigurations{},
		HTTPClient:       hc,
		UserAgentExtra:   cfg.UserAgent,
		Context:          context.Background(), // used only by APIResponse.Next, which we never call
	}
	if sc.UserAgentExtra != "" {
		sc.UserAgent += " " + sc.UserAgentExtra
	}
	sc.Okta.Client.OrgUrl = org
	sc.Okta.Client.Cache.Enabled = false // the SDK cache serves stale lists after writes
	// Only call.go retries: it re-runs the whole SDK call, so auth headers and DPoP proofs
	// are regenerated, and it keeps the 429 body that the SDK's own retry drains.
	sc.Okta.Client.RateLimit.MaxRetries = 0
	sc.Okta.Client.RateLimit.MaxBackoff = 0
	if app := cfg.ServiceApp; app != nil {
		sc.Okta.Client.AuthorizationMode = "PrivateKey"
		sc.Okta.Client.ClientId = app.ClientID
		sc.Okta.Client.PrivateKey = string(app.PrivateKeyPEM)
		sc.Okta.Client.PrivateKeyId = app.KeyID
		sc.Okta.Client.Scopes = app.Scopes
		if len(sc.Okta.Client.Scopes) == 0 {
			sc.Okta.Client.Scopes = DefaultScopes()
		}
	} else {
		sc.Okta.Client.AuthorizationMode = "SSWS"
		sc.Okta.Client.Token = strings.TrimSpace(cfg.Token)
	}
	return sc
}

// validate checks the service app settings up front, because the SDK only reports a bad key
// at the first request, as "invalid private key".
func (s *ServiceApp) validate() error {
	if strings.TrimSpace(s.ClientID) == "" {
		return errors.New("okta client: the service app's client ID is empty")
	}
	block, _ := pem.Decode(s.PrivateKeyPEM)
	if block == nil {
		return errors.New("okta client: the service app's private key is not PEM (it must start with -----BEGIN PRIVATE KEY-----)")
	}
	switch block.Type {
	case "RSA PRIVATE KEY":
		if _, err := x509.ParsePKCS1PrivateKey(block.Bytes); err != nil {
			return fmt.Errorf("okta client: parse the service app's RSA private key: %w", err)
		}
	case "PRIVATE KEY":
		if _, err := x509.ParsePKCS8PrivateKey(block.Bytes); err != nil {
			return fmt.Errorf("okta client: parse the service app's PKCS#8 private key: %w", err)
		}
	default:
		return fmt.Errorf("okta client: the service app's key is a %q block; a PKCS#1 or PKCS#8 private key is needed", block.Type)
	}
	return nil
}
