//go:build unix

package steps

import (
	"io/fs"
	"syscall"
)

// fileOwner is the uid that owns the file, for untrusted.
func fileOwner(fi fs.FileInfo) (int, bool) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int(st.Uid), true
	}
	return 0, false
}
