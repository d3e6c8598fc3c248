package sim

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/idme-okta/idme-okta/okta/sim/internal/loopback"
	"github.com/idme-okta/idme-okta/okta/sim/openapi"
)

// Options configures Start.
type Options struct {
	Addr      string                           // listen address; "" = 127.0.0.1:0. Must be loopback.
	Validator RequestValidator                 // nil = Okta's spec, loaded at the first request (openapi.Lazy)
	Now       func() time.Time                 // clock; nil = time.Now
	Logf      func(format string, args ...any) // optional request/debug log
	Engine    Engine                           // "" = IdentityEngine; ClassicEngine for a Classic org
}

// RequestValidator checks one request against Okta's OpenAPI spec. Validate returns nil when
// real Okta would accept the request's shape, otherwise an error describing the violation.
type RequestValidator interface {
	Validate(r *http.Request, body []byte) error
}

// maxBodyBytes bounds request bodies; the largest bodies the wizard sends are a few KiB.
const maxBodyBytes = 1 << 20

// Org is one simulated Okta org. All its state lives in memory, guarded by mu.
type Org struct {
	validator RequestValidator
	engine    Engine
	now       func() time.Time
	logf      func(format string, args ...any)
	baseURL   string
	server    *http.Server
	closeOnce sync.Once
	closeErr  error
	routes    []route

	mu         sync.Mutex
	seq        int64 // creation sequence shared by every object; cursors refer to it
	latency    time.Duration
	logDelay   time.Duration // how long System Log events take to show in GET /api/v1/logs
	requests   []*Request    // arrival order; each entry's Status is filled in when answered
	violations []Violation
	limits     rateLimiter
	faults     []*faultRule
	nextFault  int

	orgID              string
	accessPolicyID     string // the default app sign-in policy ("rst…"), linked from apps only
	enrollmentPolicyID string // the default profile enrollment policy, linked from apps only
	adminToken         string
	readOnlyToken      string
	admin              *user
	readOnlyAdmin      *user
	oauth              oauthState

	idps        []*idp
	userTypes   []*userType
	userSchemas []*profileSchema // one per user type
	appSchemas  map[string]*profileSchema
	mappings    []*mapping
	policies    []*policy
	apps        []*app
	groups      []*group
	users       []*user
	idpUsers    []*idpUser
	events      []*logEvent
	fed         federationState // the org authorization server's sign-in state (federation.go)
}

// Start seeds a new org and serves it on a loopback listener.
func Start(opts Options) (*Org, error) {
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	if err := loopback.Check(addr); err != nil {
		return nil, fmt.Errorf("sim: %w; the simulated org never listens beyond this machine", err)
	}
	engine := opts.Engine
	if engine == "" {
		engine = IdentityEngine
	}
	if !engine.valid() {
		return nil, fmt.Errorf("sim: engine %q is not %q (Identity Engine) or %q (Classic)", engine, IdentityEngine, ClassicEngine)
	}
	o := &Org{validator: opts.Validator, engine: engine, now: opts.Now, logf: opts.Logf, appSchemas: map[string]*profileSchema{}}
	if o.now == nil {
		o.now = time.Now
	}
	if o.validator == nil {
		// Loaded once per process, at the first request that needs it: starting an org (the
		// demo before its first frame) does not wait for the spec.
		o.validator = openapi.Lazy{}
	}
	o.limits = newRateLimiter(defaultPerMinute)
	o.fed = newFederationState()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("sim: listen on %s: %w", addr, err)
	}
	o.baseURL = "http://" + ln.Addr().String()
	o.routes = o.routeTable()
	o.seed()
	o.server = &http.Server{Handler: o, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = o.server.Serve(ln) }()
	return o, nil
}

// URL is the org URL, e.g. "http://127.0.0.1:41234" (no trailing slash).
func (o *Org) URL() string { return o.baseURL }

// closeGrace is how long Close lets requests in flight finish before it drops them.
const closeGrace = 500 * time.Millisecond

// Close stops the server promptly: requests in flight get closeGrace to finish, then every
// connection is closed. net/http's Shutdown alone waits 5 s for connections that a client
// opened but never used (it counts them as busy until then), so a client that pre-dialled
// keep-alive connections used to make Close time out with an error.
func (o *Org) Close() error {
	o.closeOnce.Do(func() {
		o.server.SetKeepAlivesEnabled(false)
		ctx, cancel := context.WithTimeout(context.Background(), closeGrace)
		defer cancel()
		if err := o.server.Shutdown(ctx); err != nil && errors.Is(err, context.DeadlineExceeded) {
			o.closeErr = o.server.Close()
		} else if err != nil {
			o.closeErr = errors.Join(err, o.server.Close())
		}
		o.fed.closeIdleUpstream()
	})
	return o.closeErr
}

// AdminToken is the SSWS API token of the seeded Super Admin.
func (o *Org) AdminToken() string { return o.adminToken }

// ReadOnlyToken is the SSWS API token of the seeded Read-Only Admin: reads succeed, writes
// are answered 403 E0000006.
func (o *Org) ReadOnlyToken() string { return o.readOnlyToken }

// SetLatency adds d before every API response (for benchmarks and spinner tests).
func (o *Org) SetLatency(d time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.latency = d
}

// nextSeq numbers every object created, in creation order. Call with mu held.
func (o *Org) nextSeq() int64 {
	o.seq++
	return o.seq
}

func (o *Org) debugf(format string, args ...any) {
	if o.logf != nil {
		o.logf(format, args...)
	}
}

// ServeHTTP runs the pipeline every request goes through: routing, faults (which match on the
// route's template), rate limit, authentication, spec validation, authorization, the handler,
// added latency.
func (o *Org) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, controlPrefix) {
		o.serveControl(w, r)
		return
	}
	c := newCall(r, o.now())
	c.logEntry = o.arrive(r)
	body, err := readBody(w, r)
	c.body = body
	rt, params, pathKnown := o.match(r.Method, r.URL.Path)
	c.template = r.URL.Path
	if rt != nil {
		c.template = rt.template
		c.params = params
	}

	if f := o.takeFault(r.Method, c.template); f != nil {
		if !wait(r.Context(), f.Latency) {
			return
		}
		if f.Drop {
			o.drop(w, c)
			return
		}
		if f.Status != 0 {
			c.rate = o.peekRate(c, f.Status == http.StatusTooManyRequests)
			o.write(w, c, fail(errorForStatus(f.Status)))
			return
		}
	}

	var rep reply
	if err != nil {
		rep = fail(malformedBody())
	} else {
		rep = o.handle(c, rt, pathKnown)
	}
	o.mu.Lock()
	latency := o.latency
	o.mu.Unlock()
	if !wait(r.Context(), latency) {
		return
	}
	o.write(w, c, rep)
}

func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	defer r.Body.Close()
	return io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
}

// handle runs everything that needs the org's state, under its lock.
func (o *Org) handle(c *call, rt *route, pathKnown bool) reply {
	o.mu.Lock()
	locked := true
	defer func() {
		if locked {
			o.mu.Unlock()
		}
	}()
	c.rate = o.limits.take(c.req.Method, c.template, c.now)
	if c.rate.exceeded {
		return fail(errorForStatus(http.StatusTooManyRequests))
	}
	if rt == nil {
		// A path or method Okta does not have. Under /api/ the validator gets to record it
		// (an API client sent something real Okta would reject too); elsewhere it is a browser
		// asking for a page such as /favicon.ico, which is no API client's mistake. Either
		// way the answer is Okta's 404/405 rather than a 400.
		if strings.HasPrefix(c.req.URL.Path, "/api/") {
			o.checkSpec(c)
		}
		if pathKnown {
			return fail(methodNotAllowed())
		}
		return fail(errorForStatus(http.StatusNotFound))
	}
	if rt.public {
		if rt.unlocked {
			o.mu.Unlock()
			locked = false
		}
		return rt.handle(c)
	}
	p, authErr := o.authenticate(c)
	if authErr != nil {
		return fail(authErr)
	}
	c.principal = p
	if specErr := o.checkSpec(c); specErr != nil {
		return fail(specErr)
	}
	if err := authorize(p, rt, c.isWrite()); err != nil {
		return failWithHeader(err, "WWW-Authenticate", insufficientScopeChallenge(p, rt))
	}
	return rt.handle(c)
}

// wait sleeps for d unless the client goes away first; it reports whether to carry on.
func wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// drop closes the connection without an answer, as a broken network path would.
func (o *Org) drop(w http.ResponseWriter, c *call) {
	o.record(c, 0)
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
