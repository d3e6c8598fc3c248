//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package steps

import (
	"errors"
	"os"
	"syscall"
)

// tryLockFile takes an exclusive flock without waiting. flock belongs to the open file:
// two runs in one process (tests) exclude each other like two processes.
func tryLockFile(f *os.File) (bool, error) {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, syscall.EWOULDBLOCK):
		return false, nil
	}
	return false, err
}

func unlockFile(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
