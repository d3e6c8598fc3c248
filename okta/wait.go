package okta

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Wait is a pause before a call is sent again, for the people watching: a rate-limit wait
// can last a minute, and a run that prints nothing for a minute looks hung.
type Wait struct {
	Op     string        // the operation, e.g. "list identity providers"
	Reason string        // WaitRateLimit, WaitLocked or WaitOutcomeUnknown
	For    time.Duration // how long
	Until  time.Time     // when it ends (set by the client)
}

// Why a call waits.
const (
	WaitRateLimit      = "rate limit"                    // 429: until Okta's window resets
	WaitLocked         = "policy priorities reconciling" // 423 E0000239
	WaitOutcomeUnknown = "answer lost"                   // before sending an idempotent write again
	WaitReadAgain      = "read answer lost"              // before sending a read again
)

// Say is the wait in words for the people watching, with the seconds left at now.
func (w Wait) Say(now time.Time) string {
	secs := int(max(w.Until.Sub(now), 0).Round(time.Second) / time.Second)
	switch w.Reason {
	case WaitOutcomeUnknown:
		return fmt.Sprintf("the answer to %q was lost; sending it again in %d s", w.Op, secs)
	case WaitReadAgain:
		return fmt.Sprintf("the answer to %q was lost on the way; asking again in %d s", w.Op, secs)
	}
	return fmt.Sprintf("Okta asks to wait (%s): %d s left before %q is tried again", w.Reason, secs, w.Op)
}

func waitReason(e *APIError) string {
	if e.Status == http.StatusLocked {
		return WaitLocked
	}
	return WaitRateLimit
}

// waitState is what OnWait and Waiting read.
type waitState struct {
	mu      sync.Mutex
	observe func(Wait)
	current map[*Wait]struct{}
}

// OnWait sets f to be told of every pause before a retry, as it starts (from the goroutine
// making the call). Set it before the client is used concurrently.
func (c *Client) OnWait(f func(Wait)) {
	c.waits.mu.Lock()
	c.waits.observe = f
	c.waits.mu.Unlock()
}

// Waiting returns the pause in progress that ends last, if any: a screen that redraws shows
// the seconds left with it.
func (c *Client) Waiting() (Wait, bool) {
	c.waits.mu.Lock()
	defer c.waits.mu.Unlock()
	var last Wait
	for w := range c.waits.current {
		if w.Until.After(last.Until) {
			last = *w
		}
	}
	return last, !last.Until.IsZero()
}

// pause waits w.For (or until ctx ends), announced to OnWait and visible through Waiting.
func (c *Client) pause(ctx context.Context, w Wait) error {
	w.Until = time.Now().Add(w.For)
	c.waits.mu.Lock()
	if c.waits.current == nil {
		c.waits.current = map[*Wait]struct{}{}
	}
	c.waits.current[&w] = struct{}{}
	observe := c.waits.observe
	c.waits.mu.Unlock()
	defer func() {
		c.waits.mu.Lock()
		delete(c.waits.current, &w)
		c.waits.mu.Unlock()
	}()
	if observe != nil {
		observe(w)
	}
	return c.sleep(ctx, w.For)
}

// idempotentOps are the writes that may simply be sent again when their answer was lost:
// each sets a state (replace, activate, assign, a schema or mapping partial update) rather
// than making a new object. Creates are not here: the steps read back before making one
// again (steps/heal.go).
var idempotentOps = map[string]bool{
	opReplaceIdP: true, opActivateIdP: true,
	opAddUserAttrs: true, opAddIdPAttrs: true,
	opUpdateMapping: true,
	opReplaceRule:   true, opActivateRule: true,
	opReplaceApp: true, opAssignGroup: true,
}

// markOutcomeUnknown sets e.OutcomeUnknown when e is a write whose request may have reached
// Okta although no usable answer came back: the connection dropped or timed out after it
// was sent, or Okta answered 5xx (its internal error may come after the change). A request
// that never left (no connection, no name) or a read is never unknown. It reports the mark.
func markOutcomeUnknown(e *APIError, ex *exchange) bool {
	if ex == nil || ex.method == http.MethodGet || ex.method == http.MethodHead {
		return false
	}
	switch {
	case ex.err != nil:
		e.OutcomeUnknown = !neverSent(ex.err)
	case ex.status >= 500:
		e.OutcomeUnknown = true
	}
	if e.OutcomeUnknown {
		e.Hint = outcomeUnknownHint
	}
	return e.OutcomeUnknown
}

const outcomeUnknownHint = "the request was sent but its answer was lost, so Okta may have made the change: run again, and idme-okta looks the object up before writing, so nothing is made twice"

// lostRead reports a read whose answer was lost on the way rather than refused by Okta: a
// gateway's 502/503/504, or a connection that broke after the request was sent (not one
// never made, not a timeout: a server that did not answer in time will not in a second,
// not a certificate or proxy failure). Reading again changes nothing in the org.
func lostRead(e *APIError, ex *exchange) bool {
	if ex == nil || (ex.method != http.MethodGet && ex.method != http.MethodHead) {
		return false
	}
	if ex.err != nil {
		return !neverSent(ex.err) && !isTimeout(ex.err) && !errors.Is(ex.err, context.Canceled) &&
			!isCertificateError(ex.err) && !isProxyError(ex.err)
	}
	switch e.Status {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// neverSent reports whether a transport error happened before the request could leave:
// no connection was made, or the host name did not resolve.
func neverSent(err error) bool {
	var op *net.OpError
	var dns *net.DNSError
	return errors.As(err, &dns) || (errors.As(err, &op) && op.Op == "dial")
}

// OutcomeUnknown reports whether err is a write whose outcome is unknown: Okta may have made
// the change although the call failed.
func OutcomeUnknown(err error) bool {
	e, ok := AsAPIError(err)
	return ok && e.OutcomeUnknown
}
