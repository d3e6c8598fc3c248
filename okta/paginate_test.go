package okta

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	sdk "github.com/okta/okta-sdk-golang/v5/okta"
)

func TestNextCursor(t *testing.T) {
	cases := []struct {
		name  string
		links []string
		want  string
	}{
		{"separate lines", []string{`<https://o/api/v1/idps?limit=2>; rel="self"`, `<https://o/api/v1/idps?after=abc&limit=2>; rel="next"`}, "abc"},
		{"comma-joined", []string{`<https://o/api/v1/idps?limit=2>; rel="self", <https://o/api/v1/idps?after=xyz&limit=2>; rel="next"`}, "xyz"},
		{"comma inside the URI", []string{`<https://o/api/v1/logs?filter=a%20eq%20"x,y"&after=c1>; rel="next"`}, "c1"},
		{"self only", []string{`<https://o/api/v1/idps?limit=2>; rel="self"`}, ""},
		{"unquoted rel, other order", []string{`<https://o/x?after=u1>;rel=next`}, "u1"},
		{"rel list", []string{`<https://o/x?after=l1>; rel="prefetch next"`}, "l1"},
		{"next without cursor", []string{`<https://o/x?limit=2>; rel="next"`}, ""},
		{"escaped cursor", []string{`<https://o/x?after=a%2Bb%3D>; rel="next"`}, "a+b="},
		{"garbage", []string{`rel="next"`, `<>; rel="next"`}, ""},
		{"no header", nil, ""},
		{"relative", []string{`</api/v1/idps?after=r1&limit=2>; rel="next"`}, "r1"},
	}
	for _, tc := range cases {
		h := http.Header{}
		for _, l := range tc.links {
			h.Add("Link", l)
		}
		got, ok := nextCursor(h)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("%s: nextCursor = %q, %v; want %q", tc.name, got, ok, tc.want)
		}
	}
}

// pagedIdPs serves ids in pages of size, linking pages the way Okta does; joined puts both
// links on one comma-joined header line, which the SDK's own parser loops on.
func pagedIdPs(ids []string, size int, joined bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		start := 0
		if after := r.URL.Query().Get("after"); after != "" {
			fmt.Sscanf(after, "cur%d", &start)
		}
		end := min(start+size, len(ids))
		var page []map[string]string
		for _, id := range ids[start:end] {
			page = append(page, map[string]string{"id": id, "name": "n-" + id, "type": "OIDC"})
		}
		self := fmt.Sprintf(`<http://%s%s?limit=%d>; rel="self"`, r.Host, r.URL.Path, size)
		links := []string{self}
		if end < len(ids) {
			links = append(links, fmt.Sprintf(`<http://%s%s?after=cur%d&limit=%d>; rel="next"`, r.Host, r.URL.Path, end, size))
		}
		if joined {
			w.Header().Set("Link", strings.Join(links, ", "))
		} else {
			for _, l := range links {
				w.Header().Add("Link", l)
			}
		}
		b, _ := json.Marshal(page)
		writeJSON(w, 200, string(b))
	}
}

func listIdPsPage(c *Client) pageCall {
	return func(ctx context.Context, after string) (*sdk.APIResponse, error) {
		req := c.api.IdentityProviderAPI.ListIdentityProviders(ctx).Limit(2)
		if after != "" {
			req = req.After(after)
		}
		_, resp, err := req.Execute()
		return resp, err
	}
}

func TestPaginateReadsEveryPage(t *testing.T) {
	ids := []string{"0oa1", "0oa2", "0oa3", "0oa4", "0oa5"}
	for _, joined := range []bool{false, true} {
		t.Run(fmt.Sprintf("joined=%v", joined), func(t *testing.T) {
			f := newFakeOkta(t, pagedIdPs(ids, 2, joined))
			c, _ := newTestClient(t, f)
			var got []string
			err := c.paginate(context.Background(), opListIdPs, listIdPsPage(c), func(ex *exchange) error {
				var page []struct{ ID string }
				if err := json.Unmarshal(ex.body, &page); err != nil {
					return err
				}
				for _, p := range page {
					got = append(got, p.ID)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, ",") != strings.Join(ids, ",") {
				t.Errorf("read %v, want %v", got, ids)
			}
			hits := f.Hits()
			if len(hits) != 3 {
				t.Fatalf("pages fetched = %d, want 3", len(hits))
			}
			if hits[0].Query != "limit=2" || !strings.Contains(hits[2].Query, "after=cur4") {
				t.Errorf("queries %q, %q", hits[0].Query, hits[2].Query)
			}
		})
	}
}

func TestPaginateStopsOnRepeatedCursor(t *testing.T) {
	f := newFakeOkta(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Link", fmt.Sprintf(`<http://%s/api/v1/idps?after=same>; rel="next"`, r.Host))
		writeJSON(w, 200, `[]`)
	})
	c, _ := newTestClient(t, f)
	err := c.paginate(context.Background(), opListIdPs, listIdPsPage(c), func(*exchange) error { return nil })
	if e, ok := AsAPIError(err); !ok || !strings.Contains(e.Error(), "same page cursor twice") || e.RequestID != "req-GET" {
		t.Fatalf("err = %v, want the repeated cursor named with the request id", err)
	}
	if n := len(f.Hits()); n != 2 {
		t.Errorf("pages fetched = %d, want 2", n)
	}
}

func TestPaginateIsBounded(t *testing.T) {
	f := newFakeOkta(t, func(w http.ResponseWriter, r *http.Request) {
		n := len(r.URL.Query().Get("after"))
		w.Header().Add("Link", fmt.Sprintf(`<http://%s/api/v1/idps?after=%s>; rel="next"`, r.Host, strings.Repeat("x", n+1)))
		writeJSON(w, 200, `[]`)
	})
	c, _ := newTestClient(t, f)
	err := c.paginate(context.Background(), opListIdPs, listIdPsPage(c), func(*exchange) error { return nil })
	if e, ok := AsAPIError(err); !ok || !strings.Contains(e.Error(), "more than 100 pages") {
		t.Fatalf("err = %v", err)
	}
	if n := len(f.Hits()); n != maxPages {
		t.Errorf("pages fetched = %d, want %d", n, maxPages)
	}
}

// A retried page must not be counted twice.
func TestPaginateRetriesAPageWithoutDuplicates(t *testing.T) {
	inner := pagedIdPs([]string{"a", "b", "c"}, 2, false)
	var calls atomic.Int32
	f := newFakeOkta(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 2 { // the second page is rate limited once
			writeJSON(w, 429, string(mustRead("error_429.json")))
			return
		}
		inner(w, r)
	})
	c, _ := newTestClient(t, f)
	var got []string
	err := c.paginate(context.Background(), opListIdPs, listIdPsPage(c), func(ex *exchange) error {
		var page []struct{ ID string }
		_ = json.Unmarshal(ex.body, &page)
		for _, p := range page {
			got = append(got, p.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "a,b,c" {
		t.Errorf("read %v", got)
	}
}

// A next link naming another host is read for its cursor only: the next page is asked of
// the org, with the token, and the other host hears nothing.
func TestPaginateAsksTheOrgWhateverHostTheNextLinkNames(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { elsewhere.Add(1) }))
	defer other.Close()
	f := newFakeOkta(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("after") == "" {
			w.Header().Add("Link", fmt.Sprintf(`<%s/api/v1/idps?after=c2&limit=2>; rel="next"`, other.URL))
			writeJSON(w, 200, `[{"id":"0oa1","type":"OIDC"}]`)
			return
		}
		writeJSON(w, 200, `[{"id":"0oa2","type":"OIDC"}]`)
	})
	c, _ := newTestClient(t, f)
	pages := 0
	if err := c.paginate(context.Background(), opListIdPs, listIdPsPage(c), func(*exchange) error { pages++; return nil }); err != nil {
		t.Fatal(err)
	}
	hits := f.Hits()
	if pages != 2 || len(hits) != 2 || !strings.Contains(hits[1].Query, "after=c2") || elsewhere.Load() != 0 {
		t.Errorf("pages %d, org hits %d (%v), other host hits %d", pages, len(hits), hits, elsewhere.Load())
	}
}
