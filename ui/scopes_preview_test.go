package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// The scopes preview follows the policy handle as it is typed, and never doubles openid while
// the handle is not one yet ("openid" itself, or several words).
func TestScopesPreviewNeverDoublesOpenid(t *testing.T) {
	w := newFakeWorld(t)
	d := drive(t, New(w.opts), 100, 30)
	d.waitFor("Nothing is written to your Okta org before you confirm it")
	d.enter()
	connectKeys(d, "dev-1.okta.com", "tok")
	d.waitFocus("ID.me environment")
	d.enter()
	d.waitFocus("ID.me client ID")
	d.typeText("client-1")
	d.enter()
	d.waitFocus("ID.me client secret")
	d.typeText("sec")
	d.enter()
	d.waitFocus("ID.me policy handle")
	d.typeText("openid")
	d.waitFor("Scopes Okta will send: openid <policy handle>")
	d.typeText(" teacher")
	d.waitFor("> openid teacher")
	for range len("openid ") {
		d.key(tea.KeyHome)
	}
	for range len("openid ") {
		d.key(tea.KeyDelete)
	}
	d.waitFor("Scopes Okta will send: openid teacher")
	ctrlC(d)
	d.final()
	if strings.Contains(d.text(), "openid openid") {
		t.Errorf("the preview doubled openid:\n%s", d.text())
	}
}
