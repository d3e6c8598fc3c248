package okta

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestDefaultUserTypeID(t *testing.T) {
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{"GET /api/v1/meta/types/user": serve(200, "user_types.json")}))
	c, _ := newTestClient(t, f)
	id, err := c.DefaultUserTypeID(context.Background())
	if err != nil || id != "otyDefault12" {
		t.Errorf("DefaultUserTypeID = %q, %v", id, err)
	}
}

func TestDefaultUserTypeMissing(t *testing.T) {
	f := newFakeOkta(t, serveBody(200, `[{"id":"oty1","default":false}]`))
	c, _ := newTestClient(t, f)
	_, err := c.DefaultUserTypeID(context.Background())
	if e, ok := AsAPIError(err); !ok || e.RequestID != "req-GET" {
		t.Errorf("err = %v, want an APIError with the request id", err)
	}
}

func TestFindMapping(t *testing.T) {
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{
		"GET /api/v1/mappings":               serve(200, "mappings_list.json"),
		"GET /api/v1/mappings/prmIdPToUser1": serve(200, "mapping.json"),
	}))
	c, _ := newTestClient(t, f)
	m, err := c.FindMapping(context.Background(), idpID, "otyDefault12")
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != "prmIdPToUser1" || m.SourceType != "appuser" || m.TargetName != "user" || len(m.Properties) != 4 {
		t.Errorf("mapping %+v", m)
	}
	if p := m.Properties["login"]; p.Expression != "appuser.email" || p.PushStatus != "DONT_PUSH" {
		t.Errorf("login row %+v", p)
	}
	q, _ := url.ParseQuery(only(t, f, "GET", "/api/v1/mappings").Query)
	if q.Get("sourceId") != idpID || q.Get("targetId") != "otyDefault12" {
		t.Errorf("list query %v", q)
	}
}

func TestFindMappingNone(t *testing.T) {
	// A row for another target (a server ignoring targetId) must not be taken.
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{"GET /api/v1/mappings": serve(200, "mappings_list.json")}))
	c, _ := newTestClient(t, f)
	m, err := c.FindMapping(context.Background(), idpID, "otyOther")
	if err != nil || m != nil {
		t.Errorf("FindMapping = %+v, %v; want nil, nil", m, err)
	}
}

func TestUpdateMappingSendsNullForRemovedRows(t *testing.T) {
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{"POST /api/v1/mappings/prmIdPToUser1": serve(200, "mapping.json")}))
	c, _ := newTestClient(t, f)
	_, err := c.UpdateMapping(context.Background(), "prmIdPToUser1",
		map[string]MappingProperty{
			"firstName": {Expression: "appuser.fname"},
			"idme_uuid": {Expression: "appuser.uuid", PushStatus: "DONT_PUSH"},
		},
		[]string{"nickName"})
	if err != nil {
		t.Fatal(err)
	}
	raw := only(t, f, "POST", "/api/v1/mappings/prmIdPToUser1").Body
	var body struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		t.Fatal(err)
	}
	if got := string(body.Properties["nickName"]); got != "null" {
		t.Errorf("removed row sent as %q, want null (body %s)", got, raw)
	}
	if got := string(body.Properties["firstName"]); got != `{"expression":"appuser.fname","pushStatus":"PUSH"}` {
		t.Errorf("firstName row %s", got)
	}
	if got := string(body.Properties["idme_uuid"]); !strings.Contains(got, `"DONT_PUSH"`) {
		t.Errorf("idme_uuid row %s", got)
	}
	if len(body.Properties) != 3 {
		t.Errorf("rows sent: %s", raw)
	}
}

func TestMappingRowsValidation(t *testing.T) {
	cases := []struct {
		set    map[string]MappingProperty
		remove []string
		want   string
	}{
		{map[string]MappingProperty{"a": {}}, nil, "empty expression"},
		{map[string]MappingProperty{"a": {Expression: "x"}}, []string{"a"}, "both set and removed"},
		{nil, []string{"login"}, `"login" mapping row cannot be removed`},
		{map[string]MappingProperty{"": {Expression: "x"}}, nil, "no target attribute"},
	}
	for _, tc := range cases {
		if _, err := mappingRows(tc.set, tc.remove); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("mappingRows(%v, %v) = %v, want %q", tc.set, tc.remove, err, tc.want)
		}
	}
}

func TestUpdateMappingWithNothingToDoReads(t *testing.T) {
	f := newFakeOkta(t, routes(t, map[string]http.HandlerFunc{"GET /api/v1/mappings/prmIdPToUser1": serve(200, "mapping.json")}))
	c, _ := newTestClient(t, f)
	m, err := c.UpdateMapping(context.Background(), "prmIdPToUser1", nil, nil)
	if err != nil || m.ID != "prmIdPToUser1" {
		t.Errorf("got %+v, %v", m, err)
	}
}
