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
	resent := false // an idempotent write whose answer was lost has been sent again
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
		if !retryable(apiErr) || attempt >= c.maxRetries {
			return nil, apiErr
		}
		// failed is the token request's exchange when the token grant was refused, and nil
		// when nothing was answered: then retryWait backs off without headers.
		var header http.Header
		if failed != nil {
			header = failed.header
		}
		if err := c.pause(ctx, Wait{Op: op, Reason: waitReason(apiErr), For: retryWait(header, attempt, c.maxWait)}); err != nil {
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

// retryWait is how long to wait before retry number attempt+1: until Okta's rate-limit
// window resets (X-Rate-Limit-Reset − Date + 1 s, Date being the server's clock), or a short
// exponential backoff when the headers are missing (423s carry none); never more than max.
func retryWait(h http.Header, attempt int, max time.Duration) time.Duration {
	d := time.Second << min(attempt, 5)
	date, derr := http.ParseTime(h.Get("Date"))
	reset, rerr := strconv.ParseInt(h.Get("X-Rate-Limit-Reset"), 10, 64)
	if derr == nil && rerr == nil {
		d = time.Unix(reset, 0).Sub(date) + time.Second
		if d < time.Second {
			d = time.Second
		}
	}
	if d > max {
		d = max
	}
	return d
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
