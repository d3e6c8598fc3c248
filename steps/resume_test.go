package steps

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/okta/sim"
)

// guideWrites are the writes a fresh org needs, in order, given the final object ids.
func guideWrites(e *simEnv, k Objects) []string {
	everyone := ""
	if groups := e.org.Snapshot().AppGroupAssignments[k.TestAppID]; len(groups) == 1 {
		everyone, _ = groups[0]["id"].(string)
	}
	return []string{
		"POST /api/v1/idps",
		"POST /api/v1/meta/schemas/user/default",
		"POST /api/v1/meta/schemas/apps/" + k.IdPID + "/default",
		"POST /api/v1/mappings/" + k.MappingID,
		"POST /api/v1/policies/" + k.PolicyID + "/rules",
		"POST /api/v1/apps",
		"PUT /api/v1/apps/" + k.TestAppID + "/groups/" + everyone,
	}
}

// TestResumeAfterEachStep stops after each step (as if the process died right after it)
// and resumes in a new process from the progress file: together the two runs make each
// write exactly once.
func TestResumeAfterEachStep(t *testing.T) {
	all := All()
	for k := 1; k < len(all); k++ {
		t.Run("after "+all[k-1].ID(), func(t *testing.T) {
			e := startSim(t)
			first := e.setup(t)
			if err := Run(context.Background(), first, all[:k], RunOptions{}); err != nil {
				t.Fatalf("first run: %v", err)
			}
			firstWrites := writes(e.org)
			e.org.ResetRequests()

			second := e.setup(t)
			e.run(t, second, RunOptions{})
			secondWrites := writes(e.org)

			assertOrgFollowsTheGuide(t, e, second)
			if got, want := append(firstWrites, secondWrites...), guideWrites(e, second.Known()); !reflect.DeepEqual(got, want) {
				t.Errorf("writes of both runs:%s\nwant each once:%s", joinLines(got), joinLines(want))
			}
		})
	}
}

// TestResumeAfterAFailedWrite makes the write of each step fail (Okta answers 500 without
// doing it, to the write and to the one more try that healing makes), then resumes in a new
// process: the second run makes exactly what the first one did not.
func TestResumeAfterAFailedWrite(t *testing.T) {
	for _, f := range []struct {
		step, template string
	}{
		{IDIdentityProvider, "/api/v1/idps"},
		{IDUserAttributes, "/api/v1/meta/schemas/user/{schemaId}"},
		{IDIdPAttributes, "/api/v1/meta/schemas/apps/{appId}/default"},
		{IDProfileMappings, "/api/v1/mappings/{mappingId}"},
		{IDRoutingRule, "/api/v1/policies/{policyId}/rules"},
		{IDTestApp, "/api/v1/apps"},
	} {
		t.Run(f.step, func(t *testing.T) {
			e := startSim(t)
			e.org.InjectFault(sim.Fault{Method: http.MethodPost, PathTemplate: f.template, Status: 500, Times: 2})
			var failed string
			err := Run(context.Background(), e.setup(t), All(), RunOptions{OnEvent: func(ev Event) {
				if ev.Kind == EventFailed {
					failed = ev.StepID
				}
			}})
			if err == nil || failed != f.step {
				t.Fatalf("first run: err = %v, failed step %q; want %s to fail", err, failed, f.step)
			}
			firstWrites := writes(e.org)
			e.org.ResetRequests()

			second := e.setup(t)
			e.run(t, second, RunOptions{})
			assertOrgFollowsTheGuide(t, e, second)

			want := guideWrites(e, second.Known())
			// The two refused requests are in the first run's log but changed nothing.
			i := len(firstWrites) - 2
			if got := append(firstWrites, writes(e.org)...); !reflect.DeepEqual(got, insertAt(insertAt(want, i, want[i]), i, want[i])) {
				t.Errorf("writes of both runs:%s\nwant each once, the failed one three times:%s", joinLines(got), joinLines(want))
			}
		})
	}
}

func insertAt(list []string, i int, v string) []string {
	out := append([]string(nil), list[:i]...)
	out = append(out, v)
	return append(out, list[i:]...)
}

// TestLostCreateResponseIsHealedWithinTheRun is the nasty case: the IdP create reached Okta
// but its answer was lost. The run reads back, finds the IdP, and carries on with it: one
// IdP, the whole guide done in this run, and the result says what happened.
func TestLostCreateResponseIsHealedWithinTheRun(t *testing.T) {
	e := startSim(t)
	a := simAnswers(e.org)
	lossy := &lossyTransport{base: http.DefaultTransport, method: http.MethodPost, template: "/api/v1/idps"}
	c, err := okta.New(okta.Config{OrgURL: a.OrgURL, Token: e.org.AdminToken(), HTTPClient: &http.Client{Transport: lossy}})
	if err != nil {
		t.Fatal(err)
	}
	s := NewSetup(c, a, e.secrets(), Objects{})
	s.StatePath = e.statePath
	var idpResult Result
	err = Run(context.Background(), s, All(), RunOptions{OnEvent: func(ev Event) {
		if ev.Kind == EventApplied && ev.StepID == IDIdentityProvider {
			idpResult = ev.Result
		}
	}})
	if err != nil || !lossy.lost {
		t.Fatalf("run: err = %v, response lost = %v", err, lossy.lost)
	}
	assertOrgFollowsTheGuide(t, e, s) // exactly one IdP
	if !strings.Contains(idpResult.Detail, "answer to the create was lost") || !strings.Contains(idpResult.Detail, "found it made") || idpResult.Writes != 1 {
		t.Errorf("IdP result: %+v", idpResult)
	}
	if p, err := LoadProgress(e.statePath); err != nil || p.Objects.IdPID == "" {
		t.Errorf("progress did not learn the IdP: %v", err)
	}
}

// TestResumeWithAStaleIdPHint: the IdP in the progress file was deleted in Okta since; the
// rerun notes it and creates a new one instead of failing.
func TestResumeWithAStaleIdPHint(t *testing.T) {
	e := startSim(t)
	s := e.setup(t)
	s.Record(func(o *Objects) { o.IdPID = "0oaDELETED000000000" })
	r, err := IdentityProvider().Check(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != StatusMissing || !containsText(r.Notes, "no longer exists") {
		t.Errorf("report = %s %q notes %v", r.Status, r.Detail, r.Notes)
	}
	if s.Known().IdPID != "" {
		t.Errorf("stale hint kept: %s", s.Known().IdPID)
	}
}

func containsText(lines []string, sub string) bool {
	for _, l := range lines {
		if strings.Contains(l, sub) {
			return true
		}
	}
	return false
}

// TestDroppedWriteConnectionsStillLeaveOneOfEach drops the connection of each write before
// Okta handles it. Neither okta.Client nor Go's HTTP transport re-sends a POST whose
// connection ended in EOF (Okta may have acted on it), so today the run fails there and the
// rerun finishes; a client that retried would do too. Either way each object exists exactly
// once.
func TestDroppedWriteConnectionsStillLeaveOneOfEach(t *testing.T) {
	for _, template := range []string{
		"/api/v1/idps",
		"/api/v1/meta/schemas/user/{schemaId}",
		"/api/v1/meta/schemas/apps/{appId}/default",
		"/api/v1/mappings/{mappingId}",
		"/api/v1/policies/{policyId}/rules",
	} {
		t.Run(template, func(t *testing.T) {
			e := startSim(t)
			e.org.InjectFault(sim.Fault{Method: http.MethodPost, PathTemplate: template, Drop: true, Times: 1})
			if err := Run(context.Background(), e.setup(t), All(), RunOptions{}); err != nil {
				t.Logf("first run failed (%v); running again", err)
				e.run(t, e.setup(t), RunOptions{})
			}
			assertOrgFollowsTheGuide(t, e, e.setup(t))
			// Without this, a template that matches no request would pass untested.
			var dropped []string
			for _, r := range e.org.Requests() {
				if r.Write && r.Status == 0 {
					dropped = append(dropped, r.Method+" "+r.Path)
				}
			}
			if len(dropped) != 1 {
				t.Errorf("dropped writes:%s\nwant exactly one, matching %s", joinLines(dropped), template)
			}
		})
	}
}
