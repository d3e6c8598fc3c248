package sim_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

func TestWalkingAllPagesOfIdPs(t *testing.T) {
	org := simtest.Start(t)
	var created []string
	for i := range 5 {
		r := call(t, org, http.MethodPost, "/api/v1/idps", admin(org), idpBody(fmt.Sprintf("IdP %d", i)))
		created = append(created, r.json(t)["id"].(string))
	}

	var seen []string
	next := "/api/v1/idps?limit=2"
	for pages := 0; next != ""; pages++ {
		if pages > 5 {
			t.Fatalf("more pages than items: the next links loop")
		}
		r := call(t, org, http.MethodGet, next, admin(org), nil)
		for _, idp := range r.list(t) {
			seen = append(seen, idp["id"].(string))
		}
		links := r.header.Values("Link")
		if len(links) == 0 || !strings.HasSuffix(links[0], `rel="self"`) {
			t.Fatalf("page %d: Link lines %q, want rel=self first", pages, links)
		}
		next = ""
		for _, l := range links[1:] {
			u, rel := parseLink(t, l)
			if rel != "next" {
				t.Fatalf("unexpected Link line %q", l)
			}
			after := u.Query().Get("after")
			for _, id := range created {
				if after == id {
					t.Errorf("cursor %q is an IdP id; cursors are opaque", after)
				}
			}
			if u.Query().Get("limit") != "2" {
				t.Errorf("next link %q does not keep limit=2", l)
			}
			next = u.RequestURI()
		}
		if len(links) > 2 || strings.Contains(links[0], ",") {
			t.Errorf("Link lines must be separate header values: %q", links)
		}
	}
	if strings.Join(seen, ",") != strings.Join(created, ",") {
		t.Errorf("walked %v, want every IdP once in creation order %v", seen, created)
	}
}

func TestLimitIsCappedAtTheMaximum(t *testing.T) {
	org := simtest.Start(t)
	for i := range 3 {
		call(t, org, http.MethodPost, "/api/v1/idps", admin(org), idpBody(fmt.Sprintf("IdP %d", i)))
	}
	r := call(t, org, http.MethodGet, "/api/v1/idps?limit=1", admin(org), nil)
	if n := len(r.list(t)); n != 1 {
		t.Errorf("limit=1 returned %d", n)
	}
	if n := len(call(t, org, http.MethodGet, "/api/v1/idps", admin(org), nil).list(t)); n != 3 {
		t.Errorf("default limit returned %d of 3", n)
	}
	// The cap shows in a next link, which a System Log poll (no until) always carries.
	links := call(t, org, http.MethodGet, "/api/v1/logs?limit=5000", admin(org), nil).header.Values("Link")
	if len(links) != 2 {
		t.Fatalf("System Log poll: Link lines %q, want self and next", links)
	}
	if next, _ := parseLink(t, links[1]); next.Query().Get("limit") != "1000" {
		t.Errorf("limit=5000 on the System Log: next link %q, want the limit lowered to its maximum, 1000", links[1])
	}
}

func TestUnknownCursorIsRejected(t *testing.T) {
	org := simtest.Start(t)
	r := call(t, org, http.MethodGet, "/api/v1/idps?after=not-a-cursor", admin(org), nil)
	oktaError(t, r, http.StatusBadRequest, "E0000029")
}
