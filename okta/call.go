package okta

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	sdk "github.com/okta/okta-sdk-golang/v5/okta"
)

// sdkCall performs one SDK request. It must pass the ctx it is given to the SDK: that ctx
// carries the recorder that captures the raw exchange.
type sdkCall func(ctx context.Context) (*sdk.APIResponse, error)

// do runs one SDK call and is the only way operations reach Okta. It
//   - judges the outcome from the raw exchange, never from the SDK's *APIResponse (whose
//     embedded *http.Response is nil after a 429) or its error text ("404 Not Found");
//   - treats a 2xx whose body the SDK failed to decode as success (Okta has applied the
//     write; an integer enum elsewhere in a schema breaks the SDK's models), so callers
//     decode ex.body themselves;
//   - retries 429 and 423 E0000239 by re-running the whole SDK call, so auth headers and
//     DPoP proofs are regenerated, waiting as long as Okta's rate-limit headers ask;
//   - turns every failure into an *APIError.
func (c *Client) do(ctx context.Context, op string, call sdkCall) (*exchange, error) {
	resent := false     // an idempotent write whose answer was lost has been sent again
	waitedLong := false // a wait far beyond maxWait was cut to it once already
	readAgain := false  // a read whose answer was lost has been sent again
	for attempt := 0; ; attempt++ {
		rec := &recorder{}
		release := c.tokenGate()
		mark := c.transport.tokenMark()
		_, sdkErr := call(withRecorder(ctx, rec))
		ex := rec.final()
		if ex != nil && c.hints.serviceApp {
			c.tokenReady.Store(true) // the request went out, so the SDK has cached a token
		}
		release()
		if ex != nil && ex.err == nil && ex.status >= 200 && ex.status < 300 {
			return ex, nil
		}
		apiErr, failed := c.apiError(ctx, op, ex, sdkErr, mark)
		if markOutcomeUnknown(apiErr, ex) && idempotentOps[op] && !resent && ctx.Err() == nil {
			// Sending the same write again is the cheapest way to learn that it holds.
			resent = true
			if err := c.pause(ctx, Wait{Op: op, Reason: WaitOutcomeUnknown, For: time.Second}); err != nil {
				return nil, apiErr
			}
			continue
		}
		if !readAgain && lostRead(apiErr, ex) && ctx.Err() == nil {
			readAgain = true
			if err := c.pause(ctx, Wait{Op: op, Reason: WaitReadAgain, For: time.Second}); err != nil {
				return nil, apiErr
			}
			continue
		}
		if !retryable(apiErr) {
			return nil, apiErr
		}
		// failed is the token request's exchange when the token grant was refused, and nil
		// when nothing was answered: then askedWait backs off without headers.
		var header http.Header
		if failed != nil {
			header = failed.header
		}
		if apiErr.Status != http.StatusTooManyRequests {
			// A 423's rate-limit headers are about the rate limit, not the lock, which
			// clears in seconds: back off instead of waiting for the window.
			header = nil
		}
		asked := askedWait(header, attempt)
		long := asked > 2*c.maxWait
		if attempt >= c.maxRetries || (long && waitedLong) {
			if apiErr.Status == http.StatusTooManyRequests {
				apiErr.Hint = rateLimitGiveUpHint(header)
			}
			return nil, apiErr
		}
		// A window far beyond the longest wait (not a minute's window, which with rounding
		// asks for up to 62 s) is waited, capped, once: Okta's reset is only a hint for its
		// concurrent limit (okta-api.md §7), but a second such answer means the window is
		// real, and the run stops saying when it resets rather than waiting again and again.
		waitedLong = waitedLong || long
		if err := c.pause(ctx, Wait{Op: op, Reason: waitReason(apiErr), For: min(asked, c.maxWait)}); err != nil {
			apiErr.Err = err
			apiErr.Hint = "stopped while waiting for Okta's rate limit to reset"
			return nil, apiErr
		}
	}
}

// tokenGate lets only one call at a time run while a service app has no access token yet.
// The SDK fetches a token inside whichever call finds its cache empty, without
// coordination, so N concurrent first calls would make N token grants.
func (c *Client) tokenGate() (release func()) {
	if !c.hints.serviceApp || c.tokenReady.Load() {
		return func() {}
	}
	c.tokenMu.Lock()
	if c.tokenReady.Load() {
		c.tokenMu.Unlock()
		return func() {}
	}
	return c.tokenMu.Unlock
}

// apiError explains a failed attempt. ex is the exchange of the API request itself, or nil
// when the SDK failed before sending it (most often because the service app's token grant
// failed, which the SDK reports only as "Empty access token"). It also returns the exchange
// the explanation came from (the token request's in that case; nil when there was none), so
// that a retry waits as that answer's rate-limit headers ask.
func (c *Client) apiError(ctx context.Context, op string, ex *exchange, sdkErr error, tokenMark uint64) (*APIError, *exchange) {
	e := &APIError{Op: op}
	if ex == nil {
		if tok := c.transport.tokenSince(tokenMark); tok != nil && (tok.err != nil || tok.status >= 300) {
			ex = tok
		}
	}
	switch {
	case ex == nil:
		e.Err = cleanSDKError(sdkErr)
		if ctx.Err() != nil {
			e.Err = ctx.Err()
		}
		if e.Err == nil {
			e.Err = errors.New("the SDK returned no response")
		}
	case ex.err != nil:
		e.Method, e.Path = ex.method, ex.path
		e.Err = ex.err
		if ctx.Err() != nil {
			e.Err = ctx.Err()
		}
		e.Hint = c.hints.transportHint(e.Err)
	default:
		e.Method, e.Path = ex.method, ex.path
		e.Status = ex.status
		e.RequestID = ex.header.Get("X-Okta-Request-Id")
		e.fillFromBody(ex.body)
		e.NotFromOkta = ex.status < 500 && notOktas(ex)
		e.Hint = c.hints.hint(e)
		switch {
		case ex.status >= 300 && ex.status < 400:
			e.NotFromOkta = false // an answer from the org's address: stayInOrg refused to follow it
			e.Hint = c.hints.redirectHint(ex.header.Get("Location"))
		case e.NotFromOkta:
			e.Hint = notOktaHint
		}
	}
	return e, ex
}

// cleanSDKError drops the request URL from transport errors: for the SDK's token request
// it carries the signed client assertion in its query.
func cleanSDKError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func retryable(e *APIError) bool {
	return e.Status == http.StatusTooManyRequests ||
		(e.Status == http.StatusLocked && e.Code == "E0000239")
}

// askedWait is how long to wait before retry number attempt+1: until Okta's rate-limit
// window resets (X-Rate-Limit-Reset − Date + 1 s, Date being the server's clock; this
// machine's when a proxy dropped it), else as long as a Retry-After asks, else a short
// exponential backoff (423s carry no headers); at least a second.
func askedWait(h http.Header, attempt int) time.Duration {
	d := time.Second << min(attempt, 5)
	if reset, ok := resetAt(h); ok {
		d = reset.Sub(serverNow(h)) + time.Second
	} else if ra, ok := retryAfter(h); ok {
		d = ra
	}
	return max(d, time.Second)
}

// resetAt is when Okta's rate-limit window resets, by the server's clock.
func resetAt(h http.Header) (time.Time, bool) {
	reset, err := strconv.ParseInt(h.Get("X-Rate-Limit-Reset"), 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(reset, 0), true
}

// serverNow is the answer's Date, or this machine's clock without one.
func serverNow(h http.Header) time.Time {
	if date, err := http.ParseTime(h.Get("Date")); err == nil {
		return date
	}
	return time.Now()
}

// retryAfter reads Retry-After, in seconds or as an HTTP date.
// unverified: Okta documents only the X-Rate-Limit headers; Retry-After is what a proxy or
// gateway in front of it sends (RFC 9110 §10.2.3).
func retryAfter(h http.Header) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return t.Sub(serverNow(h)), true
	}
	return 0, false
}

// sleepContext waits for d or until ctx is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// decode unmarshals the body of a successful exchange into v. Operations decode the raw body
// rather than the SDK's models: it is the same for every call, survives the SDK's decode
// failures and keeps fields the SDK has no type for.
func decode(op string, ex *exchange, v any) error {
	if err := json.Unmarshal(ex.body, v); err != nil {
		if notOktas(ex) {
			e := unusableAnswer(op, ex, errors.New("the answer is not JSON"), notOktaHint)
			e.NotFromOkta = true
			return e
		}
		return unusableAnswer(op, ex, fmt.Errorf("decode response: %w", err),
			"Okta answered in a shape idme-okta does not understand: please report this with the request id")
	}
	return nil
}

// decodeEach decodes a list page one element at a time, for lists of other people's objects
// (every app, every System Log event of a lived-in org): a field of a type T does not expect
// is left empty and the rest of that element read (encoding/json carries on past an
// UnmarshalTypeError), rather than failing the page and hiding every other element; an
// element that is no object is skipped. unverified: no recorded object has such a field.
func decodeEach[T any](op string, ex *exchange) ([]T, error) {
	var page []json.RawMessage
	if err := decode(op, ex, &page); err != nil {
		return nil, err
	}
	out := make([]T, 0, len(page))
	for _, raw := range page {
		if !bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
			continue
		}
		var v T
		if err := json.Unmarshal(raw, &v); err != nil && !errors.As(err, new(*json.UnmarshalTypeError)) {
			continue
		}
		out = append(out, v)
	}
	return out, nil
}

// notOktas reports an answer that is surely not Okta's: no request id, and a body that is
// not JSON (an HTML page). An empty body without a request id stays Okta's: a stand-in or
// an edge may drop headers, and the status is then the best evidence there is.
// unverified: that every answer of Okta's API carries X-Okta-Request-Id (okta-api.md §7:
// "Responses carry X-Okta-Request-Id"); the recorded fixtures have their headers scrubbed.
func notOktas(ex *exchange) bool {
	body := bytes.TrimSpace(ex.body)
	return ex.header.Get("X-Okta-Request-Id") == "" && len(body) > 0 && !json.Valid(body)
}

// getJSON makes call and decodes Okta's answer into a T; the exchange is returned for errors
// about what came back.
func getJSON[T any](ctx context.Context, c *Client, op string, call sdkCall) (T, *exchange, error) {
	var v T
	ex, err := c.do(ctx, op, call)
	if err == nil {
		err = decode(op, ex, &v)
	}
	return v, ex, err
}

// unusableAnswer is the error for a successful answer that this tool cannot use. It names
// the request and its request id like any answer from Okta.
func unusableAnswer(op string, ex *exchange, err error, hint string) *APIError {
	return &APIError{
		Op: op, Method: ex.method, Path: ex.path, Status: ex.status,
		RequestID: ex.header.Get("X-Okta-Request-Id"),
		Err:       err,
		Hint:      hint,
	}
}
