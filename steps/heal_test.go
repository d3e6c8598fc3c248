package steps

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim"
)

// Every write whose answer is lost (the request reached Okta, the response did not come
// back) heals within the run: creates are read back, state-setting writes are sent again.
// The run finishes, and each object exists once.
func TestEveryLostAnswerHealsWithinTheRun(t *testing.T) {
	for _, w := range []struct{ method, path string }{
		{http.MethodPost, "/api/v1/idps"},
		{http.MethodPost, "/api/v1/policies/{policyId}/rules"},
		{http.MethodPost, "/api/v1/apps"},
		{http.MethodPost, "/api/v1/meta/schemas/user/{schemaId}"},
		{http.MethodPost, "/api/v1/meta/schemas/apps/{appId}/default"},
		{http.MethodPost, "/api/v1/mappings/{mappingId}"},
		{http.MethodPut, "/api/v1/apps/{appId}/groups/{groupId}"},
	} {
		t.Run(w.method+" "+w.path, func(t *testing.T) {
			e := startSim(t)
			lossy := &lossyTransport{base: http.DefaultTransport, method: w.method, template: w.path}
			s := e.setupWith(t, simAnswers(e.org), e.secrets())
			c, err := okta.New(okta.Config{OrgURL: e.org.URL(), Token: e.org.AdminToken(), HTTPClient: &http.Client{Transport: lossy}})
			if err != nil {
				t.Fatal(err)
			}
			s.Okta = c
			if err := Run(context.Background(), s, All(), RunOptions{}); err != nil {
				t.Fatalf("the run did not heal: %v", err)
			}
			if !lossy.lost {
				t.Fatalf("no answer to %s %s was lost: the case tests nothing", w.method, w.path)
			}
			assertOrgFollowsTheGuide(t, e, s)
		})
	}
}

// When reading back finds nothing, the create is made once more; when the second try fails
// too, the error says the outcome was unknown and what reading back found, never just
// "check your network".
func TestAnUnhealedCreateSaysWhatWasFound(t *testing.T) {
	e := startSim(t)
	e.org.InjectFault(sim.Fault{Method: http.MethodPost, PathTemplate: "/api/v1/policies/{policyId}/rules", Status: 502})
	err := Run(context.Background(), e.setup(t), All(), RunOptions{})
	if err == nil {
		t.Fatal("the run passed although every rule create failed")
	}
	msg := err.Error()
	for _, want := range []string{"outcome of the create is unknown", "read back: not there, and creating it once more failed too"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the error does not say %q: %s", want, msg)
		}
	}
	if !WriteOutcomeUnknown(err) {
		t.Error("WriteOutcomeUnknown does not see it")
	}
	n := 0
	for _, r := range e.org.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/rules") {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d rule creates sent, want 2 (one more after reading back found none)", n)
	}
}

// lossyTransport delivers requests but loses the answer to the first one matching a route
// template (a literal path is one too): Okta acted on it, the client never hears.
type lossyTransport struct {
	base             http.RoundTripper
	method, template string

	mu   sync.Mutex
	lost bool
}

func (l *lossyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := l.base.RoundTrip(req)
	l.mu.Lock()
	defer l.mu.Unlock()
	if err == nil && !l.lost && req.Method == l.method && matchTemplate(l.template, req.URL.Path) {
		l.lost = true
		resp.Body.Close()
		return nil, errors.New("connection reset by peer")
	}
	return resp, err
}

func matchTemplate(template, path string) bool {
	tp, pp := strings.Split(template, "/"), strings.Split(path, "/")
	if len(tp) != len(pp) {
		return false
	}
	for i := range tp {
		if !strings.HasPrefix(tp[i], "{") && tp[i] != pp[i] {
			return false
		}
	}
	return true
}
