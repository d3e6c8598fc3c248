// Package idme is an in-process stand-in for ID.me's OpenID provider. It serves ID.me's own
// paths (issuer <base>oidc, /oauth/authorize, /oauth/token, /oidc/.well-known/jwks, userinfo)
// on loopback, enforces ID.me's rules that trip up relying parties (scope must be exactly
// "openid <policy handle>", exact redirect URIs, single-use codes and access tokens, userinfo
// answered as a JWT string) and lets tests forge broken ID tokens.
package idme

import (
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/idme-okta/idme-okta/okta/sim/internal/loopback"
)

// Options configure a simulated ID.me.
type Options struct {
	Addr       string           // "" = 127.0.0.1:0; must be loopback
	Now        func() time.Time // nil = time.Now
	Clients    []Client         // registered relying parties
	Policies   []Policy         // nil = DefaultPolicies()
	Identities []Identity       // nil = DefaultIdentities()
	// ClaimStyle names the claims in tokens and userinfo: "" or ClaimsGuide for the guide's
	// names, ClaimsOIDC for OpenID Connect's. Identities and policies are always written in
	// the guide's names; the style renames what is released.
	ClaimStyle ClaimStyle
}

// Client is a relying party registered with ID.me (in real life, by a Solution Consultant).
type Client struct {
	ID, Secret   string
	RedirectURIs []string // exact match, as ID.me requires
	Policies     []string // policy handles this client may request
}

// Server is a running simulated ID.me.
type Server struct {
	base       string
	now        func() time.Time
	keys       *keySet
	policies   map[string]Policy
	identities []Identity // in consent-page order
	claimStyle ClaimStyle
	httpServer *http.Server
	served     chan struct{} // closed when Serve returns

	mu       sync.Mutex
	clients  map[string]Client
	pending  map[string]pendingConsent // consent pages shown, not yet answered
	codes    map[string]*codeGrant
	access   map[string]accessGrant
	fault    TokenFault
	requests []Request
}

// Start listens on opts.Addr and serves until Close.
func Start(opts Options) (*Server, error) {
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	if err := loopback.Check(addr); err != nil {
		return nil, fmt.Errorf("start simulated ID.me: %w; it never listens beyond this machine", err)
	}
	s, err := newServer(opts)
	if err != nil {
		return nil, fmt.Errorf("start simulated ID.me: %w", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("start simulated ID.me: listen on %s: %w", addr, err)
	}
	s.base = "http://" + ln.Addr().String() + "/"
	s.httpServer = &http.Server{Handler: s.routes(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(s.served)
		_ = s.httpServer.Serve(ln) // always ErrServerClosed after Close
	}()
	return s, nil
}

func newServer(opts Options) (*Server, error) {
	policies := opts.Policies
	if policies == nil {
		policies = DefaultPolicies()
	}
	if err := validatePolicies(policies); err != nil {
		return nil, err
	}
	identities := opts.Identities
	if identities == nil {
		identities = DefaultIdentities()
	}
	if err := validateIdentities(identities); err != nil {
		return nil, err
	}
	style := ClaimsGuide
	if opts.ClaimStyle != "" {
		var err error
		if style, err = ParseClaimStyle(string(opts.ClaimStyle)); err != nil {
			return nil, err
		}
	}
	s := &Server{
		now:        opts.Now,
		claimStyle: style,
		keys:       &keySet{}, // made at first use (keys.go)
		policies:   map[string]Policy{},
		served:     make(chan struct{}),
		clients:    map[string]Client{},
		pending:    map[string]pendingConsent{},
		codes:      map[string]*codeGrant{},
		access:     map[string]accessGrant{},
	}
	if s.now == nil {
		s.now = time.Now
	}
	for _, p := range policies {
		p.Claims = slices.Clone(p.Claims)
		s.policies[p.Handle] = p
	}
	// Copy the claim maps so a caller mutating its own values cannot race with requests.
	for _, id := range identities {
		id.Claims = maps.Clone(id.Claims)
		s.identities = append(s.identities, id)
	}
	for _, c := range opts.Clients {
		if err := s.checkClient(c); err != nil {
			return nil, err
		}
		s.RegisterClient(c)
	}
	return s, nil
}

func (s *Server) checkClient(c Client) error {
	if c.ID == "" {
		return errors.New("client with empty ID")
	}
	if _, dup := s.clients[c.ID]; dup {
		return fmt.Errorf("client %q: registered twice", c.ID)
	}
	for _, h := range c.Policies {
		if _, ok := s.policies[h]; !ok {
			return fmt.Errorf("client %q: unknown policy handle %q", c.ID, h)
		}
	}
	return nil
}

// BaseURL is the root every ID.me endpoint hangs off, with a trailing slash like
// https://api.idmelabs.com/.
func (s *Server) BaseURL() string { return s.base }

// Issuer is the OIDC issuer, BaseURL()+"oidc" with no trailing slash.
func (s *Server) Issuer() string { return s.base + "oidc" }

// ClaimStyle is the style of the claims the server releases.
func (s *Server) ClaimStyle() ClaimStyle { return s.claimStyle }

// released is what an identity shares under a policy, named in the server's claim style.
func (s *Server) released(id Identity, p Policy) map[string]any {
	return s.claimStyle.styled(releasedClaims(id, p))
}

// Close stops the server and drops open connections.
func (s *Server) Close() error {
	err := s.httpServer.Close()
	<-s.served
	if err != nil {
		return fmt.Errorf("close simulated ID.me: %w", err)
	}
	return nil
}

// RegisterClient adds a client or replaces the one with the same ID. Policy handles the
// server does not know are kept but can never be requested (authorize answers invalid_scope).
func (s *Server) RegisterClient(c Client) {
	c.RedirectURIs = slices.Clone(c.RedirectURIs)
	c.Policies = slices.Clone(c.Policies)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients[c.ID] = c
}

// AddRedirectURI registers one more exact redirect URI for a client, as a Solution Consultant
// does once the relying party (Okta) tells you its callback.
func (s *Server) AddRedirectURI(clientID, uri string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.clients[clientID]
	if !ok {
		return fmt.Errorf("add redirect URI: unknown client %q", clientID)
	}
	if !slices.Contains(c.RedirectURIs, uri) {
		c.RedirectURIs = append(c.RedirectURIs, uri)
		s.clients[clientID] = c
	}
	return nil
}

// SetTokenFault makes every ID token issued from now on broken in the given ways; the zero
// value restores well-formed tokens.
func (s *Server) SetTokenFault(f TokenFault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault = f
}

func (s *Server) client(id string) (Client, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.clients[id]
	return c, ok
}

func (s *Server) identity(key string) (Identity, bool) {
	for _, id := range s.identities {
		if id.Key == key {
			return id, true
		}
	}
	return Identity{}, false
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /oidc/.well-known/openid-configuration", s.handleDiscovery)
	mux.HandleFunc("GET /oidc/.well-known/jwks", s.handleJWKS)
	mux.HandleFunc("GET /oauth/authorize", s.handleAuthorize)
	mux.HandleFunc("POST /oauth/authorize", s.handleConsent)
	mux.HandleFunc("POST /oauth/token", s.handleToken)
	// ID.me serves userinfo with and without the .json suffix; both answer a JWT string.
	mux.HandleFunc("GET /api/public/v3/userinfo", s.handleUserinfo)
	mux.HandleFunc("GET /api/public/v3/userinfo.json", s.handleUserinfo)
	return s.logRequests(mux)
}
