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
	name, args := browserCommand(runtime.GOOS, raw)
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open a browser: %w", err)
	}
	// Reap it without waiting on it: some openers stay until the browser exits.
	go func() { _ = cmd.Wait() }()
	return nil
}

// browserCommand is the desktop's URL opener on goos. The URL is always one argument of its
// own and no shell sees it: on Windows that rules out "cmd /c start", where the & between
// query parameters would end the command.
func browserCommand(goos, rawURL string) (string, []string) {
	switch goos {
	case "darwin":
		return "open", []string{rawURL}
	case "windows":
		return "rundll32", []string{"url.dll,FileProtocolHandler", rawURL}
	default: // Linux and the BSDs: the freedesktop opener
		return "xdg-open", []string{rawURL}
	}
}
