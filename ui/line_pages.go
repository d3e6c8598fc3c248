package ui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/charmbracelet/huh"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/steps/signin"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// The accessible mode's pages, one function per kind of flow.Page. Each draws the page,
// asks its questions and returns the flow.Event it ended with; the flow decides the rest.

// welcome has nothing to ask: the intro said what will happen.
func (r *lineRenderer) welcome(flow.Page) (flow.Event, error) { return flow.Began{}, nil }

func (r *lineRenderer) resume(p flow.Page) (flow.Event, error) {
	f, pr := r.sess.flow, p.Progress
	r.say(fmt.Sprintf("You have started this before for %s (saved %s): %d of %d steps done.",
		pr.OrgURL, when(pr.UpdatedAt, time.Now()), f.DoneCount(pr), f.StepCount()))
	for {
		c, err := r.choose(flow.ResumeMenu())
		switch {
		case err != nil:
			return nil, err
		case c == flow.ChoiceStatus:
			for _, e := range f.SavedStatus(pr) {
				if !e.Reached {
					r.say("  " + e.Title + ": not reached")
					continue
				}
				r.say(fmt.Sprintf("  %s: %s. %s", e.Title, entryWord(e.Entry), e.Detail))
			}
		case c == flow.ChoiceStartOver:
			sure, err := r.choose(flow.StartOverMenu(pr))
			if err != nil {
				return nil, err
			}
			if sure == flow.ChoiceStartOver {
				return flow.ResumeChosen{StartOver: true}, nil
			}
		default:
			return flow.ResumeChosen{}, nil
		}
	}
}

func (r *lineRenderer) damaged(p flow.Page) (flow.Event, error) {
	r.say("The saved progress cannot be read: " + p.Err.Error())
	if _, err := r.choose(flow.DamagedMenu()); err != nil {
		return nil, err
	}
	return flow.ResumeChosen{StartOver: true}, nil
}

// connect asks the org and credentials, then dials and runs the preflight until it passes,
// the admin edits the answers, or quits.
func (r *lineRenderer) connect(flow.Page) (flow.Event, error) {
	answers := newConnectAnswers(r.sess)
	for {
		if err := r.askForm(answers.form()); err != nil {
			return nil, err
		}
		if err := answers.store(); err != nil {
			r.say("  " + err.Error())
			continue
		}
		r.say("Using " + r.sess.setup().Answers.OrgURL)
		for again := true; again; {
			ev, err := r.dial()
			if ev != nil || err != nil {
				return ev, err
			}
			c, err := r.choose(flow.ConnectFailedMenu())
			if err != nil {
				return nil, err
			}
			if again = c == flow.ChoiceRetry; !again {
				answers.rejected()
			}
		}
	}
}

// dial connects and runs the preflight step; nil, nil when it failed (and said why).
func (r *lineRenderer) dial() (flow.Event, error) {
	s, f := r.sess, r.sess.flow
	setup := s.setup()
	f.Connecting()
	r.beginLine("Connecting and checking the token (read-only)… ")
	client, err := s.opts.Dial(s.ctx, setup.Answers.Clone(), setup.Secrets)
	report := steps.Report{Status: steps.StatusDone}
	if err == nil {
		client.OnWait(r.announceWait)
		setup.Okta = client
		if step := f.Preflight(); step != nil {
			report, err = step.Check(s.ctx, setup)
		}
	}
	if err := s.ctx.Err(); err != nil {
		return nil, err
	}
	if ev := f.Preflighted(report, err); ev != nil {
		r.endLine("done.")
		r.say(report.Detail)
		return ev, nil
	}
	r.endLine("failed.")
	r.say(connectFailureLines(r.sty, setup.Answers.OrgURL, err, report, lineWidth)...)
	return nil, nil
}

// idme asks the ID.me settings. Whether Okta keeps a client secret already is asked of Okta
// first, read-only, so the secret may be left empty.
func (r *lineRenderer) idme(flow.Page) (flow.Event, error) {
	s, f := r.sess, r.sess.flow
	r.say("", "ID.me settings: your ID.me Solution Consultant provides the client ID, client secret and policy handle.")
	if step := f.SecretHolder(); step != nil && s.setup().Okta != nil {
		f.Prefetched([]steps.Outcome{steps.CheckStep(s.ctx, flow.PrivateCopy(s.setup()), step)}, false)
	}
	answers := newIDmeAnswers(s)
	env := answers.env
	answers.back = f.CanGoBack()
	if err := r.askForm(answers.form()); err != nil {
		return nil, err
	}
	if answers.goingBack() {
		// As esc in the TUI: what was answered is kept for when the settings come again.
		answers.env, answers.back, s.idmeDraft = env, false, answers
		return flow.Back{}, nil
	}
	if err := answers.store(); err != nil {
		return nil, err
	}
	r.say("Scopes Okta will send: " + steps.ScopesPreview(s.setup().Answers.PolicyHandle))
	return flow.IDmeDone{}, nil
}

func (r *lineRenderer) step(p flow.Page) (flow.Event, error) {
	t := p.Task
	if t.Revisit {
		r.say(t.Facts.ShortTitle + " again, for the changed table:")
	} else {
		r.stepHeader(p.Step.ID(), p.Step.Title())
	}
	ev, err := r.task(t, "Checking (read-only)… ", "Applying… ", func() {
		r.say(resultLines(r.sty, t.Result, lineWidth)...)
	}, nil)
	if err == nil && t.Pass && t.Phase == flow.InPlace {
		r.say(inPlace(t)) // done before and still in place: passed without a question
	}
	return ev, err
}

// task runs a step's page: the task decides, this runs its Check and Apply in line and asks
// its menus. checking and applying begin the lines of work; applied shows the result once it
// is there; sheetDo copies it again or saves a copy here (the handoff sheet).
func (r *lineRenderer) task(t *flow.Task, checking, applying string, applied func(), sheetDo func(flow.Do)) (flow.Event, error) {
	s := r.sess
	d, ev := t.Begin(), flow.Event(nil)
	shown := false // applied has shown the result
	for ev == nil {
		switch d {
		case flow.DoCheck:
			r.beginLine(checking)
			rep, err := t.Step.Check(s.ctx, s.setup())
			if err := s.ctx.Err(); err != nil {
				return nil, err
			}
			if d, ev = t.Checked(rep, err); d == flow.DoApply {
				continue // the line goes on: the sheet is saved at once
			}
			r.endPhase(t)
		case flow.DoApply:
			r.beginLine(applying)
			res, err := t.Step.Apply(s.ctx, s.setup(), t.Report)
			if err := s.ctx.Err(); err != nil {
				return nil, err
			}
			t.Applied(res, err)
			r.endPhase(t)
			d = flow.DoShow
		case flow.DoCopy, flow.DoSaveHere:
			sheetDo(d)
		case flow.DoQuit:
			return nil, errQuit
		case flow.DoAsk:
			ok, err := r.askScope(t.Input)
			if err != nil {
				return nil, err
			}
			d = t.Answered(ok)
			continue
		}
		if ev != nil {
			break
		}
		if shown = shown && t.Phase == flow.Applied; t.Phase == flow.Applied && !shown {
			applied()
			shown = true
		}
		if d == flow.DoShow {
			r.showTask(t)
		}
		m := t.Menu()
		if continueOnly(m) {
			d, ev = t.Choose(flow.ChoiceContinue)
			continue
		}
		c, err := r.choose(m)
		if err != nil {
			return nil, err
		}
		d, ev = t.Choose(c)
	}
	return ev, nil
}

// endPhase ends the line of work with how it went.
func (r *lineRenderer) endPhase(t *flow.Task) {
	if t.Phase == flow.Failed {
		r.endLine("failed.")
	} else {
		r.endLine("done.")
	}
}

// showTask says where a step's page stands: its plan, its second question, or its failure.
func (r *lineRenderer) showTask(t *flow.Task) {
	heading := planHeading
	if t.Facts.Attestation != nil {
		heading = attestHeading
	}
	switch t.Phase {
	case flow.InPlace:
		r.say(planLines(r.sty, t.Shown(), lineWidth, heading)...)
		r.say(inPlace(t))
	case flow.Planned:
		if t.Facts.Attestation != nil {
			r.say(attestIntro)
		}
		r.say(plannedLines(r.sty, t, lineWidth, heading)...)
	case flow.Choosing:
		r.say(candidateLines(r.sty, t, r.sess.setup().Answers.IDmeClientID, lineWidth)...)
	case flow.Overwrite:
		warning, _ := secondYes(t.Report) // the menu's question says what its answers do
		r.say(warning)
		r.say(overwriteLines(r.sty, t.Report, lineWidth)...)
	case flow.Failed:
		r.say(errorLines(r.sty, t.Tried, t.Err, lineWidth)...)
	}
}

// askScope asks what a decision's option needs (the apps, read first, or a username
// pattern) until it is given; nothing given goes back to the decision (false).
func (r *lineRenderer) askScope(input steps.Input) (bool, error) {
	s := r.sess
	answers := newScopeAnswers(s.setup(), input)
	if answers.needsApps() {
		r.beginLine("Reading the org's apps (read-only)… ")
		answers.read(steps.RuleAppChoices(s.ctx, s.setup()))
		if err := s.ctx.Err(); err != nil {
			return false, err
		}
		r.endLine("done.")
	}
	for {
		if err := r.askForm(answers.form()); err != nil {
			return false, err
		}
		switch err := answers.store(); {
		case errors.Is(err, errNothingChosen):
			r.say("Nothing chosen: back to the question.")
			return false, nil
		case err != nil:
			r.say("  Not accepted: " + termtext.Line(err.Error()))
		default:
			return true, nil
		}
	}
}

// table reviews the mapping table until it is kept.
func (r *lineRenderer) table(p flow.Page) (flow.Event, error) {
	r.stepHeader(p.Step.ID(), p.Step.Title())
	t := p.Table
	for {
		r.say(tableIntro, tableStyles)
		for i, row := range t.Rows {
			line := fmt.Sprintf("  %d. %s ← %s", i+1, row.Attribute, row.Reads())
			if mark := rowMarkWords(t, i); mark != "" {
				line += "  " + mark
			}
			r.say(line)
		}
		for _, w := range t.Warnings() {
			r.say("  Warning: " + w)
		}
		r.say("Note: " + tableNote)
		if said := t.LastEdit(); said != "" {
			r.say(said)
		}
		c, err := r.choose(t.Menu())
		if err != nil {
			return nil, err
		}
		switch c {
		case flow.ChoiceKeepTable:
			ev, err := t.Keep()
			if err == nil {
				return ev, nil
			}
			r.say("  Not accepted: " + err.Error())
		case flow.ChoiceAddRow:
			row := newRowAnswers(t, -1)
			if err := r.askForm(row.form()); err != nil {
				return nil, err
			}
			row.put()
		case flow.ChoiceEditRow, flow.ChoiceRemoveRow:
			if len(t.Rows) == 0 {
				r.say("  The table has no rows.")
				continue
			}
			at, err := r.pickRow(t, c == flow.ChoiceEditRow)
			if err != nil {
				return nil, err
			}
			if c == flow.ChoiceRemoveRow {
				t.Remove(at)
				continue
			}
			row := newRowAnswers(t, at)
			if err := r.askForm(row.form()); err != nil {
				return nil, err
			}
			row.put()
		case flow.ChoiceResetTable:
			t.Reset()
		case flow.ChoiceUndoTable:
			t.Undo()
		}
	}
}

// pickRow asks which row of the table to edit or remove.
func (r *lineRenderer) pickRow(t *flow.Table, edit bool) (int, error) {
	question := "Remove which row?"
	if edit {
		question = "Edit which row?"
	}
	picked := "0"
	opts := make([]huh.Option[string], len(t.Rows))
	for i, row := range t.Rows {
		opts[i] = huh.NewOption(row.Attribute+" ← "+row.Claim, strconv.Itoa(i))
	}
	if err := r.askField(choiceField(question, &picked, opts...)); err != nil {
		return 0, err
	}
	return strconv.Atoi(picked)
}

// sheet saves, shows and copies the handoff sheet for the ID.me Solution Consultant.
func (r *lineRenderer) sheet(p flow.Page) (flow.Event, error) {
	r.stepHeader(p.Step.ID(), p.Step.Title())
	t := p.Task
	var sheet handoffSheet
	return r.task(t, "Saving the handoff sheet… ", "Saving the handoff sheet… ", func() {
		var err error
		if sheet, err = renderSheet(r.sess.setup()); err != nil {
			t.ShowFailed("render the handoff sheet", err)
			return
		}
		r.say(handoffIntro, "")
		r.say(sheet.lines()...)
		r.say("")
		if sheet.file != "" {
			r.say("Saved to " + sheet.file)
		}
		r.say(r.sess.copyNow(sheet.text, errNoClipboard).Message())
	}, func(d flow.Do) {
		switch d {
		case flow.DoCopy:
			r.say(r.sess.copyNow(sheet.text, errNoClipboard).Message())
		case flow.DoSaveHere:
			if path, err := r.sess.setup().SaveHandoffCopy("."); err != nil {
				r.say("No copy saved here: " + err.Error())
			} else {
				r.say("A copy is in the current directory: " + hereName(path))
			}
		}
	})
}

// signInChoice asks how to test the integration. Without the TUI's f key, the guide's own
// id_token URL is a choice of its own (flow.SignInWays.WithIDToken).
func (r *lineRenderer) signInChoice(flow.Page) (flow.Event, error) {
	s := r.sess
	ways := s.flow.SignInWays(s.opts.DemoBrowser != nil)
	r.stepHeader(flow.IDTestSignIn, "Test the integration")
	r.say(signInChoiceLines(s, r.sty, lineWidth, ways, signin.FlowCode, "")[2:]...)
	c, err := r.choose(ways.WithIDToken())
	if err != nil {
		return nil, err
	}
	return ways.Chosen(c, signin.FlowCode), nil
}

// live runs Option 2 until the admin continues, or wants another way.
func (r *lineRenderer) live(p flow.Page) (flow.Event, error) {
	s, f := r.sess, r.sess.flow
	open := s.opener(p.Way)
	for {
		o := s.signInOptions(p.Response)
		o.Show = func(url string) {
			switch {
			case p.Way == flow.WayDemo:
				r.say("idme-okta is clicking through the simulated Okta and ID.me pages with this URL:")
			case open != nil:
				r.say("Your browser is opening this URL; if it does not, open it yourself in a private window:")
			default:
				r.say("Open this URL in a browser, in a private window:")
			}
			r.say(url)
			r.beginLine(signInWaitLine(s.signInTimeout()) + " ")
		}
		o.LogWaiting = func(waited, deadline time.Duration) { r.say(logWaitLine(waited, deadline, "ctrl+c")) }
		if open != nil {
			// Show has printed the URL before Run calls this.
			o.OpenBrowser = func(url string) error { return open(s.ctx, url) }
		}
		f.SignInTesting()
		res, inputEnded, err := r.untilInputEnds(func(ctx context.Context) (*signin.Result, error) { return signin.Run(ctx, o) })
		if err := s.ctx.Err(); err != nil {
			return nil, err
		}
		if inputEnded {
			// Nobody could answer after the test: stop now rather than wait out the timeout.
			r.endLine("stopped.")
			r.say("The input ended (ctrl+d, or the end of a script): nobody is left to answer, so the test stopped.")
			return nil, errEndOfInput
		}
		menu := flow.LiveResultMenu(false)
		if err != nil {
			r.endLine("")
			r.say("", "The test could not run.")
			r.say(errorLines(r.sty, "run the test sign-in", err, lineWidth)...)
			f.RecordSignIn(flow.LiveFailure(err))
		} else {
			r.endLine("done.")
			r.say("")
			r.say(signInResultLines(r.sty, res, s.setup().Answers.Mappings, lineWidth)...)
			f.RecordSignIn(flow.LiveOutcome(res))
			menu = flow.LiveResultMenu(res.Pass)
		}
		r.save()
		if ev, err := r.afterResult(menu); ev != nil || err != nil {
			return ev, err
		}
	}
}

// untilInputEnds runs wait, cancelled if the input ends meanwhile (inputEnded: it did not
// finish for that reason).
func (r *lineRenderer) untilInputEnds(wait func(context.Context) (*signin.Result, error)) (_ *signin.Result, inputEnded bool, _ error) {
	ctx, stop := context.WithCancel(r.sess.ctx)
	defer stop()
	ended := r.in.watchEnd()
	go func() {
		select {
		case <-ended:
			stop()
		case <-ctx.Done():
		}
	}()
	res, err := wait(ctx)
	if err != nil {
		select {
		case <-ended:
			return nil, true, nil
		default:
		}
	}
	return res, false, err
}

// afterResult asks what now under a test's result: nil, nil means try again.
func (r *lineRenderer) afterResult(m flow.Menu) (flow.Event, error) {
	c, err := r.choose(m)
	if err != nil {
		return nil, err
	}
	return flow.LeaveTest(c), nil
}

// portal runs Option 1: the address, the admin's word, then the System Log.
func (r *lineRenderer) portal(flow.Page) (flow.Event, error) {
	s, f := r.sess, r.sess.flow
	since, url := time.Now(), signin.PortalURL(s.setup().OrgURL())
	r.say(portalSteps(lineWidth)...)
	r.say(url)
	m := flow.PortalMenu(s.opts.DemoBrowser != nil)
	m.Question = "Sign-ins since " + since.Local().Format("15:04:05") + " count."
	for {
		c, err := r.choose(m)
		if ev := flow.LeaveTest(c); ev != nil || err != nil {
			return ev, err
		}
		switch c {
		case flow.ChoiceCopy:
			r.say(s.copyNow(url, errNoURLClipboard).Message())
			continue
		case flow.ChoiceDemoWalk:
			r.beginLine("Signing in on the simulated page… ")
			if werr := s.opts.DemoBrowser(s.ctx, url); werr != nil {
				r.endLine("stopped early: " + werr.Error())
			} else {
				r.endLine("done.")
			}
		}
		for {
			f.SignInTesting()
			r.beginLine("Reading Okta's System Log… ")
			pc, err := signin.ConfirmPortalSignInWaiting(s.ctx, s.setup().Okta, s.setup().Known().IdPID, since, s.logSettle(),
				func(waited, deadline time.Duration) { r.say(logWaitLine(waited, deadline, "ctrl+c")) })
			if err := s.ctx.Err(); err != nil {
				return nil, err
			}
			menu := flow.PortalResultMenu(false)
			if err != nil {
				r.endLine("failed.")
				r.say(errorLines(r.sty, "read Okta's System Log for the sign-in", err, lineWidth)...)
				f.SignInCheckFailed(err)
			} else {
				r.endLine("done.")
				r.say("")
				r.say(portalResultLines(r.sty, pc, since, s.setup().Answers.Mappings, lineWidth)...)
				f.RecordSignIn(flow.PortalOutcome(pc, since))
				r.save()
				menu = flow.PortalResultMenu(pc.SignedIn)
			}
			if ev, err := r.afterResult(menu); ev != nil || err != nil {
				return ev, err
			}
		}
	}
}

// signInWaitLine is the one static line the accessible mode prints while it waits.
func signInWaitLine(timeout time.Duration) string {
	return fmt.Sprintf("Waiting for the browser… (up to %s)", shortDuration(timeout))
}
