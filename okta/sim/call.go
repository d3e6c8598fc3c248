package sim

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// call is one request on its way through the org.
type call struct {
	req       *http.Request
	body      []byte
	query     url.Values
	params    map[string]string // path parameters of the matched route
	template  string            // the route's path template, or the raw path when none matched
	now       time.Time         // the org clock when the request arrived
	requestID string
	principal *principal
	rate      rateState
	logEntry  *Request // this request's line in the request log
}

func newCall(r *http.Request, now time.Time) *call {
	return &call{req: r, query: r.URL.Query(), now: now, requestID: newRequestID()}
}

func (c *call) param(name string) string { return c.params[name] }

// isWrite reports whether the request changes state (what a read-only admin may not do).
func (c *call) isWrite() bool { return isWriteMethod(c.req.Method) }

func isWriteMethod(method string) bool {
	return method != http.MethodGet && method != http.MethodHead && method != http.MethodOptions
}

// object decodes the request body as a JSON object, or fails the way Okta does.
func (c *call) object() (JSON, *apiError) {
	obj, ok := decodeObject(c.body)
	if !ok {
		return nil, malformedBody()
	}
	return obj, nil
}

// boolQuery reads an optional boolean query parameter such as ?activate=false.
func (c *call) boolQuery(name string, def bool) bool {
	v := c.query.Get(name)
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def
	}
	return b
}

// reply is what a handler answers: a JSON body (or none), extra headers, or an error.
type reply struct {
	status   int
	body     any
	links    []string // Link header values, one header line each
	header   http.Header
	err      *apiError
	oauthErr *oauthError
	// raw is a body sent as it is (the sign-in pages' HTML), with contentType; it is only
	// used when there is no error.
	raw         []byte
	contentType string
}

func okReply(body any) reply { return reply{status: http.StatusOK, body: body} }
func noContent() reply       { return reply{status: http.StatusNoContent} }
func fail(e *apiError) reply { return reply{err: e} }

func failWithHeader(e *apiError, name, value string) reply {
	r := fail(e)
	if value != "" {
		r.header = http.Header{name: {value}}
	}
	return r
}

// write sends the reply with the headers every Okta response carries.
func (o *Org) write(w http.ResponseWriter, c *call, rep reply) {
	h := w.Header()
	for k, vs := range rep.header {
		for _, v := range vs {
			h.Add(k, v)
		}
	}
	h.Set("Date", c.now.UTC().Format(http.TimeFormat))
	h.Set("X-Okta-Request-Id", c.requestID)
	if c.rate.limit > 0 {
		h.Set("X-Rate-Limit-Limit", strconv.Itoa(c.rate.limit))
		h.Set("X-Rate-Limit-Remaining", strconv.Itoa(c.rate.remaining))
		h.Set("X-Rate-Limit-Reset", strconv.FormatInt(c.rate.reset, 10))
	}
	for _, l := range rep.links {
		h.Add("Link", l)
	}
	status := rep.status
	var payload any
	switch {
	case rep.err != nil:
		status, payload = rep.err.status, rep.err.body()
	case rep.oauthErr != nil:
		status, payload = rep.oauthErr.status, rep.oauthErr
		h.Set("Cache-Control", "no-store")
	case rep.raw != nil:
		h.Set("Content-Type", rep.contentType)
	default:
		payload = rep.body
	}
	raw := rep.raw
	if payload != nil {
		var err error
		if raw, err = json.Marshal(payload); err != nil {
			status, raw = http.StatusInternalServerError, mustMarshal(errorForStatus(http.StatusInternalServerError).body())
		}
		h.Set("Content-Type", "application/json")
	}
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write(raw)
	o.record(c, status)
}

func mustMarshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
