package ui

import (
	"context"
	"fmt"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/idme-okta/idme-okta/okta"
	"github.com/idme-okta/idme-okta/steps/signin"
)

// The live test sign-in (the guide's "Test the integration") as the renderers run it: what
// the run needs from the setup, who opens the URL, and the tea.Cmds around signin.Run and
// ConfirmPortalSignIn. The flow keeps the outcome (flow.RecordSignIn).

// Messages of a live run, each tagged with the run's ticket.
type (
	// signInURLMsg: the listener is up and this is the authorize URL.
	signInURLMsg struct {
		ticket ticket
		url    string
	}
	// signInURLDrawnMsg: the URL has had time to reach the terminal; the browser may open.
	signInURLDrawnMsg struct{ ticket ticket }
	// signInOpenedMsg: the browser opener returned.
	signInOpenedMsg struct {
		ticket ticket
		err    error
	}
	// signInResultMsg: signin.Run returned.
	signInResultMsg struct {
		ticket ticket
		res    *signin.Result
		err    error
	}
	// signInLogWaitMsg: the browser is back and the run polls the System Log for how the
	// sign-in ended (signin.Options.LogWaiting).
	signInLogWaitMsg struct {
		ticket           ticket
		waited, deadline time.Duration
	}
	// signInTickMsg: a second of the wait has passed (the countdown).
	signInTickMsg struct{ ticket ticket }
	// portalCheckedMsg: ConfirmPortalSignIn returned.
	portalCheckedMsg struct {
		ticket ticket
		check  *signin.PortalCheck
		err    error
	}
	// demoWalkedMsg: the demo's simulated browser finished a walk.
	demoWalkedMsg struct {
		ticket ticket
		err    error
	}
)

// urlDrawDelay is how long the browser waits after the URL reached the screen's model: the
// renderer writes a frame within 1/60 s of an update, and a browser window that covers the
// terminal before the URL is drawn would hide the one thing the admin may need to copy.
const urlDrawDelay = 100 * time.Millisecond

// liveRun is one signin.Run in the background. Its messages (the URL, the opener's result,
// the System Log's progress, the final result) arrive one at a time through events, which
// holds them all, so nothing ever blocks on a screen that has moved on: a progress message
// is sent only while the channel is empty (the screen keeps up), else dropped, so at most one
// waits beside the other three.
type liveRun struct {
	ticket ticket
	cancel context.CancelFunc
	events chan tea.Msg
	shown  chan struct{} // closed once the URL is on screen: the browser may open
	once   sync.Once
}

// startLiveRun starts signin.Run with o; open (may be nil) is called with the URL once it
// is on screen. The returned command delivers the run's first message.
func startLiveRun(ctx context.Context, o signin.Options, open func(context.Context, string) error, t ticket) (*liveRun, tea.Cmd) {
	ctx, cancel := context.WithCancel(ctx)
	r := &liveRun{ticket: t, cancel: cancel, events: make(chan tea.Msg, 4), shown: make(chan struct{})}
	o.Show = func(url string) { r.events <- signInURLMsg{ticket: t, url: url} }
	o.LogWaiting = func(waited, deadline time.Duration) {
		if len(r.events) == 0 {
			select {
			case r.events <- signInLogWaitMsg{ticket: t, waited: waited, deadline: deadline}:
			default:
			}
		}
	}
	if open != nil {
		o.OpenBrowser = func(url string) error {
			select {
			case <-r.shown:
			case <-ctx.Done():
				return ctx.Err()
			}
			err := open(ctx, url)
			r.events <- signInOpenedMsg{ticket: t, err: err}
			return err
		}
	}
	return r, func() tea.Msg {
		go func() {
			res, err := signin.Run(ctx, o)
			r.events <- signInResultMsg{ticket: t, res: res, err: err}
		}()
		return <-r.events
	}
}

// next delivers the run's next message; call it after each message but the result.
func (r *liveRun) next() tea.Cmd { return func() tea.Msg { return <-r.events } }

// urlShown lets the browser open.
func (r *liveRun) urlShown() { r.once.Do(func() { close(r.shown) }) }

func signInTick(t ticket) tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return signInTickMsg{ticket: t} })
}

func urlDrawnCmd(t ticket) tea.Cmd {
	return tea.Tick(urlDrawDelay, func(time.Time) tea.Msg { return signInURLDrawnMsg{ticket: t} })
}

// portalWaitMsg: the System Log does not show the portal sign-in yet; next delivers the
// check's next message.
type portalWaitMsg struct {
	ticket           ticket
	waited, deadline time.Duration
	next             tea.Cmd
}

// portalCheckCmd polls the System Log for the portal sign-in for up to settle, reporting
// each pause (portalWaitMsg) and then the result (portalCheckedMsg). Cancelling ctx ends the
// wait with what the log showed so far. Progress is dropped rather than queued when the screen
// has not taken the last one, so the check never blocks on a screen that moved on.
func portalCheckCmd(ctx context.Context, client *okta.Client, idpID string, since time.Time, settle time.Duration, t ticket) tea.Cmd {
	events := make(chan tea.Msg, 2)
	var next tea.Cmd
	next = func() tea.Msg { return <-events }
	waiting := func(waited, deadline time.Duration) {
		if len(events) == 0 {
			select {
			case events <- portalWaitMsg{ticket: t, waited: waited, deadline: deadline, next: next}:
			default:
			}
		}
	}
	return func() tea.Msg {
		go func() {
			pc, err := signin.ConfirmPortalSignInWaiting(ctx, client, idpID, since, settle, waiting)
			events <- portalCheckedMsg{ticket: t, check: pc, err: err}
		}()
		return <-events
	}
}

func demoWalkCmd(ctx context.Context, walk func(context.Context, string) error, url string, t ticket) tea.Cmd {
	return func() tea.Msg { return demoWalkedMsg{ticket: t, err: walk(ctx, url)} }
}

// shortDuration says a timeout the way people do: "5m", "90s", "1m30s".
func shortDuration(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d >= time.Minute && d%time.Minute == 0:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	}
	return fmt.Sprintf("%dm%ds", int(d/time.Minute), int(d%time.Minute/time.Second))
}

// clock shows time left as m:ss.
func clock(d time.Duration) string {
	d = max(d, 0).Round(time.Second)
	return fmt.Sprintf("%d:%02d", int(d/time.Minute), int(d%time.Minute/time.Second))
}
