package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// errNotConfirmed ends a command whose writes were not confirmed; what was planned is
// printed and nothing was written.
var errNotConfirmed = fmt.Errorf("not confirmed: %w", errSilent)

// confirmWrites is how a command that writes to Okta gets its go-ahead after showing its
// plan: --yes, or the person at the terminal typing want (the prompt says what). Without a
// terminal and without --yes it says how to confirm and returns errNotConfirmed.
func (c *cli) confirmWrites(yes bool, prompt, want string) error {
	if yes {
		return nil
	}
	if !c.interactive {
		fmt.Fprintln(c.stderr, "Nothing was written: no terminal to confirm on. Review the plan above and run again with --yes.")
		return errNotConfirmed
	}
	fmt.Fprintf(c.stderr, "%s Type %s to go ahead: ", prompt, want)
	line, err := bufio.NewReader(c.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read the confirmation: %w", err)
	}
	if strings.TrimSpace(line) != want {
		fmt.Fprintln(c.stderr, "Nothing was written.")
		return errNotConfirmed
	}
	return nil
}
