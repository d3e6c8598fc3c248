//go:build unix

package steps

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// untrusted says why another user of this machine could have written the file, like ssh
// does for a private key: it is writable by its group or others, or it belongs to someone
// else. "" when only its owner, who runs idme-okta, can.
func untrusted(fi fs.FileInfo) string {
	if perm := fi.Mode().Perm(); perm&0o022 != 0 {
		return fmt.Sprintf("writable by other users (mode %04o)", perm)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		return fmt.Sprintf("owned by another user (uid %d)", st.Uid)
	}
	return ""
}
