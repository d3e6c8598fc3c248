package signin

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/idme-okta/idme-okta/okta/sim/simtest"
)

// The demo sign-in in a real headless Chromium, JavaScript on: the browser follows Okta's
// redirect to the simulated ID.me, a person's click on "Continue" is the only input, and the
// id_token flow's form_post page submits itself the way it does for a real admin.
func TestChromiumSignInThroughTheSimulatedPages(t *testing.T) {
	exe := simtest.RequireTool(t, "chromium", "chromium-browser", "google-chrome")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		// This machine has no network beyond loopback: keep Chromium from trying.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
	)...)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	if err := chromedp.Do(browser); err != nil { // start it now, so its launch is not in the sign-in's timeout
		t.Fatalf("start Chromium: %v", err)
	}

	for _, flow := range []string{FlowCode, FlowIDToken} {
		t.Run(flow, func(t *testing.T) {
			e := startE2E(t, e2eOptions{})
			o := e.options(flow, nil)
			// OpenBrowser runs beside Run, so what the browser saw comes back on a channel.
			landed := make(chan string, 1)
			o.OpenBrowser = func(u string) error {
				continueButton := chromedp.CSS(`button[value="continue"]`)
				title := chromedp.CSS(`h1#title`)
				err := chromedp.Do(browser,
					chromedp.Navigate(u),
					chromedp.WaitVisible(continueButton),
					chromedp.Click(continueButton),
					chromedp.WaitVisible(title),
				)
				var text string
				if err == nil {
					text, err = chromedp.Run(browser, chromedp.Text(title))
				}
				landed <- text
				return err
			}
			res := e.run(o)
			if !res.Pass {
				t.Fatalf("problems = %+v", res.Problems)
			}
			var page string
			select {
			case page = <-landed:
			case <-time.After(30 * time.Second):
				t.Fatal("the browser never reached the callback page")
			}
			if !strings.Contains(page, "Sign-in received") {
				t.Errorf("the browser ended on %q", page)
			}
			if res.User["idme_uuid"] == nil || res.Claims["iss"] != e.org.URL() {
				t.Errorf("claims %v, user %v", res.Claims, res.User)
			}
		})
	}
}
