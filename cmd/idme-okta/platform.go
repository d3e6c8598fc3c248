package main

import (
	"os"
	"syscall"
)

// Where the operating system changes what is right, the choice is a pure function of GOOS so
// that every OS's choice is tested on any machine (see also browserCommand, steps.StateDir).

// shutdownSignals are the signals that stop a command cleanly (the wizard saves its progress,
// sim closes its servers). Windows delivers ctrl+c and ctrl+break as os.Interrupt and closing
// the console window, logging off or shutting down as SIGTERM. On Unix a closed terminal
// sends SIGHUP, but a hangup the parent chose to ignore (nohup idme-okta sim &) must stay
// ignored: asking for it would turn it back on.
func shutdownSignals(goos string, hangupIgnored bool) []os.Signal {
	sigs := []os.Signal{os.Interrupt, syscall.SIGTERM}
	if goos != "windows" && !hangupIgnored {
		sigs = append(sigs, syscall.SIGHUP)
	}
	return sigs
}

// terminalAdvice completes "needs a terminal" when the admin is in one that Windows programs
// cannot drive: Git Bash's mintty (a Cygwin/MSYS pty, not a Windows console).
func terminalAdvice(goos string, cygwinPTY bool) string {
	if goos == "windows" && cygwinPTY {
		return " (Git Bash's mintty is not a Windows console: start it as 'winpty idme-okta', or use Windows Terminal or PowerShell)"
	}
	return ""
}
