package ui

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// resumeScreen offers to continue a previous run (flow.Resume): Resume / Start over / Show
// status / Quit.
type resumeScreen struct {
	sess       *session
	progress   *steps.Progress
	menu       *choice
	showStatus bool
	confirming bool // start over was chosen: its confirmation is asked
}

func newResumeScreen(sess *session, p flow.Page) *resumeScreen {
	return &resumeScreen{sess: sess, progress: p.Progress, menu: newList(flow.ResumeMenu())}
}

func (s *resumeScreen) init() tea.Cmd { return nil }

func (s *resumeScreen) update(msg tea.Msg) tea.Cmd {
	if km, ok := msg.(tea.KeyMsg); ok && s.confirming && key.Matches(km, keyBack) {
		s.confirming, s.menu = false, newList(flow.ResumeMenu())
		return nil
	}
	c, ok := s.menu.update(msg)
	if !ok {
		return nil
	}
	switch c {
	case flow.ChoiceResume:
		return finish(s, flow.ResumeChosen{})
	case flow.ChoiceStartOver:
		if s.confirming {
			return finish(s, flow.ResumeChosen{StartOver: true})
		}
		s.confirming, s.menu = true, newList(flow.StartOverMenu(s.progress))
		return nil
	case flow.ChoiceBack:
		s.confirming, s.menu = false, newList(flow.ResumeMenu())
		return nil
	case flow.ChoiceStatus:
		s.showStatus = !s.showStatus
		return nil
	}
	return quitCmd
}

func (s *resumeScreen) body(width int) string {
	sty := s.sess.styles
	p := s.progress
	f := s.sess.flow
	lines := []string{sty.heading.Render("You have started this before"), ""}
	lines = append(lines, wrap("Okta org: "+cmp.Or(p.OrgURL, p.Answers.OrgURL), width, "", "  ")...)
	lines = append(lines, "Saved:    "+when(p.UpdatedAt, time.Now()))
	lines = append(lines, fmt.Sprintf("Progress: %d of %d steps done", f.DoneCount(p), f.StepCount()))
	if path := s.sess.setup().StatePath; path != "" {
		lines = append(lines, labelledPath("File:     ", path, width)...)
	}
	lines = append(lines, "")
	lines = append(lines, wrap("Resuming re-checks every step against Okta: the file is only a hint, Okta is the truth.", width, "", "")...)
	if s.confirming {
		lines = append(lines, "")
		lines = append(lines, wrap(sty.warn.Render(flow.StartOverMenu(p).Question), width, "", "")...)
	}
	if s.showStatus {
		lines = append(lines, "", sty.heading.Render("Saved status (as of the last run)"))
		for _, e := range f.SavedStatus(p) {
			lines = append(lines, wrap(fmt.Sprintf("%s %s — %s", markSymbol(e.Mark), e.Title, entryWord(e.Entry)), width, "", "  ")...)
			if e.Detail != "" {
				lines = append(lines, wrap(sty.muted.Render(termtext.Line(e.Detail)), width, "    ", "    ")...)
			}
		}
	}
	return strings.Join(lines, "\n")
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

func (s *resumeScreen) actions(width int) string { return s.menu.view(s.sess.styles, width) }

func (s *resumeScreen) title() string { return "Resume" }

func (s *resumeScreen) bindings() []key.Binding { return s.menu.bindings() }

func (s *resumeScreen) typing() bool { return false }
