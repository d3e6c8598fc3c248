package okta

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// maxBodyBytes bounds how much of one response we keep in memory. Okta's largest answers
// here (a full user schema, a page of 1000 log events) are a few MB.
const maxBodyBytes = 32 << 20

// exchange is the final HTTP exchange of one SDK call, as seen on the wire. The SDK loses
// most of it on failures (it drains 429 bodies, returns a nil *http.Response after a 429,
// leaves the error model nil for 401s and for 400s on GETs), so every decision in call.go is
// made from this record instead.
type exchange struct {
	method string
	path   string // without query: queries can carry filters and cursors, never worth printing
	status int
	header http.Header
	body   []byte
	err    error // transport error: no HTTP answer
}

// errConnectionBroke is a connection that was made and then closed before the whole answer
// came back: Okta was reached, so "could not reach" would mislead.
var errConnectionBroke = errors.New("the connection closed")

// recorder keeps the latest exchange of one attempt of one SDK call (the one call.go judges).
// It travels in the request context, which the SDK passes on to http.Request.
type recorder struct {
	mu   sync.Mutex
	last *exchange
}

type recorderKey struct{}

func withRecorder(ctx context.Context, r *recorder) context.Context {
	return context.WithValue(ctx, recorderKey{}, r)
}

func (r *recorder) record(ex *exchange) {
	r.mu.Lock()
	r.last = ex
	r.mu.Unlock()
}

func (r *recorder) final() *exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

// recordingTransport buffers every response body and records the exchange in the request's
// recorder. Requests without one are the SDK's OAuth token requests (it builds them without
// our context); the latest of those is kept on the transport so that a failed token grant,
// which the SDK reports only as "Empty access token", can be explained.
type recordingTransport struct {
	base http.RoundTripper

	mu        sync.Mutex
	tokenSeq  uint64
	lastToken *exchange
}

func (t *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = withPageCursor(req)
	resp, err := t.base.RoundTrip(req)
	if errors.Is(err, io.EOF) {
		// The SDK retries errors wrapping io.EOF at once and without limit (its retry counter
		// only counts 429s), so a server that closes connections would loop it forever.
		// Keep the text, sever the chain.
		err = fmt.Errorf("%w before Okta answered (%v)", errConnectionBroke, err)
	}
	ex := &exchange{method: req.Method, path: req.URL.Path, err: err}
	if dl, ok := req.Context().Deadline(); err != nil && ok && !time.Now().Before(dl) {
		// http.Client.Timeout surfaces here as "request canceled"; name it for what it is.
		ex.err = fmt.Errorf("%w (%w)", context.DeadlineExceeded, err)
	}
	if err == nil {
		ex.status = resp.StatusCode
		ex.header = resp.Header.Clone()
		body, rerr := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes+1))
		resp.Body.Close()
		switch {
		case rerr != nil:
			ex.err = fmt.Errorf("read response body: %w: %w", errConnectionBroke, rerr)
			ex.status = 0
			resp, err = nil, ex.err
		case len(body) > maxBodyBytes:
			ex.err = fmt.Errorf("response body larger than %d MB", maxBodyBytes>>20)
			ex.status = 0
			resp, err = nil, ex.err
		default:
			ex.body = body
			resp.Body = io.NopCloser(bytes.NewReader(body))
		}
	}
	if rec, ok := req.Context().Value(recorderKey{}).(*recorder); ok {
		rec.record(ex)
	} else if strings.HasSuffix(req.URL.Path, "/oauth2/v1/token") {
		t.mu.Lock()
		t.tokenSeq++
		t.lastToken = ex
		t.mu.Unlock()
	}
	return resp, err
}

// tokenMark returns a position in the sequence of token exchanges.
func (t *recordingTransport) tokenMark() uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.tokenSeq
}

// tokenSince returns the latest token exchange after mark, if any.
func (t *recordingTransport) tokenSince(mark uint64) *exchange {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tokenSeq > mark {
		return t.lastToken
	}
	return nil
}

// CloseIdleConnections lets http.Client.CloseIdleConnections reach the wrapped transport.
func (t *recordingTransport) CloseIdleConnections() {
	if ci, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}
