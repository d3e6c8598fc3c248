package signin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps"
)

// Flows of the test sign-in.
const (
	// FlowCode is the authorization code flow with PKCE (S256): the default, and what a real
	// app would use.
	FlowCode = "code"
	// FlowIDToken is the guide's own URL: response_type=id_token, response_mode=form_post.
	FlowIDToken = "id_token"
)

// DefaultTimeout is how long Run waits for the browser to come back.
const DefaultTimeout = 5 * time.Minute

// DefaultLogSettle is how long a failed test (and the portal check) waits for Okta's System
// Log to show the sign-in's events: Okta writes them asynchronously, sometimes many seconds
// late.
const DefaultLogSettle = 60 * time.Second

// Options configure Run.
type Options struct {
	Okta     *okta.Client // reads: users, IdP users, IdP schema, IdP, app, logs
	OrgURL   string
	ClientID string // the test app
	IdPID    string
	Port     int    // preferred callback port; 0 = steps.DefaultCallbackPort
	Flow     string // FlowCode (default) or FlowIDToken
	Timeout  time.Duration
	// Expect is the mapping table: which Okta user attributes should come back filled.
	Expect     []steps.MappingRow
	HTTPClient *http.Client // for discovery, keys and the token exchange; nil = 30 s timeout
	Now        func() time.Time
	// EnsurePort is called with the port actually bound, before the URL is shown, so the
	// app's redirect URIs can be updated when the preferred port was taken. Nil: the port
	// is assumed to be registered (the test-app step registers the preferred one).
	EnsurePort func(ctx context.Context, port int) error
	// Show is called once with the authorize URL: always shown, so it can be copied into a
	// browser by hand. OpenBrowser may be nil (--no-browser).
	Show        func(authorizeURL string)
	OpenBrowser func(url string) error
	// LogSettle is how long a failed test polls the System Log for the sign-in's events;
	// 0 = DefaultLogSettle, negative = read it once. LogWaiting (may be nil) is told of each
	// pause, so the wait can be shown; cancelling the run's context ends it.
	LogSettle  time.Duration
	LogWaiting func(waited, deadline time.Duration)
}

// withDefaults validates o and fills in the defaults.
func (o Options) withDefaults() (Options, error) {
	var errs []error
	if o.Okta == nil {
		errs = append(errs, errors.New("no Okta client"))
	}
	org, err := okta.NormalizeOrgURL(o.OrgURL)
	if err != nil {
		errs = append(errs, err)
	}
	o.OrgURL = org
	if strings.TrimSpace(o.ClientID) == "" {
		errs = append(errs, errors.New("no client ID of the test app: run the test-app step first"))
	}
	if strings.TrimSpace(o.IdPID) == "" {
		errs = append(errs, errors.New("no identity provider id: run the identity-provider step first"))
	}
	switch o.Flow {
	case "":
		o.Flow = FlowCode
	case FlowCode, FlowIDToken:
	default:
		errs = append(errs, fmt.Errorf("flow %q is not known: use %q or %q", o.Flow, FlowCode, FlowIDToken))
	}
	if o.Port == 0 {
		o.Port = steps.DefaultCallbackPort
	}
	if o.Port < 0 || o.Port > 65535 {
		errs = append(errs, fmt.Errorf("callback port %d is not a TCP port", o.Port))
	}
	if o.Timeout < 0 {
		errs = append(errs, errors.New("timeout must not be negative"))
	}
	if len(errs) > 0 {
		return o, fmt.Errorf("test sign-in: %w", errors.Join(errs...))
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.LogSettle == 0 {
		o.LogSettle = DefaultLogSettle
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Show == nil {
		o.Show = func(string) {}
	}
	return o, nil
}
