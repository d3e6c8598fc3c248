package ui

import (
	"context"
	"sync"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/ui/clipboard"
)

// Every call to Okta or the clipboard, and every save of the progress along the way, runs in
// one of these tea.Cmds and comes back as a typed message: Update and View never wait on the
// network. A few small file operations stay in Update, where their order matters: reading the
// progress file found for the org just typed, setting it aside (start over), and the last
// save when the admin quits.
//
// Concurrency rule: the UI changes setup.Answers only while no command that reads the setup
// is running (the flow is sequential: forms, then the step that uses them). The background
// prefetch works on a copy of the setup for that reason.

func dialCmd(ctx context.Context, dial DialFunc, a steps.Answers, s steps.Secrets, t ticket) tea.Cmd {
	return func() tea.Msg {
		c, err := dial(ctx, a, s)
		return dialedMsg{ticket: t, client: c, err: err}
	}
}

func checkCmd(ctx context.Context, setup *steps.Setup, step steps.Step, t ticket) tea.Cmd {
	return func() tea.Msg {
		r, err := step.Check(ctx, setup)
		return checkedMsg{ticket: t, report: r, err: err}
	}
}

func applyCmd(ctx context.Context, setup *steps.Setup, step steps.Step, r steps.Report, t ticket) tea.Cmd {
	return func() tea.Msg {
		res, err := step.Apply(ctx, setup, r)
		return appliedMsg{ticket: t, result: res, err: err}
	}
}

// appsCmd reads the apps a routing rule can be scoped to.
func appsCmd(ctx context.Context, setup *steps.Setup, t ticket) tea.Cmd {
	return func() tea.Msg {
		apps, err := steps.RuleAppChoices(ctx, setup)
		return appsReadMsg{ticket: t, apps: apps, err: err}
	}
}

// jobReadCmd and jobWriteCmd run a day-two job's read and, once confirmed, its write.
func jobReadCmd(ctx context.Context, setup *steps.Setup, j *flow.Job, t ticket) tea.Cmd {
	return func() tea.Msg {
		found, err := j.Read(ctx, setup)
		return jobReadMsg{ticket: t, found: found, err: err}
	}
}

func jobWriteCmd(ctx context.Context, setup *steps.Setup, j *flow.Job, t ticket) tea.Cmd {
	return func() tea.Msg {
		done, err := j.Write(ctx, setup)
		return jobWrittenMsg{ticket: t, done: done, err: err}
	}
}

// prefetchCmd checks steps on a private copy of the setup (flow.Prefetch), so the side panel
// can show where each step stands while the admin is still answering questions.
func prefetchCmd(ctx context.Context, setup *steps.Setup, list []steps.Step, generation int, forPanel bool) tea.Cmd {
	clone := flow.PrivateCopy(setup)
	return func() tea.Msg {
		return prefetchedMsg{generation: generation, forPanel: forPanel, outcomes: steps.CheckAll(ctx, clone, list)}
	}
}

func copyCmd(copyFn func(string) clipboard.Result, text string, t ticket) tea.Cmd {
	return func() tea.Msg { return copiedMsg{ticket: t, result: copyFn(text)} }
}

// saver orders writes of the progress file. Snapshots are taken in Update (cheap, in
// memory) and written in commands; a snapshot older than one already written is dropped, so
// a slow write can never put back stale progress.
type saver struct {
	mu      sync.Mutex
	next    int // last sequence number handed out (event loop only)
	written int
}

func (s *saver) seq() int {
	s.next++
	return s.next
}

// run performs write unless a newer snapshot was written already.
func (s *saver) run(seq int, write func() error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if seq < s.written {
		return nil
	}
	s.written = seq
	return write()
}

// saveCmd writes a snapshot of the progress in the background.
func (s *saver) saveCmd(setup *steps.Setup) tea.Cmd {
	if setup.StatePath == "" {
		return nil
	}
	path, snapshot, seq := setup.StatePath, setup.Progress(), s.seq()
	snapshot.Answers = snapshot.Answers.Clone()
	return func() tea.Msg {
		return savedMsg{err: s.run(seq, func() error { return steps.SaveProgress(path, snapshot) })}
	}
}

// saveNow writes the progress before the program ends (quit, ctrl+c).
func (s *saver) saveNow(setup *steps.Setup) error {
	return s.run(s.seq(), setup.Save)
}
