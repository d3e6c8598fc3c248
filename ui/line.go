package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// lineRenderer is the accessible mode: the flow's pages as plain lines and numbered
// questions, for screen readers and terminals that cannot redraw (TERM=dumb). No alternate
// screen, no cursor movement, no spinner: work in progress is one line that ends in "done."
// or "failed.". It draws the same flow as the TUI (package steps/flow decides), asks the
// same forms with huh's accessible prompts (line_input.go) and says the same texts
// (text*.go), with plain styles.
type lineRenderer struct {
	sess     *session
	in       *lineReader
	ask      io.Reader // in, as huh's prompts read it
	terminal bool      // In is a terminal: secrets are read without echo
	out      io.Writer
	sty      styles

	// mu guards the lines below and the output they write: a rate-limit wait is said from
	// the goroutine of the call that waits (the checks of a phase run concurrently).
	mu      sync.Mutex
	midLine string // the "Checking… " line that waits for its "done."; "" when none
	header  string // the step whose "Step n of m" was said last
}

// lineWidth is how wide the accessible mode wraps its texts: a screen reader reads lines,
// so they are long, but not endless.
const lineWidth = 100

func runAccessible(ctx context.Context, opts Options) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r := newLineRenderer(newSession(ctx, opts, plainStyles()), opts.In, opts.Out)
	err := r.run()
	f := r.sess.flow
	switch {
	case err == nil:
		r.say("", summaryText(r.sess, r.sty, lineWidth))
		return nil
	case errors.Is(err, errQuit) && f.Managing():
		r.say("", managedText)
		return nil
	case errors.Is(err, errQuit), errors.Is(err, errEndOfInput), ctx.Err() != nil:
		r.endLine("stopped.")
		if f.CanSave() {
			if serr := f.Setup().Save(); serr != nil {
				r.say("Progress not saved: " + serr.Error())
			}
		}
		r.say("", stoppedText(f))
		return ErrAborted
	}
	return err
}

func newLineRenderer(sess *session, in io.Reader, out io.Writer) *lineRenderer {
	r := &lineRenderer{sess: sess, out: out, sty: plainStyles()}
	r.in, r.ask, r.terminal = newAnswerReader(in)
	return r
}

// run follows the flow from its first page to the summary.
func (r *lineRenderer) run() error {
	r.intro()
	f := r.sess.flow
	mv := f.Start()
	for {
		if mv.Notice != "" {
			r.say(mv.Notice)
		}
		if mv.Save {
			r.save()
		}
		if mv.Page.Kind == flow.Summary {
			return nil
		}
		ev, err := r.page(mv.Page)
		if err != nil {
			return err
		}
		mv = f.Next(ev)
	}
}

// linePages draw each kind of page and return how it ended.
var linePages = map[flow.Kind]func(*lineRenderer, flow.Page) (flow.Event, error){
	flow.Welcome:      (*lineRenderer).welcome,
	flow.Resume:       (*lineRenderer).resume,
	flow.Damaged:      (*lineRenderer).damaged,
	flow.Connect:      (*lineRenderer).connect,
	flow.IDme:         (*lineRenderer).idme,
	flow.StepPage:     (*lineRenderer).step,
	flow.MappingTable: (*lineRenderer).table,
	flow.HandoffSheet: (*lineRenderer).sheet,
	flow.SignInChoice: (*lineRenderer).signInChoice,
	flow.SignInLive:   (*lineRenderer).live,
	flow.SignInPortal: (*lineRenderer).portal,
	flow.Manage:       (*lineRenderer).manage,
	flow.ManageJob:    (*lineRenderer).job,
}

func (r *lineRenderer) page(p flow.Page) (flow.Event, error) {
	draw, ok := linePages[p.Kind]
	if !ok {
		return nil, fmt.Errorf("the accessible mode has no page of kind %d", p.Kind)
	}
	return draw(r, p)
}

// say prints lines. Every line passes termtext: many quote Okta or ID.me, and the accessible mode draws no
// styles of its own, so nothing in a line is meant for the terminal to interpret.
func (r *lineRenderer) say(lines ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.endLineLocked("")
	for _, l := range lines {
		fmt.Fprintln(r.out, termtext.Block(l))
	}
}

// beginLine starts a line of work in progress ("Checking (read-only)… "), unless one is.
func (r *lineRenderer) beginLine(text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.midLine == "" {
		fmt.Fprint(r.out, text)
		r.midLine = text
	}
}

// endLine ends the line of work in progress with word ("done."); "" ends it as it is.
func (r *lineRenderer) endLine(word string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.endLineLocked(word)
}

func (r *lineRenderer) endLineLocked(word string) {
	if r.midLine != "" {
		r.midLine = ""
		fmt.Fprintln(r.out, termtext.Line(word))
	}
}

// announceWait says a pause before Okta is asked again, as it starts (okta.Client.OnWait),
// in the words the TUI shows under its screen: a wait can last a minute, and a line that
// says nothing for a minute looks hung. A line of work in progress is said again under it,
// so its "done." still ends it.
func (r *lineRenderer) announceWait(w okta.Wait) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.midLine != "" {
		fmt.Fprintln(r.out)
	}
	fmt.Fprintln(r.out, waitText(w, time.Now()))
	fmt.Fprint(r.out, r.midLine)
}

// save writes the progress now, when the flow may.
func (r *lineRenderer) save() {
	f := r.sess.flow
	if !f.CanSave() {
		return
	}
	if err := f.Setup().Save(); err != nil {
		r.say("Progress not saved: " + err.Error())
	}
}

func (r *lineRenderer) intro() {
	s := r.sess
	r.say(fmt.Sprintf("idme-okta %s: set up Sign in with ID.me in your Okta org.", s.opts.Version))
	if s.opts.Demo {
		r.say("DEMO: you are connected to a simulated Okta org and a simulated ID.me on this machine.")
	}
	r.say("The steps:")
	for i, e := range s.board().Entries {
		r.say(fmt.Sprintf("  %d. %s", i+1, e.Title))
	}
	r.say("Nothing is written to your Okta org before you confirm it. Progress is saved as you go (never your token or the client secret).", "")
}

// stepHeader says which step comes, numbered like the TUI's side panel, once per step.
func (r *lineRenderer) stepHeader(id, title string) {
	if r.header == id {
		return
	}
	r.header = id
	b := r.sess.board()
	r.say("", fmt.Sprintf("Step %d of %d: %s", b.Index(id)+1, len(b.Entries), title))
}
