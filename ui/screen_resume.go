package ui

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps"
)

// resumeScreen offers to continue a previous run: Resume / Start over / Show status / Quit.
type resumeScreen struct {
	sess       *session
	progress   *steps.Progress
	menu       *choice
	showStatus bool
}

const (
	resumeOptResume = iota
	resumeOptStartOver
	resumeOptStatus
	resumeOptQuit
)

func newResumeScreen(sess *session, p *steps.Progress) *resumeScreen {
	menu := newChoice(
		option{label: "Resume where I left off", key: "r", value: resumeOptResume},
		option{label: "Start over (the old file is kept as a .bak copy)", key: "n", value: resumeOptStartOver},
		option{label: "Show the saved status", key: "s", value: resumeOptStatus},
		option{label: "Quit", value: resumeOptQuit},
	)
	menu.vertical = true
	return &resumeScreen{sess: sess, progress: p, menu: menu}
}

func (s *resumeScreen) init() tea.Cmd { return nil }

func (s *resumeScreen) update(msg tea.Msg) tea.Cmd {
	v, ok := s.menu.update(msg)
	if !ok {
		return nil
	}
	switch v {
	case resumeOptResume:
		return finish(s, resumeDoneMsg{choice: resumeContinue})
	case resumeOptStartOver:
		return finish(s, resumeDoneMsg{choice: resumeStartOver})
	case resumeOptStatus:
		s.showStatus = !s.showStatus
		return nil
	}
	return quitCmd
}

// doneCount counts the steps the file records as done, out of the steps of this run.
func doneCount(p *steps.Progress, list []steps.Step) int {
	n := 0
	for _, st := range list {
		if r, ok := p.Steps[st.ID()]; ok && r.Status == steps.StatusDone {
			n++
		}
	}
	return n
}

func (s *resumeScreen) body(width int) string {
	st := s.sess.st
	p := s.progress
	lines := []string{st.heading.Render("You have started this before"), ""}
	lines = append(lines, wrap("Okta org: "+cmp.Or(p.OrgURL, p.Answers.OrgURL), width, "", "  ")...)
	lines = append(lines, "Saved:    "+when(p.UpdatedAt, time.Now()))
	lines = append(lines, fmt.Sprintf("Progress: %d of %d steps done", doneCount(p, s.sess.opts.Steps), len(s.sess.opts.Steps)))
	if path := s.sess.setup.StatePath; path != "" {
		lines = append(lines, wrap(st.muted.Render("File:     "+path), width, "", "          ")...)
	}
	lines = append(lines, "")
	lines = append(lines, wrap("Resuming re-checks every step against Okta: the file is only a hint, Okta is the truth.", width, "", "")...)
	if s.showStatus {
		lines = append(lines, "", st.heading.Render("Saved status (as of the last run)"))
		for _, e := range savedStatus(p, s.sess.opts.Steps) {
			lines = append(lines, wrap(fmt.Sprintf("%s %s — %s", e.mark.symbol(), e.title, e.word()), width, "", "  ")...)
			if e.detail != "" {
				lines = append(lines, wrap(st.muted.Render(e.detail), width, "    ", "    ")...)
			}
		}
	}
	return strings.Join(lines, "\n")
}

// savedStep is a step as a progress file remembers it.
type savedStep struct {
	entry
	reached bool // the file has a record of the step
}

// savedStatus is "Show the saved status": the run's steps as p records them (pending where
// it has no record), then the test sign-in if it ran.
func savedStatus(p *steps.Progress, list []steps.Step) []savedStep {
	var out []savedStep
	for _, st := range list {
		r, ok := p.Steps[st.ID()]
		e := savedStep{entry: entry{id: st.ID(), title: shortTitle(st)}, reached: ok}
		if ok {
			e.mark, e.detail = markOf(r.Status), r.Detail
		}
		out = append(out, e)
	}
	if r, ok := p.Steps[idTestSignIn]; ok {
		out = append(out, savedStep{entry: entry{id: idTestSignIn, title: signInTitle, mark: markOf(r.Status), detail: r.Detail}, reached: true})
	}
	return out
}

// when says a time both ways: "2026-11-25 13:04 (3 hours ago)".
func when(t, now time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	ago := now.Sub(t).Round(time.Minute)
	rel := "just now"
	switch {
	case ago >= 48*time.Hour:
		rel = fmt.Sprintf("%d days ago", int(ago.Hours()/24))
	case ago >= 2*time.Hour:
		rel = fmt.Sprintf("%d hours ago", int(ago.Hours()))
	case ago >= 2*time.Minute:
		rel = fmt.Sprintf("%d minutes ago", int(ago.Minutes()))
	}
	return t.Local().Format("2006-01-02 15:04") + " (" + rel + ")"
}

func (s *resumeScreen) actions(width int) string { return s.menu.view(s.sess.st, width) }

func (s *resumeScreen) title() string { return "Resume" }

func (s *resumeScreen) bindings() []key.Binding { return s.menu.bindings() }

func (s *resumeScreen) typing() bool { return false }
