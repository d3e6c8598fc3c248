package ui

import (
	"errors"

	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// manage asks what to do with the org's setup (flow.Manage).
func (r *lineRenderer) manage(flow.Page) (flow.Event, error) {
	r.say("", "Sign in with ID.me is set up in "+termtext.Line(r.sess.setup().OrgURL())+".", manageIntro)
	c, err := r.choose(flow.ManageMenu())
	if err != nil {
		return nil, err
	}
	if ev := flow.ManageAnswer(c); ev != nil {
		return ev, nil
	}
	return nil, errQuit
}

// job runs one day-two action (flow.ManageJob) until the admin goes back to the menu.
func (r *lineRenderer) job(p flow.Page) (flow.Event, error) {
	j, s := p.Job, r.sess
	r.say("", jobTitle(j.Action))
	d, ev := j.Begin(), flow.Event(nil)
	for ev == nil {
		switch d {
		case flow.DoAsk:
			a := newJobAnswers(j, s.setup().Answers)
			err := r.askForm(a.form())
			if errors.Is(err, errEndOfInput) {
				return nil, err
			}
			if err == nil {
				err = a.store()
			}
			d, ev = j.Answered(err == nil)
			continue
		case flow.DoCheck:
			r.beginLine(jobWorking(j) + " ")
			found, err := j.Read(s.ctx, s.setup())
			if ctxErr := s.ctx.Err(); ctxErr != nil {
				return nil, ctxErr
			}
			r.endLine("done.")
			j.ReadDone(found, err)
		case flow.DoApply:
			r.beginLine(jobWorking(j) + " ")
			done, err := j.Write(s.ctx, s.setup())
			if ctxErr := s.ctx.Err(); ctxErr != nil {
				return nil, ctxErr
			}
			r.endLine("done.")
			j.WriteDone(done, err)
		case flow.DoQuit:
			return nil, errQuit
		}
		r.say(jobLines(r.sty, j, lineWidth)...)
		c, err := r.choose(j.Menu())
		if err != nil {
			return nil, err
		}
		d, ev = j.Choose(c)
	}
	return ev, nil
}
