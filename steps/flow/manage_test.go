package flow_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
)

var errBoom = errors.New("boom")

// withProgress is a run whose progress file knows an identity provider (or not).
func withProgress(t *testing.T, idpID string) *flow.Flow {
	t.Helper()
	path := filepath.Join(t.TempDir(), "org.json")
	a := steps.DefaultAnswers()
	a.OrgURL = "https://dev-1.okta.com"
	if err := steps.SaveProgress(path, &steps.Progress{OrgURL: a.OrgURL, Answers: a, Objects: steps.Objects{IdPID: idpID}, UpdatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	setup := steps.NewSetup(nil, steps.DefaultAnswers(), steps.Secrets{}, steps.Objects{})
	setup.StatePath = path
	return flow.New(flow.Options{Setup: setup, Steps: []steps.Step{connect}})
}

// After connecting, a setup that exists gets the day-two menu (resume first); one that
// does not, or was set aside, goes on to the ID.me settings.
func TestManageMenuOnlyWhenASetupExists(t *testing.T) {
	for _, c := range []struct {
		idp       string
		startOver bool
		want      flow.Kind
	}{{"0oaIDP", false, flow.Manage}, {"0oaIDP", true, flow.IDme}, {"", false, flow.IDme}} {
		f := withProgress(t, c.idp)
		if mv := f.Start(); mv.Page.Kind != flow.Resume {
			t.Fatalf("first page %v, want resume", describe(mv.Page))
		}
		f.Next(flow.ResumeChosen{StartOver: c.startOver})
		mv := f.Next(flow.Connected{Report: steps.Report{Status: steps.StatusDone}})
		if mv.Page.Kind != c.want {
			t.Errorf("idp %q, start over %v: after connecting %v, want %v", c.idp, c.startOver, describe(mv.Page), c.want)
		}
	}
	f := withProgress(t, "0oaIDP")
	f.Start()
	f.Next(flow.ResumeChosen{})
	f.Next(flow.Connected{Report: steps.Report{Status: steps.StatusDone}})
	m := flow.ManageMenu()
	if m.Options[m.Default].Label != "Resume the setup" || !m.Has(flow.ChoiceQuit) {
		t.Errorf("the menu's default is %q", m.Options[m.Default].Label)
	}
	if mv := f.Next(flow.ManageAnswer(m.Options[0].Choice)); mv.Page.Kind != flow.IDme || !mv.Refresh {
		t.Errorf("resume: %v, want the ID.me settings", describe(mv.Page))
	}
	if flow.ManageAnswer(flow.ChoiceQuit) != nil {
		t.Error("quit is an event")
	}
}

// A job: what it asks first, the menu of each phase (a write's yes defaults to Back, a read
// has none), going back at any question, and retry after a failure.
func TestJobPhases(t *testing.T) {
	f := withProgress(t, "0oaIDP")
	f.Start()
	f.Next(flow.ResumeChosen{})
	f.Next(flow.Connected{Report: steps.Report{Status: steps.StatusDone}})
	open := func(a flow.Action) *flow.Job {
		t.Helper()
		mv := f.Next(flow.ManageChosen{Action: a})
		if mv.Page.Kind != flow.ManageJob || mv.Page.Job.Action != a {
			t.Fatalf("action %v: %v", a, describe(mv.Page))
		}
		return mv.Page.Job
	}

	doc := open(flow.ActionDoctor)
	if d := doc.Begin(); d != flow.DoCheck || doc.Phase != flow.JobReading || doc.Writes() {
		t.Fatalf("doctor begins with %v, phase %v", d, doc.Phase)
	}
	if len(doc.Menu().Options) != 0 {
		t.Error("a menu while reading")
	}
	doc.ReadDone(flow.Found{}, nil)
	if got := labels(doc.Menu()); strings.Join(got, "|") != "Back to the menu|Quit" {
		t.Errorf("doctor's result menu %q", got)
	}
	if _, ev := doc.Choose(flow.ChoiceApply); ev != nil || doc.Phase != flow.JobShown {
		t.Error("a read-only job took a yes it does not offer")
	}
	if _, ev := doc.Choose(flow.ChoiceBack); ev != (flow.JobFinished{}) {
		t.Fatalf("back: %v", ev)
	}
	if mv := f.Next(flow.JobFinished{}); mv.Page.Kind != flow.Manage {
		t.Fatalf("after a job: %v, want the menu", describe(mv.Page))
	}

	exp := open(flow.ActionExport)
	if d := exp.Begin(); d != flow.DoAsk || exp.Input() != flow.InputExportDir || exp.ExportDir != flow.DefaultExportDir {
		t.Fatalf("export begins with %v, input %v, dir %q", d, exp.Input(), exp.ExportDir)
	}
	if d, ev := exp.Answered(false); d != flow.DoShow || ev != (flow.JobFinished{}) {
		t.Errorf("no answer: %v %v, want back to the menu", d, ev)
	}

	rm := open(flow.ActionRemove)
	rm.Begin()
	rm.ReadDone(flow.Found{}, errBoom)
	if rm.Phase != flow.JobFailed || strings.Join(labels(rm.Menu()), "|") != "Retry|Back to the menu|Quit" {
		t.Fatalf("failed read: phase %v, menu %q", rm.Phase, labels(rm.Menu()))
	}
	if d, _ := rm.Choose(flow.ChoiceRetry); d != flow.DoCheck {
		t.Fatalf("retry: %v", d)
	}
	rm.ReadDone(flow.Found{}, nil) // a nil plan: nothing to remove
	if rm.NothingToWrite() != true || rm.Menu().Has(flow.ChoiceApply) {
		t.Error("an empty removal offers a yes")
	}

	pr := open(flow.ActionPromote)
	if d := pr.Begin(); d != flow.DoAsk || pr.Input() != flow.InputPromotion {
		t.Fatalf("promote begins with %v", d)
	}
	pr.Answered(true)
	pr.ReadDone(flow.Found{Promote: []steps.Event{{StepID: "identity-provider", Kind: steps.EventPlanned}}}, nil)
	m := pr.Menu()
	if !m.Has(flow.ChoiceApply) || m.Options[m.Default].Choice != flow.ChoiceBack {
		t.Fatalf("promote's plan menu %q, default %d", labels(m), m.Default)
	}
	if d, _ := pr.Choose(flow.ChoiceApply); d != flow.DoApply || pr.Phase != flow.JobWriting {
		t.Fatalf("yes: %v, phase %v", d, pr.Phase)
	}
	pr.WriteDone(flow.Done{}, errBoom)
	if pr.Phase != flow.JobFailed || pr.Tried != "write" {
		t.Errorf("failed write: phase %v, tried %q", pr.Phase, pr.Tried)
	}
}
