package flow

import (
	"slices"

	"github.com/idme-okta/idme-okta/steps"
)

// The way back and the way across: Back goes to the page shown before the current one (a
// step's page is checked again: Okta may have changed meanwhile), JumpTo to any step of the
// board (the side panel), and a failed step offers the earlier step that fixes it. Going
// forward again passes the steps this run or the progress file knows are done, when their
// check still finds them in place: a resume goes straight to the first unfinished step.

// Back: the admin wants the page before this one.
type Back struct{}

// JumpTo: the admin picked a step on the board (its ID; IDTestSignIn for the test).
type JumpTo struct{ ID string }

func (Back) event()   {}
func (JumpTo) event() {}

// stop is a page the admin can go back to.
type stop struct {
	kind Kind
	step steps.Step
}

// stopOf is the stop a page is on the trail, and whether it goes there: a pass through (a
// revisit or a step known done) would only pass again.
func stopOf(p Page) (stop, bool) {
	switch p.Kind {
	case IDme, StepPage, MappingTable, HandoffSheet, SignInChoice:
	default:
		return stop{}, false
	}
	if p.Task != nil && (p.Task.Revisit || p.Task.Pass) {
		return stop{}, false
	}
	s := stop{kind: p.Kind, step: p.Step}
	if s.kind == MappingTable {
		s.kind = StepPage // its step's page begins with the table
	}
	return s, true
}

// remember adds the page just shown to the trail.
func (f *Flow) remember(p Page) {
	s, ok := stopOf(p)
	if !ok {
		return
	}
	if n := len(f.trail); n > 0 && f.trail[n-1] == s {
		return
	}
	f.trail = append(f.trail, s)
}

// previous is the page before the current one on the trail, and how much of the trail is
// left under it.
func (f *Flow) previous() (stop, int, bool) {
	n := len(f.trail)
	if cur, ok := stopOf(f.page); ok && n > 0 && f.trail[n-1] == cur {
		n--
	}
	if n == 0 {
		return stop{}, 0, false
	}
	return f.trail[n-1], n - 1, true
}

// CanGoBack reports whether there is a page before the current one to go back to.
func (f *Flow) CanGoBack() bool {
	_, _, ok := f.previous()
	return ok || f.backToConnect()
}

// backToConnect: the ID.me settings asked right after connecting have no page before them on
// the trail; the page before them is the connection's.
func (f *Flow) backToConnect() bool {
	_, _, ok := f.previous()
	return !ok && f.page.Kind == IDme && f.connected
}

// back shows the page before the current one.
func (f *Flow) back() Move {
	if f.backToConnect() {
		return f.reconnect()
	}
	to, rest, ok := f.previous()
	if !ok {
		return Move{Page: f.page}
	}
	f.trail = f.trail[:rest] // shown again below, which remembers it
	switch to.kind {
	case IDme:
		f.pos, f.queue = -1, nil
		mv := f.show(Page{Kind: IDme})
		mv.Refresh = true
		return mv
	case SignInChoice:
		f.pos, f.queue = len(f.list)-1, nil
		return f.show(f.signInPage())
	}
	return f.goToStep(to.step)
}

// reconnect shows the connection's page again, as before connecting: the org may change, so
// a progress file found for the org connected to is looked for again once connected.
func (f *Flow) reconnect() Move {
	f.connected, f.secretKept, f.trail = false, false, nil
	if f.pathFromOrg {
		f.setup.StatePath, f.pathFromOrg = "", false
		f.progress, f.progressErr, f.resumeAsked = nil, nil, false
	}
	return f.show(Page{Kind: Connect})
}

// jump shows the page of the step with that id; the connection's step has no page of its
// own (its questions come before any step).
func (f *Flow) jump(id string) Move {
	if id == IDTestSignIn && hasSignIn(f.list) {
		f.pos, f.queue = len(f.list)-1, nil
		return f.show(f.signInPage())
	}
	st := f.stepByID(id)
	if st == nil || steps.FactsOf(st).Page == steps.PageConnect {
		return Move{Page: f.page}
	}
	return f.goToStep(st)
}

// CanJump reports whether the board's entry with that id can be jumped to now: a step with a
// page, once connected, from a page of the steps (not from a question before them, a day-two
// job or the summary, nor while a page is at work).
func (f *Flow) CanJump(id string) bool {
	switch f.page.Kind {
	case IDme, StepPage, MappingTable, HandoffSheet, SignInChoice, SignInLive, SignInPortal, Summary:
	default:
		return false
	}
	if !f.connected || f.leftAlone != "" {
		return false
	}
	if id == IDTestSignIn {
		return hasSignIn(f.list)
	}
	st := f.stepByID(id)
	return st != nil && steps.FactsOf(st).Page != steps.PageConnect
}

// goToStep shows a step's page as if it came next in order: its review (the mapping table)
// again, and the steps after it follow. A mapping table whose prerequisites are not all done
// comes, as in order, before the first of them, which waits behind it: going back to the
// table from the attributes' plan and on again returns to the attributes, not to the
// mapping's own plan, which Okta would refuse for want of them.
func (f *Flow) goToStep(st steps.Step) Move {
	f.pos = slices.Index(f.list, st)
	f.queue, f.tableAt = nil, nil
	delete(f.reviewed, st.ID())
	if facts := steps.FactsOf(st); facts.Page == steps.PageMappingTable {
		for i, before := range f.list[:f.pos] {
			if slices.Contains(facts.Prerequisites, before.ID()) && !f.board.knownDone(before.ID()) {
				f.pos, f.tableAt = i, before
				break
			}
		}
	}
	mv := f.show(f.stepPage(st, false))
	mv.Save = f.CanSave()
	return mv
}

// knownDone reports whether the board knows a step done from this run's own check or apply,
// or from the progress file resumed; a background check alone does not count (it may land
// after the admin has moved on, and the page would pass or stop by chance).
func (b *Board) knownDone(id string) bool {
	i := b.Index(id)
	return i >= 0 && b.Entries[i].Mark == MarkDone && (b.Entries[i].visited || b.Entries[i].seeded)
}

// fixes is the earlier step that a failure of t's step may come from: the first of its
// prerequisites not done in this run (skipped, failed or not reached). A mapping row whose
// attribute the IdP attributes step did not create fails with Okta's 400 E0000001.
func (t *Task) fixes() steps.Step {
	for _, id := range t.Facts.Prerequisites {
		i := t.flow.board.Index(id)
		if i >= 0 && t.flow.board.Entries[i].Mark != MarkDone {
			return t.flow.stepByID(id)
		}
	}
	return nil
}

// FixStep is the step a failure's menu offers to go to (ChoiceFix), or nil.
func (t *Task) FixStep() steps.Step {
	if t.Phase != Failed {
		return nil
	}
	return t.fixes()
}
