package flow_test

import (
	"testing"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/steps/signin"
)

// The guide's id_token URL as an option of its own (the accessible mode has no key to switch
// the response): in the demo the simulated browser walks it (the admin's browser would open
// nothing, and the test waited its whole timeout); outside the demo, the admin's browser.
func TestIDTokenOptionWalksTheDemo(t *testing.T) {
	for _, demo := range []bool{true, false} {
		setup := steps.NewSetup(nil, steps.DefaultAnswers(), steps.Secrets{}, steps.Objects{})
		setup.Record(func(o *steps.Objects) { o.IdPID, o.TestAppClientID = "0oaIDP", "0oaAPP" })
		f := flow.New(flow.Options{Setup: setup, Steps: []steps.Step{}})
		ways := f.SignInWays(demo)
		m := ways.WithIDToken()
		if !m.Has(flow.ChoiceTestToken) || ways.Menu.Has(flow.ChoiceTestToken) {
			t.Fatalf("demo %v: the id_token option is in %+v, the TUI's menu %+v", demo, m, ways.Menu)
		}
		want := flow.WayOwn
		if demo {
			want = flow.WayDemo
		}
		if got := ways.Chosen(flow.ChoiceTestToken, signin.FlowCode); got.Way != want || got.Response != signin.FlowIDToken {
			t.Errorf("demo %v: the id_token option chose %+v, want way %v with the id_token response", demo, got, want)
		}
		if got := ways.Chosen(flow.ChoiceTestDemo, signin.FlowIDToken); got.Way != flow.WayDemo || got.Response != signin.FlowIDToken {
			t.Errorf("demo %v: the TUI's d with f chose %+v", demo, got)
		}
	}
}
