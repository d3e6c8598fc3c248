package sim

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Request is one request the org received, in arrival order.
type Request struct {
	Method string
	Path   string
	Query  string // raw query, without "?"; management API (/api/) requests only, see loggableQuery
	Status int    // 0 while in flight, when a fault dropped the connection, or when the client gave up first
	Write  bool   // a management API call that changes state (not GET, not /oauth2)
	// Wall-clock times (time.Now, not the org's clock, which tests may stop): when the request
	// arrived and when its answer was written, so a benchmark can tell requests a client made
	// together from requests it made one after the other. Answered is zero while Status is 0.
	Arrived, Answered time.Time
}

// arrive adds a request to the log as it arrives, so that the log keeps arrival order even
// when slow requests finish after fast ones.
func (o *Org) arrive(r *http.Request) *Request {
	req := &Request{
		Method:  r.Method,
		Path:    r.URL.Path,
		Query:   loggableQuery(r.URL),
		Write:   isWriteMethod(r.Method) && strings.HasPrefix(r.URL.Path, "/api/"),
		Arrived: time.Now(),
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.requests = append(o.requests, req)
	return req
}

// record notes the status a request was answered with.
func (o *Org) record(c *call, status int) {
	o.mu.Lock()
	c.logEntry.Status = status
	if status != 0 {
		c.logEntry.Answered = time.Now()
	}
	o.mu.Unlock()
	logged := c.req.URL.Path
	if q := loggableQuery(c.req.URL); q != "" {
		logged += "?" + q
	}
	o.debugf("sim: %s %s -> %d (%s)", c.req.Method, logged, status, c.requestID)
}

// loggableQuery is the part of a query string that may be logged: the management API's
// (filters, cursors, limits), never that of the OAuth and sign-in endpoints, which carry
// client assertions, secrets, codes, tokens, states and nonces (okta-sdk-golang sends the
// whole token request, client_assertion included, in the query string).
func loggableQuery(u *url.URL) string {
	if strings.HasPrefix(u.Path, "/api/") {
		return u.RawQuery
	}
	return ""
}

// Requests returns the request log in arrival order.
func (o *Org) Requests() []Request {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make([]Request, len(o.requests))
	for i, r := range o.requests {
		out[i] = *r
	}
	return out
}

// ResetRequests empties the request log (violations are kept).
func (o *Org) ResetRequests() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.requests = nil
}

// controlPrefix is where the simulator's own endpoints live; they are neither rate limited,
// validated nor logged.
const controlPrefix = "/__sim/"

// requestLogEntry is the JSON contract of GET /__sim/requests.
type requestLogEntry struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Status int    `json:"status"`
}

type violationEntry struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Query  string `json:"query,omitempty"`
	Detail string `json:"detail"`
}

func (o *Org) serveControl(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	var out any
	switch r.URL.Path {
	case controlPrefix + "requests":
		entries := []requestLogEntry{}
		for _, req := range o.Requests() {
			entries = append(entries, requestLogEntry{Method: req.Method, Path: req.Path, Status: req.Status})
		}
		out = entries
	case controlPrefix + "violations":
		entries := []violationEntry{}
		for _, v := range o.Violations() {
			entries = append(entries, violationEntry(v))
		}
		out = entries
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}
