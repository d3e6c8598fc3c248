package steps

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeStep is a Step whose Check and Apply are given by the test.
type fakeStep struct {
	id    string
	phase int
	check func(ctx context.Context, s *Setup) (Report, error)
	apply func(ctx context.Context, s *Setup, r Report) (Result, error)

	mu              sync.Mutex
	checks, applies int
}

func (f *fakeStep) ID() string      { return f.id }
func (f *fakeStep) Title() string   { return "fake " + f.id }
func (f *fakeStep) checkPhase() int { return f.phase }

func (f *fakeStep) Check(ctx context.Context, s *Setup) (Report, error) {
	f.mu.Lock()
	f.checks++
	f.mu.Unlock()
	if f.check == nil {
		return Report{Status: StatusDone}, nil
	}
	return f.check(ctx, s)
}

func (f *fakeStep) Apply(ctx context.Context, s *Setup, r Report) (Result, error) {
	f.mu.Lock()
	f.applies++
	f.mu.Unlock()
	if f.apply == nil {
		return Result{Writes: 1}, nil
	}
	return f.apply(ctx, s, r)
}

func (f *fakeStep) counts() (checks, applies int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.checks, f.applies
}

// validAnswers are complete answers for an org that is never contacted.
func validAnswers() Answers {
	a := DefaultAnswers()
	a.OrgURL, a.IDmeClientID, a.PolicyHandle = "https://dev-1.okta.com", "idme-client", "teacher"
	return a
}

func missing(ctx context.Context, s *Setup) (Report, error) {
	return Report{Status: StatusMissing, Changes: []Change{{Action: "create", Object: "thing"}}}, nil
}

func drifted(ctx context.Context, s *Setup) (Report, error) {
	return Report{Status: StatusDrifted, Changes: []Change{{Action: "replace", Object: "thing", Overwrite: true}}}, nil
}

// missingUntilApplied reports missing until the step's Apply ran once.
func missingUntilApplied(f *fakeStep) func(context.Context, *Setup) (Report, error) {
	return func(ctx context.Context, s *Setup) (Report, error) {
		if _, applies := f.counts(); applies > 0 {
			return Report{Status: StatusDone}, nil
		}
		return missing(ctx, s)
	}
}

func steplist(fs ...*fakeStep) []Step {
	out := make([]Step, len(fs))
	for i, f := range fs {
		out[i] = f
	}
	return out
}

func TestCheckAllRunsAPhaseConcurrentlyAfterTheEarlierOnes(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var preflightDone bool
	var mu sync.Mutex
	pre := &fakeStep{id: "pre", phase: phasePreflight, check: func(ctx context.Context, s *Setup) (Report, error) {
		mu.Lock()
		preflightDone = true
		mu.Unlock()
		return Report{Status: StatusDone}, nil
	}}
	// a and b each wait for the other to start: only a concurrent check finishes.
	aStarted, bStarted := make(chan struct{}), make(chan struct{})
	rendezvous := func(mine, theirs chan struct{}) func(ctx context.Context, s *Setup) (Report, error) {
		return func(ctx context.Context, s *Setup) (Report, error) {
			mu.Lock()
			ok := preflightDone
			mu.Unlock()
			if !ok {
				return Report{}, errors.New("checked before the preflight")
			}
			close(mine)
			select {
			case <-theirs:
				return Report{Status: StatusDone}, nil
			case <-ctx.Done():
				return Report{}, errors.New("the other check of the phase never started: checks are not concurrent")
			}
		}
	}
	a := &fakeStep{id: "a", phase: phaseRest, check: rendezvous(aStarted, bStarted)}
	b := &fakeStep{id: "b", phase: phaseRest, check: rendezvous(bStarted, aStarted)}

	out := CheckAll(ctx, NewSetup(nil, validAnswers(), Secrets{}, Objects{}), steplist(a, pre, b))
	for i, want := range []string{"a", "pre", "b"} {
		if out[i].Step.ID() != want {
			t.Errorf("outcome %d is %s, want %s (list order)", i, out[i].Step.ID(), want)
		}
		if out[i].Err != nil {
			t.Errorf("%s: %v", want, out[i].Err)
		}
	}
}

func TestCheckAllSkipsLaterPhasesAfterAFailure(t *testing.T) {
	boom := errors.New("401")
	pre := &fakeStep{id: "pre", phase: phasePreflight, check: func(context.Context, *Setup) (Report, error) { return Report{}, boom }}
	later := &fakeStep{id: "later", phase: phaseRest}
	s := NewSetup(nil, validAnswers(), Secrets{}, Objects{})
	out := CheckAll(context.Background(), s, steplist(pre, later))

	if !errors.Is(out[0].Err, boom) || out[0].Report.Status != StatusError {
		t.Errorf("failed step: %+v", out[0])
	}
	var nce *NotCheckedError
	if !errors.As(out[1].Err, &nce) || nce.Blocker != "pre" || out[1].Report.Status != StatusError {
		t.Errorf("later step: err = %v, report %+v", out[1].Err, out[1].Report)
	}
	if checks, _ := later.counts(); checks != 0 {
		t.Errorf("later step checked %d times after its dependency failed", checks)
	}
	if rec := s.StepRecords()["pre"]; rec.Status != StatusError {
		t.Errorf("record of the failed step = %+v", rec)
	}
}

func TestRunPlanOnlyAppliesAndSavesNothing(t *testing.T) {
	a := &fakeStep{id: "a", check: missing}
	b := &fakeStep{id: "b", check: drifted}
	c := &fakeStep{id: "c"}
	s := NewSetup(nil, validAnswers(), Secrets{}, Objects{})
	s.StatePath = filepath.Join(t.TempDir(), "p.json")
	var kinds []string
	err := Run(context.Background(), s, steplist(a, b, c), RunOptions{PlanOnly: true, OnEvent: func(e Event) {
		if e.Kind != EventChecked {
			kinds = append(kinds, e.StepID+":"+string(e.Kind))
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(kinds, " "); got != "a:planned b:planned c:done" {
		t.Errorf("events = %s", got)
	}
	for _, f := range []*fakeStep{a, b, c} {
		if _, applies := f.counts(); applies != 0 {
			t.Errorf("%s applied in plan-only mode", f.id)
		}
	}
	if _, err := os.Stat(s.StatePath); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("plan-only run wrote the progress file (stat: %v)", err)
	}
}

func TestRunRefusesOverwritesWithoutConfirmationAndGoesOn(t *testing.T) {
	over := &fakeStep{id: "over", check: drifted}
	after := &fakeStep{id: "after"}
	after.check = missingUntilApplied(after)
	s := NewSetup(nil, validAnswers(), Secrets{}, Objects{})
	var refused []string
	err := Run(context.Background(), s, steplist(over, after), RunOptions{OnEvent: func(e Event) {
		if e.Kind == EventRefused {
			refused = append(refused, e.StepID)
		}
	}})
	var ore *OverwriteRefusedError
	if !errors.As(err, &ore) || !strings.Contains(err.Error(), "--yes") || !strings.Contains(err.Error(), "over") {
		t.Fatalf("err = %v, want an *OverwriteRefusedError naming the step and --yes", err)
	}
	if _, applies := over.counts(); applies != 0 {
		t.Error("the overwrite was applied without confirmation")
	}
	if _, applies := after.counts(); applies != 1 {
		t.Error("the step after a refused one was not applied")
	}
	if len(refused) != 1 || refused[0] != "over" {
		t.Errorf("refused events = %v", refused)
	}

	// With confirmation it is applied.
	if err := Run(context.Background(), s, steplist(over), RunOptions{AllowOverwrite: true}); err != nil {
		t.Fatal(err)
	}
	if _, applies := over.counts(); applies != 1 {
		t.Error("AllowOverwrite did not apply the overwrite")
	}
}

func TestRunRechecksWhatFollowsAWrite(t *testing.T) {
	first := &fakeStep{id: "first"}
	first.check = missingUntilApplied(first)
	second := &fakeStep{id: "second"} // done
	third := &fakeStep{id: "third"}
	third.check = missingUntilApplied(third)
	third.apply = func(context.Context, *Setup, Report) (Result, error) { return Result{Writes: 0}, nil }
	fourth := &fakeStep{id: "fourth"}

	var events []string
	opts := RunOptions{OnEvent: func(e Event) { events = append(events, e.StepID+":"+string(e.Kind)) }}
	if err := Run(context.Background(), NewSetup(nil, validAnswers(), Secrets{}, Objects{}), steplist(first, second, third, fourth), opts); err != nil {
		t.Fatal(err)
	}
	// first is checked once (nothing written before it); second and third again after
	// first's write; fourth too, as first's write happened before it.
	for f, want := range map[*fakeStep]int{first: 1, second: 2, third: 2, fourth: 2} {
		if checks, _ := f.counts(); checks != want {
			t.Errorf("%s checked %d times, want %d", f.id, checks, want)
		}
	}
	// Each re-check is reported once, just before the step it concerns is handled; third's
	// Apply wrote nothing, so fourth's re-check from after first's write still stands.
	want := "first:checked second:checked third:checked fourth:checked " +
		"first:applying first:applied " +
		"second:checked second:done " +
		"third:checked third:applying third:applied " +
		"fourth:checked fourth:done"
	if got := strings.Join(events, " "); got != want {
		t.Errorf("events:\n got %s\nwant %s", got, want)
	}
}

func TestRunStopsAtTheFirstFailureAndSavesProgress(t *testing.T) {
	ok := &fakeStep{id: "ok"}
	ok.check = missingUntilApplied(ok)
	ok.apply = func(_ context.Context, s *Setup, _ Report) (Result, error) {
		s.Record(func(o *Objects) { o.IdPID = "0oaFAKE" })
		return Result{Writes: 1, Detail: "made it"}, nil
	}
	bad := &fakeStep{id: "bad", check: missing, apply: func(context.Context, *Setup, Report) (Result, error) {
		return Result{}, errors.New("okta said no")
	}}
	never := &fakeStep{id: "never", check: missing}
	s := NewSetup(nil, validAnswers(), Secrets{APIToken: "canary-token-123", IDmeClientSecret: "canary-secret-456"}, Objects{})
	s.StatePath = filepath.Join(t.TempDir(), "p.json")

	err := Run(context.Background(), s, steplist(ok, bad, never), RunOptions{})
	if err == nil || !strings.Contains(err.Error(), "okta said no") {
		t.Fatalf("err = %v", err)
	}
	if _, applies := never.counts(); applies != 0 {
		t.Error("a step after the failure was applied")
	}
	p, err := LoadProgress(s.StatePath)
	if err != nil {
		t.Fatal(err)
	}
	if p.Objects.IdPID != "0oaFAKE" {
		t.Errorf("saved objects = %+v", p.Objects)
	}
	if p.Steps["ok"].Status != StatusDone || p.Steps["ok"].Detail != "made it" || p.Steps["bad"].Status != StatusError {
		t.Errorf("saved step records = %+v", p.Steps)
	}
	raw, _ := os.ReadFile(s.StatePath)
	if strings.Contains(string(raw), "canary") {
		t.Errorf("a secret reached the progress file:\n%s", raw)
	}

	// A Setup resumed from the file knows what the first run learned.
	r := ResumeSetup(nil, p, Secrets{}, s.StatePath)
	if r.Known().IdPID != "0oaFAKE" || r.StepRecords()["ok"].Status != StatusDone {
		t.Errorf("resumed setup: %+v %+v", r.Known(), r.StepRecords())
	}
}

func TestRunRefusesIncompleteAnswersBeforeAnything(t *testing.T) {
	a := &fakeStep{id: "a", check: missing}
	answers := validAnswers()
	answers.PolicyHandle = "openid"
	err := Run(context.Background(), NewSetup(nil, answers, Secrets{}, Objects{}), steplist(a), RunOptions{PlanOnly: true})
	if err == nil || !strings.Contains(err.Error(), "policy handle") {
		t.Fatalf("err = %v, want the answer named", err)
	}
	if checks, _ := a.counts(); checks != 0 {
		t.Error("steps were checked with invalid answers")
	}
}
