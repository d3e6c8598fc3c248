package sim

import (
	"net/http"
	"net/url"
	"strconv"
)

// pageRequest is a list request's limit and position.
type pageRequest struct {
	limit    int
	afterSeq int64 // creation sequence of the last item already served
	hasAfter bool
}

// Default and maximum page sizes of the endpoints the org serves (Okta API reference).
const (
	idpsDefaultLimit, idpsMaxLimit         = 20, 200
	appsDefaultLimit, appsMaxLimit         = 20, 200
	mappingsDefaultLimit, mappingsMaxLimit = 20, 200
	groupsDefaultLimit, groupsMaxLimit     = 10000, 10000
	usersDefaultLimit, usersMaxLimit       = 200, 200
	logsDefaultLimit, logsMaxLimit         = 100, 1000
	typesDefaultLimit, typesMaxLimit       = 200, 200
	rulesDefaultLimit, rulesMaxLimit       = 200, 200
)

// parsePage reads limit and after. A limit above the maximum is lowered to it, as Okta does;
// an after cursor that this org did not issue is E0000029.
func (c *call) parsePage(def, maxLimit int) (pageRequest, *apiError) {
	pr := pageRequest{limit: def}
	if s := c.query.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return pr, &apiError{status: http.StatusBadRequest, code: codeInvalidPaging, summary: "Invalid paging request.", causes: []string{"limit: must be a positive integer"}}
		}
		pr.limit = min(n, maxLimit)
	}
	if s := c.query.Get("after"); s != "" {
		seq, ok := decodeCursor(s)
		if !ok {
			return pr, &apiError{status: http.StatusBadRequest, code: codeInvalidPaging, summary: "Invalid paging request.", causes: []string{"after: unknown cursor"}}
		}
		pr.afterSeq, pr.hasAfter = seq, true
	}
	return pr, nil
}

// page cuts one page out of items, which must be in ascending sequence order (descending
// when desc is set). more reports whether items remain after the page.
func page[T any](items []T, seqOf func(T) int64, pr pageRequest, desc bool) (out []T, more bool) {
	start := 0
	if pr.hasAfter {
		start = len(items)
		for i, it := range items {
			s := seqOf(it)
			if (!desc && s > pr.afterSeq) || (desc && s < pr.afterSeq) {
				start = i
				break
			}
		}
	}
	end := min(start+pr.limit, len(items))
	return items[start:end], end < len(items)
}

// links builds Okta's pagination headers: a rel="self" line with the request's own query and,
// when there is more, a separate rel="next" line with after=<cursor>&limit=<n>. They are two
// header lines, never one comma-joined line (the SDK loops forever on a joined one).
func (c *call) links(pr pageRequest, nextCursor string, more bool) []string {
	out := []string{c.selfLink()}
	if more {
		q := url.Values{}
		for k, v := range c.query {
			q[k] = v
		}
		q.Set("after", nextCursor)
		q.Set("limit", strconv.Itoa(pr.limit))
		out = append(out, "<"+c.pageURL(q)+`>; rel="next"`)
	}
	return out
}

// selfLink is the rel="self" Link line: the request's own URL. Unpaginated lists send it
// alone.
func (c *call) selfLink() string { return "<" + c.pageURL(c.query) + `>; rel="self"` }

func (c *call) pageURL(q url.Values) string {
	u := baseURLOf(c.req) + c.req.URL.Path
	if enc := q.Encode(); enc != "" {
		u += "?" + enc
	}
	return u
}

// baseURLOf is the org URL as the client addressed it.
func baseURLOf(r *http.Request) string { return "http://" + r.Host }

// listPage is the common shape of a paginated list answer.
func listPage[T any](c *call, items []T, seqOf func(T) int64, render func(T) JSON, def, maxLimit int) reply {
	pr, err := c.parsePage(def, maxLimit)
	if err != nil {
		return fail(err)
	}
	pg, more := page(items, seqOf, pr, false)
	body := make([]JSON, 0, len(pg))
	for _, it := range pg {
		body = append(body, render(it))
	}
	next := ""
	if len(pg) > 0 {
		next = encodeCursor(seqOf(pg[len(pg)-1]))
	}
	rep := okReply(body)
	rep.links = c.links(pr, next, more)
	return rep
}
