package main

import (
	"fmt"
	"net/url"
	"os/exec"
	"runtime"
)

// openBrowser asks the desktop to open an http(s) URL. It fails (and the caller has already
// printed the URL) where there is no desktop, e.g. over SSH.
func openBrowser(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("refusing to open %q: not an http(s) URL", raw)
	}
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", raw)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", raw)
	default:
		cmd = exec.Command("xdg-open", raw)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open a browser: %w", err)
	}
	// Reap it without waiting on it: some openers stay until the browser exits.
	go func() { _ = cmd.Wait() }()
	return nil
}
