package okta

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	sdk "github.com/okta/okta-sdk-golang/v5/okta"
)

// maxPages bounds every list walk, so a server that keeps answering with a next link (the
// System Log does for open-ended queries) cannot keep us looping forever.
const maxPages = 100

// errStopPaging, returned by a keep function, ends a walk early without an error: the caller
// has read as much as it wants.
var errStopPaging = errors.New("stop paging")

// pageCall fetches one page; after is "" for the first page, else the opaque cursor Okta
// put in the previous page's next link.
type pageCall func(ctx context.Context, after string) (*sdk.APIResponse, error)

// paginate fetches pages until Okta stops sending a next link, handing each page's raw
// exchange to keep. Cursors are taken from our own parse of the Link headers: the SDK's
// parser returns the self link when Okta (or a proxy) joins links into one header line,
// which would loop forever.
func (c *Client) paginate(ctx context.Context, op string, fetch pageCall, keep func(ex *exchange) error) error {
	after := ""
	seen := map[string]bool{} // every cursor followed so far, the current one included
	for range maxPages {
		ex, err := c.do(ctx, op, func(ctx context.Context) (*sdk.APIResponse, error) {
			return fetch(ctx, after) // do calls this before after moves on
		})
		if err != nil {
			return err
		}
		if err := keep(ex); err != nil {
			return err
		}
		next, ok := nextCursor(ex.header)
		if !ok {
			return nil
		}
		if seen[next] {
			return unusableAnswer(op, ex, errors.New("Okta sent the same page cursor twice"), "stopped reading to avoid a loop; try again")
		}
		seen[next] = true
		after = next
	}
	return &APIError{Op: op, Err: fmt.Errorf("more than %d pages", maxPages),
		Hint: "stopped reading a list that did not end; narrow the query"}
}

// nextCursor returns the after= value of the rel="next" link. Okta sends one Link header
// line per link, but a comma-joined line is equally valid HTTP, so both are parsed.
func nextCursor(h http.Header) (string, bool) {
	for _, line := range h.Values("Link") {
		for _, link := range splitLinks(line) {
			target, params, ok := strings.Cut(link, ";")
			if !ok || !hasRel(params, "next") {
				continue
			}
			target = strings.TrimSpace(target)
			if !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
				continue
			}
			u, err := url.Parse(target[1 : len(target)-1])
			if err != nil {
				continue
			}
			if after := u.Query().Get("after"); after != "" {
				return after, true
			}
		}
	}
	return "", false
}

// splitLinks splits a Link header value at the commas between links, not at commas inside
// a <URI> (Okta filters may contain them).
func splitLinks(v string) []string {
	var links []string
	inURI, start := false, 0
	for i, r := range v {
		switch r {
		case '<':
			inURI = true
		case '>':
			inURI = false
		case ',':
			if !inURI {
				links = append(links, v[start:i])
				start = i + 1
			}
		}
	}
	return append(links, v[start:])
}

// hasRel reports whether the link parameters contain rel="want" (rel may list several
// space-separated relation types, quoted or not).
func hasRel(params, want string) bool {
	for _, p := range strings.Split(params, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "rel") {
			continue
		}
		for _, rel := range strings.Fields(strings.Trim(strings.TrimSpace(v), `"`)) {
			if strings.EqualFold(rel, want) {
				return true
			}
		}
	}
	return false
}

type cursorKey struct{}

// withCursor asks the transport to add after=cursor to the request made with ctx: for lists
// whose SDK request has no After parameter (v5's ListPolicyRules), though Okta may still
// answer with a next link.
func withCursor(ctx context.Context, after string) context.Context {
	if after == "" {
		return ctx
	}
	return context.WithValue(ctx, cursorKey{}, after)
}

// withPageCursor is req with the cursor withCursor put in its context added to its query.
// DPoP proofs are unaffected: their htu leaves out the query.
func withPageCursor(req *http.Request) *http.Request {
	after, ok := req.Context().Value(cursorKey{}).(string)
	if !ok {
		return req
	}
	req = req.Clone(req.Context())
	q := req.URL.Query()
	q.Set("after", after)
	req.URL.RawQuery = q.Encode()
	return req
}
