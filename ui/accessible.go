package ui

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// The accessible driver asks the same questions and runs the same steps as the TUI, as plain
// sequential prompts: no alternate screen, no redraws, no spinners ("Checking… done" lines
// instead), numbered choices. It shares the root model's state and decisions (resume, start
// over, when progress may be saved) and the texts of render.go; only the driving differs.
type accessible struct {
	m   *Model
	p   *prompter
	ctx context.Context
	st  styles
}

// errQuit is the admin choosing Quit; like the end of input it stops with progress saved.
var errQuit = errors.New("quit")

func runAccessible(ctx context.Context, opts Options) error {
	m := newModel(ctx, opts)
	defer m.cancel()
	a := &accessible{m: m, p: newPrompter(opts.In, opts.Out), ctx: m.sess.ctx, st: plainStyles()}
	err := a.run()
	switch {
	case err == nil:
		m.finished = true
		a.p.say("", summaryText(m.sess, a.st, 100))
		return nil
	case errors.Is(err, errQuit), errors.Is(err, errEndOfInput), ctx.Err() != nil:
		m.aborted = true
		if m.canSave() {
			if serr := m.saver.saveNow(m.sess.setup); serr != nil {
				a.p.say("Progress not saved: " + serr.Error())
			}
		}
		a.p.say("", m.stoppedText())
		return ErrAborted
	}
	return err
}

func (a *accessible) run() error {
	a.intro()
	if err := a.progressQuestion(); err != nil {
		return err
	}
	if err := a.connect(); err != nil {
		return err
	}
	if err := a.settings(); err != nil {
		return err
	}
	if err := a.steps(); err != nil {
		return err
	}
	return a.testSignIn()
}

func (a *accessible) intro() {
	s := a.m.sess
	a.p.say(fmt.Sprintf("idme-okta %s: set up Sign in with ID.me in your Okta org.", s.opts.Version))
	if s.opts.Demo {
		a.p.say("DEMO: you are connected to a simulated Okta org and a simulated ID.me on this machine.")
	}
	a.p.say("The steps:")
	for i, e := range s.board.entries {
		a.p.say(fmt.Sprintf("  %d. %s", i+1, e.title))
	}
	a.p.say("Nothing is written to your Okta org before you confirm it. Progress is saved as you go (never your token or the client secret).", "")
}

// progressQuestion handles a progress file found before connecting (damaged or not).
func (a *accessible) progressQuestion() error {
	m := a.m
	switch {
	case m.progressErr != nil:
		return a.damaged()
	case m.progress != nil:
		return a.resumeQuestion()
	}
	return nil
}

func (a *accessible) damaged() error {
	a.p.say("The saved progress cannot be read: " + a.m.progressErr.Error())
	i, err := a.p.choose("What now?", []string{"Start over (the damaged file is kept as a .bak copy)", "Quit"}, 0)
	if err != nil {
		return err
	}
	if i == 1 {
		return errQuit
	}
	a.m.resumeAsked = true
	if err := a.m.startOver(); err != nil {
		a.p.say(err.Error())
	}
	return nil
}

func (a *accessible) resumeQuestion() error {
	m := a.m
	p := m.progress
	org := p.OrgURL
	a.p.say(fmt.Sprintf("You have started this before for %s (saved %s): %d of %d steps done.",
		org, when(p.UpdatedAt, time.Now()), doneCount(p, m.sess.opts.Steps), len(m.sess.opts.Steps)))
	for {
		i, err := a.p.choose("Resuming re-checks every step against Okta.", []string{"Resume", "Start over", "Show the saved status", "Quit"}, 0)
		if err != nil {
			return err
		}
		switch i {
		case 0:
			m.resumeAsked = true
			m.resume()
			return nil
		case 1:
			m.resumeAsked = true
			if err := m.startOver(); err != nil {
				a.p.say(err.Error())
			}
			return nil
		case 2:
			for _, e := range savedStatus(p, m.sess.opts.Steps) {
				if !e.reached {
					a.p.say("  " + e.title + ": not reached")
					continue
				}
				a.p.say(fmt.Sprintf("  %s: %s. %s", e.title, e.word(), e.detail))
			}
		default:
			return errQuit
		}
	}
}

func (a *accessible) save() error {
	if !a.m.canSave() {
		return nil
	}
	if err := a.m.saver.saveNow(a.m.sess.setup); err != nil {
		a.p.say("Progress not saved: " + err.Error())
	}
	return nil
}
